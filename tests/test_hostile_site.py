"""Hostile input end to end: the generator, then a real `mkdocs build --strict`, then a scan of every built file.

The inputs are tests/fixtures/hostile (plus a 50 MB file made here) and one
good page. Expected: exit status 1 with one line per bad file naming it and
the reason; the good and the hostile-but-readable articles built; nothing
injected in docs/ or site/; no file written outside the generated section
(and the cache and site folders).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
import yaml

from tests.conftest import FIXTURES, ROOT

BAD = {
    "binary.html": "binary or unknown encoding",
    "empty.md": "empty file: nothing to read",
    "wrong_shape.json": "wrong shape: expected an article object",
    "not_json.json": "not valid JSON",
    "not_a_feed.xml": "not an RSS or Atom feed",
    "huge.txt": "file too large (52.4 MB > limit 21.0 MB)",
    "over_max_length.txt": "too long to analyse: 1,039,999 characters of text, over the model's limit of 1,000,000",
}
# Strings that exist only inside the payloads of the hostile fixtures.
PAYLOAD_MARKERS = ("digest-xss", "digest-comment")


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def tree_state(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    project = tmp_path_factory.mktemp("hostile")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("articles"))
    inputs = project / "in"
    shutil.copytree(FIXTURES / "hostile", inputs)
    shutil.copy(FIXTURES / "formats" / "page.html", inputs / "good_page.html")
    with (inputs / "huge.txt").open("wb") as f:
        f.write(b"Line of text.\n" * (50 * 1024 * 1024 // 14 + 1))
    # one paragraph over spaCy's max_length, under the size limit: refused alone, never its batch-mates
    (inputs / "over_max_length.txt").write_text("Too long\n\n" + "The board met on Monday. " * 41600 + "\n")
    before = tree_state(project)
    cli = run(["-m", "generator", "build", "in", "--out", "docs/articles", "--cache-dir", ".cache/digest"], project)
    # The pages are made; now MkDocs builds them as they are (the plugin is off, so the
    # build does not re-run the generator and its per-file warnings cannot fail --strict).
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "digest" in entry:
            entry["digest"]["enabled"] = False
    config["validation"] = {"links": {"anchors": "warn"}, "anchors": "warn", "unrecognized_links": "warn"}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config))
    site = run(["-m", "mkdocs", "build", "--strict"], project)
    return project, cli, site, before


def test_exit_status_and_one_line_per_bad_file(hostile_build):
    _project, cli, _site, _ = hostile_build
    assert cli.returncode == 1, cli.stderr[-3000:]
    lines = cli.stderr.splitlines()
    for name, reason in BAD.items():
        named = [line for line in lines if f"in/{name}" in line]
        assert len(named) == 1, (name, lines)  # one line per bad file, not one per logger
        assert named[0].startswith(f"in/{name}: {reason}"), named
    summary = cli.stdout.strip().splitlines()[-1]
    # good page + 2 markdown + script page + control chars + deep page + 2 same-title + 5 records + 2 feeds
    # + 2 with lone surrogates (front matter, JSON-LD), replaced by U+FFFD + block syntax at paragraph starts
    assert summary.startswith("18 articles") and f"{len(BAD)} failed" in summary, summary


def test_the_site_builds_strict(hostile_build):
    _project, _cli, site, _ = hostile_build
    assert site.returncode == 0, site.stderr[-3000:]
    assert "WARNING" not in site.stderr, site.stderr


def test_no_file_written_outside_the_section(hostile_build):
    project, _cli, _site, before = hostile_build
    after = tree_state(project)
    changed = {p for p in after if before.get(p) != after[p]}
    allowed = ("docs/articles/", "site/", ".cache/digest/")
    outside = sorted(p for p in changed if not p.startswith(allowed) and p != "mkdocs.yml")
    assert outside == []
    assert {p for p in before if p not in after} == set()  # nothing of the user's removed
    assert not any(part in ("..", "etc") for p in after for part in Path(p).parts), "a title became a path"


def test_generated_markdown_carries_no_live_syntax(hostile_build):
    project, _cli, _site, _ = hostile_build
    pages = sorted((project / "docs" / "articles").rglob("*.md"))
    assert len(pages) > 15
    for page in pages:
        text = page.read_text()
        if page.name.startswith("_"):  # a snippet included by a hand-written page: no front matter of its own
            body = text
        else:
            front, body = text.split("---\n", 2)[1:]
            meta = yaml.safe_load(front)  # the front matter stays valid YAML whatever the title
            assert meta["generated_by"] == "digest"
            assert set(meta) <= {"generated_by", "title", "description", "date", "tags", "digest_feed", "digest_feed_title",
                                 "search"}, meta
            assert meta.get("search", {"exclude": True}) == {"exclude": True}, meta  # the lists left out of the site search
        # our own marker comment on the home snippet is the one comment allowed
        text = text.replace("<!-- generated_by: digest; included by the home page, links relative to docs_dir -->", "")
        # Material's tags listing marker on topic pages is ours too; the tag inside it is escaped
        text = re.sub(r"<!-- material/tags \{ include: \[\"[^\"<>]*\"\], toc: false \} -->", "", text)
        for bad in ("<script", "<img", "onerror=", "onclick=", "javascript:", "data:text", "{{", "{%", "{#", "](java",
                    "<!--", "!!! danger"):
            assert bad not in text, (page.name, bad)
        assert not re.search(r"^\s*#+ injected", body, re.M), page.name


def _article_html(project: Path, stem: str) -> str:
    return (project / "site" / "articles" / stem / "index.html").read_text()


def test_built_site_has_no_injected_markup(hostile_build):
    project, _cli, _site, _ = hostile_build
    site = project / "site"
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".json", ".xml", ".js", ".txt"):
            continue
        raw = path.read_text(errors="replace")
        if path.suffix == ".json" and (path.name == "digest.json" or {"data", "feeds"} & set(path.relative_to(site).parts)):
            # the generator's data files (digest.json, data/articles|actors/*.json, the JSON Feed): article fields as JSON
            # strings, by design (never rendered as HTML)
            json.loads(raw)
            continue
        if path.suffix == ".json":
            # the search index: Material shows its text as HTML, so it is scanned as HTML text
            raw = json.dumps(json.loads(raw), ensure_ascii=False).replace('\\"', '"')
        for marker in PAYLOAD_MARKERS:
            for m in re.finditer(marker, raw):
                # a payload string may appear only as visible, escaped text: never inside a tag
                before = raw[max(0, m.start() - 200) : m.start()]
                assert "<" not in before.rsplit(">", 1)[-1] or before.rfind("&lt;") > before.rfind("<"), (path, before[-80:])
        if path.suffix != ".html":
            continue
        doc = lxml.html.fromstring(raw)
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            for name, value in el.attrib.items():
                assert not name.lower().startswith("on"), (path, el.tag, name, value)
                if name in ("href", "src", "action", "formaction"):
                    assert not value.strip().lower().startswith(("javascript:", "data:text", "vbscript:")), (path, value)
            if el.tag == "script":
                assert "digest-xss" not in (el.text or ""), path
            if el.tag in ("iframe", "object", "embed"):
                raise AssertionError((path, el.tag))
        assert "admonition danger" not in raw, path


def test_hostile_text_is_shown_as_text(hostile_build):
    project, _cli, _site, _ = hostile_build
    stems = [p.stem for p in (project / "docs" / "articles").glob("*.md") if "passwd" in p.stem and "2021" not in p.stem]
    [stem] = stems  # the HTML page titled ../../etc/passwd, undated
    page = lxml.html.fromstring(_article_html(project, stem))
    text = html.unescape(page.text_content())
    assert "{{ 7*7 }}" in text and "{% include 'mkdocs.yml' %}" in text  # never evaluated, never included
    assert "[click me](javascript:alert('digest-xss-7'))" in text
    assert "<script>alert('digest-xss-9')</script>" in text  # shown, not run
    assert "../../etc/passwd" in text
    assert "site_name" not in text  # mkdocs.yml was not included


def test_same_title_same_date_two_pages(hostile_build):
    project, _cli, _site, _ = hostile_build
    names = sorted(p.name for p in (project / "docs" / "articles").glob("2021-03-03-council-approves-new-budget*.md"))
    assert names == ["2021-03-03-council-approves-new-budget-2.md", "2021-03-03-council-approves-new-budget.md"]


def test_inside_mkdocs_a_bad_input_is_one_warning_and_strict_fails(tmp_path):
    """`mkdocs build --strict` with the plugin on: the good article is built, the bad file is one warning, status 1."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("articles"))
    inputs = tmp_path / "articles"
    inputs.mkdir()
    shutil.copy(FIXTURES / "hostile" / "same_title_1.txt", inputs)
    shutil.copy(FIXTURES / "hostile" / "wrong_shape.json", inputs)
    result = run(["-m", "mkdocs", "build", "--strict"], tmp_path)
    assert result.returncode == 1
    named = [line for line in result.stderr.splitlines() if "wrong_shape.json" in line]
    assert len(named) == 1 and named[0].startswith("WARNING -  digest: ") and "wrong shape" in named[0], named
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr
    assert (tmp_path / "docs" / "articles" / "2021-03-03-council-approves-new-budget.md").is_file()


def test_block_syntax_paragraphs_keep_their_anchors(hostile_build):
    """`???`, `???+`, `---`, `-- -`, `=== "Tab"`, `!!!`, `+ `, `***`, a setext underline: each stays a paragraph
    with its anchor in the built site (and the strict build above checked every link to them). A line that
    ingest calls a heading (Paragraph.kind) is shown as the page's own subheading, with the same anchor and text."""
    project, _cli, site, _ = hostile_build
    [page] = (project / "docs" / "articles").glob("*block-syntax-at-the-start*.md")
    html_text = _article_html(project, page.stem)
    doc = lxml.html.fromstring(html_text)
    from generator.ingest import read_file

    [source] = read_file(FIXTURES / "hostile" / "block_syntax.txt")
    assert len(source.paragraphs) == 12
    for para_in in source.paragraphs:
        [para] = doc.xpath(f'//*[@id="p-{para_in.index}"]')
        want = ("h3", "digest-subhead") if para_in.kind == "heading" else ("p", None)
        assert (para.tag, para.get("class")) == want, (para_in.index, lxml.html.tostring(para)[:200])
        assert " ".join(para.text_content().split()).endswith(para_in.text), (para_in.text, para.text_content())
    assert not doc.xpath("//article//details | //article//hr"), "live block syntax"
