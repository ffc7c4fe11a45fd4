"""Threads: the articles of one story grouped across outlets and days, with what each one adds.

A stage after the corpus: digests in, `Thread`s out. `features.py` turns each digest into
what the pass needs (words, people, places, numbers, the weekdays and ages its lead names, a MinHash), `cluster.py` is the pass (wire
copies collapsed, then each article joins the best active thread above a fitted threshold
or opens one), `repair.py` merges the fragments of one story once the pass is done (and reads the
small fragments left once more with the pass's model),
`novelty.py` says what each later article adds. The weights are fitted by
bench/fit_threads.py into weights.json beside this file; bench/threads.py scores the stage.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.model import ArticleDigest, _as_dict
from generator.slugs import slugify_id
from generator.threads.cluster import Threader, Weights, order_key
from generator.threads.features import ArticleFeatures, article_features
from generator.threads.novelty import Novelty, novelty
from generator.threads.repair import Group, MergeWeights

__all__ = ["WEIGHTS_FILE", "ArticleFeatures", "Group", "MergeWeights", "Novelty", "Thread", "ThreadArticle", "Threader", "Weights", "article_features", "load_weights",
           "novelty", "order_key", "run_threads", "threads_of"]

WEIGHTS_FILE = Path(__file__).with_name("weights.json")


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadArticle:
    """One article in its thread: `copy_of` names the article it is a wire copy of."""

    id: str
    title: str
    date: str | None = None
    outlet: str | None = None
    copy_of: str | None = None
    new: Novelty = Novelty()

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class Thread:
    """One story: its articles in thread order, the span of their dates, outlets and actors."""

    id: str
    title: str  # the most central article's title
    articles: tuple[ThreadArticle, ...]
    start: str | None = None
    end: str | None = None
    outlets: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # people and organisations, most articles first

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@lru_cache(maxsize=1)
def load_weights() -> Weights:
    """The fitted weights (bench/fit_threads.py --write); the defaults when none were fitted."""
    if WEIGHTS_FILE.is_file():
        return Weights.from_dict(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")))
    return Weights()


def run_threads(digests: Iterable[ArticleDigest], weights: Weights | None = None) -> tuple[Threader, list[ArticleDigest]]:
    """The full pass over `digests` in date order, then id; the state and the digests in pass order."""
    feats = sorted(((article_features(d), d) for d in digests), key=lambda fd: order_key(fd[0]))
    threader = Threader(weights or load_weights())
    for f, _d in feats:
        threader.add(f)
    return threader, [d for _f, d in feats]


def _central(threader: Threader, group: Group) -> int:
    """The member whose words are closest to the thread's: its title heads the thread."""
    s, n2 = group.sums[0], group.norms2[0]
    best, best_cos = group.members[0], -1.0
    for i in group.members:
        v = threader.headline_terms[i]
        cos = sum(x * s.get(k, 0.0) for k, x in v.items()) / math.sqrt(n2) if n2 > 0 else 0.0
        if cos > best_cos + 1e-12:
            best, best_cos = i, cos
    return best


def threads_of(threader: Threader, digests: list[ArticleDigest], *, min_articles: int = 1,
               groups: list[Group] | None = None,
               novelty_of: Callable[[Sequence[int]], Sequence[Novelty]] | None = None) -> list[Thread]:
    """The threads of a pass (`digests` in pass order, as `run_threads` returns them), after the
    repair (`groups`, when the caller has `Threader.groups()` already), largest and latest first.

    `novelty_of` gives what each member of a thread (its pass positions, in thread order) adds;
    by default `novelty` of the members' digests, which must then be whole (the build keeps
    them per thread between builds: generator/thread_stage.py)."""
    weights = threader.weights
    out: list[Thread] = []
    for group in threader.groups() if groups is None else groups:
        members = group.members
        if len(members) < min_articles:
            continue
        docs = [digests[i] for i in members]
        news = novelty(docs, weights.novel_sentence) if novelty_of is None else novelty_of(members)
        feats = [threader.articles[i] for i in members]
        arts = tuple(
            ThreadArticle(id=f.id, title=f.title, date=f.date, outlet=f.outlet,
                          copy_of=threader.articles[c].id if (c := threader.copy_of[i]) is not None else None, new=new)
            for i, f, new in zip(members, feats, news)
        )
        dates = sorted(f.date for f in feats if f.date)
        named: Counter[str] = Counter()
        for d in docs:
            named.update({a.name for a in d.actors if a.kind != "place"})
        out.append(Thread(
            id="", title=threader.articles[_central(threader, group)].title, articles=arts,
            start=dates[0] if dates else None, end=dates[-1] if dates else None,
            outlets=tuple(sorted({f.outlet for f in feats if f.outlet})),
            actors=tuple(name for name, _n in sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))),
        ))
    out.sort(key=lambda th: (-len(th.articles), "~" if th.end is None else _neg(th.end), th.articles[0].id))
    used: set[str] = set()
    return [Thread(**{**{f: getattr(th, f) for f in th.__dataclass_fields__}, "id": slugify_id(th.title, used)})
            for th in out]


def _neg(iso: str) -> str:
    """An ISO date that sorts latest first (digit-wise complement)."""
    return "".join(chr(ord("9") - ord(c) + ord("0")) if c.isdigit() else c for c in iso)
