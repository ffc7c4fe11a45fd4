"""Plain text as newspapers' web copies look.

The furniture of such a copy comes before and after the body, in no fixed
order: a date line, a headline (or none), a bracketed pull quote, a `By`
byline, a photo caption followed by its `Credit` line, an upper-case dateline
run into the first paragraph, and a closing "X contributed reporting" line.
Each is recognised by its own small rule, so a copy that lacks one still reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.errors import InputError
from generator.ingest.dates import date_line, parse_date
from generator.ingest.normalise import squash_spaces
from generator.model import Article, Paragraph

# A headline is short and does not end like a sentence. 20 words covers the
# longest headlines of the BBC/NAEB plain corpus; a longer first line is a lead.
MAX_HEADLINE_WORDS = 20
# A generated title (no headline in the file) is the lead sentence cut at a
# word boundary near this many characters: about what a headline holds.
GENERATED_TITLE_CHARS = 90

_BYLINE = re.compile(r"^by\s+(?P<names>[A-Z].{1,150})$", re.I)
_CREDIT = re.compile(r"^(credit|photo(graph)?( credit)?|image)\s*:?\s+(?P<credit>.+)$", re.I)
_CONTRIB = re.compile(r"\b(contributed|contributing) (reporting|research)\b", re.I)
_SOURCE = re.compile(r"^(source|url|link)\s*:\s*(?P<url>https?://\S+)$", re.I)
_PULL = re.compile(r"^\[(?P<text>.+)\]$")
# "LONDON Secretary", "WASHINGTON — The", "NEW YORK, Sept. 5 (Reuters) - The", "BAGHDAD: The"
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\-]+(?:[ ,]+[A-Z][A-Z.'\-]+)*)"
    r"(?P<extra>,\s+[A-Z][a-z]{2,4}\.? \d{1,2}(?:,? \d{4})?)?"
    r"(?:\s*\([A-Za-z ]+\))?"
    r"(?:\s*[\u2014\u2013:-]+\s*|\s+)(?=[A-Z\u201c\"'‘])"
)
_NAME_TOKEN = r"(?:[A-Z][\w'’.\-]*|de|da|van|von|der|al|bin|la|le|di)"
_LEADING_NAME = re.compile(rf"^{_NAME_TOKEN}(?:\s+{_NAME_TOKEN})*")


@dataclass
class _Parts:
    url: str | None = None
    date: str | None = None
    title: str | None = None
    byline: list[str] = field(default_factory=list)
    pull_quote: str | None = None
    photo_caption: str | None = None
    photo_credit: str | None = None
    dateline: str | None = None
    contributors: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


def split_names(text: str) -> list[str]:
    """ "Eric Schmitt and Neil MacFarquhar" -> two names; drops trailing roles."""
    text = re.sub(r"\s+(and|&)\s+", ", ", text.strip().rstrip("."))
    names = []
    for piece in text.split(","):
        m = _LEADING_NAME.match(piece.strip())
        if m:
            name = m.group(0).strip()
            # a trailing particle is not part of a name ("Neil from" never matches; "de" alone might)
            name = re.sub(r"\s+(de|da|van|von|der|al|bin|la|le|di)$", "", name)
            if len(name) > 1:
                names.append(name)
    return names


def contributors_of(line: str) -> list[str]:
    """Names in "Eric Schmitt contributed reporting from Washington, and Neil MacFarquhar from Moscow." """
    m = _CONTRIB.search(line)
    assert m, "only called on a contributor line"
    head, tail = line[: m.start()], line[m.end() :]
    names = split_names(head)
    # after the verb, further names come as ", and Y from Z" / "; Y from Z"
    for piece in re.split(r",?\s+and\s+|;\s*|,\s+", tail):
        piece = piece.strip()
        if piece and not re.match(r"^(from|in|at)\b", piece):
            first = _LEADING_NAME.match(piece)
            if first and len(first.group(0).split()) >= 2:
                names.extend(split_names(first.group(0)))
    return names


def photographer(credit: str) -> str:
    """The person in a credit line: "Pool photo by Evan Vucci" -> "Evan Vucci"."""
    m = re.search(r"\bby\s+(.+)$", credit, re.I)
    text = m.group(1) if m else credit
    text = re.split(r"\s*[/|]\s*|\s+for\s+", text)[0]
    return text.strip().rstrip(".")


def shorten_title(sentence: str, limit: int = GENERATED_TITLE_CHARS) -> str:
    sentence = sentence.strip().rstrip(".")
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "\u2026"


def _first_sentence(paragraph: str) -> str:
    m = re.match(r"^(.+?[.!?])(?=\s+[A-Z\u201c\"]|$)", paragraph)
    return m.group(1) if m else paragraph


def _blocks(text: str) -> list[list[str]]:
    """Lines grouped by blank lines; each line squashed."""
    blocks: list[list[str]] = [[]]
    for raw in text.split("\n"):
        line = squash_spaces(raw)
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= MAX_HEADLINE_WORDS
        and not line.endswith((".", ",", ";", ":", "\u201d", '"'))
        and line[:1].isupper()
    )


def parse_plain(text: str, path: str) -> _Parts:
    parts = _Parts()
    blocks = _blocks(text)
    if not blocks:
        raise InputError(path, "no text: the file holds only blank lines")
    # Header: lines before the body. A block of one line is a header candidate;
    # the body starts at the first line that is none of the furniture.
    flat: list[tuple[int, str]] = [(bi, line) for bi, block in enumerate(blocks) for line in block]
    i = 0
    seen_header_line = False
    while i < len(flat):
        bi, line = flat[i]
        nxt = flat[i + 1][1] if i + 1 < len(flat) else ""
        if parts.url is None and (m := _SOURCE.match(line)):
            parts.url = m.group("url")
        elif (d := date_line(line)) and parts.date in (None, d):
            parts.date = d  # a repeated date line (a header and the copy's own) is read once
        elif parts.pull_quote is None and (m := _PULL.match(line)):
            parts.pull_quote = m.group("text").strip()
        elif not parts.byline and (m := _BYLINE.match(line)) and len(line.split()) <= 12:
            parts.byline = split_names(m.group("names"))
        elif (m := _CREDIT.match(nxt)) and len(line.split()) <= 60 and seen_header_line:
            parts.photo_caption = line
            parts.photo_credit = m.group("credit").strip()
            i += 1
        elif (m := _CREDIT.match(line)) and parts.photo_credit is None and len(line.split()) <= 15:
            parts.photo_credit = m.group("credit").strip()
        elif (
            parts.title is None
            and not parts.byline
            and _looks_like_headline(line)
            and (i + 1 >= len(flat) or flat[i + 1][0] != bi or not seen_header_line)
            and i + 1 < len(flat)
        ):
            parts.title = line
        else:
            break
        seen_header_line = True
        i += 1
    body_lines = flat[i:]
    # Paragraphs: one per line (web copies put each paragraph on its own line);
    # a block's lines are joined only when they are a hard-wrapped paragraph.
    paragraphs: list[str] = []
    prev_block = None
    for bi, line in body_lines:
        if paragraphs and bi == prev_block and _is_wrapped(paragraphs[-1], line):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
        prev_block = bi
    if paragraphs and _CONTRIB.search(paragraphs[-1]) and len(paragraphs[-1].split()) <= 40:
        parts.contributors = contributors_of(paragraphs.pop())
    if paragraphs:
        m = _DATELINE.match(paragraphs[0])
        if m and len(re.sub(r"[^A-Z]", "", m.group("place"))) >= 3:
            parts.dateline = m.group("place").strip(" ,")
            paragraphs[0] = paragraphs[0][m.end() :]
    parts.paragraphs = [p for p in paragraphs if p]
    if not parts.paragraphs:
        raise InputError(path, "no article text: only a title or metadata lines were found")
    return parts


def _is_wrapped(previous: str, line: str) -> bool:
    """A hard-wrapped paragraph: the previous line stops mid-sentence."""
    return not previous.endswith((".", "!", "?", "\u201d", '"', ":", "'", "\u2019")) and line[:1].islower()


def read_text(text: str, path: str, *, content_hash: str, notes: tuple[str, ...] = ()) -> Article:
    parts = parse_plain(text, path)
    title, generated = parts.title, False
    if not title:
        title, generated = shorten_title(_first_sentence(parts.paragraphs[0])), True
    return Article(
        source=path,
        format="text",
        title=title,
        title_generated=generated,
        date=parts.date,
        byline=tuple(parts.byline),
        dateline=parts.dateline,
        photo_caption=parts.photo_caption,
        photo_credit=parts.photo_credit,
        contributors=tuple(parts.contributors),
        pull_quote=parts.pull_quote,
        url=parts.url,
        paragraphs=tuple(Paragraph(index=n, text=t) for n, t in enumerate(parts.paragraphs, 1)),
        content_hash=content_hash,
        notes=notes,
    )


__all__ = ["read_text", "parse_plain", "photographer", "split_names", "contributors_of", "parse_date"]
