"""Analyse: which character ranges of a doc are body text.

Ingest decides once what each paragraph is (generator/ingest/kinds.py:
caption, credit, source list, heading, standfirst or body) and the Analyser
passes the kinds in `digest_meta["kinds"]`, one per paragraph. Key facts,
timeline events and figures come from body paragraphs only, and a quote from a
paragraph's first copy only; the components ask here what to leave out.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from generator.analyse.quotes import paragraph_bounds
from generator.ingest.kinds import kinds_of
from generator.model import BODY, PARAGRAPH_SEPARATOR, REPEAT


def paragraph_kinds(doc: Doc) -> list[tuple[tuple[int, int], str]]:
    """Each paragraph's character range and kind.

    A doc the Analyser made carries ingest's kinds; a doc made from bare text (nlp(text), tests,
    benches) has them decided here from its paragraphs, by the same rules.
    """
    bounds = paragraph_bounds(doc.text, PARAGRAPH_SEPARATOR)
    kinds = (doc._.digest_meta or {}).get("kinds")
    if kinds is None or len(kinds) != len(bounds):
        kinds = kinds_of([doc.text[a:b] for a, b in bounds])
    return list(zip(bounds, kinds, strict=True))


def non_body(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of the paragraphs that are not body text."""
    return [span for span, kind in paragraph_kinds(doc) if kind != BODY]


def repeated_paragraphs(doc: Doc) -> set[int]:
    """The 0-based numbers of the paragraphs that repeat an earlier one word for word: their
    quotes are the earlier copy's, given once."""
    return {n for n, (_span, kind) in enumerate(paragraph_kinds(doc)) if kind == REPEAT}


def in_ranges(start: int, end: int, ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps any of `ranges`."""
    return any(s < end and start < e for s, e in ranges)
