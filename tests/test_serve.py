"""`mkdocs serve` on a free loopback port: a changed or deleted article shows without a restart.

Runs in a temporary copy of the project (its own cache: the first build
analyses all twelve articles, the change only one). The waits are bounded;
the server is stopped by the test (its own process only).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED, copy_project, mkdocs_build

# The example site's articles: twelve Wikinews reports and sixteen ECB+ articles (articles/ecbplus/).
N = len(list((ROOT / "articles").rglob("*.txt")))

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
    return log.read_text().count(" pages rendered (")  # the generator's summary line, once a build


@contextlib.contextmanager
def serving(project: Path, log: Path, port: int, *options: str) -> Iterator[tuple[str, Path]]:
    """`mkdocs serve` on `project` until the block ends, its output in `log`; yields (base url, log)
    once the first page is served. Stopped with SIGINT as a user would, killed if it hangs."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *options, "-a", f"127.0.0.1:{port}"],
                                cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base)[0] == 200, START_TIMEOUT_S, "the first page", log)
        yield base, log
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A copy of the project under `mkdocs serve`; yields (base url, project, log)."""
    tmp_path = tmp_path_factory.mktemp("serve")
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    with serving(project, tmp_path / "serve.log", free_port()) as (base, log):
        yield base, project, log


def test_changed_article_is_served_without_restart(served):
    base, project, log = served
    assert f"{N} articles ({N} analysed, 0 cached)" in log.read_text()
    page = next((project / "docs" / "articles").glob("2015-09-22-*.md")).stem
    url = f"{base}articles/{page}/"
    assert "Zanzibar" not in fetch(url)[1]

    before = builds(log)
    source = project / "articles" / "2015-09-22-clock.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.rstrip("\n") + "\n\nThe clock was later shown at a fair in Zanzibar.\n", encoding="utf-8")
    wait_for(lambda: "fair in Zanzibar" in fetch(url)[1], UPDATE_TIMEOUT_S, "the changed article", log)
    # Only the changed article was analysed again.
    assert f"{N} articles (1 analysed, {N - 1} cached)" in log.read_text()
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
    assert "Internet Explorer 6" not in index and f"{N - 1} articles" in index
    assert f"{N - 1} articles (0 analysed, {N - 1} cached)" in log.read_text()


# --- the live preview's dirty rebuilds (`./dev serve` = `mkdocs serve --dirty`) against clean builds ----------------

ARCHIVE = 30  # articles of ../shared/corpus/plain: enough for shared actors, topics and paged indexes
INJECTED = re.compile(rb"<script>[^<]*livereload[^<]*</script>(?=</body>)")


def served_bytes(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return INJECTED.sub(b"", r.read())  # serve adds its reload script to every HTML page
    except urllib.error.HTTPError:
        return None


def site_files(site: Path) -> dict[str, bytes]:
    """A built site's files, gzip unpacked (its header holds a time)."""
    out = {}
    for p in sorted(site.rglob("*")):
        if p.is_file():
            rel = p.relative_to(site).as_posix()
            out[rel] = gzip.decompress(p.read_bytes()) if rel.endswith(".gz") else p.read_bytes()
    return out


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """A 30-article project under `mkdocs serve --dirty`, site_url set to the served address so a
    clean build of the same project makes byte-comparable pages; yields (base, project, log)."""
    corpus = SHARED / "corpus" / "plain"
    if not corpus.is_dir():
        pytest.skip(f"the shared corpus is not here ({corpus})")
    project = copy_project(tmp_path_factory.mktemp("preview"))
    shutil.rmtree(project / "articles")
    (project / "articles").mkdir()
    for path in sorted(corpus.glob("*.txt"))[:ARCHIVE]:
        shutil.copy(path, project / "articles" / path.name)
    port = free_port()
    config = project / "mkdocs.yml"
    text = re.sub(r"(?m)^site_url:.*$", "", config.read_text(encoding="utf-8"))  # the project's own address, replaced
    config.write_text(f"site_url: http://127.0.0.1:{port}/\n" + text, encoding="utf-8")
    with serving(project, project.parent / "serve.log", port, "--dirty") as (base, log):
        yield base, project, log


def reloads(log: Path) -> int:
    return log.read_text().count("Reloading browsers")


def change_and_wait(preview, change, seen) -> None:
    """Make a change, wait for the served content that shows it, then for the end of that build."""
    base, _project, log = preview
    before = reloads(log)
    change()
    wait_for(seen, UPDATE_TIMEOUT_S, "the change served", log)
    wait_for(lambda: reloads(log) > before, UPDATE_TIMEOUT_S, "the end of the rebuild", log)


def assert_served_is_clean_build(preview, tmp_path: Path) -> None:
    """Every file of a clean `mkdocs build` of the project is served byte for byte (pages, search
    index, tags export, sitemap), and no page the clean build lacks is served."""
    base, project, log = preview
    done = mkdocs_build(project, "-d", str(tmp_path / "clean"))
    assert done.returncode == 0, done.stderr[-3000:]
    clean = site_files(tmp_path / "clean")
    differ = []
    for rel, data in clean.items():
        if rel.endswith(".gz"):
            continue
        got = served_bytes(base + rel)
        if got != data:
            differ.append(rel)
            if len(differ) == 1:
                at = next((i for i, (x, y) in enumerate(zip(got or b"", data)) if x != y), 0)
                first = f"{rel} at byte {at}: served {(got or b'')[at - 200:at + 200]!r}, clean {data[at - 200:at + 200]!r}"
    assert not differ, f"{len(differ)} files differ from a clean build: {differ[:10]}; {first}"
    index = json.loads(clean["search/search_index.json"])
    pages = {e["location"].split("#")[0] for e in index["docs"]}
    assert len(pages) > 100  # the whole site is in it, not the rebuilt pages only
    served_digest = json.loads(served_bytes(base + "articles/digest.json") or b"{}")
    for d in served_digest["digests"]:
        assert f"articles/{d['slug']}/index.html" in clean
    return clean


def article_url(project: Path, name: str) -> str:
    digest = json.loads((project / "docs" / "articles" / "digest.json").read_text(encoding="utf-8"))
    return next(d["slug"] for d in digest["digests"] if Path(d["article"]["source"]).name == name)


def test_preview_edit_matches_clean_build(preview, tmp_path):
    base, project, log = preview
    name = sorted(p.name for p in (project / "articles").iterdir())[ARCHIVE // 2]
    url = f"{base}articles/{article_url(project, name)}/"
    source = project / "articles" / name
    change_and_wait(preview, lambda: source.write_text(source.read_text(encoding="utf-8").rstrip("\n")
                                                       + "\n\nThe Zanzibarian delegation declined to comment.\n", encoding="utf-8"),
                    lambda: "Zanzibarian delegation" in fetch(url)[1])
    assert "pages rebuilt" in log.read_text()  # the dirty path ran, and said what it kept
    assert "encoded whole" not in log.read_text()  # the search index was joined from each page's kept JSON
    clean = assert_served_is_clean_build(preview, tmp_path)
    assert b"Zanzibarian delegation" in clean["search/search_index.json"]


def test_preview_addition_matches_clean_build(preview, tmp_path):
    base, project, log = preview
    text = ("Harbour authority opens new ferry terminal\n\nThe Harbour Authority of Lindenport opened a ferry terminal "
            "on Monday, its director Margarethe Olsson said.\n\n\"It will carry a million passengers a year,\" Olsson said.\n")
    change_and_wait(preview, lambda: (project / "articles" / "zz-added.txt").write_text(text, encoding="utf-8"),
                    lambda: "Lindenport" in fetch(f"{base}articles/")[1] or b"Lindenport" in (served_bytes(f"{base}search/search_index.json") or b""))
    clean = assert_served_is_clean_build(preview, tmp_path)
    assert b"Lindenport" in clean["search/search_index.json"]


def test_preview_deletion_matches_clean_build(preview, tmp_path):
    base, project, log = preview
    name = sorted(p.name for p in (project / "articles").iterdir())[1]
    url = f"{base}articles/{article_url(project, name)}/"
    assert fetch(url)[0] == 200
    change_and_wait(preview, lambda: (project / "articles" / name).unlink(), lambda: fetch(url)[0] == 404)
    assert_served_is_clean_build(preview, tmp_path)


def test_preview_title_change_matches_clean_build(preview, tmp_path):
    """A new title that keeps the page's address (the same words in capitals: the same slug) shows on
    the topic pages' tag listings too, not only on the article's own page."""
    base, project, log = preview
    digest = json.loads((project / "docs" / "articles" / "digest.json").read_text(encoding="utf-8"))
    # a title of plain words, so the served HTML shows it as written
    d = next(d for d in digest["digests"] if d["topics"] and Path(d["article"]["source"]).exists()
             and re.fullmatch(r"[A-Za-z0-9 ]+", d["article"]["title"]))
    source = Path(d["article"]["source"])
    title, rest = source.read_text(encoding="utf-8").split("\n", 1)
    new_title = title.strip().upper()
    url = f"{base}articles/{d['slug']}/"

    def change() -> None:
        source.write_text(f"{new_title}\n{rest}", encoding="utf-8")

    shown = new_title
    change_and_wait(preview, change, lambda: shown in fetch(url)[1])
    clean = assert_served_is_clean_build(preview, tmp_path)
    tagged = [rel for rel, data in clean.items() if rel.startswith("articles/topics/") and shown.encode() in data]
    assert tagged, "no topic page of the clean build shows the new title"


def test_the_plugins_watches_poll_faster_than_mkdocs_default(tmp_path):
    """A save is seen within WATCH_POLL_S (MkDocs polls every 0.5 s): the watches the plugin sets take the
    faster interval, on MkDocs' own live server and watchdog's polling observer."""
    from mkdocs.livereload import LiveReloadServer

    from generator.mkdocs_plugin import WATCH_POLL_S, _poll_faster

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path))
    (tmp_path / "before").mkdir()
    server.watch(str(tmp_path / "before"), recursive=False)  # set before the plugin's: MkDocs' own interval
    _poll_faster(server)
    (tmp_path / "articles").mkdir()
    server.watch(str(tmp_path / "articles"))
    timeouts = {Path(e.watch.path).name: e.timeout for e in server.observer.emitters}
    assert timeouts == {"before": 0.5, "articles": WATCH_POLL_S} and WATCH_POLL_S < 0.5
    server.server_close()


def test_the_server_starts_a_rebuild_sooner_after_a_change(tmp_path):
    """MkDocs' live server waits 0.1 s (a fifth of its polling) for more changes; with the plugin's faster
    polling it waits the same fifth of WATCH_POLL_S, on MkDocs' own server."""
    from mkdocs.livereload import LiveReloadServer

    from generator.mkdocs_plugin import BUILD_DELAY_S, WATCH_POLL_S, _wait_less

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path))
    mkdocs_delay = server.build_delay
    _wait_less(server)
    assert server.build_delay == BUILD_DELAY_S == WATCH_POLL_S / 5 < mkdocs_delay
    server.server_close()


class _Cycle:
    """Two objects that refer to each other: only the cyclic collector frees them."""

    def __init__(self) -> None:
        self.me = self


def _garbage_cycle():  # noqa: ANN202 - a weak reference to a cycle no one else holds
    import weakref

    return weakref.ref(_Cycle())


def test_the_garbage_of_a_build_is_collected_once_the_server_is_idle():
    """Under serve the plugin collects what a build left in reference cycles after it, not during the next edit."""
    import gc

    from generator.mkdocs_plugin import IdleCollector

    gc.disable()  # only the collector under test may free the cycle
    try:
        left = _garbage_cycle()
        idle = IdleCollector(delay=0)
        idle.schedule()
        idle.timer.join(timeout=60)
        assert left() is None
    finally:
        gc.enable()


def test_a_build_that_starts_first_cancels_the_idle_collection():
    import gc

    from generator.mkdocs_plugin import IdleCollector

    gc.disable()
    try:
        left = _garbage_cycle()
        idle = IdleCollector(delay=600)
        idle.schedule()
        timer = idle.timer
        idle.cancel()  # what on_pre_build does
        timer.join(timeout=60)
        assert not timer.is_alive() and idle.timer is None
        assert left() is not None  # not collected: the build came first
    finally:
        gc.enable()
        gc.collect()


def test_the_plugin_collects_after_serve_builds_only():
    """`serve` (plain or --dirty) gets the idle collection after each build; `build` never does."""
    from generator.mkdocs_plugin import DigestPlugin, IdleCollector

    serving, building = DigestPlugin(), DigestPlugin()
    serving.on_startup(command="serve", dirty=True)
    building.on_startup(command="build", dirty=False)
    try:
        assert isinstance(serving.idle, IdleCollector) and building.idle is None
        serving.on_post_build(None)  # a dirty build that built nothing yet: only the collection is set
        assert serving.idle.timer is not None and serving.idle.timer.is_alive()
    finally:
        serving.on_shutdown()
        building.on_shutdown()


def test_the_watches_wait_while_a_rebuild_runs_and_see_its_changes_after(tmp_path):
    """While the server's builder runs, no polling watch looks at the files (each waits on its own lock);
    a change made during the rebuild is seen once it ends, and asks for the next rebuild, on MkDocs' server."""
    from mkdocs.livereload import LiveReloadServer

    from generator.mkdocs_plugin import _poll_faster, _still_while_building

    inside: list[bool] = []
    articles = tmp_path / "articles"
    articles.mkdir()

    def builder() -> None:
        inside.extend(e._lock.locked() for e in server.observer.emitters)  # noqa: SLF001
        (articles / "saved-during-the-build.txt").write_text("Title\n\nText.\n", encoding="utf-8")

    server = LiveReloadServer(builder=builder, host="127.0.0.1", port=free_port(), root=str(tmp_path))
    _poll_faster(server)
    server.watch(str(articles))
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    server.watch(str(tmp_path / "mkdocs.yml"))
    _still_while_building(server)
    server.observer.start()
    try:
        time.sleep(0.5)  # let the watches take their first look
        server.builder()
        assert inside == [True, True]
        assert not any(e._lock.locked() for e in server.observer.emitters)  # noqa: SLF001
        deadline = time.monotonic() + UPDATE_TIMEOUT_S
        while not server._want_rebuild and time.monotonic() < deadline:  # noqa: SLF001 - MkDocs' own flag
            time.sleep(0.05)
        assert server._want_rebuild  # noqa: SLF001
    finally:
        server.observer.stop()
        server.observer.join(timeout=10)
        server.server_close()


def test_the_watches_look_again_when_a_rebuild_fails(tmp_path):
    from mkdocs.livereload import LiveReloadServer

    from generator.mkdocs_plugin import _still_while_building

    def builder() -> None:
        raise RuntimeError("a build error")

    server = LiveReloadServer(builder=builder, host="127.0.0.1", port=free_port(), root=str(tmp_path))
    (tmp_path / "articles").mkdir()
    server.watch(str(tmp_path / "articles"))
    started: list[str] = []
    _still_while_building(server, lambda: started.append("the idle collection cancelled"))
    with pytest.raises(RuntimeError, match="a build error"):
        server.builder()
    assert started == ["the idle collection cancelled"]
    assert server.observer.emitters and not any(e._lock.locked() for e in server.observer.emitters)  # noqa: SLF001
    server.server_close()
