"""The real site: generator through the MkDocs plugin, `mkdocs build --strict`."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT, mkdocs_build


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# Every input of the example site: twelve Wikinews reports and sixteen ECB+ articles in articles/ecbplus/.
EXAMPLES = sorted((ROOT / "articles").rglob("*.txt"))

# The gzip header of the sitemap carries the build time; everything else, the sitemap too, must be byte-identical.
VOLATILE = ("sitemap.xml.gz",)


def test_strict_build_of_the_example_site(built_site):
    project, result = built_site
    assert "WARNING" not in result.stderr, result.stderr
    pages = [project / "docs" / "articles" / f"{p.stem}.md" for p in (project / "docs" / "articles" / "data" / "articles").glob("*.json")]
    assert len(EXAMPLES) == 28 and len(pages) == len(EXAMPLES) and all(p.is_file() for p in pages)
    assert (project / "site" / "articles" / "index.html").is_file()
    assert (project / "site" / "about" / "index.html").is_file()
    html = (project / "site" / "articles" / pages[0].stem / "index.html").read_text()
    assert 'id="p-1"' in html


def test_second_build_rewrites_nothing_and_is_identical(built_site):
    project, _ = built_site
    docs = project / "docs"
    before_docs = snapshot(docs)
    before_site = {k: v for k, v in snapshot(project / "site").items() if not k.endswith(VOLATILE)}
    mtimes = {p: p.stat().st_mtime_ns for p in (docs / "articles").rglob("*") if p.is_file()}
    second = mkdocs_build(project)
    assert second.returncode == 0, second.stderr[-3000:]
    assert snapshot(docs) == before_docs
    assert {k: v for k, v in snapshot(project / "site").items() if not k.endswith(VOLATILE)} == before_site
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes
    assert f"{len(EXAMPLES)} articles (0 analysed, {len(EXAMPLES)} cached)" in second.stderr


def test_hand_written_pages_untouched(built_site):
    project, _ = built_site
    assert (project / "docs" / "index.md").read_bytes() == (ROOT / "docs" / "index.md").read_bytes()
    assert (project / "docs" / "about.md").read_bytes() == (ROOT / "docs" / "about.md").read_bytes()


def test_the_example_site_tells_the_four_ecb_stories_as_four_threads(built_site):
    """The bundled ECB+ articles are two topics of two events each (the document id says which: `1_2ecb` is
    topic 1's first event, `1_8ecbplus` its second); each event is one thread, and no Wikinews report joins one."""
    import json
    import re

    project, _ = built_site
    section = project / "docs" / "articles"
    source = {p.stem: Path(json.loads(p.read_text(encoding="utf-8"))["digest"]["article"]["source"]).stem
              for p in (section / "data" / "articles").glob("*.json")}
    found = set()
    for page in (section / "threads").glob("*.md"):
        if page.name == "index.md":
            continue
        slugs = re.findall(r"^### \d+\. \[.*\]\(\.\./(.+?)\.md\)$", page.read_text(encoding="utf-8"), flags=re.M)
        found.add(frozenset(source[s] for s in slugs))
    events: dict[str, set[str]] = {}
    for path in EXAMPLES:
        if path.parent.name == "ecbplus":
            topic, doc = path.stem.split("_")
            events.setdefault(f"{topic}-{re.sub(r'^[0-9]+', '', doc)}", set()).add(path.stem)
    assert len(events) == 4
    assert found == {frozenset(v) for v in events.values()}
