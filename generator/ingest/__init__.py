"""Ingest: files and folders in, Articles (or InputErrors) out.

One reader per format (text, Markdown, HTML, JSON / JSON Lines records,
RSS/Atom feeds). The suffix names the format a file claims; the first bytes
can overrule it when they clearly say otherwise (an `.html` or `.xml` file
that is a feed, an `.html` file with no markup that is plain text, a `.txt`
file that is an HTML page, a `.json` file that is JSON Lines). A reader gets
the raw bytes and returns the articles of the file, plus one InputError per
record it could not use, so one file may hold many articles and one bad item
does not sink the others. This module only walks paths, guards sizes and
turns failures into per-file errors, so the batch always goes on.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from generator.errors import InputError
from generator.ingest.normalise import clean_text, content_hash, decode, replace_surrogates
from generator.ingest.clean import clean_article
from generator.ingest.kinds import decide_kinds
from generator.ingest.known import FileRecords, Known
from generator.ingest.text import read_text
from generator.model import Article

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class ReadOptions:
    """What readers may need from the configuration.

    Args:
        encoding: decode text inputs with this encoding instead of detecting it.
        max_bytes: refuse files larger than this (`max_file_mb` in the config).
        follow_symlinks: read symbolic links inside an input folder that lead out of it.
        skip_dirs: folders never read inside an input folder (the output section,
            the cache, the built site): what the generator writes is never read back.
        field_map: extra JSON field names per article field (`field_map` in the
            config), tried before the built-in names; see `records.FIELD_NAMES`.
    """

    def __init__(self, *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 field_map: Mapping[str, tuple[str, ...]] | None = None, follow_symlinks: bool = False,
                 skip_dirs: Iterable[str | Path] = ()) -> None:
        self.encoding = encoding
        self.max_bytes = max_bytes
        self.field_map = dict(field_map or {})
        self.follow_symlinks = follow_symlinks
        self.skip_dirs = tuple(skip_dirs)

    def signature(self) -> str:
        """Every option, as text: what was read under other options is read again (ingest/known.py)."""
        return repr((self.encoding, self.max_bytes, sorted(self.field_map.items()), self.follow_symlinks,
                     [str(d) for d in self.skip_dirs]))


Item = Article | InputError
Reader = Callable[[bytes, str, ReadOptions], list[Item]]


def _read_plain(data: bytes, path: str, options: ReadOptions) -> list[Item]:
    text, notes = decode(data, path, options.encoding)
    return [read_text(clean_text(text), path, content_hash=content_hash(data), notes=notes)]


def _read_markdown(data: bytes, path: str, options: ReadOptions) -> list[Item]:
    from generator.ingest.markdown import read_markdown

    return [read_markdown(data, path, options)]


# HTML pages are read by lxml and trafilatura in time that grows with the
# elements of the page: about 90 microseconds an element here (2 cores,
# shared), so 5,000 elements take 0.5 s, 20,000 take 2 s and 80,000 take 7 s,
# linear up to there (read_bytes timed on pages of flat <p> and <span>
# elements and of nested <div>s, tests/test_leftovers.py). A news page has
# a few thousand elements; a page over this budget is refused with one line
# before it is parsed, so no page can hold the read stage for minutes
# (issue 15, item 11: 190,000 flat elements took 151 s; a 190,000-deep body
# was lost without a word). Element starts ("<" and a letter) are counted on
# the bytes, which over-counts a little ("<b" inside a script) and costs
# milliseconds.
MAX_HTML_ELEMENTS = 50_000
_ELEMENT_START = re.compile(rb"<[A-Za-z]")


def _read_html(data: bytes, path: str, options: ReadOptions) -> list[Item]:
    from generator.ingest.html import decode_html, extract_article

    elements = len(_ELEMENT_START.findall(data))
    if elements > MAX_HTML_ELEMENTS:
        raise InputError(path, f"too many HTML elements to read ({elements:,} > {MAX_HTML_ELEMENTS:,}; a news page has "
                               "a few thousand); save the article's text as a .txt or .md file")
    text, notes = decode_html(data, path, options.encoding)
    return [extract_article(text, path, content_hash=content_hash(data), notes=notes)]


def _read_records(data: bytes, path: str, options: ReadOptions) -> list[Item]:
    from generator.ingest.records import read_records

    return read_records(data, path, options)


def _read_feed(data: bytes, path: str, options: ReadOptions) -> list[Item]:
    from generator.ingest.feed import read_feed

    return read_feed(data, path, options)


# format name -> reader; suffix -> the format a file of that suffix claims to be
FORMAT_READERS: dict[str, Reader] = {
    "text": _read_plain,
    "markdown": _read_markdown,
    "html": _read_html,
    "records": _read_records,
    "feed": _read_feed,
}
SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "records", ".jsonl": "records", ".ndjson": "records",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
READERS: dict[str, Reader] = {suffix: FORMAT_READERS[fmt] for suffix, fmt in SUFFIX_FORMATS.items()}

# How far into a file the content sniffing looks: past a BOM, an XML
# declaration, comments and a doctype, to the first element.
SNIFF_BYTES = 2048
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I | re.S)
_ANY_TAG = re.compile(rb"</?[a-z][a-z0-9]*(\s[^<>]*)?>", re.I)


def _sniff_head(data: bytes) -> bytes:
    head = data[:SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = data[: SNIFF_BYTES * 2].decode("utf-16", "ignore").encode("utf-8")
        except UnicodeError:
            pass
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()


def choose_format(data: bytes, suffix: str) -> str | None:
    """The format to read `data` as: the suffix's, unless the content clearly says otherwise.

    Only unmistakable signs overrule a suffix: a feed's root element, an HTML
    document start, an HTML file without a single tag (plain text saved as
    .html). A `.txt` starting with "[" stays text (a bracketed pull quote).
    """
    claimed = SUFFIX_FORMATS.get(suffix.lower())
    head = _sniff_head(data)
    if claimed in ("html", "feed", "text") and _FEED_ROOT.search(head) and (head.startswith(b"<?xml") or head[:1] == b"<"):
        return "feed"
    if claimed in ("text", "feed", "markdown") and _HTML_START.match(head):
        return "html"
    if claimed == "html" and not _ANY_TAG.search(data[: SNIFF_BYTES * 8]):
        return "text"
    return claimed


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted(READERS))


def discover(inputs: Iterable[str | Path], *, follow_symlinks: bool = False,
             skip_dirs: Iterable[str | Path] = ()) -> Iterator[Path | InputError]:
    """Files to read, in a stable order, each once; a missing path is an error, not a crash.

    Inside a folder only known suffixes are taken; hidden files and folders
    and the `skip_dirs` (what the generator writes: the section, the cache,
    the built site) are skipped, so an output inside an input is never read
    back. A symbolic link found in a folder is followed only when it stays
    inside that folder, unless `follow_symlinks` (a link to /proc/self/environ
    would otherwise publish the build's environment); a link leading out is
    an InputError naming it. A file named on the command line is always tried
    (the user chose it), so a wrong suffix gets a clear message instead of
    silence. A file reached twice (overlapping inputs, a link to a file also
    read) is read once.
    """
    skip = {Path(d).resolve() for d in skip_dirs}
    seen: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for child in _walk(path, follow_symlinks, skip):
                if isinstance(child, InputError):
                    yield child
                    continue
                real = child.resolve()
                if real not in seen:
                    seen.add(real)
                    yield child
        elif path.is_file():
            real = path.resolve()
            if real not in seen:
                seen.add(real)
                yield path
        else:
            yield InputError(str(item), "no such file or folder")


def _walk(folder: Path, follow_symlinks: bool, skip: set[Path]) -> list[Path | InputError]:
    """The readable files under `folder`, sorted, and an InputError per symlink that leads out of it."""
    root = folder.resolve()
    found: list[tuple[Path, Path | InputError]] = []

    def outside(link: Path) -> InputError:
        target = link.resolve()
        return InputError(str(link), f"a symbolic link to {target}, outside the input folder {folder}; not followed "
                                     "(set follow_symlinks: true, or pass --follow-symlinks, to read it)")

    visited = {root}  # followed links can make cycles: each real folder is walked once
    for here, dirs, files in os.walk(folder, followlinks=follow_symlinks):
        base = Path(here)
        kept = []
        for name in sorted(dirs):
            sub = base / name
            real = sub.resolve()
            if name.startswith(".") or real in skip or real in visited:
                continue
            visited.add(real)
            if sub.is_symlink() and not follow_symlinks:
                if not _inside(sub.resolve(), root):
                    found.append((sub, outside(sub)))
                continue  # a link inside the folder: its files are read where they are
            kept.append(name)
        dirs[:] = kept
        for name in files:
            child = base / name
            if name.startswith(".") or child.suffix.lower() not in READERS:
                continue
            if child.is_symlink() and not follow_symlinks and not _inside(child.resolve(), root):
                found.append((child, outside(child)))
            elif child.is_file():
                found.append((child, child))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def read_bytes(data: bytes, name: str, options: ReadOptions | None = None) -> list[Item]:
    """The articles of one file's bytes (and an InputError per unusable record).

    Raises InputError when the file as a whole cannot be read. `name` gives
    the suffix and is the path named in errors and on the page.
    """
    options = options or ReadOptions()
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIX_FORMATS:
        raise InputError(name, f"unsupported format {suffix or '(no suffix)'!r}; supported: {', '.join(supported_suffixes())}")
    if len(data) > options.max_bytes:
        raise InputError(name, _too_large(len(data), options.max_bytes))
    if not data.strip():
        raise InputError(name, "empty file: nothing to read")
    fmt = choose_format(data, suffix)
    assert fmt is not None
    items = [_checked(item, name) for item in FORMAT_READERS[fmt](data, name, options)]
    if not items:
        raise InputError(name, "no article found in the file")
    if len(items) == 1 and isinstance(items[0], InputError):
        raise items[0]
    return items


# A title when nothing in the file gives one and the text has no sentence to shorten.
UNTITLED = "Untitled"


def _checked(item: Item, name: str) -> Item:
    """The checks every reader's output gets: valid Unicode, some words of text, a non-empty title."""
    if isinstance(item, InputError):
        return _scrubbed_error(item)
    fields, where = replace_surrogates(item.to_dict())
    if where:
        fields["notes"] = [*fields.get("notes", ()), f"lone surrogate code points replaced by U+FFFD in: {', '.join(sorted(where))}"]
        item = Article.from_dict(fields)
    if not any(ch.isalnum() for p in item.paragraphs for ch in p.text):
        label = f"{name} ({'item' if item.format == 'feed' else 'record'} {item.key})" if item.key else name
        return InputError(label, "no article text: only punctuation or symbols")
    # web-copy furniture flattened into the body goes now, so the Article that is read, cached and
    # keyed is the one the digest carries (the Analyser's own call is then a no-op)
    item = clean_article(item)
    item = decide_kinds(item)  # captions, credits, source lists, headings: shown, but never facts, events or figures
    if not item.title.strip():
        return replace(item, title=UNTITLED, title_generated=True)
    return item


def _scrubbed_error(error: InputError) -> InputError:
    """An InputError whose path and reason can be printed and written (lone surrogates replaced)."""
    (path, reason), where = replace_surrogates((error.path, error.reason))
    return InputError(path, reason) if where else error


def _too_large(size: int, limit: int) -> str:
    return (f"file too large ({size / 1e6:.1f} MB > limit {limit / 1e6:.1f} MB); "
            "raise max_file_mb (or --max-file-mb) if it is really meant to be read")


def read_file(path: Path, options: ReadOptions | None = None) -> list[Item]:
    """All articles of one file (and an InputError per bad record); raises InputError for the file.

    The size is checked before a byte is read, so a huge file costs nothing.
    """
    options = options or ReadOptions()
    name = str(path)
    if path.suffix.lower() not in SUFFIX_FORMATS:
        raise InputError(name, f"unsupported format {path.suffix or '(no suffix)'!r}; supported: {', '.join(supported_suffixes())}")
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise InputError(name, _too_large(size, options.max_bytes))
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
    return read_bytes(data, name, options)


def reread(known: Known, options: ReadOptions | None = None) -> Article | InputError:
    """The article a Known stands for, read from its file after all (its cached analysis went missing)."""
    try:
        items = read_file(Path(known.source), options)
    except InputError as exc:
        return exc
    for item in items:
        if isinstance(item, Article) and item.key == known.key:
            return item
    return InputError(known.source, "the article is no longer in the file")


def read_articles(inputs: Iterable[str | Path], options: ReadOptions | None = None,
                  known: FileRecords | None = None) -> Iterator[Item | Known]:
    """Every article of every input, or one InputError per file (or record) that failed.

    With `known` (generator/ingest/known.py), a file unchanged since it was
    last read gives its articles as `Known`s, unread; a file read is recorded.
    """
    options = options or ReadOptions()
    for found in discover(inputs, follow_symlinks=options.follow_symlinks, skip_dirs=options.skip_dirs):
        if isinstance(found, InputError):
            yield found
            continue
        unread = known.look(found) if known is not None else None
        if unread is not None:
            yield from unread
            continue
        try:
            items = read_file(found, options)
        except InputError as exc:
            yield exc
            continue
        except RecursionError:
            yield InputError(str(found), "too deeply nested to read; save the article as flatter HTML or as text")
            continue
        except Exception as exc:
            log.debug("reader crashed on %s", found, exc_info=True)
            yield InputError(str(found), f"could not be read ({type(exc).__name__}: {exc})")
            continue
        if known is not None:
            known.read(found, items)
        yield from items
