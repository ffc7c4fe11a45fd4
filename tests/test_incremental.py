"""Incremental builds: the cache, a corrupt entry, and pages rewritten only when changed."""

from __future__ import annotations

import logging
import os
import shutil
from functools import partial
from pathlib import Path

import pytest

import generator
import generator.thread_stage as stage
from generator import build
from generator.errors import ModelNotFoundError
from generator.analyse import Analyser
from generator.config import make_config
from tests.conftest import ROOT

BUNDLED = sorted((ROOT / "articles").glob("*.txt"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Four bundled articles in an input folder of their own."""
    inp = tmp_path / "in"
    inp.mkdir()
    for path in BUNDLED[:4]:
        shutil.copy(path, inp)
    return tmp_path


@pytest.fixture
def analysed(monkeypatch) -> list[str]:
    """The source of every article that went through the NLP pipe, in this test."""
    seen: list[str] = []
    real = Analyser.stream

    def counting(self, articles, **kw):
        for article, result in real(self, articles, **kw):
            seen.append(Path(article.source).name)
            yield article, result

    monkeypatch.setattr(Analyser, "stream", counting)
    return seen


def config(project: Path, **extra):
    return make_config({"inputs": [str(project / "in")], "docs_dir": str(project / "docs"),
                        "cache_dir": str(project / "cache"), **extra})


def mtimes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def page_of(folder: Path, source_name: str) -> str:
    """The article page generated from one input file (found by the source its data file names)."""
    [data] = [p for p in (folder / "data" / "articles").glob("*.json") if source_name in p.read_text(encoding="utf-8")]
    return f"{data.stem}.md"


def test_an_unchanged_article_is_never_analysed_twice(project, analysed):
    first = build(config(project))
    assert (first.analysed, first.cached, first.errors) == (4, 0, ())
    assert sorted(analysed) == sorted(p.name for p in BUNDLED[:4])
    second = build(config(project))
    assert (second.analysed, second.cached, second.written) == (0, 4, 0)
    assert len(analysed) == 4  # nothing more went through the pipe

    edited = project / "in" / BUNDLED[1].name
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe minister declined to comment.\n", encoding="utf-8")
    third = build(config(project))
    assert (third.analysed, third.cached) == (1, 3)
    assert analysed[4:] == [BUNDLED[1].name]


def test_an_article_cleaned_before_analysis_is_still_a_cache_hit(tmp_path, analysed):
    """The digest carries the cleaned article (furniture moved out of the text); the key is of the article as read."""
    (tmp_path / "in").mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "facts" / "flattened_furniture.txt", tmp_path / "in")
    first = build(config(tmp_path))
    assert (first.analysed, first.errors) == (1, ())
    again = build(config(tmp_path, docs_dir=str(tmp_path / "docs2")))  # a full build over the same cache
    assert (again.analysed, again.cached) == (0, 1)
    assert analysed == ["flattened_furniture.txt"]
    pages = {p.relative_to(tmp_path / "docs"): p.read_bytes() for p in (tmp_path / "docs").rglob("*.md")}
    assert pages == {p.relative_to(tmp_path / "docs2"): p.read_bytes() for p in (tmp_path / "docs2").rglob("*.md")}


def test_a_corrupt_cache_entry_is_a_warning_and_a_recompute(project, analysed, caplog):
    build(config(project))
    before = {p.relative_to(project / "docs"): p.read_bytes() for p in (project / "docs").rglob("*.md")}
    entries = sorted((project / "cache").rglob("??/*.json"))
    assert len(entries) == 4
    entries[0].write_text('{"article": {"title": "trunc', encoding="utf-8")
    entries[1].write_bytes(b"\xff\xfe not json")
    # Another docs folder over the same cache: a full build, so every entry is read.
    with caplog.at_level(logging.WARNING, logger="generator.cache"):
        report = build(config(project, docs_dir=str(project / "docs2")))
    assert (report.analysed, report.cached, report.errors) == (2, 2, ())
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(str(entries[0]) in w and "corrupt" in w and "recomputing" in w for w in warnings), warnings
    assert any(str(entries[1]) in w and "recomputing" in w for w in warnings), warnings
    assert {p.relative_to(project / "docs2"): p.read_bytes() for p in (project / "docs2").rglob("*.md")} == before
    assert build(config(project, docs_dir=str(project / "docs3"))).analysed == 0  # the recomputed entries were written back


def test_only_pages_whose_content_changed_are_rewritten(project):
    build(config(project))
    section = project / "docs" / "articles"
    before = mtimes(section)
    build(config(project))
    assert mtimes(section) == before  # nothing changed: nothing touched

    edited = project / "in" / BUNDLED[2].name
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOfficials said more details would follow.\n", encoding="utf-8")
    changed_page = page_of(section, BUNDLED[2].name)
    report = build(config(project))
    after = mtimes(section)
    touched = {path for path in after if after[path] != before.get(path)}
    assert changed_page in touched and "digest.json" in touched
    untouched_articles = {page_of(section, p.name) for p in BUNDLED[:4] if p != BUNDLED[2]}
    assert not touched & untouched_articles
    assert report.written == len(touched)


def test_the_bar_hears_every_analysed_article(project):
    calls: list[tuple[int, int]] = []
    build(config(project), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_analyser_is_loaded_once_per_model(project, monkeypatch):
    monkeypatch.setattr(generator, "_ANALYSERS", {})
    build(config(project, processes=1))
    (project / "cache").rename(project / "old-cache")
    build(config(project, processes=2, batch_size=8))
    assert len(generator._ANALYSERS) == 1
    [analyser] = generator._ANALYSERS.values()
    assert (analyser.processes, analyser.batch_size) == (2, 8)


def test_a_rebuild_with_nothing_changed_renders_nothing(project):
    first = build(config(project))
    assert "render" in dict(first.stages)
    second = build(config(project))
    assert "render" not in dict(second.stages) and "unchanged" in dict(second.stages)
    assert (second.articles, second.cached, second.written, second.unchanged, second.untouched) == (4, 4, 0, 0, first.written)


def test_a_page_deleted_by_hand_is_restored(project):
    build(config(project))
    section = project / "docs" / "articles"
    page = section / page_of(section, BUNDLED[0].name)
    text = page.read_bytes()
    page.unlink()
    report = build(config(project))
    assert (report.analysed, report.written) == (0, 1)
    assert page.read_bytes() == text


def test_the_stamp_takes_the_pages_the_records_stated_and_equals_a_walk_of_the_section(project):
    """BuildStamp.record takes each page's size and mtime from the records the build saved (not stated again),
    and the other files of the section from the walk: the stamp is what a walk of every file finds."""
    import json

    from generator.cache import BuildStamp

    build(config(project))
    section = project / "docs" / "articles"
    (section / ".notes.txt").write_text("a file the build did not write\n", encoding="utf-8")
    edited = project / "in" / BUNDLED[1].name
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe minister declined to comment.\n", encoding="utf-8")
    assert build(config(project)).untouched > 0  # pages the records knew, left as they were
    stamp = BuildStamp(project / "cache", section)
    recorded = json.loads(stamp.path.read_text(encoding="utf-8"))["files"]
    assert recorded == stamp._files() and ".notes.txt" in recorded
    assert "unchanged" in dict(build(config(project)).stages)
    page = section / page_of(section, BUNDLED[0].name)
    text = page.read_bytes()
    page.write_bytes(text + b"edited by hand\n")
    assert build(config(project)).written == 1 and page.read_bytes() == text


def test_an_option_that_shapes_pages_means_a_full_build(project):
    build(config(project))
    assert "render" in dict(build(config(project, site_name="Another digest")).stages)
    assert "render" not in dict(build(config(project, site_name="Another digest", processes=2, batch_size=4)).stages)


def test_a_moved_project_reuses_its_analyses_and_names_the_new_source(project, analysed):
    first = build(config(project))
    assert first.analysed == 4
    moved = project / "moved"
    shutil.move(str(project / "in"), str(moved))
    report = build(make_config({"inputs": [str(moved)], "docs_dir": str(project / "docs"),
                                "cache_dir": str(project / "cache")}))
    assert (report.analysed, report.cached, report.errors) == (0, 4, ())
    assert len(analysed) == 4  # nothing more went through the pipe
    # the section was made again: the data file names each article's file where it now is
    assert report.written >= 1
    data = (project / "docs" / "articles" / "digest.json").read_text(encoding="utf-8")
    assert str(moved) in data and str(project / "in") + "/" not in data


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def bundled_builds(tmp_path: Path):  # noqa: ANN201 - (input folder, run)
    """Every bundled article in tmp_path/in; run(docs) builds them into tmp_path/docs, with one cache."""
    inp = tmp_path / "in"
    inp.mkdir()
    for path in BUNDLED:
        shutil.copy(path, inp)
    cache = str(tmp_path / "cache")

    def run(docs: str):
        return build(make_config({"inputs": [str(inp)], "docs_dir": str(tmp_path / docs), "cache_dir": cache, "processes": 1}))

    return inp, run


def test_only_pages_whose_inputs_changed_are_rendered_and_the_section_is_a_clean_builds(tmp_path):
    """Edit, delete, add: each build renders the changed article's pages and the cross-article pages
    showing it, leaves the rest unrendered, and leaves the section byte-identical to a clean build's."""
    inp, run = bundled_builds(tmp_path)
    first = run("docs")
    assert first.untouched == 0 and first.written > 100
    clock = inp / "2015-09-22-clock.txt"
    clock.write_text(clock.read_text(encoding="utf-8") + "\nThe clock was later shown at a fair in Zanzibar.\n", encoding="utf-8")
    edited = run("docs")
    # the article page and its JSON, the site-wide pages and digest.json; the other articles' pages and most actors' are not rendered
    assert edited.untouched > first.written // 2, edited
    assert edited.written + edited.unchanged < first.written // 2
    run("clean1")
    assert tree(tmp_path / "docs" / "articles") == tree(tmp_path / "clean1" / "articles")
    (inp / "2011-03-08-ie9.txt").unlink()
    deleted = run("docs")
    assert deleted.removed >= 2 and deleted.untouched > 0
    run("clean2")
    assert tree(tmp_path / "docs" / "articles") == tree(tmp_path / "clean2" / "articles")
    shutil.copy(BUNDLED[0], inp / "copy-of-first.txt")
    added = run("docs")
    assert added.untouched > 0
    run("clean3")
    assert tree(tmp_path / "docs" / "articles") == tree(tmp_path / "clean3" / "articles")
    # a page edited by hand is rendered again even though its inputs did not change
    some = next(p for p in sorted((tmp_path / "docs" / "articles" / "actors").glob("*.md")) if p.name != "index.md")
    some.write_text("edited by hand\n", encoding="utf-8")
    clock.write_text(clock.read_text(encoding="utf-8") + "\nA second added line.\n", encoding="utf-8")
    run("docs")
    assert "edited by hand" not in some.read_text(encoding="utf-8")


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The name of every input file read from disk, in this test; a file is trusted by its stat at once."""
    import generator.cache
    import generator.ingest

    monkeypatch.setattr(generator.cache, "RACY_S", 0.0)  # the fixture's files were written a moment ago
    seen: list[str] = []
    real = generator.ingest.read_file

    def counting(path, options=None):
        seen.append(Path(path).name)
        return real(path, options)

    monkeypatch.setattr(generator.ingest, "read_file", counting)
    return seen


def test_an_unchanged_input_file_is_not_read_again(project, reads):
    """After an edit, only the edited file is read; the section is the one a clean build makes."""
    build(config(project))
    assert sorted(reads) == sorted(p.name for p in BUNDLED[:4])
    edited = project / "in" / BUNDLED[3].name
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe council met again on Friday.\n", encoding="utf-8")
    report = build(config(project))
    assert reads[4:] == [BUNDLED[3].name]
    assert (report.analysed, report.cached, report.errors) == (1, 3, ())
    build(config(project, docs_dir=str(project / "clean"), cache_dir=str(project / "cache2")))
    assert tree(project / "docs" / "articles") == tree(project / "clean" / "articles")
    # the same text with another mtime is read again (and found in the cache)
    os.utime(project / "in" / BUNDLED[0].name, ns=(1, 1))
    mark = len(reads)
    assert build(config(project)).cached == 4
    assert reads[mark:] == [BUNDLED[0].name]


def test_an_unread_file_whose_cache_entry_is_corrupt_is_read_and_analysed_again(project, reads, analysed):
    build(config(project))
    for entry in sorted((project / "cache").rglob("??/*.json")):
        entry.write_text('{"article": {"title": "trunc', encoding="utf-8")
    report = build(config(project, docs_dir=str(project / "docs2")))
    assert (report.analysed, report.errors) == (4, ())
    assert sorted(reads[4:]) == sorted(p.name for p in BUNDLED[:4])
    assert tree(project / "docs" / "articles") == tree(project / "docs2" / "articles")


def test_an_input_that_gave_an_error_is_read_on_every_build(project, reads):
    (project / "in" / "empty.txt").write_text("  \n", encoding="utf-8")
    for _ in range(2):
        report = build(config(project))
        assert [Path(path).name for path, _reason in report.errors] == ["empty.txt"]
    assert reads.count("empty.txt") == 2 and len(reads) == 6


# A build in a fresh process, as `./dev serve` and bench/throughput.py run it: it says whether spaCy was imported.
BUILD_AND_TELL = """
import json, sys
from generator import build
from generator.config import make_config
report = build(make_config(json.loads(sys.argv[1])))
print(json.dumps({"spacy": "spacy" in sys.modules, "threads": "generator.threads" in sys.modules,
                  "analysed": report.analysed, "written": report.written}))
"""


def build_in_fresh_process(project: Path) -> dict:
    """BUILD_AND_TELL's answer for a build of `project` in a new Python process."""
    import json
    import subprocess
    import sys

    settings = json.dumps({"inputs": [str(project / "in")], "docs_dir": str(project / "docs"), "cache_dir": str(project / "cache")})
    done = subprocess.run([sys.executable, "-c", BUILD_AND_TELL, settings], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_build_whose_analyses_are_all_cached_never_imports_spacy(project):
    """Importing spaCy costs seconds in a fresh process; the corpus stage imports generator.analyse.names,
    which must not pull it in. An article to analyse still loads it (the check can fail)."""
    build(config(project))
    section = project / "docs" / "articles"
    (section / page_of(section, BUNDLED[0].name)).unlink()  # so the warm build merges, renders and writes
    fresh = partial(build_in_fresh_process, project)
    assert fresh() == {"spacy": False, "threads": True, "analysed": 0, "written": 1}
    shutil.copy(BUNDLED[4], project / "in")
    added = fresh()
    assert added["spacy"] and added["analysed"] == 1


def test_a_build_with_nothing_changed_never_imports_the_threads_code(project):
    """The threads stage's code (scikit-learn, datasketch, scipy) takes over a second to import in a fresh
    process; a build that finds nothing changed (`./dev serve` starting, a publish of a built section) needs
    none of it. A build that merges again does import it (the check can fail)."""
    build(config(project))
    fresh = partial(build_in_fresh_process, project)
    assert fresh() == {"spacy": False, "threads": False, "analysed": 0, "written": 0}
    section = project / "docs" / "articles"
    (section / page_of(section, BUNDLED[0].name)).unlink()
    assert fresh() == {"spacy": False, "threads": True, "analysed": 0, "written": 1}


# The site-wide pages made from a template (generator/render Site._shown), by template.
SITE_WIDE = {"month.md.j2", "index.md.j2", "actors.md.j2", "quotes.md.j2", "timeline.md.j2", "topics.md.j2", "_home.md.j2"}


def test_site_wide_pages_are_rendered_when_what_they_show_changes_and_only_then(tmp_path, monkeypatch):
    """Keyed by what they show: a sentence that adds no name, quote, date or topic leaves the indexes,
    months, quotes and timeline unrendered, and the quote feeds (what they show of its quotes is unchanged); a new title
    (shown on each of them) renders each, and after both the section is a clean build's."""
    import generator.render
    import generator.render.feeds

    templates: list[str] = []
    feeds: list[str] = []
    real_template, real_rss = generator.render.Site._template, generator.render.feeds.rss
    monkeypatch.setattr(generator.render.Site, "_template",
                        lambda self, template, /, **values: templates.append(template) or real_template(self, template, **values))
    monkeypatch.setattr(generator.render.feeds, "rss", lambda title, *rest: feeds.append(title) or real_rss(title, *rest))
    inp, build_into = bundled_builds(tmp_path)

    def run(docs: str):
        templates.clear()
        feeds.clear()
        return build_into(docs)

    run("docs")
    assert SITE_WIDE <= set(templates) and any("quotes by" in f for f in feeds)
    clock = inp / "2015-09-22-clock.txt"
    text = clock.read_text(encoding="utf-8")
    clock.write_text(text + "\nIt was seen as a quiet protest.\n", encoding="utf-8")
    quiet = run("docs")
    assert quiet.analysed == 1 and "article.md.j2" in templates
    assert not SITE_WIDE & set(templates), templates
    # a quote feed is keyed by what it shows of each article's quotes: a sentence without a quote renders none
    # (the title's change below renders the edited article's speakers' feeds)
    assert not any("quotes by" in f for f in feeds), feeds
    assert "actor.md.j2" not in templates  # its actors' pages show its title, date, quotes, events, roles: unchanged
    run("clean1")
    assert tree(tmp_path / "docs" / "articles") == tree(tmp_path / "clean1" / "articles")

    title, rest = text.split("\n", 1)
    clock.write_text(f"{title} in Irving\n{rest}", encoding="utf-8")
    run("docs")
    shown_title = {"month.md.j2", "index.md.j2", "quotes.md.j2", "timeline.md.j2", "_home.md.j2"}
    assert shown_title <= set(templates) and "actor.md.j2" in templates, templates
    assert any("latest articles" in f for f in feeds) and any("latest quotes" in f for f in feeds)
    assert any("quotes by" in f for f in feeds)  # the clock article's speaker's feed: its quotes name the article
    run("clean2")
    assert tree(tmp_path / "docs" / "articles") == tree(tmp_path / "clean2" / "articles")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_one_shot_build_analyses_an_edit_in_a_worker_and_makes_the_same_pages(project, tmp_path, monkeypatch):
    """`digest build` after an edit: the edited article is analysed in a worker that loads the model while
    this process reads the threads' saved pass and compiles the templates; the pages are the in-process build's."""
    build(config(project))
    edited = sorted((project / "in").iterdir())[1]
    edited.write_text(edited.read_text(encoding="utf-8").rstrip("\n") + "\n\nThe mayor said the bridge would reopen in May.\n",
                      encoding="utf-8")
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)  # the same archive and edit, built in this process for comparison
    monkeypatch.setattr(generator, "_ANALYSERS", {})  # a new process: no model loaded
    ran: list[str] = []
    real = stage.preload
    monkeypatch.setattr(stage, "preload", lambda store: (ran.append("preload"), real(store)))
    report = build(config(project), one_shot=True)
    assert (report.analysed, report.cached) == (1, 3)
    assert ran == ["preload"]  # the later stages' reading ran while the worker analysed
    assert generator._ANALYSERS == {}  # the model was loaded in the worker, never here
    build(config(twin))  # in this process (the model loads here)
    assert generator._ANALYSERS
    ours = {path: data.replace(str(project).encode(), b"ROOT") for path, data in _files(project / "docs").items()}
    theirs = {path: data.replace(str(twin).encode(), b"ROOT") for path, data in _files(twin / "docs").items()}
    assert ours == theirs


def test_a_one_shot_build_without_a_model_says_how_to_install_one(project, monkeypatch):
    """No worker is started for a model that is not there: the build fails with the one error that names it."""
    monkeypatch.setattr(generator, "_ANALYSERS", {})
    with pytest.raises(ModelNotFoundError, match="no_such_model_pkg_xyz"):
        build(config(project, model="no_such_model_pkg_xyz"), one_shot=True)


def test_a_one_shot_build_starts_its_worker_only_for_an_article_to_analyse(project, monkeypatch):
    """A build that finds every article analysed forks no worker; an edit starts one, once."""
    build(config(project))
    started: list[object] = []
    real = generator.start_ahead
    monkeypatch.setattr(generator, "start_ahead", lambda c: (started.append(c), real(c))[1])
    monkeypatch.setattr(generator, "_ANALYSERS", {})  # a new process: no model loaded
    build(config(project), one_shot=True)  # nothing changed
    shutil.rmtree(project / "docs" / "articles")  # every page made again, still nothing to analyse
    build(config(project), one_shot=True)
    assert started == []
    edited = sorted((project / "in").iterdir())[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe council met again on Monday.\n", encoding="utf-8")
    report = build(config(project), one_shot=True)
    assert len(started) == 1 and report.analysed == 1
