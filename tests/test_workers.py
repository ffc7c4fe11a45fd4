"""Analysis always ends (issue 15, item 1): a dead NLP worker, a failing main process, an unwritable cache.

Real worker processes, really killed: the build must end within its timeout,
retry what the dead worker held once, then name what still failed. Nothing
here sleeps: the tests wait on the build's own log lines and on its end.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, SHARED

# Two workers need 16 articles (analyse.MIN_ARTICLES_PER_PROCESS); the shortest keep the tests quick.
N_ARTICLES = 16
BUILD_TIMEOUT = 240  # seconds; a build of 16 short articles takes under 15 here


@pytest.fixture(scope="module")
def sixteen(tmp_path_factory) -> Path:
    corpus = SHARED / "corpus" / "plain"
    if not corpus.is_dir():
        pytest.skip(f"the shared corpus is not here ({corpus})")
    files = sorted(corpus.glob("*.txt"), key=lambda p: (p.stat().st_size, p.name))[:N_ARTICLES]
    folder = tmp_path_factory.mktemp("sixteen") / "in"
    folder.mkdir()
    for path in files:
        shutil.copy(path, folder)
    return folder


def workers_alive() -> list[psutil.Process]:
    return [c for c in psutil.Process().children(recursive=True) if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]


def test_a_worker_killed_mid_batch_is_replaced_and_its_articles_retried(sixteen, tmp_path):
    """`kill -9` of a real worker while it holds a batch: the build ends, every article is built."""
    out = tmp_path / "docs" / "w"
    cmd = [sys.executable, "-m", "generator", "build", str(sixteen), "--out", str(out), "--no-cache",
           "--processes", "2", "-v"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = None
    lines = []
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # the event: the main process handing a batch to a worker
            lines.append(line)
            m = re.search(r"NLP worker pid (\d+): ", line)
            if m and killed is None:
                killed = int(m.group(1))
                os.kill(killed, signal.SIGKILL)
        code = proc.wait(timeout=BUILD_TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
    log = "".join(lines)
    assert killed is not None, log[-2000:]
    assert code == 0, log[-3000:]
    assert f"NLP worker pid {killed} died (killed by SIGKILL" in log
    assert "retrying each alone in another worker" in log
    pages = [p for p in out.glob("*.md") if p.name != "index.md"]
    assert len({p.name for p in pages if "generated_by: digest" in p.read_text()}) >= N_ARTICLES
    assert f"{N_ARTICLES} articles ({N_ARTICLES} analysed" in proc.stdout.read()  # type: ignore[union-attr]


def _poisoned(real):
    def analyse_batch(analyser, articles):
        if any("POISON" in a.text for a in articles):  # this worker dies as an out-of-memory kill would end it
            os.kill(os.getpid(), signal.SIGKILL)
        return real(analyser, articles)

    return analyse_batch


def test_an_article_that_kills_its_worker_twice_is_named_and_the_rest_built(sixteen, tmp_path, monkeypatch):
    """The worker holding one article dies every time: its batch-mates are retried and built, it is named."""
    import generator.workers as workers
    from generator import build
    from generator.config import make_config

    inp = tmp_path / "in"
    shutil.copytree(sixteen, inp)
    (inp / "zz-poison.txt").write_text("Poison\n\nThis article says POISON and its worker dies on it.\n")
    monkeypatch.setattr(workers, "analyse_batch", _poisoned(workers.analyse_batch))  # inherited by the forks
    config = make_config({"inputs": [str(inp)], "docs_dir": str(tmp_path / "docs"), "section": "w",
                          "use_cache": False, "processes": 2})
    report = build(config)
    assert report.errors == ((str(inp / "zz-poison.txt"),
                              "analysis failed: the NLP worker process analysing it died (killed by SIGKILL, as the "
                              "out-of-memory killer does), and again when retried alone"),)
    assert report.articles == N_ARTICLES
    assert not workers_alive()


class FilledUp:
    """A temporary file on a disk that fills up at its third write, as a full TMPDIR does."""

    def __init__(self, *args, **kwargs):
        self.file = REAL_TEMPORARY_FILE(*args, **kwargs)
        self.writes = 0

    def write(self, data):
        self.writes += 1
        if self.writes == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self.file.write(data)

    def __getattr__(self, name):
        return getattr(self.file, name)


REAL_TEMPORARY_FILE = tempfile.TemporaryFile


def test_a_main_process_failure_mid_analysis_stops_the_workers(sixteen, tmp_path, monkeypatch):
    """The temp folder fills up while digests come back: exit 3 naming the spool, no worker left, no hang."""
    from generator.cli import main_group

    monkeypatch.setattr(tempfile, "TemporaryFile", FilledUp)
    result = CliRunner().invoke(main_group, ["build", str(sixteen), "--out", str(tmp_path / "docs" / "w"),
                                             "--no-cache", "--processes", "2"], catch_exceptions=False)
    assert result.exit_code == 3, result.output
    assert re.search(r"error: cannot write the spool file in .*: No space left on device; "
                     r"free space there or set TMPDIR to a folder with room", result.output), result.output
    assert not workers_alive()


def test_an_unwritable_cache_folder_is_a_write_error_before_any_work(tmp_path):
    from generator.cli import main_group

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    result = CliRunner().invoke(main_group, ["build", str(ROOT / "articles"), "--out", str(tmp_path / "docs" / "w"),
                                             "--cache-dir", str(blocker / "cache")], catch_exceptions=False)
    assert result.exit_code == 3, result.output
    assert f"error: cannot write {blocker / 'cache'}: Not a directory; the cache folder; pass --cache-dir " \
           "with a writable folder, or --no-cache" in result.output
    assert not (tmp_path / "docs").exists()


@pytest.fixture()
def tiny_tmpfs(tmp_path):
    """An 8 KB tmpfs: full after a few digests of these short articles (needs the right to mount; skipped without it)."""
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()[:200]}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_full_tmpdir_ends_the_build_with_exit_3(sixteen, tmp_path, tiny_tmpfs):
    """TMPDIR on a tiny tmpfs: the spool fills it mid-analysis; the build ends naming it, no worker left behind."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tiny_tmpfs)}
    proc = subprocess.run([sys.executable, "-m", "generator", "build", str(sixteen), "--out", str(tmp_path / "docs" / "w"),
                           "--no-cache", "--processes", "2"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=BUILD_TIMEOUT)
    assert proc.returncode == 3, proc.stderr[-3000:]
    assert f"error: cannot write the spool file in {tiny_tmpfs}: No space left on device" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not list((tmp_path / "docs" / "w").glob("*.md"))  # nothing half-built
