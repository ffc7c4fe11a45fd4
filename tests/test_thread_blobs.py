"""The saved pass's large bytes (checkpoints, runs of features) in files of their own (thread_stage._Blobs):
an edit writes the few bytes it made, not the whole pass; every file the pass names is there and no other;
a missing one makes a pass from the start, with the same threads.

Real articles (the 28 bundled ones), real spaCy analysis, the real corpus and threads stages."""

from __future__ import annotations

import pytest

import generator.cache as cache
import generator.output as output
from generator import thread_stage
from tests.test_thread_stage import articles, digests, edited, identity, pass_order, store, threads, whole  # noqa: F401


@pytest.fixture
def small_blobs(monkeypatch) -> None:
    """Blobs of 1 kB and more, so the 28 articles' pass has several (at 921 articles: 64 kB)."""
    monkeypatch.setattr(thread_stage, "BLOB_BYTES", 1024)


@pytest.fixture
def written(monkeypatch) -> list[str]:
    """The names of the blob files written, in this test."""
    seen: list[str] = []
    real = output.atomic_write

    def writing(path, data):
        if path.suffix == ".blob":
            seen.append(path.name)
        return real(path, data)

    monkeypatch.setattr(output, "atomic_write", writing)
    return seen


def _files(saved_store) -> set[str]:
    return {p.name for p in saved_store.folder.glob(f"{saved_store.prefix}*.blob")}


def _named(saved_store) -> set[str]:
    """The blob files the pass's file names, read as a new process reads it."""
    import pickle

    _saved, runs, checkpoints = pickle.loads(saved_store.load())  # noqa: S301 - the test's own file
    kept = [*runs.values(), *(part for c in checkpoints.values() for part in (c if isinstance(c, tuple) else (c,)))]
    return {f"{saved_store.prefix}{b.name}.blob" for b in kept if isinstance(b, thread_stage._Blob)}


def test_an_edit_writes_only_the_bytes_it_made(analyser, articles, digests, tmp_path, monkeypatch, small_blobs,  # noqa: F811
                                               written):
    monkeypatch.setattr(thread_stage, "CHECKPOINT_EVERY", 8)
    monkeypatch.setattr(thread_stage, "FIRST_CHECKPOINT", 4)
    saved_store = store(tmp_path)
    threads(digests, saved_store)
    first = _files(saved_store)
    assert len(first) > 3 and _named(saved_store) == first and set(written) == first
    i = pass_order(digests)[20]
    changed = [*digests[:i], edited(analyser, articles[i]), *digests[i + 1:]]
    cache._KEPT_STATES.clear()  # a new process: the pass read from its files
    del written[:]
    assert threads(changed, saved_store) == threads(changed, None)
    after = _files(saved_store)
    assert _named(saved_store) == after, "every file the pass names is there, and no other"
    assert written and set(written) == after - first, "only the bytes the edit made are written"
    assert after & first, "the checkpoints and runs before the edit are kept as they were"
    # a second edit in the same process (as under serve): the pass held in memory knows its files too
    j = pass_order(digests)[24]
    twice = [*changed[:j], edited(analyser, articles[j]), *changed[j + 1:]]
    del written[:]
    assert threads(twice, saved_store) == threads(twice, None)
    assert set(written) == _files(saved_store) - after
    assert _named(saved_store) == _files(saved_store)


def test_a_missing_blob_makes_a_pass_from_the_start_with_the_same_threads(analyser, articles, digests, tmp_path,  # noqa: F811
                                                                         small_blobs):
    saved_store = store(tmp_path)
    threads(digests, saved_store)
    cache._KEPT_STATES.clear()
    min(saved_store.folder.glob("*.blob")).unlink()
    assert thread_stage._load(saved_store).order == []
    i = pass_order(digests)[5]
    changed = [*digests[:i], edited(analyser, articles[i]), *digests[i + 1:]]
    assert threads(changed, saved_store) == threads(changed, None)
    cache._KEPT_STATES.clear()
    assert thread_stage._load(saved_store).order, "saved whole again"
    assert _named(saved_store) == _files(saved_store)


def _parts(saved_store) -> list:
    """The runs' and checkpoints' parts of the pass's file: bytes kept in it, or `_Blob`s naming a file."""
    import pickle

    _saved, runs, checkpoints = pickle.loads(saved_store.load())  # noqa: S301 - the test's own file
    return [*runs.values(), *(x for c in checkpoints.values() for x in (c if isinstance(c, tuple) else (c,)))]


def test_short_bytes_stay_in_the_pass_file(digests, tmp_path, monkeypatch, written):  # noqa: F811
    """Only bytes of BLOB_BYTES or more get a file of their own; the shorter stay in the pass's file; both
    read back the same. The bound is set between the parts' sizes (the median), so both kinds are there
    whatever the sizes are (they move with the articles' paths: 64 kB fell on both sides of them)."""
    monkeypatch.setattr(thread_stage, "BLOB_BYTES", 1 << 40)
    threads(digests, store(tmp_path / "whole"))
    sizes = sorted(len(x) for x in _parts(store(tmp_path / "whole")) if isinstance(x, bytes))
    assert len(set(sizes)) > 1
    bound = sizes[len(sizes) // 2]
    monkeypatch.setattr(thread_stage, "BLOB_BYTES", bound)
    cache._KEPT_STATES.clear()
    written.clear()
    saved_store = store(tmp_path / "split")
    threads(digests, saved_store)
    files = sorted(saved_store.folder.glob("*.blob"))
    assert files and len(files) == len(written) and all(p.stat().st_size >= bound for p in files)
    short = [x for x in _parts(saved_store) if isinstance(x, bytes)]
    assert short and all(len(x) < bound for x in short)
    held = thread_stage._load(saved_store)
    cache._KEPT_STATES.clear()
    read = thread_stage._load(saved_store)
    assert read.checkpoints == held.checkpoints and read.runs == held.runs and read.order == held.order
