"""Streaming: pages are made and written one at a time, and the corpus holds slim digests.

Memory that does not grow with the archive is a property of the order of
work, so these tests assert the order (a page is on disk before the next
one is made) and the shape of what is held (no paragraph text in the
corpus), never a size or a time.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import generator.output as output
import generator.render as render_module
from generator import build
from generator.cache import DigestSpool, slim
from generator.config import make_config
from generator.corpus import build_corpus
from generator.errors import OutputError
from generator.output import write_pages
from generator.render import Site, render
from tests.conftest import ROOT

BUNDLED = sorted((ROOT / "articles").glob("*.txt"))


@pytest.fixture(scope="module")
def digests(analyser):
    from generator.ingest import ReadOptions, read_articles

    articles = [a for a in read_articles([str(p) for p in BUNDLED[:4]], ReadOptions())]
    return list(analyser.run(articles))


def test_each_page_is_on_disk_before_the_next_is_made(tmp_path):
    section = tmp_path / "docs" / "articles"
    paths = [f"p{i}.md" for i in range(5)]

    def pages():
        for i, path in enumerate(paths):
            if i:  # the previous page was written before this one is asked for
                assert (section / paths[i - 1]).read_text(encoding="utf-8") == f"---\ngenerated_by: digest\n---\n{i - 1}\n"
            assert not (section / path).exists()
            yield path, f"---\ngenerated_by: digest\n---\n{i}\n"

    result = write_pages(section, paths, pages())
    assert (result.written, result.unchanged) == (5, 0)


def test_every_path_is_checked_before_the_first_page_is_made(tmp_path):
    section = tmp_path / "docs" / "articles"
    made: list[str] = []

    def pages():
        for path in ("a.md", "../escape.md"):
            made.append(path)
            yield path, "x"

    with pytest.raises(OutputError, match="escape"):
        write_pages(section, ["a.md", "../escape.md"], pages())
    with pytest.raises(OutputError, match="two pages map to one path: a.md"):
        write_pages(section, ["a.md", "b.md", "a.md"], pages())
    assert made == [] and not section.exists()


def test_a_page_that_was_not_announced_is_refused(tmp_path):
    section = tmp_path / "s"
    with pytest.raises(OutputError, match="not announced"):
        write_pages(section, ["a.md"], iter([("a.md", "x"), ("b.md", "y")]))
    assert not (section / "b.md").exists()


def test_a_page_in_pieces_is_written_whole_and_not_rewritten_when_unchanged(tmp_path):
    section = tmp_path / "s"
    pieces = ['{"a": [', "1, 2", "]}\n"]
    assert write_pages(section, ["big.json"], [("big.json", iter(pieces))]).written == 1
    assert (section / "big.json").read_text(encoding="utf-8") == "".join(pieces)
    mtime = (section / "big.json").stat().st_mtime_ns
    again = write_pages(section, ["big.json"], [("big.json", iter(pieces))])
    assert (again.written, again.unchanged) == (0, 1)
    assert (section / "big.json").stat().st_mtime_ns == mtime
    assert not [p for p in section.iterdir() if p.name.startswith(".tmp-")]  # no temporary file left behind
    changed = write_pages(section, ["big.json"], [("big.json", iter(['{"a": [', "1, 3", "]}\n"]))])
    assert changed.written == 1 and (section / "big.json").read_text(encoding="utf-8") == '{"a": [1, 3]}\n'


def test_a_corpus_of_slim_digests_renders_the_same_site(digests):
    whole = render(build_corpus(digests))
    with DigestSpool() as spool:
        light = [spool.put(d) for d in digests]
        assert all(d.article.paragraphs == () and not d.facts for d in light)
        site = Site(build_corpus(light), full=spool.get)
        streamed = {path: text if isinstance(text, str) else "".join(text) for path, text in site.pages()}
        assert site.paths() == list(streamed)
    assert streamed.keys() == whole.keys()
    for path in whole:
        assert streamed[path] == whole[path], path


def test_slim_keeps_what_cross_article_pages_read(digests):
    d = max(digests, key=lambda x: sum(len(a.mentions) for a in x.actors))
    s = slim(d)
    assert [a.id for a in s.actors] == [a.id for a in d.actors]
    for a, b in zip(s.actors, d.actors, strict=True):
        assert [m.paragraph for m in a.mentions] == [m.paragraph for m in b.mentions]
    assert (s.quotes, s.events, s.topics) == (d.quotes, d.events, d.topics)
    assert s.article.title == d.article.title and s.article.paragraphs == ()


def test_build_makes_and_writes_pages_one_at_a_time(tmp_path, monkeypatch):
    """Between making a page and writing it nothing else is made; the corpus holds no article text."""
    inp = tmp_path / "in"
    inp.mkdir()
    for path in BUNDLED[:4]:
        shutil.copy(path, inp)
    events: list[tuple[str, str]] = []
    corpora = []
    real_pages, real_write, real_init = Site.pages, output.atomic_write, Site.__init__

    def spy_init(self, corpus, *args, **kw):
        corpora.append(corpus)
        real_init(self, corpus, *args, **kw)

    def spy_pages(self, keep=None):
        for path, text in real_pages(self, keep):
            events.append(("made", path))
            yield path, text

    def spy_write(path: Path, text, begun=None):
        events.append(("written", path.relative_to(tmp_path / "docs" / "articles").as_posix()))
        return real_write(path, text, begun)

    monkeypatch.setattr(render_module.Site, "__init__", spy_init)
    monkeypatch.setattr(render_module.Site, "pages", spy_pages)
    monkeypatch.setattr(output, "atomic_write", spy_write)
    report = build(make_config({"inputs": [str(inp)], "docs_dir": str(tmp_path / "docs"), "cache_dir": str(tmp_path / "cache")}))
    assert report.ok and report.articles == 4
    pages = [path for kind, path in events if kind == "made"]
    assert len(pages) > 20  # every page kind, not a token site
    expected = [event for path in pages for event in (("made", path), ("written", path))]
    assert events[: len(expected)] == expected  # made, written, made, written, ... (then only the manifest)
    [corpus] = corpora
    assert len(corpus.digests) == 4
    assert all(d.article.paragraphs == () for d in corpus.digests)


def test_the_actors_of_one_article_share_one_context(digests):
    """The corpus stage's context sets are one per article, not one per actor (memory grew with actors squared)."""
    from generator.corpus import _entries, assign_slugs

    d = max(assign_slugs(digests), key=lambda x: len(x.actors))
    entries = _entries(d, 0)
    assert len(entries) == len(d.actors) >= 5
    assert len({id(e.others) for e in entries}) == 1 and len({id(e.places) for e in entries}) == 1
    people = [e for e in entries if e.actor.kind != "place"]
    assert all(e.own_other in e.others for e in people if e.own_other)  # excluded when matching, not stored twice


def test_written_pages_are_readable_like_any_new_file(tmp_path):
    # mkstemp alone makes 0600 files, which a web server running as another user cannot read
    import os

    from generator.output import atomic_write

    target = tmp_path / "page.md"
    mask = os.umask(0o022)
    try:
        assert atomic_write(target, "hello\n")
    finally:
        os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_folder_linked_outside_the_section_is_refused_and_a_linked_page_is_replaced(tmp_path):
    section = tmp_path / "docs" / "articles"
    outside = tmp_path / "outside"
    outside.mkdir()
    page = "---\ngenerated_by: digest\n---\nx\n"
    write_pages(section, ["a.md"], iter([("a.md", page)]))
    (section / "actors").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputError, match="resolves outside"):
        write_pages(section, ["a.md", "actors/x.md"], iter([("a.md", page), ("actors/x.md", page)]))
    assert list(outside.iterdir()) == []
    # a page that is a link to a file outside is replaced by the page, the file left as it was
    (section / "actors").unlink()
    secret = outside / "secret.txt"
    secret.write_text("keep", encoding="utf-8")
    (section / "b.md").symlink_to(secret)
    write_pages(section, ["a.md", "b.md"], iter([("a.md", page), ("b.md", page)]))
    assert secret.read_text(encoding="utf-8") == "keep"
    assert not (section / "b.md").is_symlink() and (section / "b.md").read_text(encoding="utf-8") == page


def test_a_file_is_read_to_compare_only_when_its_size_is_the_new_texts(tmp_path, monkeypatch):
    """atomic_write leaves identical bytes untouched and compares with the old file only at an equal size (the
    threads' 16 MB state changes on every edit: it was read back before each save)."""
    from pathlib import Path

    from generator.output import atomic_write

    target = tmp_path / "state.pickle"
    assert atomic_write(target, b"0123456789")
    read: list[Path] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real(self))
    before = target.stat().st_mtime_ns
    assert not atomic_write(target, b"0123456789") and target.stat().st_mtime_ns == before and read == [target]
    assert atomic_write(target, b"9876543210") and target.read_bytes() == b"9876543210"
    read.clear()
    assert atomic_write(target, b"a longer state") and read == [] and target.read_bytes() == b"a longer state"


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".tmp-"))


@pytest.mark.parametrize("old", [None, '{"a": [1, 2], "b": [3]}\n', '{"a": [1, 2], "b": [4]}\n'])
def test_a_file_begun_ahead_is_finished_from_its_pieces_and_replaces_the_old_only_when_it_differs(tmp_path, old):
    """WriteAhead.begin writes a file's first pieces to its temporary file; write_pages, given the same piece
    objects first, writes only the rest: the file is the whole text, a new one or an unchanged one, and no
    temporary file is left."""
    section = tmp_path / "s"
    section.mkdir()
    if old is not None:
        (section / "big.json").write_text(old, encoding="utf-8")
    head: list[str | bytes] = ['{"a": [', b"1, 2", '], "b": [']
    with output.WriteAhead(section) as ahead:
        ahead.begin("big.json", head)
        assert len(_temporaries(section)) == 1
        result = write_pages(section, ["big.json"], [("big.json", iter([*head, "3", "]}\n"]))], ahead)
    assert (section / "big.json").read_text(encoding="utf-8") == '{"a": [1, 2], "b": [3]}\n'
    assert (result.written, result.unchanged) == ((0, 1) if old == '{"a": [1, 2], "b": [3]}\n' else (1, 0))
    assert _temporaries(section) == []


@pytest.mark.parametrize("text", [['{"a": [', b"1, 2", '], "b": [', "3", "]}\n"],  # equal pieces, other objects
                                  '{"a": [1, 2], "b": [3]}\n', ['{"a": [']])
def test_a_file_whose_text_does_not_start_with_the_begun_pieces_is_written_whole(tmp_path, text):
    section = tmp_path / "s"
    section.mkdir()
    with output.WriteAhead(section) as ahead:
        ahead.begin("big.json", ["".join(['{"a": [', "1, 2"]), '], "b": ['])
        write_pages(section, ["big.json"], [("big.json", text if isinstance(text, str) else iter(text))], ahead)
    assert (section / "big.json").read_text(encoding="utf-8") == "".join(p if isinstance(p, str) else p.decode() for p in text)
    assert _temporaries(section) == []


def test_what_is_done_ahead_and_never_used_leaves_nothing_and_checked_paths_are_not_checked_again(tmp_path, monkeypatch):
    section = tmp_path / "s"
    section.mkdir()
    with output.WriteAhead(section) as ahead:
        with pytest.raises(OutputError, match="not a plain path"):
            ahead.check(["../out.md"])
        ahead.check(["a.md", "b/c.md"])
        ahead.begin("big.json", ["{}"])
        checked: list[list[str]] = []
        real = output._check_paths
        monkeypatch.setattr(output, "_check_paths", lambda section, pages: checked.append(list(pages)) or real(section, pages))
        write_pages(section, ["a.md", "b/c.md", "d.md"], [("a.md", "a"), ("b/c.md", "c"), ("d.md", "d")], ahead)
        assert checked[0] == ["d.md"]
    assert _temporaries(section) == [] and not (section / "big.json").exists()  # begun, never written: removed
