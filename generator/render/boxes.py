"""Quote boxes: which quotes of one article get a box, and how each box reads.

In: an article's quotes (model `Quote`s, in reading order). Out: `Box`es,
each a quote plus the Markdown a box shows, already escaped. Every page that
shows or counts quotes (article, actor, quote index, speakers list, home
counts, feeds) takes its boxes from `quote_boxes`, so a count and the boxes
it links to can never disagree.

The rules, each for a defect readers saw:

- A partial quote is shown in the writer's sentence, with *every* quoted
  fragment of that sentence in bold (not only the first one found).
- Two partial quotes of one sentence and one speaker are one box.
- A whole quote that a partial box of the same paragraph and speaker already
  shows in full is not shown a second time.
- A sentence that ends inside an open quotation mark (the sentence splitter
  cut inside a quote) is closed when the quote ends there, and cut before the
  mark when the quote goes on (that quote then has its own box), so no box
  stops mid-quote with an unclosed mark.
- A whole quote that ends with the comma of "...," she said loses the comma.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.model import Quote
from generator.render.escape import escape_md

# Opening mark -> its closing mark; a straight double quote closes itself.
MARKS = {"\u201c": "\u201d", '"': '"', "\u00ab": "\u00bb", "\u201e": "\u201c"}
# What the attribution clause leaves at the end of a whole quote ("We will rebuild," he said).
TRAILING = ",;"


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    quoted: bool
    opening: str = ""  # the mark before a quoted piece
    closing: str = ""  # the mark after it; empty when the sentence ends inside the quote


@dataclass(frozen=True, slots=True)
class Box:
    """A quote with a box; what the box reads is made when a page shows it (`sentence`, `text`).

    Every page that counts or keys quote boxes asks for the boxes of every article; escaping them all there,
    for the few pages an edit renders, cost 0.03 s of an edit at 921 articles."""

    quote: Quote
    pieces: tuple[Piece, ...] | None = None  # a partial quote's sentence laid out (`_closed`); None for a whole quote

    @property
    def sentence(self) -> str:
        """Escaped Markdown: the writer's sentence, quoted fragments in bold; "" for a whole quote."""
        return "" if self.pieces is None else _markdown(self.pieces)

    @property
    def text(self) -> str:
        """The escaped quote text (a whole quote's trailing comma removed)."""
        q = self.quote
        return escape_md(q.text if self.pieces is not None or q.partial else whole_text(q.text))


# Any opening mark of MARKS: where the next quoted piece starts.
_OPENING = re.compile("[" + re.escape("".join(MARKS)) + "]")


def split_quoted(sentence: str) -> list[Piece]:
    """The sentence cut at its double quotation marks into plain and quoted pieces, in order.

    The next opening mark is found by a regular expression, not a character at a time in Python: every
    quote page and count asks for the boxes of every article (0.05 s of an edit at 921 articles)."""
    pieces: list[Piece] = []
    plain_from = 0
    while (found := _OPENING.search(sentence, plain_from)) is not None:
        i = found.start()
        close = MARKS[sentence[i]]
        end = sentence.find(close, i + 1)
        if sentence[plain_from:i]:
            pieces.append(Piece(sentence[plain_from:i], quoted=False))
        if end < 0:
            pieces.append(Piece(sentence[i + 1 :], quoted=True, opening=sentence[i]))
            return pieces
        pieces.append(Piece(sentence[i + 1 : end], quoted=True, opening=sentence[i], closing=close))
        plain_from = end + 1
    if sentence[plain_from:]:
        pieces.append(Piece(sentence[plain_from:], quoted=False))
    return pieces


def _closed(pieces: list[Piece], others: Sequence[Quote]) -> list[Piece]:
    """Mend a sentence that ends inside a quote: close it if the quote ends here, else cut before the mark."""
    last = pieces[-1] if pieces else None
    if last is None or not last.quoted or last.closing:
        return pieces
    tail = last.text.strip()
    goes_on = any(len(q.text.strip()) > len(tail) and q.text.strip().startswith(tail) for q in others)
    if goes_on or not tail:
        head = pieces[:-1]
        if head and not head[-1].quoted:
            head[-1] = Piece(head[-1].text.rstrip(), quoted=False)
        return head
    return [*pieces[:-1], Piece(last.text, quoted=True, opening=last.opening, closing=MARKS[last.opening])]


def _markdown(pieces: Iterable[Piece]) -> str:
    out = []
    for p in pieces:
        if not p.quoted:
            # escape_md trims; the spaces around a quoted fragment are layout and are put back here
            lead = " " if p.text[:1].isspace() else ""
            trail = " " if p.text[-1:].isspace() else ""
            out.append(lead + escape_md(p.text) + trail if p.text.strip() else " ")
        else:
            inner = escape_md(p.text)
            out.append(escape_md(p.opening) + (f"**{inner}**" if inner else "") + escape_md(p.closing))
    return "".join(out).strip()


def whole_text(text: str) -> str:
    """A whole quote as a box shows it: without the comma the attribution clause left at its end."""
    return text.strip().rstrip(TRAILING).rstrip()


def _same_speaker(a: Quote, b: Quote) -> bool:
    return (a.speaker, a.speaker_name, a.confident) == (b.speaker, b.speaker_name, b.confident)


def quote_boxes(quotes: Iterable[Quote]) -> list[Box]:
    """The boxes of one article's quotes, in reading order (see the module docstring for the rules)."""
    quotes = list(quotes)
    kept: list[Quote] = []
    for q in quotes:
        prev = kept[-1] if kept else None
        if (prev is not None and q.partial and prev.partial and q.sentence and q.sentence == prev.sentence
                and q.paragraph == prev.paragraph and _same_speaker(q, prev)):
            continue
        kept.append(q)
    boxes: list[Box] = []
    shown: list[tuple[Quote, list[Piece]]] = []  # partial boxes with their laid-out sentence
    for q in kept:
        if q.partial and q.sentence:
            others = [o for o in quotes if o.paragraph == q.paragraph and o.sentence != q.sentence]
            pieces = _closed(split_quoted(q.sentence), others)
            shown.append((q, pieces))
            boxes.append(Box(quote=q, pieces=tuple(pieces)))
            continue
        text = q.text.strip()
        if not q.partial and any(p.paragraph == q.paragraph and _same_speaker(p, q)
                                 and any(x.quoted and x.closing and text in x.text for x in pieces) for p, pieces in shown):
            continue  # the sentence box above already shows this quote whole
        boxes.append(Box(quote=q))
    return boxes


def quote_anchor(q: Quote) -> str:
    """A quote's stable id on its article page: its paragraph and where it starts, never a running number."""
    return f"q-{q.paragraph}-{q.start}"


_FIRST_LETTER = re.compile(r"^[a-z]")


def capitalised(text: str) -> str:
    """A header or a line starts with a capital ("the post by ..." -> "The post by ...", "probably X" -> "Probably X")."""
    return _FIRST_LETTER.sub(lambda m: m.group(0).upper(), text, count=1)
