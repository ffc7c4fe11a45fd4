"""Threads: one deterministic pass that puts each article in a story thread.

Articles come in date order, then id (undated ones after the dated, by id). Each one:

1. is a wire copy of an earlier article when their 5-shingle MinHashes say a Jaccard
   similarity of at least `duplicate_jaccard` (datasketch's MinHashLSH answers without
   looking at every pair); it then joins that article's thread, adding nothing;
2. otherwise gets a score against a few candidate threads, found through an inverted index
   from its most weighty words and its people to the threads that hold them (never all
   pairs): a logistic model over the cosines between the article's TF-IDF vectors (words,
   people and organisations, places, lead) and the thread's summed ones, and a few signs
   read off them (FEATURES, `pair_features`);
3. joins the most probable candidate reaching `threshold`, or opens a thread of its own.

The weights and the threshold are fitted by bench/fit_threads.py (weights.json beside this
module). Inverse document frequencies are kept online: an article's vector is weighed with
the document frequencies of the articles before it and itself, so adding one article to a
saved state gives exactly what a full re-run in the same order gives (tests/test_threads.py).
Two events of one kind (two rehab stories, two earthquakes) share most of their words; what
keeps them apart is the people and places channel, and the date when both are known: a
thread whose last article is more than ACTIVE_DAYS older than the article is closed to it.
"""

from __future__ import annotations

import math
import pickle
import sys
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import date as Date

from datasketch import MinHashLSH

from generator.threads.features import NUM_PERM, ArticleFeatures

CHANNELS = ("terms", "people", "places", "lead")
# What the fitted model reads of an (article, thread) pair, in this order (see `pair_features`).
FEATURES = ("text", "people", "places", "lead", "text_mean", "people_top", "people_apart", "people_new",
            "people_missing")
# Words of an article that look threads up in the inverted index: its weightiest ones.
# Enough that a thread sharing the story's rare words is found, few enough to stay cheap.
INDEX_TERMS = 24
# Threads scored in full per article: the ones sharing the most index keys with it.
CANDIDATES = 8
# The weightiest words an article's vector keeps: the rest of a long article's words weigh
# little in a cosine and cost as much as the ones that count.
VECTOR_TERMS = 100
# The words of each article kept after it is threaded, to pick the thread's most central title.
HEADLINE_TERMS = 20
# Threads kept per index key, the most recently extended first out last: a word shared by
# thousands of threads (a weekday, "police") finds the latest of them, not all.
POSTING_CAP = 64
# A thread not extended for this many days is closed to a dated article (both dates known).
# A judgement (ECB+ has no dates to fit it on): a news story's follow-ups come within weeks.
ACTIVE_DAYS = 30


@dataclass(frozen=True, slots=True)
class Weights:
    """The fitted decision (bench/fit_threads.py): a logistic model over FEATURES, whose
    probability an article must reach to join a thread, and the wire-copy and novelty thresholds."""

    coef: tuple[float, ...] = (4.0, 2.0, 1.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    intercept: float = -2.0
    threshold: float = 0.5
    duplicate_jaccard: float = 0.8
    novel_sentence: float = 0.5

    @classmethod
    def from_dict(cls, d: dict) -> Weights:
        if tuple(d.get("features", FEATURES)) != FEATURES:
            raise ValueError("threads weights were fitted on other features: run bench/fit_threads.py --write")
        return cls(coef=tuple(float(x) for x in d["coef"]), intercept=float(d["intercept"]),
                   threshold=float(d["threshold"]), duplicate_jaccard=float(d["duplicate_jaccard"]),
                   novel_sentence=float(d["novel_sentence"]))

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "coef": [round(x, 6) for x in self.coef],
                "intercept": round(self.intercept, 6), "threshold": round(self.threshold, 6),
                "duplicate_jaccard": self.duplicate_jaccard, "novel_sentence": round(self.novel_sentence, 6)}


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """What the state keeps of a threaded article."""

    id: str
    title: str
    date: str | None
    outlet: str | None


@dataclass(slots=True)
class _Thread:
    members: list[int] = field(default_factory=list)
    sums: tuple[dict[str, float], ...] = field(default_factory=lambda: tuple({} for _ in CHANNELS))
    norms2: list[float] = field(default_factory=lambda: [0.0 for _ in CHANNELS])
    last_date: str | None = None


def _days(a: str, b: str) -> int | None:
    try:
        return abs((Date.fromisoformat(a[:10]) - Date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def _top(v: dict[str, float], k: int) -> dict[str, float]:
    """The k weightiest keys of a normalised vector, normalised again."""
    kept = sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    norm = math.sqrt(sum(x * x for _k, x in kept))
    return {key: x / norm for key, x in kept}


def order_key(f: ArticleFeatures) -> tuple[int, str, str]:
    """Date order, then id; undated articles after the dated ones."""
    return (0, f.date, f.id) if f.date else (1, "", f.id)


class Threader:
    """The state of the pass: add articles one by one (in `order_key` order) and read the threads.

    `add` is the whole algorithm; a full run is `add` over every article, and an incremental
    update is `add` on a state loaded with `load`.
    """

    def __init__(self, weights: Weights) -> None:
        self.weights = weights
        # per article only what the threads show and their headline needs, so 100,000 articles fit in memory
        self.articles: list[ArticleRef] = []
        self.headline_terms: list[dict[str, float]] = []
        self.thread_of: list[int] = []
        self.copy_of: list[int | None] = []
        self.threads: list[_Thread] = []
        self.df: tuple[Counter[str], ...] = tuple(Counter() for _ in CHANNELS)
        self.index: dict[str, OrderedDict[int, None]] = {}
        self.lsh = MinHashLSH(threshold=weights.duplicate_jaccard, num_perm=NUM_PERM)

    # --- the pass -------------------------------------------------------------------------
    def add(self, f: ArticleFeatures, *, into: int | None = None,
            seen: list[tuple[int, tuple[float, ...]]] | None = None) -> int:
        """Thread one article; returns its thread's index. `into` (fitting only: bench/fit_threads.py
        replays the gold threads) puts it in that thread, opening it when new, and `seen` receives
        every candidate thread with its FEATURES."""
        i = len(self.articles)
        self.articles.append(ArticleRef(id=f.id, title=f.title, date=f.date, outlet=f.outlet))
        bags = (f.terms, f.people, f.places, f.lead)
        for df, bag in zip(self.df, bags):
            df.update(bag.keys())
        n = i + 1
        vec = tuple(self._weigh(bag, df, n) for bag, df in zip(bags, self.df))
        if len(vec[0]) > VECTOR_TERMS:
            vec = (_top(vec[0], VECTOR_TERMS), *vec[1:])
        self.headline_terms.append(_top(vec[0], HEADLINE_TERMS))
        original = self._copy_of(i, f)
        self.copy_of.append(original)
        if seen is not None:
            seen.extend((c, self.pair_features(vec, self.threads[c])) for c in self.candidates(f, vec))
        if into is not None:
            t = into
            while len(self.threads) <= t:
                self.threads.append(_Thread())
        elif original is not None:
            t = self.thread_of[original]
        else:
            best = self._best_thread(f, vec)
            if best is None:
                best = len(self.threads)
                self.threads.append(_Thread())
            t = best
        self._join(t, i, f, vec)
        return t

    @staticmethod
    def _weigh(bag: dict[str, float], df: Counter[str], n: int) -> dict[str, float]:
        """TF-IDF with scikit-learn's smoothed idf, L2-normalised."""
        v = {sys.intern(k): tf * (math.log((1 + n) / (1 + df[k])) + 1.0) for k, tf in bag.items()}
        norm = math.sqrt(sum(x * x for x in v.values()))
        return {k: x / norm for k, x in v.items()} if norm else {}

    def _copy_of(self, i: int, f: ArticleFeatures) -> int | None:
        if f.minhash is None:
            return None
        found = self.lsh.query(f.minhash)
        self.lsh.insert(i, f.minhash)
        return min(found) if found else None

    def _keys(self, f: ArticleFeatures, vec: tuple[dict[str, float], ...]) -> list[str]:
        top = sorted(vec[0].items(), key=lambda kv: (-kv[1], kv[0]))[:INDEX_TERMS]
        return [f"t:{k}" for k, _ in top] + [f"p:{k}" for k in sorted(f.people)]

    def candidates(self, f: ArticleFeatures, vec: tuple[dict[str, float], ...]) -> list[int]:
        """The active threads sharing the most index keys with the article, at most CANDIDATES."""
        shared: Counter[int] = Counter()
        for key in self._keys(f, vec):
            posting = self.index.get(key)
            if posting:
                shared.update(posting.keys())
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], -kv[0]))[:CANDIDATES]
        out = []
        for t, _ in ranked:
            last = self.threads[t].last_date
            gap = _days(f.date, last) if f.date and last else None
            if gap is None or gap <= ACTIVE_DAYS:
                out.append(t)
        return out

    def _best_thread(self, f: ArticleFeatures, vec: tuple[dict[str, float], ...]) -> int | None:
        best, best_p = None, self.weights.threshold
        for t in self.candidates(f, vec):
            p = self.probability(self.pair_features(vec, self.threads[t]))
            if p >= best_p and (best is None or p > best_p or t < best):
                best, best_p = t, p
        return best

    def pair_features(self, vec: tuple[dict[str, float], ...], thread: _Thread) -> tuple[float, ...]:
        """FEATURES of an article and a thread: each channel's cosine between the article's vector
        and the thread's summed vector; the words' mean cosine to the members (average linkage);
        whether the article's weightiest person or organisation is in the thread; whether both
        name people and share none (two rehab stories of two celebrities); and the share of the
        article's people the thread never named, and of the thread's the article does not name."""
        cos = []
        dots = []
        for v, s, n2 in zip(vec, thread.sums, thread.norms2):
            dot = sum(x * s.get(k, 0.0) for k, x in v.items()) if n2 > 0 and v else 0.0
            dots.append(dot)
            cos.append(dot / math.sqrt(n2) if n2 > 0 else 0.0)
        people, tpeople = vec[1], thread.sums[1]
        top = max(people.items(), key=lambda kv: (kv[1], kv[0]))[0] if people else None
        people_top = 1.0 if top is not None and top in tpeople else 0.0
        people_apart = 1.0 if people and tpeople and cos[1] == 0.0 else 0.0
        # the share of the article's people the thread never named, and of the thread's the article does not name
        people_new = sum(x * x for k, x in people.items() if k not in tpeople) if people and tpeople else 0.0
        t2 = sum(x * x for x in tpeople.values())
        people_missing = sum(x * x for k, x in tpeople.items() if k not in people) / t2 if people and t2 > 0 else 0.0
        return (cos[0], cos[1], cos[2], cos[3], dots[0] / max(1, len(thread.members)), people_top, people_apart,
                people_new, people_missing)

    def probability(self, x: tuple[float, ...]) -> float:
        w = self.weights
        z = w.intercept + sum(c * v for c, v in zip(w.coef, x))
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def _join(self, t: int, i: int, f: ArticleFeatures, vec: tuple[dict[str, float], ...]) -> None:
        thread = self.threads[t]
        thread.members.append(i)
        self.thread_of.append(t)
        for c, (v, s) in enumerate(zip(vec, thread.sums)):
            dot = sum(x * s.get(k, 0.0) for k, x in v.items())
            thread.norms2[c] += 2 * dot + sum(x * x for x in v.values())
            for k, x in v.items():
                s[k] = s.get(k, 0.0) + x
        if f.date and (thread.last_date is None or f.date > thread.last_date):
            thread.last_date = f.date
        for key in self._keys(f, vec):
            posting = self.index.setdefault(key, OrderedDict())
            posting[t] = None
            posting.move_to_end(t)
            if len(posting) > POSTING_CAP:
                posting.popitem(last=False)

    # --- state ----------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The state, for an incremental update later (kept in the project's own cache, never read from users)."""
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def from_bytes(data: bytes) -> Threader:
        state = pickle.loads(data)  # noqa: S301 - bytes of to_bytes() from the project's cache
        if not isinstance(state, Threader):
            raise TypeError("not a saved Threader state")
        return state
