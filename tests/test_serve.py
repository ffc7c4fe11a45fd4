"""`mkdocs serve` on a free loopback port: a changed or deleted article shows without a restart.

Runs in a temporary copy of the project (its own cache: the first build
analyses all twelve articles, the change only one). The waits are bounded;
the server is stopped by the test (its own process only).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import copy_project

# Bounds, not timings: a slow shared machine must still pass, a stuck server must not hang CI.
START_TIMEOUT_S = 180
UPDATE_TIMEOUT_S = 180
POLL_S = 0.25
QUIET_S = 4  # how long to wait for a build that should not come


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(check, timeout: float, what: str, log: Path) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(POLL_S)
    raise AssertionError(f"{what} not seen within {timeout} s; serve log:\n{log.read_text()[-3000:]}")


def builds(log: Path) -> int:
    return log.read_text().count("digest: ")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A copy of the project under `mkdocs serve`; yields (base url, project, log)."""
    tmp_path = tmp_path_factory.mktemp("serve")
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base)[0] == 200, START_TIMEOUT_S, "the first page", log)
        yield base, project, log
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_changed_article_is_served_without_restart(served):
    base, project, log = served
    assert "12 articles (12 analysed, 0 cached)" in log.read_text()
    page = next((project / "docs" / "articles").glob("2015-09-22-*.md")).stem
    url = f"{base}articles/{page}/"
    assert "Zanzibar" not in fetch(url)[1]

    before = builds(log)
    source = project / "articles" / "2015-09-22-clock.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.rstrip("\n") + "\n\nThe clock was later shown at a fair in Zanzibar.\n", encoding="utf-8")
    wait_for(lambda: "fair in Zanzibar" in fetch(url)[1], UPDATE_TIMEOUT_S, "the changed article", log)
    # Only the changed article was analysed again.
    assert "12 articles (1 analysed, 11 cached)" in log.read_text()
    # One build per change: the generator's own writes into the section do not start another.
    time.sleep(QUIET_S)
    assert builds(log) == before + 1, log.read_text()[-2000:]


def test_hand_written_page_still_watched(served):
    base, project, log = served
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nA line added while serving.\n", encoding="utf-8")
    wait_for(lambda: "A line added while serving." in fetch(f"{base}about/")[1], UPDATE_TIMEOUT_S, "the edited page", log)


def test_deleted_article_disappears(served):
    base, project, log = served
    page = next((project / "docs" / "articles").glob("2011-03-08-*.md")).stem
    url = f"{base}articles/{page}/"
    assert fetch(url)[0] == 200
    (project / "articles" / "2011-03-08-ie9.txt").unlink()
    wait_for(lambda: fetch(url)[0] == 404, UPDATE_TIMEOUT_S, "the deleted article gone", log)
    index = fetch(f"{base}articles/")[1]
    assert "Internet Explorer 6" not in index and "11 articles" in index
    assert "11 articles (0 analysed, 11 cached)" in log.read_text()
