"""Every count the site shows equals the number of items on the page it links to (the built example site).

Read from the HTML that `mkdocs build --strict` wrote, the way a reader
follows the links: the home page's tiles, the speakers list of the quote
index, the article and quote counts at the top of an actor page.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import lxml.html
import pytest


# Quote boxes (Material's call-outs) and the items of a list under a heading (A-Z pages, the timeline).
QUOTE_BOX = "//div[contains(concat(' ', @class, ' '), ' admonition ') and contains(concat(' ', @class, ' '), ' quote ')]"
LISTED = "//h2/following-sibling::*[1][self::ul]/li"


def page(site: Path, url: str):
    """The parsed page at a site URL ("articles/quotes/", "articles/people/#x")."""
    path = site / urlparse(url).path.lstrip("/")
    if path.suffix != ".html":
        path = path / "index.html"
    return lxml.html.fromstring(path.read_bytes())


def pages(site: Path, url: str) -> list:
    """A paginated index: its first page and every page its pager links to."""
    first = page(site, url)
    more = [urljoin(url, a.get("href")) for a in first.xpath("//nav[contains(@class, 'digest-pager')]//a")]
    return [first] + [page(site, u) for u in more]


def count_items(site: Path, url: str) -> int:
    """The items a reader sees on the page `url` leads to, by the kind of page it is."""
    path = urlparse(url).path
    if path.endswith("articles/"):  # the articles index: the articles of every month page
        months = [urljoin(url, a.get("href")) for a in page(site, url).xpath("//h2[@id='by-month']/following-sibling::ul[1]//a")]
        return sum(len(p.xpath("//article//ul/li")) for m in months for p in [page(site, m)])
    if path.endswith(("/quotes/",)):
        return sum(len(p.xpath(QUOTE_BOX)) for p in pages(site, url))
    if path.endswith("/timeline/"):
        return sum(len(p.xpath(LISTED)) for p in pages(site, url))
    if path.endswith("/topics/"):
        return len([a for a in page(site, url).xpath("//article//a") if re.fullmatch(r"[^/#.]+/", a.get("href") or "")])
    return len(page(site, url).xpath(LISTED))  # an A-Z page of actors


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    project, _ = built_site
    return project / "site"


def test_home_counts_equal_the_items_they_link_to(site):
    tiles = page(site, "").xpath("//div[contains(@class, 'digest-counts')]//a")
    labels = [" ".join(t.text_content().split()) for t in tiles]
    assert [x.split(" ", 1)[1] for x in labels] == ["articles", "people", "organisations", "places", "quotes",
                                                     "dated events", "topics"]
    seen = {}
    for tile, label in zip(tiles, labels, strict=True):
        shown = int(tile.xpath(".//strong")[0].text_content())
        url = tile.get("href")
        seen[label] = count_items(site, url)
        assert seen[label] == shown, f"{label!r} links to {url}, which shows {seen[label]}"
    # the people and organisations tiles no longer share one unfiltered page
    assert len({t.get("href") for t in tiles}) == len(tiles)
    assert all(n > 0 for n in seen.values()), seen


def test_speakers_list_counts_the_boxes_on_each_speakers_page(site):
    html = (site / "articles" / "quotes" / "index.html").read_text(encoding="utf-8")
    speakers = re.findall(r'<a href="([^"#]+)#quotes">([^<]+)</a> \((\d+)\)', html)
    assert len(speakers) >= 10
    for href, name, n in speakers:
        actor = page(site, urljoin("articles/quotes/", href))
        boxes = actor.xpath(QUOTE_BOX)
        assert len(boxes) == int(n), f"{name}: the list says {n}, the page shows {len(boxes)}"


def test_actor_page_header_counts_its_own_lists(site):
    checked = 0
    for path in sorted((site / "articles" / "actors").glob("*/index.html")):
        doc = lxml.html.fromstring(path.read_bytes())
        meta = doc.xpath("//p[contains(@class, 'digest-meta')]")[0].text_content()
        articles = int(re.search(r"(\d+) articles?", meta).group(1))
        assert articles == len(doc.xpath("//h2[@id='articles']/following::table[1]/tbody/tr")), path
        found = re.search(r"(\d+) quotes?", meta)
        boxes = len(doc.xpath(QUOTE_BOX))
        assert (int(found.group(1)) if found else 0) == boxes, path
        checked += 1
    assert checked > 40  # every actor with a page of its own (issue 17: not a name seen once)


def test_one_spelling_of_organisation(site):
    """The site writes "organisation" in its own words (the model's kind is "organization")."""
    for url in ("articles/actors/", "articles/organisations/"):
        text = page(site, url).xpath("string(//article)")
        assert "organisation" in text and "organization" not in text.replace("Organization", ""), url
