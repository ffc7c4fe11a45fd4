"""Every page kind through `mkdocs build --strict` with anchor validation, on the hand-built corpus.

The example site has no quotes, events or topics until the analysis issues
land; this builds the demo corpus (tests/demo_site.py) so that every quote,
event, fact and mention link of every page kind is checked by MkDocs now.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import mkdocs_build
from tests.demo_site import demo_project


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    project = demo_project(tmp_path_factory.mktemp("demo"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, result


def html_of(project, *parts: str) -> str:
    return (project.joinpath("site", *parts) / "index.html").read_text(encoding="utf-8")


def test_strict_build_with_every_page_kind(demo_site):
    project, result = demo_site
    assert "WARNING" not in result.stderr, result.stderr
    for parts in (("articles",), ("articles", "quotes"), ("articles", "timeline"), ("articles", "topics"),
                  ("articles", "topics", "social-media"), ("articles", "actors"), ("articles", "actors", "barack-obama")):
        assert (project.joinpath("site", *parts) / "index.html").is_file(), parts
    # The home page includes the generated snippet; the snippet is not a page of its own.
    home = html_of(project)
    assert 'class="digest-counts"' in home and "Barack Obama" in home
    assert not (project / "site" / "articles" / "_home").exists()
    # Data exports are copied as they are.
    assert (project / "site" / "articles" / "data" / "actors" / "barack-obama.json").is_file()


def test_tags_link_to_the_topic_page(demo_site):
    project, _ = demo_site
    article = next((project / "site" / "articles").glob("2015-09-22-*/index.html")).read_text(encoding="utf-8")
    chips = re.findall(r'<a href="([^"]+)" class="md-tag[^"]*">([^<]+)</a>', article)
    assert ("../topics/social-media/#tag:social-media", "social media") in chips
    topic = html_of(project, "articles", "topics", "social-media")
    assert topic.count('href="../../2015-09-22-') >= 1 and topic.count('href="../../2018-06-19-') >= 1


def test_search_finds_items_on_their_own_pages_not_on_the_lists(demo_site):
    """The quote, timeline, month and A-Z lists are out of the search index: their items are searched on
    the article and actor pages they come from (one hit each, in context), which stay in it."""
    project, _ = demo_site
    index = json.loads((project / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {e["location"].split("#")[0] for e in index["docs"]}
    for listed in ("articles/quotes/", "articles/timeline/", "articles/actors/", "articles/people/", "articles/organisations/"):
        assert listed not in pages
    assert not any(p.startswith("articles/months/") for p in pages)
    assert "articles/actors/barack-obama/" in pages and "articles/topics/social-media/" in pages
    assert any(p.startswith("articles/2015-09-22-") for p in pages)
    quote = next(e for e in index["docs"] if "Cool clock" in e["text"])  # a quote: found on its article page
    assert quote["location"].startswith("articles/2015-09-22-")


def test_hostile_text_is_inert_in_the_site(demo_site):
    project, _ = demo_site
    for page in (project / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
        assert 'href="javascript:alert' not in text, page
        assert "{{ 7*7 }}" not in text.replace("&#123;&#123; 7&#42;7 &#125;&#125;", ""), page
    # ... and still readable as the text it was.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_of(project, "articles", "timeline")


def test_no_request_leaves_the_host(demo_site):
    project, _ = demo_site
    home = html_of(project)
    assert "fonts.googleapis.com" not in home and "fonts.gstatic.com" not in home
    # canonical and alternate links name the site's own address (site_url); nothing is fetched from them
    fetched = re.sub(r'<link rel="(?:canonical|alternate)"[^>]*>', "", home)
    external = set(re.findall(r'(?:src|href)="(https?://[^"]+)"', fetched))
    assert external == set(), external


def test_anchor_validation_catches_a_missing_paragraph(tmp_path):
    """The negative control: a link to a paragraph that does not exist fails the strict build."""
    project = demo_project(tmp_path)
    slug = next((project / "docs" / "articles").glob("2015-09-22-*.md")).stem
    (project / "docs" / "broken.md").write_text(f"# Broken\n\n[gone](articles/{slug}.md#p-999)\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "#p-999" in result.stderr and "broken.md" in result.stderr


def test_site_url_is_respected(tmp_path):
    """Published under a sub-path: canonical links and the sitemap carry site_url; page links stay relative."""
    project = demo_project(tmp_path)
    config = project / "mkdocs.yml"
    text = re.sub(r"(?m)^site_url:.*$", "site_url: https://example.org/digest/", config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    quotes = html_of(project, "articles", "quotes")
    assert '<link rel="canonical" href="https://example.org/digest/articles/quotes/">' in quotes
    assert "<loc>https://example.org/digest/articles/quotes/</loc>" in (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert 'href="https://example.org' not in quotes.replace('rel="canonical" href="https://example.org', "")
