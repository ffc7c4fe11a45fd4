"""JSON and JSON Lines records (exports of news APIs) -> Articles.

A file holds one record (an object), many (an array of objects, or an object
with the array under `articles`, `items`, `results`, `data`, `records`,
`entries`, `docs` or `posts`), or one record per line (JSON Lines). Each
record's fields are found by name: `FIELD_NAMES` lists the names tried for
each article field, first match wins; the `field_map` option of mkdocs.yml
puts its own names in front:

    field_map:
      body: [story_html]
      authors: [writers]

A body that is HTML (a `<p>` or `<br>` in it) is read as HTML; a plain body
gives one paragraph per line or per blank-line block, or per item when it is
a list. Each record is one Article whose `key` is its position ("3", or the
line number for JSON Lines), so records with the same title stay distinct. A
record without a body is one error naming its position; the others go on.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from typing import Any

from generator.errors import InputError
from generator.ingest.dates import parse_date
from generator.ingest.normalise import clean_text, content_hash, decode, squash_spaces
from generator.ingest.text import shorten_title, split_names
from generator.model import Article, Paragraph

log = logging.getLogger(__name__)

# Article field -> JSON names tried in order (case-insensitive; "a.b" looks inside an object).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "name", "heading"),
    "body": ("body", "text", "content", "article", "full_text", "fulltext", "story", "article_body", "articleBody",
             "body_text", "content_html", "html"),
    "summary": ("summary", "description", "abstract", "lead", "excerpt", "snippet", "teaser"),
    "date": ("date", "published", "published_at", "publishedAt", "pubDate", "datePublished", "publication_date",
             "pub_date", "created_at", "time", "timestamp", "updated"),
    "authors": ("authors", "author", "byline", "creator", "creators", "writer", "by"),
    "url": ("url", "link", "source_url", "web_url", "permalink", "canonical_url"),
    "site": ("site", "source", "publisher", "site_name", "source_name", "publication", "outlet"),
    "tags": ("tags", "keywords", "categories", "topics", "subjects"),
}
FIELDS = tuple(FIELD_NAMES)
# Keys under which an object wraps its list of records.
LIST_KEYS = ("articles", "items", "results", "data", "records", "entries", "docs", "posts", "stories", "response")

_HTML_BODY = re.compile(r"<(p|br|div|h[1-6]|li|blockquote|span|a|em|strong|i|b)[\s/>]", re.I)


def field_names(field_map: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, tuple[str, ...]]:
    """The names tried per field: the user's first, then the built-in ones."""
    names = dict(FIELD_NAMES)
    for field, extra in (field_map or {}).items():
        names[field] = tuple(dict.fromkeys((*extra, *names.get(field, ()))))
    return names


def _get(obj: Any, key: str) -> Any:
    """obj[key], else the key in another case ("Title", "PUBLISHED"); None when obj is no mapping."""
    if not isinstance(obj, Mapping):
        return None
    if key in obj:
        return obj[key]
    folded = key.casefold()
    return next((v for k, v in obj.items() if isinstance(k, str) and k.casefold() == folded), None)


def _lookup(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    """The first non-empty value among `names`; "a.b" is key b of the object under a."""
    for name in names:
        value: Any = record
        for part in name.split("."):
            value = _get(value, part)
        if value not in (None, "", [], {}):
            return value
    return None


def _as_text(value: Any) -> str | None:
    if isinstance(value, Mapping):
        for key in ("name", "title", "value", "text", "#text"):
            if isinstance(value.get(key), str):
                return value[key]
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _clean(value: Any) -> str | None:
    text = _as_text(value)
    return squash_spaces(clean_text(text)) or None if text is not None else None


# A body given as a list may nest lists (sections of paragraphs); deeper than
# this is not an article's shape, and stopping keeps hostile JSON from recursing.
MAX_LIST_DEPTH = 4


def _paragraphs(value: Any, depth: int = 0) -> list[str]:
    if isinstance(value, list):
        out: list[str] = []
        if depth < MAX_LIST_DEPTH:
            for item in value:
                out.extend(_paragraphs(item, depth + 1))
        return out
    text = _as_text(value)
    if text is None:
        return []
    text = clean_text(text)
    if _HTML_BODY.search(text):
        from generator.ingest.html import fragment_paragraphs

        return fragment_paragraphs(text)
    return [p for p in (squash_spaces(line) for line in text.split("\n")) if p]


def _authors(value: Any, depth: int = 0) -> list[str]:
    if isinstance(value, list):
        return [n for item in value for n in _authors(item, depth + 1)] if depth < MAX_LIST_DEPTH else []
    text = _clean(value)
    if not text:
        return []
    text = re.sub(r"^by\s+", "", text, flags=re.I)
    return split_names(text) or [text]


def _date(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 4e12:
        from datetime import UTC, datetime

        seconds = value / 1000 if value > 1e11 else value  # milliseconds from JavaScript exports
        return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()
    text = _clean(value)
    if not text:
        return None
    m = re.match(r"(\d{4}-\d\d-\d\d)", text)
    return parse_date(m.group(1)) if m else parse_date(text)


def _tags(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    return tuple(t for t in (_clean(v) for v in value) if t)


def record_article(record: Any, path: str, key: str, names: dict[str, tuple[str, ...]], digest: str,
                   notes: tuple[str, ...] = ()) -> Article:
    """One record -> Article; InputError (naming the record) when it has no text."""
    where = f"{path} (record {key})" if key else path
    if not isinstance(record, Mapping):
        raise InputError(where, f"a record must be a JSON object with a title and a body, not {type(record).__name__}")
    paragraphs = _paragraphs(_lookup(record, names["body"]))
    summary_only = False
    if not paragraphs:
        paragraphs = _paragraphs(_lookup(record, names["summary"]))
        summary_only = bool(paragraphs)
    if not paragraphs:
        tried = ", ".join(names["body"][:6])
        raise InputError(where, f"no article text: none of the body fields ({tried}, ...) holds text; "
                                "name yours in field_map: {body: [your_field]}")
    title = _clean(_lookup(record, names["title"]))
    generated = title is None
    if title is None:
        title = shorten_title(paragraphs[0])
    url = _clean(_lookup(record, names["url"]))
    return Article(
        source=path,
        key=key,
        format="json",
        title=title,
        title_generated=generated,
        date=_date(_lookup(record, names["date"])),
        byline=tuple(dict.fromkeys(_authors(_lookup(record, names["authors"])))),
        url=url,
        site=_clean(_lookup(record, names["site"])),
        tags=_tags(_lookup(record, names["tags"])),
        summary_only=summary_only,
        paragraphs=tuple(Paragraph(index=n, text=t) for n, t in enumerate(paragraphs, 1)),
        content_hash=digest,
        notes=notes,
    )


def _records(text: str, path: str) -> list[tuple[str, Any]]:
    """(key, record) pairs of a JSON document or a JSON Lines file."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as whole:
        lines = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
        if len(lines) < 2:
            raise InputError(path, f"not valid JSON (line {whole.lineno}, column {whole.colno}: {whole.msg})") from None
        out: list[tuple[str, Any]] = []
        for n, line in lines:
            try:
                out.append((str(n), json.loads(line)))
            except json.JSONDecodeError as exc:
                out.append((str(n), InputError(f"{path} (line {n})", f"not valid JSON ({exc.msg}, column {exc.colno})")))
        return out
    except RecursionError:
        raise InputError(path, "JSON nested too deeply to read") from None
    if isinstance(doc, Mapping):
        for key in LIST_KEYS:
            inner = doc.get(key)
            if isinstance(inner, Mapping):
                inner = next((inner[k] for k in LIST_KEYS if isinstance(inner.get(k), list)), inner)
            if isinstance(inner, list):
                return [(str(n), r) for n, r in enumerate(inner, 1)]
        return [("", doc)]
    if isinstance(doc, list):
        return [(str(n), r) for n, r in enumerate(doc, 1)]
    raise InputError(path, f"wrong shape: expected an object (one article), an array of objects or JSON Lines, "
                           f"got a JSON {type(doc).__name__}")


def _has_article_fields(record: Mapping[str, Any], names: dict[str, tuple[str, ...]]) -> bool:
    return any(_paragraphs(_lookup(record, names[f])) for f in ("body", "summary"))


def read_records(data: bytes, path: str, options: Any) -> list[Article | InputError]:
    text, notes = decode(data, path, getattr(options, "encoding", None))
    names = field_names(getattr(options, "field_map", None))
    out: list[Article | InputError] = []
    records = _records(text, path)
    if not records:
        raise InputError(path, "no records: the JSON array is empty")
    if len(records) == 1 and isinstance(records[0][1], Mapping) and not _has_article_fields(records[0][1], names):
        keys = ", ".join(sorted(str(k) for k in records[0][1])[:8]) or "none"
        raise InputError(path, "wrong shape: expected an article object (title, body, ...), an array of them, or an object "
                               f"holding them under {', '.join(LIST_KEYS[:4])}...; found the keys {keys}")
    for key, record in records:
        if isinstance(record, InputError):
            out.append(record)
            continue
        try:
            # each record's own hash, so editing one record of a file re-analyses only that one
            own = content_hash(json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass"))
            out.append(record_article(record, path, key, names, own, notes))
        except InputError as exc:
            out.append(exc)
        except (RecursionError, ValueError, TypeError, AttributeError, KeyError) as exc:  # one record, not the file
            log.debug("record %s of %s", key, path, exc_info=True)
            out.append(InputError(f"{path} (record {key})" if key else path, f"could not be read ({type(exc).__name__}: {exc})"))
    if all(isinstance(x, InputError) for x in out) and len(out) == 1:
        raise out[0]  # type: ignore[misc]
    return out
