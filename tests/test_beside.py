"""Work beside the build (generator/beside.py): the threads stage in a forked child of a one-shot build.

The child's result, its errors and its death, on small functions; then real builds of the bundled
articles (real spaCy, the real corpus and threads stages): the threads run in the child give the
pages the in-process build gives, an error there is the in-process error, a killed child costs only
the time of the stage run again here, and a Site given its threads after keying the rest keys and
renders every page as one given them at once."""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import signal
from pathlib import Path

import pytest

import generator
import generator.thread_stage as stage
from generator import _pass_keys, _threads_apart, build
from generator import beside
from generator.beside import Beside, Usage, can_fork, core_free, others_load, usage
from generator.corpus import build_corpus
from generator.errors import DigestError, InputError
from generator.ingest import ReadOptions, read_articles
from generator.model import Article, ArticleDigest
from generator.render import Site, _joined
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not can_fork(), reason="no fork, one core, or other threads in this process")


@pytest.fixture(autouse=True)
def idle_core(monkeypatch) -> None:
    """A child is forked whatever else runs on the machine (a busy one leaves the work to this process)."""
    monkeypatch.setattr(beside, "core_free", lambda since=None: True)


def _twice(x: int) -> tuple[int, int]:
    return (x, 2 * x)


def _fails_with(exc: BaseException) -> None:
    raise exc


class Unpicklable(Exception):
    """An exception whose arguments cannot be pickled (it holds a lambda)."""

    def __init__(self, make) -> None:  # noqa: ANN001
        super().__init__("made by a lambda")
        self.make = make


def _unpicklable_result() -> object:
    return lambda: None


def _dies() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _waits_for_ever(read: int) -> None:
    os.read(read, 1)  # nobody writes


def test_the_child_sends_back_what_the_function_returns():
    with Beside("doubling", _twice, 21) as job:
        assert job.forked and job.pid != os.getpid()
        assert job.result() == (21, 42)


def test_finished_tells_whether_the_child_has_sent_without_waiting():
    """`finished` is false while the child runs (blocked here) and true once it has sent its result; with no
    child it is false (the caller then does its own work in line)."""
    import select as select_module

    read, write = os.pipe()
    try:
        with Beside("waiting", _waits_for_ever, read) as job:
            assert job.forked and not job.finished()
    finally:
        os.close(read)
        os.close(write)
    with Beside("doubling", _twice, 21) as job:
        select_module.select([job._read], [], [])  # until it has sent (no sleep: the pipe says when)
        assert job.finished() and job.result() == (21, 42)
    with Beside("doubling", _twice, 21, fork=False) as job:
        assert not job.finished()


def test_no_child_without_fork_and_then_no_result():
    with Beside("doubling", _twice, 21, fork=False) as job:
        assert not job.forked
        assert job.result() is None


def test_no_child_when_no_core_is_idle(monkeypatch):
    monkeypatch.setattr(beside, "core_free", lambda since=None: False)
    with Beside("doubling", _twice, 21) as job:
        assert not job.forked
        assert job.result() is None


@pytest.mark.parametrize(("loadavg", "free"), [("0.50 0.40 0.30 1/120 4242", True), ("3.10 2.00 1.00 2/120 4242", False),
                                              ("4.00 4.00 4.00 5/130 4242", False), ("garbled", True)])
def test_an_idle_core_is_told_by_the_runnable_tasks(monkeypatch, tmp_path, loadavg, free):
    """Two cores: this process alone runnable leaves one idle; one more task, or five, leave none; unreadable: yes."""
    monkeypatch.setattr(beside, "_cores", lambda: 2)
    (tmp_path / "loadavg").write_text(loadavg + "\n")
    assert core_free(None, str(tmp_path / "loadavg")) is free
    assert core_free(None, str(tmp_path / "missing")) is True


def _stat(idle: tuple[int, ...], iowait: int = 0) -> str:
    """A /proc/stat of one core per idle count (ticks), with the lines that follow the cpu lines."""
    cores = [f"cpu{n} 900 0 100 {ticks} {iowait} 0 1 0 0 0" for n, ticks in enumerate(idle)]
    return "\n".join([f"cpu  1800 0 200 {sum(idle)} {iowait * len(idle)} 0 2 0 0 0", *cores, "intr 1 0", "procs_running 1", ""])


@pytest.mark.parametrize(("idle_ticks", "ours", "load"), [
    (300, 1.0, 0.0),  # two cores for two seconds: 3 s idle, 1 s this build's: nothing for the others
    (200, 1.0, 0.5),  # one second less idle than that: the others used half a core
    (0, 1.0, 1.5),  # nothing idle, this build used one core of two: the others the rest
    (0, 4.0, 0.0),  # nothing idle, both cores this build's (a worker and this process): none for the others
])
def test_the_others_load_is_what_the_cores_did_less_their_idle_time_and_this_build(idle_ticks, ours, load):
    """Over a window of 2 s on two cores: busy time (4 s less the idle seconds) less this build's CPU, per second."""
    since = Usage(at=10.0, cores=2, idle=50.0, ours=3.0)
    now = Usage(at=12.0, cores=2, idle=50.0 + idle_ticks / 100, ours=3.0 + ours)
    assert others_load(since, now) == pytest.approx(load)


def test_a_window_too_short_or_of_other_cores_tells_nothing():
    since = Usage(at=10.0, cores=2, idle=50.0, ours=3.0)
    assert others_load(since, Usage(at=10.1, cores=2, idle=50.0, ours=3.0)) is None
    assert others_load(since, Usage(at=12.0, cores=4, idle=50.0, ours=3.0)) is None


def test_the_cores_this_process_may_run_on_are_read_from_the_stat_lines(monkeypatch, tmp_path):
    """The idle and I/O wait ticks of the cores in this process's affinity only; no cpu line, or garbage: None."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 2})
    (tmp_path / "stat").write_text(_stat((500, 600, 700, 800), iowait=10))
    got = usage(str(tmp_path / "stat"))
    assert got is not None and got.cores == 2 and got.idle == pytest.approx((500 + 700 + 20) / os.sysconf("SC_CLK_TCK"))
    (tmp_path / "stat").write_text("intr 1 0\n")
    assert usage(str(tmp_path / "stat")) is None
    (tmp_path / "stat").write_text("cpu0 a b c\n")
    assert usage(str(tmp_path / "stat")) is None
    assert usage(str(tmp_path / "missing")) is None


@pytest.mark.parametrize(("idle_seconds", "running", "free"), [
    (1.9, "2/120", True),  # the others used 0.1 core of two over the last second: free, though a task runs now
    (1.2, "1/120", False),  # they used most of a core: none free, though nothing else runs now
])
def test_the_use_since_the_build_began_decides_over_the_tasks_running_now(monkeypatch, tmp_path, idle_seconds, running, free):
    """A light task that happens to run as the build asks (the bench's sampler, a worker ending) keeps a core
    free; a busy machine that happens to be quiet as it asks does not. Where the window is too short, the
    runnable tasks now decide."""
    import time

    monkeypatch.setattr(beside, "_cores", lambda: 2)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    ticks = os.sysconf("SC_CLK_TCK")
    (tmp_path / "stat").write_text(_stat((1000 * ticks, 1000 * ticks)))
    (tmp_path / "loadavg").write_text(f"0.5 0.5 0.5 {running} 4242\n")
    now = usage(str(tmp_path / "stat"))
    assert now is not None
    since = Usage(at=now.at - 1.0, cores=2, idle=now.idle - idle_seconds, ours=now.ours)
    assert core_free(since, str(tmp_path / "loadavg"), str(tmp_path / "stat")) is free
    recent = Usage(at=time.monotonic(), cores=2, idle=now.idle - idle_seconds, ours=now.ours)
    assert core_free(recent, str(tmp_path / "loadavg"), str(tmp_path / "stat")) is (running == "1/120")


@pytest.mark.parametrize("exc", [DigestError("the threads state is corrupt"), InputError("in/a.txt", "unreadable"),
                                 ValueError("a bad value"), KeyError("slug")], ids=lambda e: type(e).__name__)
def test_an_error_in_the_child_is_raised_here_as_it_was_raised_there(exc):
    with Beside("failing", _fails_with, exc) as job, pytest.raises(type(exc)) as raised:
        job.result()
    assert str(raised.value) == str(exc)
    assert any("_fails_with" in note for note in raised.value.__notes__)  # the child's traceback


def test_an_error_or_result_that_does_not_pickle_leaves_the_work_to_this_process():
    with pytest.raises((pickle.PicklingError, AttributeError)):  # "Can't pickle local object"
        pickle.dumps(Unpicklable(lambda: 1))
    with Beside("failing", _fails_with, Unpicklable(lambda: 1)) as job:
        assert job.result() is None
    with Beside("making a lambda", _unpicklable_result) as job:
        assert job.result() is None


def test_a_child_that_dies_ends_the_wait_with_no_result(caplog):
    with caplog.at_level(logging.WARNING, logger="generator.beside"), Beside("dying", _dies) as job:
        assert job.result() is None
    assert "dying's process died (killed by SIGKILL" in caplog.text


def test_leaving_the_block_kills_a_child_still_running():
    read, write = os.pipe()
    try:
        with Beside("waiting", _waits_for_ever, read) as job:
            pid = job.pid
            assert pid is not None
        assert job.pid is None
        with pytest.raises(ChildProcessError):  # killed and reaped: no such child any more
            os.waitpid(pid, os.WNOHANG)
    finally:
        os.close(read)
        os.close(write)


# --- the threads stage beside a real build --------------------------------------------------------------------


@pytest.fixture(scope="module")
def digests(analyser) -> list[ArticleDigest]:
    articles = [a for a in read_articles([str(ROOT / "articles")], ReadOptions()) if isinstance(a, Article)]
    return list(analyser.run(sorted(articles, key=lambda a: a.source)))


def identity(d: ArticleDigest) -> str:
    return f"{d.article.source}#{d.article.key}"


def whole(d: ArticleDigest) -> ArticleDigest:
    return d


def test_the_threads_of_the_slugged_articles_are_the_corpus_threads(digests):
    """The child threads the articles slugged alone, without the actor merge and topics: the same threads."""
    corpus = build_corpus(digests)
    threads, keys = _threads_apart(digests, whole, identity, None)
    assert keys == _pass_keys(corpus, identity)
    theirs = stage.thread_corpus(corpus, whole, identity)
    assert len(theirs) >= 2
    assert [t.to_dict() for t in threads] == [t.to_dict() for t in theirs]


def test_a_site_given_its_threads_late_keys_and_renders_every_page_the_same(digests):
    corpus = build_corpus(digests)
    threads = stage.thread_corpus(corpus, whole, identity)
    at_once = Site(corpus, threads=threads)
    late = Site(corpus, threads=None)
    with pytest.raises(RuntimeError, match="add_threads"):
        late.paths()
    made = late.keys_apart()
    assert made and not any(p.startswith("threads/") for p in made)
    late.ready_apart()  # every actor's digest and the actor index's lines, made before the threads come
    assert set(late._actor_digests) == {a.id for a in corpus.actors}
    late.add_threads(threads)
    assert late.paths() == at_once.paths()
    assert any(p.startswith("threads/") and p != "threads/index.md" for p in late.paths())
    assert late.keys() == at_once.keys()
    assert {p: _joined(t) for p, t in late.pages()} == {p: _joined(t) for p, t in at_once.pages()}


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The bundled articles, built once (in this process), then one of them edited."""
    inp = tmp_path / "in"
    shutil.copytree(ROOT / "articles", inp)
    build(config(tmp_path))
    edited = sorted(inp.glob("*.txt"))[3]
    edited.write_text(edited.read_text(encoding="utf-8").rstrip("\n") + "\n\nThe mayor said the bridge would reopen in May.\n",
                      encoding="utf-8")
    return tmp_path


def config(project: Path):
    from generator.config import make_config

    return make_config({"inputs": [str(project / "in")], "docs_dir": str(project / "docs"), "cache_dir": str(project / "cache")})


def _files(folder: Path, root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes().replace(str(root).encode(), b"ROOT")
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def where_threaded(monkeypatch, tmp_path: Path) -> list[int]:
    """The process id of every run of the threads stage, in this test (children included: a file records them)."""
    log = tmp_path / "threaded"
    real = stage.thread_corpus

    def recording(*args, **kw):
        with log.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return real(*args, **kw)

    monkeypatch.setattr(stage, "thread_corpus", recording)
    monkeypatch.setattr(generator, "THREADS_BESIDE_MIN", 0)
    monkeypatch.setattr(generator, "_ANALYSERS", {})  # a new process, as `digest build` is: the model loads in a worker

    def pids() -> list[int]:
        return [int(x) for x in log.read_text().split()] if log.exists() else []

    return pids  # type: ignore[return-value]


def test_a_one_shot_build_threads_beside_and_makes_the_in_process_pages(archive, tmp_path, where_threaded):
    twin = tmp_path / "twin"
    twin.mkdir()
    for name in ("in", "docs", "cache"):
        shutil.copytree(archive / name, twin / name)
    report = build(config(archive), one_shot=True)
    assert report.analysed == 1
    [pid] = where_threaded()
    assert pid != os.getpid()  # the stage ran in the child
    build(config(twin))  # in this process
    assert where_threaded()[1:] == [os.getpid()]
    ours, theirs = _files(archive / "docs", archive), _files(twin / "docs", twin)
    assert any(p.startswith("articles/threads/") and not p.endswith("index.md") for p in ours)
    assert ours == theirs


def test_an_error_in_the_threads_stage_beside_is_the_in_process_error(archive, tmp_path, monkeypatch, where_threaded):
    def corrupt(*args, **kw):
        raise DigestError("the threads state is corrupt")

    monkeypatch.setattr(stage, "thread_corpus", corrupt)
    with pytest.raises(DigestError) as beside:
        build(config(archive), one_shot=True)
    assert str(beside.value) == "the threads state is corrupt"
    assert any("beside the build" in note for note in beside.value.__notes__)
    with pytest.raises(DigestError) as here:
        build(config(archive))  # in this process: the same error
    assert str(here.value) == str(beside.value)


def test_a_killed_threads_stage_is_run_again_here(archive, tmp_path, monkeypatch, where_threaded, caplog):
    parent = os.getpid()
    real = stage.thread_corpus

    def killed_in_child(*args, **kw):
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        return real(*args, **kw)

    monkeypatch.setattr(stage, "thread_corpus", killed_in_child)
    twin = tmp_path / "twin"
    twin.mkdir()
    for name in ("in", "docs", "cache"):
        shutil.copytree(archive / name, twin / name)
    with caplog.at_level(logging.WARNING, logger="generator.beside"):
        build(config(archive), one_shot=True)
    assert "the threads stage's process died (killed by SIGKILL" in caplog.text
    assert where_threaded()[-1] == parent  # run again here
    build(config(twin))
    assert _files(archive / "docs", archive) == _files(twin / "docs", twin)
