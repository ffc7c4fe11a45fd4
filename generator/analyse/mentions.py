"""The data of the actor stage: a mention of a would-be actor, the groups mentions form, and
the spans a rule keeps out; with the one way to find a name's whole-word places in a text.

Kept apart from `actors.py` so the rules (`actor_rules.py`), the fitted decisions (`coref.py`)
and the proposers in `actors.py` share one data model without importing each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from spacy.tokens import Doc

KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}
KIND_ORDER = {"person": 0, "organization": 1, "place": 2}


@dataclass(slots=True)
class Candidate:
    """One mention of a would-be actor; token offsets into the doc."""

    start: int
    end: int
    kind: str
    text: str
    start_char: int
    end_char: int
    label: str = ""
    sent: int = 0
    credit: bool = False


class Dropped(NamedTuple):
    """An entity span a rule keeps out, with the rule's reason; doc character offsets."""

    text: str
    reason: str
    start_char: int
    end_char: int


@dataclass(slots=True)
class Group:
    """Mentions that name one actor."""

    kind: str
    members: list[Candidate] = field(default_factory=list)

    @property
    def forms(self) -> list[str]:
        return [m.text for m in self.members]

    @property
    def first(self) -> int:
        return min(m.start_char for m in self.members)

    @property
    def last(self) -> int:
        return max(m.start_char for m in self.members)


def candidate_at(doc: Doc, start: int, end: int, kind: str, label: str = "") -> Candidate:
    """The mention doc[start:end] as a Candidate, its text with runs of white space made one."""
    span = doc[start:end]
    return Candidate(start=start, end=end, kind=kind, text=" ".join(span.text.split()), start_char=span.start_char,
                     end_char=span.end_char, label=label)


@lru_cache(maxsize=4096)
def _bounded(form: str) -> re.Pattern[str]:
    """The whole-word pattern of a name, compiled once: `re` keeps only 512 patterns, and an
    archive sweeps thousands of names (compiling was a tenth of the actors stage)."""
    return re.compile(r"(?<![\w@#.-])" + re.escape(form) + r"(?![\w-])")


def whole_word_matches(text: str, form: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each place `form` stands as whole words in `text`, left to right.

    The same matches as re.finditer over the bounded pattern, but str.find jumps to each
    place the form starts: a pattern that opens with a lookbehind makes `re` try every
    character of the article, once per name swept (the longest part of `sweep_names`)."""
    pattern = _bounded(form)
    pos = text.find(form)
    while pos != -1:
        m = pattern.match(text, pos)
        pos = text.find(form, max(m.end(), pos + 1) if m else pos + 1)  # an empty form still moves on
        if m:
            yield m.span()
