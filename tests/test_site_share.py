"""Following and sharing the built example site: feeds, quote permalinks, page meta, sitemap, 404.

Everything is read from what `mkdocs build --strict` wrote; feeds are parsed
with feedparser (a well-kept reader, the one readers' tools are built on),
which flags a malformed feed with `bozo`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import feedparser
import lxml.html
import pytest

from tests.conftest import ROOT

SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's default site_url (SITE_URL unset)


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    project, _ = built_site
    return project / "site"


def local(site: Path, url: str) -> tuple[Path, str]:
    """(the file a site URL names, its fragment)."""
    parsed = urlparse(url)
    assert url.startswith(SITE_URL), url
    path = site / parsed.path.lstrip("/")
    return (path / "index.html" if not path.suffix else path), parsed.fragment


def ids_of(page: Path) -> set[str]:
    return set(lxml.html.fromstring(page.read_bytes()).xpath("//@id"))


def feeds_of(site: Path) -> list[Path]:
    return sorted((site / "articles" / "feeds").rglob("*.xml"))


def test_every_feed_parses_without_bozo_and_every_item_lands(site):
    feeds = feeds_of(site)
    assert {"articles.xml", "quotes.xml"} <= {p.name for p in feeds}
    assert len([p for p in feeds if p.parent.name == "actors"]) >= 10
    checked = 0
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.feed.title and feed.entries, path
        for entry in feed.entries:
            page, fragment = local(site, entry.link)
            assert page.is_file(), (path.name, entry.link)
            if fragment:
                assert fragment in ids_of(page), (path.name, entry.link)
            assert entry.id == entry.link
            checked += 1
    assert checked > 50


def test_feed_sizes_follow_the_pages(site):
    """The quotes feed holds the newest quote boxes; a speaker's feed holds exactly the boxes of their page."""
    quotes_page = (site / "articles" / "quotes" / "index.html").read_text(encoding="utf-8")
    total = int(re.search(r"(\d+) quotes?, newest", quotes_page).group(1))
    assert len(feedparser.parse((site / "articles" / "feeds" / "quotes.xml").read_bytes()).entries) == min(total, 30)
    for path in sorted((site / "articles" / "feeds" / "actors").glob("*.xml")):
        page = site / "articles" / "actors" / path.stem / "index.html"
        boxes = lxml.html.fromstring(page.read_bytes()).xpath(
            "//div[contains(concat(' ', @class, ' '), ' admonition ') and contains(concat(' ', @class, ' '), ' quote ')]")
        assert len(feedparser.parse(path.read_bytes()).entries) == len(boxes), path.stem


def test_articles_feed_items_carry_the_first_key_fact(site):
    feed = feedparser.parse((site / "articles" / "feeds" / "articles.xml").read_bytes())
    examples = sorted((ROOT / "articles").rglob("*.txt"))  # twelve dated Wikinews reports, sixteen ECB+ articles (mostly undated)
    assert len(feed.entries) == min(len(examples), 30)
    dates = [e.get("published_parsed") for e in feed.entries]
    dated = [d for d in dates if d]
    assert len(dated) >= 12 and dates[:len(dated)] == sorted(dated, reverse=True)  # newest first, the undated after
    for entry in feed.entries:
        page, _ = local(site, entry.link)
        doc = lxml.html.fromstring(page.read_bytes())
        first_fact = " ".join(doc.xpath("//h2[@id='key-facts']/following-sibling::ol[1]/li[1]")[0].text_content().split())
        assert first_fact.startswith(" ".join(entry.summary.split())[:60]), entry.link


def test_json_feed(site):
    data = json.loads((site / "articles" / "feeds" / "articles.json").read_text(encoding="utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == SITE_URL + "articles/feeds/articles.json"
    rss = feedparser.parse((site / "articles" / "feeds" / "articles.xml").read_bytes())
    assert [i["url"] for i in data["items"]] == [e.link for e in rss.entries]
    assert all(i["id"] and i["title"] and i["content_text"] for i in data["items"])


def test_pages_link_their_feeds(site):
    home = lxml.html.fromstring((site / "index.html").read_bytes())
    alternates = {(x.get("type"), urljoin(SITE_URL, x.get("href"))) for x in home.xpath("//link[@rel='alternate']")}
    assert ("application/rss+xml", SITE_URL + "articles/feeds/articles.xml") in alternates
    assert ("application/feed+json", SITE_URL + "articles/feeds/articles.json") in alternates
    assert ("application/rss+xml", SITE_URL + "articles/feeds/quotes.xml") in alternates
    for path in sorted((site / "articles" / "feeds" / "actors").glob("*.xml")):
        page = site / "articles" / "actors" / path.stem / "index.html"
        doc = lxml.html.fromstring(page.read_bytes())
        base = SITE_URL + f"articles/actors/{path.stem}/"
        hrefs = {urljoin(base, x.get("href")) for x in doc.xpath("//link[@rel='alternate']")}
        assert SITE_URL + f"articles/feeds/actors/{path.stem}.xml" in hrefs, path.stem


def meta(doc, name: str) -> str:
    found = doc.xpath(f"//meta[@name='{name}' or @property='{name}']/@content")
    return found[0] if found else ""


def test_every_page_has_its_own_description_and_share_meta(site):
    pages = sorted(p for p in site.rglob("index.html"))
    seen: dict[str, Path] = {}
    generic = "a digest of the articles in articles/"
    for page in pages:
        doc = lxml.html.fromstring(page.read_bytes())
        description = meta(doc, "description")
        assert description and generic not in description, page
        assert meta(doc, "og:title") and meta(doc, "og:description") == description, page
        assert meta(doc, "twitter:card") == "summary" and meta(doc, "og:url").startswith(SITE_URL), page
        if "/articles/20" in str(page) or "/articles/actors/" in str(page):
            assert description not in seen, (page, seen.get(description))
            seen[description] = page
    assert len(seen) > 50  # the articles and the actors with a page of their own


def test_article_description_is_its_first_key_fact(site):
    page = next((site / "articles").glob("2015-09-22-*/index.html"))
    doc = lxml.html.fromstring(page.read_bytes())
    first_fact = " ".join(doc.xpath("//h2[@id='key-facts']/following-sibling::ol[1]/li[1]")[0].text_content().split())
    assert first_fact.startswith(meta(doc, "description").rstrip("…")[:80])


def test_actor_description_gives_role_and_counts(site):
    doc = lxml.html.fromstring((site / "articles" / "actors" / "yvette-cooper" / "index.html").read_bytes())
    assert meta(doc, "description") == "Yvette Cooper, Shadow Home Secretary (person): named in 1 article, with 1 quote."


def test_quote_ids_are_stable_and_the_copy_link_lands(site):
    """Every box links to its own id on its article page; the id is made of the paragraph and the quote's start."""
    checked = 0
    for page in [site / "articles" / "quotes" / "index.html", *sorted((site / "articles").glob("20*/index.html"))]:
        doc = lxml.html.fromstring(page.read_bytes())
        for link in doc.xpath("//a[contains(@class, 'digest-permalink')]"):
            target = urljoin(f"{SITE_URL}{page.parent.relative_to(site)}/", link.get("href"))
            file, fragment = local(site, target)
            assert re.fullmatch(r"q-\d+-\d+", fragment) and fragment in ids_of(file), target
            checked += 1
    assert checked > 100


def test_sitemap_lists_every_page_and_no_build_date(site):
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = set(re.findall(r"<loc>([^<]+)</loc>", text))
    pages = {SITE_URL + str(p.parent.relative_to(site)).replace(".", "").strip("/") + "/" for p in site.rglob("index.html")}
    pages = {p.replace(SITE_URL + "/", SITE_URL) for p in pages}
    assert locs == pages
    assert "<lastmod>" not in text


def test_404_page_helps_under_any_path(site):
    doc = lxml.html.fromstring((site / "404.html").read_bytes())
    assert doc.xpath("//h1")[0].text_content() == "Page not found"
    links = doc.xpath("//article//a/@href")
    assert SITE_URL in links and SITE_URL + "articles/quotes/" in links
    # assets are absolute too, so the page renders wherever the server shows it
    assert all(h.startswith(("/", "http")) for h in doc.xpath("//link[@rel='stylesheet']/@href"))
