"""RSS and Atom feed files -> one Article per item, with feedparser.

feedparser reads every RSS version and Atom, finds the encoding, and cleans
item HTML (scripts, event handlers and unsafe links are removed before we see
it). An item's text is its full content (`content:encoded`, Atom
`<content>`); an item that carries only a summary (`<description>`,
`<summary>`) is still ingested, marked `summary_only` so the page says so.
An item's `key` is its position in the feed ("1", "2", ...), so two items
with the same title stay two pages. An item without any text is one error
naming its position; the others go on.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import feedparser

from generator.errors import InputError
from generator.ingest.html import fragment_paragraphs
from generator.ingest.kinds import summary_kinds
from generator.ingest.normalise import clean_text, content_hash, squash_spaces
from generator.ingest.text import shorten_title, split_names
from generator.model import Article, Paragraph

log = logging.getLogger(__name__)

_TEXT_TYPES = ("text/plain", "text")


def _paragraphs(value: str, kind: str) -> list[str]:
    if kind in _TEXT_TYPES:
        return [p for p in (squash_spaces(x) for x in clean_text(value).split("\n")) if p]
    return fragment_paragraphs(value)


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return squash_spaces(clean_text(value)) or None


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return time.strftime("%Y-%m-%d", parsed)
    return None


def _authors(entry: Any) -> tuple[str, ...]:
    names: list[str] = []
    for author in entry.get("authors") or ():
        name = _text(author.get("name")) if hasattr(author, "get") else None
        if name:
            names.extend(split_names(name) or [name])
    if not names and (name := _text(entry.get("author"))):
        names = split_names(name) or [name]
    return tuple(dict.fromkeys(names))


def item_article(entry: Any, path: str, key: str, site: str | None) -> Article:
    where = f"{path} (item {key})"
    paragraphs: list[str] = []
    for content in entry.get("content") or ():
        paragraphs.extend(_paragraphs(content.get("value") or "", content.get("type") or "text/html"))
    summary_only = False
    if not paragraphs and entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        paragraphs = _paragraphs(entry["summary"], detail.get("type") or "text/html")
        summary_only = bool(paragraphs)
    if not paragraphs:
        raise InputError(where, "no text: the item has neither content nor a summary")
    title = _text(entry.get("title"))
    if title and "<" in title and (entry.get("title_detail") or {}).get("type") == "text/html":
        title = " ".join(fragment_paragraphs(title)) or title
    generated = title is None
    if title is None:
        title = shorten_title(paragraphs[0])
    tags = tuple(t for t in (_text(tag.get("term")) for tag in entry.get("tags") or () if hasattr(tag, "get")) if t)
    link = _text(entry.get("link"))
    payload = json.dumps([title, paragraphs, link], ensure_ascii=False)
    summary = None if summary_only or not entry.get("summary") else " ".join(_paragraphs(entry["summary"], "text/html"))
    kinds = summary_kinds(paragraphs, summary)
    return Article(
        source=path,
        key=key,
        format="feed",
        title=title,
        title_generated=generated,
        date=_date(entry),
        byline=_authors(entry),
        url=link,
        site=site,
        tags=tuple(dict.fromkeys(tags)),
        summary_only=summary_only,
        paragraphs=tuple(Paragraph(index=n, text=t, kind=k)
                         for n, (t, k) in enumerate(zip(paragraphs, kinds, strict=True), 1)),
        content_hash=content_hash(payload.encode("utf-8", "surrogatepass")),
    )


def read_feed(data: bytes, path: str, options: Any) -> list[Article | InputError]:
    # feedparser never fetches: given bytes it parses them, resolving no external entities
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        raise InputError(path, "not an RSS or Atom feed (XML without <rss>, <feed> or <rdf:RDF>); "
                               "only feeds are read from .xml files")
    if not entries:
        if parsed.get("bozo"):
            reason = parsed.get("bozo_exception")
            raise InputError(path, f"not a readable RSS or Atom feed ({reason})")
        raise InputError(path, "the feed has no items")
    site = _text((parsed.get("feed") or {}).get("title"))
    out: list[Article | InputError] = []
    for n, entry in enumerate(entries, 1):
        try:
            out.append(item_article(entry, path, str(n), site))
        except InputError as exc:
            out.append(exc)
        except (RecursionError, ValueError, TypeError, AttributeError, KeyError) as exc:  # one item, not the feed
            log.debug("item %d of %s", n, path, exc_info=True)
            out.append(InputError(f"{path} (item {n})", f"could not be read ({type(exc).__name__}: {exc})"))
    return out
