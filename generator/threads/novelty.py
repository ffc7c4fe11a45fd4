"""Threads: what each article of a thread adds to the ones before it.

For the second and later articles of a thread: the sentences whose best similarity to any
earlier sentence of the thread is below the fitted `novel_sentence` threshold (cosine of
their content-word sets; bench/fit_threads.py), the people and organisations no earlier
article named, the quotes no earlier article carried (the same test as sentences) and the
figures no earlier article gave. A wire copy adds nothing, by the same tests.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from generator.analyse.names import NAME_TITLES, is_initial
from generator.model import ArticleDigest, _as_dict
from generator.threads.features import actor_keys, words

# A sentence ends at . ! or ? (and a closing quote), before a capital or an opening quote.
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"\u201d\u2019]))\s+(?=[A-Z\u201c\"0-9])")
# Sentences of fewer content words say too little to be a fact of their own ("He agreed.").
MIN_WORDS = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class Novelty:
    """What one article adds to the earlier articles of its thread (empty for the first)."""

    sentences: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.sentences or self.actors or self.quotes or self.figures)

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, split at sentence ends; not after a title or an initial ("Mr. Kerry", "B. Carter")."""
    out: list[str] = []
    for piece in (s.strip() for s in SENTENCE_END.split(text)):
        if not piece:
            continue
        last = out[-1].rsplit(" ", 1)[-1] if out else ""
        if out and (last.rstrip(".").casefold() in NAME_TITLES or is_initial(last)):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Cosine of two word sets: shared words over the geometric mean of their sizes."""
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


class _Seen:
    """Word sets met so far, with an inverted index so a new one meets only those it shares a word with."""

    def __init__(self) -> None:
        self.sets: list[frozenset[str]] = []
        self.by_word: dict[str, list[int]] = {}

    def best(self, ws: frozenset[str]) -> float:
        ids = {i for w in ws for i in self.by_word.get(w, ())}
        return max((similarity(ws, self.sets[i]) for i in ids), default=0.0)

    def add(self, ws: frozenset[str]) -> None:
        for w in ws:
            self.by_word.setdefault(w, []).append(len(self.sets))
        self.sets.append(ws)


def _title_sentences(digest: ArticleDigest) -> list[str]:
    """The article's sentences, the title (often the first paragraph again) left out."""
    out: list[str] = []
    title = " ".join(digest.article.title.split())
    for p in digest.article.paragraphs:
        for s in sentences(p.text):
            if " ".join(s.split()) != title:
                out.append(s)
    return out


def novelty(digests: list[ArticleDigest], threshold: float) -> list[Novelty]:
    """What each of a thread's articles (in thread order) adds to the ones before it."""
    seen_sentences, seen_quotes = _Seen(), _Seen()
    seen_actors: set[str] = set()
    seen_figures: set[str] = set()
    out: list[Novelty] = []
    for n, digest in enumerate(digests):
        new_sentences, new_quotes, new_actors, new_figures = [], [], [], []
        for s in _title_sentences(digest):
            ws = frozenset(words(s))
            if len(ws) < MIN_WORDS:
                continue
            if n and seen_sentences.best(ws) < threshold and s not in new_sentences:
                new_sentences.append(s)
            seen_sentences.add(ws)
        for q in digest.quotes:
            ws = frozenset(words(q.text))
            if not ws:
                continue
            if n and seen_quotes.best(ws) < threshold:
                who = q.speaker_name or ""
                new_quotes.append(f"{who}: \u201c{q.text}\u201d" if who else f"\u201c{q.text}\u201d")
            seen_quotes.add(ws)
        for actor in digest.actors:
            if actor.kind == "place":
                continue
            keys = set(actor_keys(actor.name, actor.kind))
            if n and not keys & seen_actors and actor.name not in new_actors:
                new_actors.append(actor.name)
            seen_actors |= keys
        for f in digest.figures:
            key = " ".join(f.text.casefold().split())
            if n and key not in seen_figures and f.text not in new_figures:
                new_figures.append(f.text)
            seen_figures.add(key)
        out.append(Novelty(sentences=tuple(new_sentences), actors=tuple(new_actors), quotes=tuple(new_quotes),
                           figures=tuple(new_figures)))
    return out
