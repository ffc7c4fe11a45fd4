"""What each article of a thread adds (novelty) is kept per thread between builds: an edit computes it
again for the edited article's thread only, and the section still equals a clean build's.

Real articles (the example site's ECB+ files: two rehab stories, Tara Reid's and Lindsay Lohan's),
real spaCy analysis, the real threads stage."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

import generator.threads
from generator import build
from generator.cache import StageState
from tests import test_render_threads as stories
from tests.test_render_threads import config, files

project = stories.project  # the two stories' articles in tmp_path/in (a fixture)


@pytest.fixture
def computed(monkeypatch) -> list[list[str]]:
    """The titles of the articles of every thread whose novelty was computed, in this test."""
    seen: list[list[str]] = []
    real = generator.threads.novelty

    def counting(digests, threshold):
        seen.append([d.article.title for d in digests])
        return real(digests, threshold)

    monkeypatch.setattr(generator.threads, "novelty", counting)
    return seen


def last_of_thread(project: Path, name: str) -> Path:
    """The input file of the last article of the thread whose title names `name`."""
    section = project / "docs" / "articles"
    [page] = [p for p in (section / "threads").glob("*.md") if p.name != "index.md" and name in p.read_text(encoding="utf-8").split("\n## ", 1)[0]]
    slug = re.findall(r"^### \d+\. \[[^\n]*\]\(\.\./([^)#]+)\.md\)", page.read_text(encoding="utf-8"), flags=re.M)[-1]
    data = json.loads((section / "data" / "articles" / f"{slug}.json").read_text(encoding="utf-8"))
    return project / "in" / Path(data["digest"]["article"]["source"]).name


def test_an_edit_computes_novelty_for_its_own_thread_only(project, computed):
    build(config(project))
    assert len(computed) == 2  # two stories, two threads
    reid_titles = next(t for t in computed if any("Reid" in x for x in t))
    edited = last_of_thread(project, "Tara Reid")  # the first article of a thread adds nothing by definition
    edited.write_text(edited.read_text(encoding="utf-8").rstrip("\n") + "\nHer publicist later thanked fans for their support.\n",
                      encoding="utf-8")
    del computed[:]
    build(config(project))
    assert len(computed) == 1 and sorted(computed[0]) == sorted(reid_titles)  # the Lohan thread's novelty was kept
    page = "\n".join(p.read_text(encoding="utf-8") for p in (project / "docs" / "articles" / "threads").glob("*.md"))
    assert "Her publicist later thanked fans for their support." in page  # what the edited article now adds
    del computed[:]
    build(config(project, docs="clean"))
    assert len(computed) == 2
    assert files(project / "docs" / "articles") == files(project / "clean" / "articles")


def test_nothing_changed_in_the_threads_computes_no_novelty(project, computed):
    build(config(project))
    (project / "docs" / "articles" / "index.md").unlink()  # a page deleted by hand: the build runs, its threads are the same
    del computed[:]
    build(config(project))
    assert computed == []
    assert (project / "docs" / "articles" / "index.md").is_file()


def test_a_second_build_in_one_process_takes_the_saved_pass_from_memory(project, monkeypatch):
    """Under `mkdocs serve` every build runs in one process: the saved pass it just wrote is not read and
    unpickled again. A state file written since (by another process) is read, and either way the section
    equals a clean build's."""
    build(config(project))
    reads: list[Path] = []
    real = StageState.load

    def reading(self: StageState) -> bytes | None:
        reads.append(self.path)
        return real(self)

    monkeypatch.setattr(StageState, "load", reading)
    edited = last_of_thread(project, "Tara Reid")
    edited.write_text(edited.read_text(encoding="utf-8").rstrip("\n") + "\nShe is said to be doing well.\n", encoding="utf-8")
    build(config(project))
    assert reads == []
    [state_file] = (project / "cache" / "threads").glob("*.pickle")
    st = state_file.stat()
    os.utime(state_file, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # as if another process had saved it
    edited.write_text(edited.read_text(encoding="utf-8") + "Her publicist later thanked fans for their support.\n", encoding="utf-8")
    build(config(project))
    assert reads == [state_file]
    page = "\n".join(p.read_text(encoding="utf-8") for p in (project / "docs" / "articles" / "threads").glob("*.md"))
    assert "Her publicist later thanked fans for their support." in page
    build(config(project, docs="clean"))
    assert files(project / "docs" / "articles") == files(project / "clean" / "articles")


def test_under_serve_the_saved_pass_is_written_when_the_server_stops(project, monkeypatch):
    """`mkdocs serve` holds the pass in memory (the plugin calls hold_states on startup): an edit writes no
    state file; release_states (on_shutdown) writes it, and a new process resumes from it. The section
    equals a clean build's throughout."""
    import generator.cache as cache

    monkeypatch.setattr(cache, "_HOLD", [False])
    monkeypatch.setattr(cache, "_HELD", {})
    monkeypatch.setattr(cache, "_KEPT_STATES", {})
    monkeypatch.setattr(cache.atexit, "register", lambda fn: fn)
    cache.hold_states()
    build(config(project))
    states = project / "cache" / "threads"
    assert not list(states.glob("*.pickle"))
    edited = last_of_thread(project, "Tara Reid")
    edited.write_text(edited.read_text(encoding="utf-8").rstrip("\n") + "\nHer publicist later thanked fans for their support.\n",
                      encoding="utf-8")
    build(config(project))
    assert not list(states.glob("*.pickle"))
    cache.release_states()
    [state_file] = states.glob("*.pickle")
    cache._KEPT_STATES.clear()  # a new process: nothing in memory
    reads: list[Path] = []
    real = StageState.load
    monkeypatch.setattr(StageState, "load", lambda self: reads.append(self.path) or real(self))
    edited.write_text(edited.read_text(encoding="utf-8") + "She is said to be doing well.\n", encoding="utf-8")
    build(config(project))
    assert [path for path in reads if path.parent == states] == [state_file]  # the corpus merge reads its own
    build(config(project, docs="clean"))
    assert files(project / "docs" / "articles") == files(project / "clean" / "articles")
