"""Feeds a reader can follow: the latest articles, the latest quotes, each speaker's quotes.

In: the Views of one corpus (which quote boxes exist, who said them) and the
site's address. Out: (path inside the section, text) of every feed:

    feeds/articles.xml        RSS 2.0, the latest articles, each with its first key fact
    feeds/articles.json       the same as a JSON Feed 1.1
    feeds/quotes.xml          RSS 2.0, the latest quote boxes of the whole archive
    feeds/actors/<id>.xml     RSS 2.0, every quote box of one speaker, newest first

RSS is written by `feedgen` (a well-kept library: escaping, RFC 822 dates and
the channel's required elements are its job). Every date is an article's
date, never the build's, so the same articles give byte-identical feeds.
Links are absolute when `site_url` is set in mkdocs.yml (what feed readers
need); without it they are relative to the feed, which a reader reading the
built site from its own address still resolves.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from datetime import UTC, datetime

from generator.model import ArticleDigest
from generator.render.boxes import Box, quote_anchor, whole_text
from generator.render.views import Views, actor_feed

# Items in the site-wide feeds: a month of a busy beat; a reader that polls
# daily misses nothing, and the file stays small.
FEED_ITEMS = 30
# A quote item's title: the speaker and the first words of the quote.
TITLE_WORDS = 12
# The marker output.py looks for before it prunes a file of the section; an XML comment keeps the feed valid.
MARKER_COMMENT = "<!-- generated_by: digest -->"
# No article is dated: RSS still wants a lastBuildDate, and the build's clock would break byte-identical output.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Item:
    url: str  # the permalink: an article page, or a quote's anchor on it
    title: str
    summary: str
    date: str  # ISO date of the article, or ""
    author: str = ""


def feed_path(name: str) -> str:
    return f"feeds/{name}"


def actor_feed_path(actor_id: str) -> str:
    return feed_path(actor_feed(actor_id))


def _when(iso: str) -> datetime | None:
    try:
        return datetime.fromisoformat(iso[:10]).replace(tzinfo=UTC) if iso else None
    except ValueError:
        return None


def rss(title: str, home: str, self_url: str, description: str, items: list[Item]) -> str:
    """One RSS 2.0 document, newest item first, dated by its newest item."""
    # imported when a feed is rendered: feedgen brings lxml (0.012 s of a new process), and an edit renders
    # a feed only when one lists what it changed
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.title(title)
    fg.link(href=self_url, rel="self")
    fg.link(href=home, rel="alternate")  # after "self": feedgen's RSS <link> is the last link given
    fg.description(description)
    fg.language("en")
    fg.generator("article digest (python-feedgen)")
    dates = [d for d in (_when(i.date) for i in items) if d is not None]
    fg.lastBuildDate(max(dates, default=EPOCH))
    for item in items:
        fe = fg.add_entry(order="append")
        fe.title(item.title)
        fe.link(href=item.url)
        fe.guid(item.url, permalink=True)
        fe.description(item.summary or item.title)
        if item.author:
            fe.author(name=item.author, email="")
        when = _when(item.date)
        if when is not None:
            fe.pubDate(when)
    text = fg.rss_str(pretty=True).decode("utf-8")
    head, _, rest = text.partition("\n")
    return f"{head}\n{MARKER_COMMENT}\n{rest}"


def json_feed(title: str, home: str, self_url: str, description: str, items: list[Item]) -> str:
    """One JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/), keys sorted like every export."""
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": home,
        "feed_url": self_url,
        "description": description,
        "language": "en",
        "items": [
            {"id": i.url, "url": i.url, "title": i.title, "content_text": i.summary or i.title,
             **({"date_published": f"{i.date[:10]}T00:00:00Z"} if _when(i.date) else {}),
             **({"authors": [{"name": i.author}]} if i.author else {})}
            for i in items
        ],
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    # the same JSON, with no character a browser sniffing the file as HTML could read as markup
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _short(text: str, words: int = TITLE_WORDS) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


class Feeds:
    """Every feed of one corpus, from its Views.

    `site` is the address of the generated section ("https://example.org/digest/articles/"),
    or "" for links relative to each feed. `full` gives the whole digest of a slim one
    (the articles feed shows each article's first key fact).
    """

    def __init__(self, views: Views, site_name: str, site: str, full: Callable[[ArticleDigest], ArticleDigest]) -> None:
        self.views = views
        self.site_name = site_name
        self.site = site
        self.full = full

    def _root(self, path: str) -> str:
        """The section's address as seen from the feed at `path`."""
        return self.site or "../" * path.count("/")

    def _article_url(self, root: str, d: ArticleDigest) -> str:
        return f"{root}{d.slug}/"

    def _quote_item(self, root: str, d: ArticleDigest, box: Box) -> Item:
        q = box.quote
        speaker = self.views.speaker_name(d, q)
        text = whole_text(q.text) if not q.partial else q.text
        return Item(url=f"{self._article_url(root, d)}#{quote_anchor(q)}",
                    title=f"{speaker}: \u201c{_short(text)}\u201d",
                    summary=(q.sentence if q.partial and q.sentence else f"\u201c{text}\u201d") + f" ({d.article.title})",
                    date=d.article.date or "", author=speaker)

    def articles(self) -> list[Item]:
        path = feed_path("articles.xml")
        root = self._root(path)
        items = []
        for d in self.views.latest(FEED_ITEMS):
            whole = self.full(d)
            fact = whole.facts[0].text if whole.facts else (whole.article.paragraphs[0].text if whole.article.paragraphs else "")
            items.append(Item(url=self._article_url(root, d), title=d.article.title, summary=fact,
                              date=d.article.date or "", author=", ".join(d.article.byline)))
        return items

    def pages(self) -> Iterator[tuple[str, Callable[[], str]]]:
        """(path, its text when asked) of every feed."""
        name = self.site_name
        home = self._root(feed_path("x"))
        yield feed_path("articles.xml"), lambda: rss(
            f"{name}: latest articles", home, self._self(feed_path("articles.xml")),
            "The latest articles of the digest, each with its first key fact.", self.articles())
        yield feed_path("articles.json"), lambda: json_feed(
            f"{name}: latest articles", home, self._self(feed_path("articles.json")),
            "The latest articles of the digest, each with its first key fact.", self.articles())
        yield feed_path("quotes.xml"), lambda: rss(
            f"{name}: latest quotes", f"{home}quotes/", self._self(feed_path("quotes.xml")),
            "The latest quotations found in the articles, with their speakers.",
            [self._quote_item(home, d, b) for d, b in self.views.all_quotes()[:FEED_ITEMS]])
        for actor_id, name_of, boxes in self.views.speakers_boxes():
            path = actor_feed_path(actor_id)
            root = self._root(path)
            yield path, _bind(rss, f"{name}: quotes by {name_of}", f"{root}actors/{actor_id}/", self._self(path),
                              f"Every quotation of {name_of} found in the articles, newest first.",
                              partial(self._quote_items, root, boxes))

    def _quote_items(self, root: str, boxes: list[tuple[ArticleDigest, Box]]) -> list[Item]:
        return [self._quote_item(root, d, b) for d, b in boxes]

    def _self(self, path: str) -> str:
        """The feed's own address (its rel="self" link)."""
        return f"{self.site}{path}" if self.site else path.rsplit("/", 1)[-1]


def _bind(make: Callable[..., str], title: str, home: str, self_url: str, description: str,
          items: Callable[[], list[Item]]) -> Callable[[], str]:
    return lambda: make(title, home, self_url, description, items())
