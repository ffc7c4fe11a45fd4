"""Threads: one deterministic pass that puts each article in a story thread.

Articles come in date order, then id (undated ones after the dated, by id). Each one:

1. is a wire copy of an earlier article when their 5-shingle MinHashes say a Jaccard
   similarity of at least `duplicate_jaccard` (the banding of datasketch's MinHashLSH answers without
   looking at every pair); it then joins that article's thread, adding no vector or index
   key (a story run by ten outlets weighs as one article); its words still count in the
   document frequencies (leave-topics-out CV preferred it);
2. otherwise gets a score against a few candidate threads, found through an inverted index
   from its most weighty words and its people to the threads that hold them (never all
   pairs): a logistic model over the cosines between the article's TF-IDF vectors (words,
   people and organisations, places, lead, numbers) and the thread's summed ones, and a few
   signs read off them and off the weekdays and ages of the leads (the `when` channel; FEATURES,
   `pair_features`), all candidates at once;
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

import heapq
import math
import pickle
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from itertools import chain, islice, repeat
from operator import add, itemgetter, mul
from typing import Protocol

import numpy as np

from generator.threads.features import NUM_PERM, VALUE_BYTES, ArticleFeatures, when_flags
from generator.threads.repair import Group, MergeWeights, group_keys, marks, merge_groups, rejoin_settled, top_key

CHANNELS = ("terms", "people", "places", "lead", "numbers", "when")
# What the fitted model reads of an (article, thread) pair, in this order (see `pair_features`).
FEATURES = ("text", "people", "places", "lead", "text_mean", "people_top", "people_apart", "people_new",
            "people_missing", "numbers", "numbers_apart", "places_apart", "people_rest", "people_rest_apart",
            "years_apart", "marks_apart", "marks_shared", "people_top_back", "weekday_apart", "weekday_shared",
            "age_apart", "age_shared")
# Words of an article that look threads up in the inverted index: its weightiest ones.
# Enough that a thread sharing the story's rare words is found, few enough to stay cheap.
INDEX_TERMS = 24
# Threads scored in full per article: the ones sharing the most index keys with it.
CANDIDATES = 8
# The weightiest words an article's vector keeps: the rest of a long article's words weigh
# little in a cosine and cost as much as the ones that count. Chosen by leave-topics-out CV on
# threads_dev (bench/fit_threads.py --cv, BCubed F1): 25 words 0.836, 40 0.847, 60 0.871, 100 0.835.
VECTOR_TERMS = 60
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
    """The fitted decision (bench/fit_threads.py): a logistic model over FEATURES, the probability
    an article must reach to join a thread, the wire-copy and novelty thresholds, and the repair's
    merge model (threads/repair.py; the default merges nothing)."""

    coef: tuple[float, ...] = (4.0, 2.0, 1.0, 2.0) + (0.0,) * (len(FEATURES) - 4)
    intercept: float = -2.0
    threshold: float = 0.5
    duplicate_jaccard: float = 0.8
    novel_sentence: float = 0.5
    merge: MergeWeights = MergeWeights()

    @classmethod
    def from_dict(cls, d: dict) -> Weights:
        if tuple(d.get("features", FEATURES)) != FEATURES:
            raise ValueError("threads weights were fitted on other features: run bench/fit_threads.py --write")
        return cls(coef=tuple(float(x) for x in d["coef"]), intercept=float(d["intercept"]),
                   threshold=float(d["threshold"]), duplicate_jaccard=float(d["duplicate_jaccard"]),
                   novel_sentence=float(d["novel_sentence"]),
                   merge=MergeWeights.from_dict(d["merge"]) if "merge" in d else MergeWeights())

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "coef": [round(x, 6) for x in self.coef],
                "intercept": round(self.intercept, 6), "threshold": round(self.threshold, 6),
                "duplicate_jaccard": self.duplicate_jaccard, "novel_sentence": round(self.novel_sentence, 6),
                "merge": self.merge.to_dict()}

    def probabilities(self, X: np.ndarray) -> np.ndarray:
        """The model's probability that the article belongs in each row's thread."""
        z = np.clip(self.intercept + X @ np.asarray(self.coef), -700, 700)
        return 1.0 / (1.0 + np.exp(-z))


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
    top_person: str | None = None  # the weightiest key of the summed people (ties to the greater key)
    years: set[str] = field(default_factory=set)  # the years its articles give
    marks: set[str] = field(default_factory=set)  # the records, ages and decimals its articles give
    repair_keys: list[str] | None = None  # its index keys for the repair, kept until it changes
    vectors: int = 0  # its articles that are not wire copies: the vectors its sums add up


def _years(numbers: dict[str, float]) -> set[str]:
    """The numbers that read as years of news (1900-2099): the event signature's "when"."""
    return {k for k in numbers if len(k) == 4 and k[:2] in ("19", "20") and k.isdigit()}


_LOG1P: list[float] = []


def _log1p(n: int) -> list[float]:
    """log(1 + d) for every document frequency d up to n, computed once each (the same floats as
    `math.log(1.0 + d)`): an idf weighs hundreds of keys per article, from a few thousand values."""
    log = math.log
    _LOG1P.extend(log(1.0 + d) for d in range(len(_LOG1P), n + 1))
    return _LOG1P


_LOG1P_ARRAY = np.zeros(0)


def _log1p_array(n: int) -> np.ndarray:
    """`_log1p` as a numpy array (the same floats), grown by doubling."""
    global _LOG1P_ARRAY
    if len(_LOG1P_ARRAY) <= n:
        _LOG1P_ARRAY = np.array(_log1p(max(n, 2 * len(_LOG1P_ARRAY), 1024)), dtype=np.float64)
    return _LOG1P_ARRAY


# A bag with more keys than this is weighed and ranked with numpy (`Threader._weigh`).
NUMPY_KEYS = 48


def _days(a: str, b: str) -> int | None:
    try:
        return abs((Date.fromisoformat(a[:10]) - Date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def _normed(kept: list[tuple[str, float]]) -> dict[str, float]:
    """The pairs as a unit vector (C-level maps: the same sums and quotients as a loop, in its order)."""
    if not kept:
        return {}
    keys, w = zip(*kept)
    norm = math.sqrt(sum(map(mul, w, w)))
    return dict(zip(keys, map(norm.__rtruediv__, w))) if norm else {}


def _dot(v: dict[str, float], s: dict[str, float]) -> float:
    """The dot product of two sparse vectors, iterating the first (give the shorter first)."""
    return sum(map(mul, v.values(), map(s.get, v.keys(), repeat(0.0)))) if v and s else 0.0


def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """The bands and rows per band datasketch's MinHashLSH picks for a Jaccard threshold (its
    `_optimal_param`, false positives and negatives weighed alike): the (b, r) with b * r <= num_perm
    least in the summed areas of false positives below the threshold and false negatives above it.

    The areas are integrals of polynomials of degree b * r <= num_perm, so a Gauss-Legendre rule of
    num_perm // 2 + 1 nodes gives them exactly; datasketch integrates with scipy.integrate.quad, whose
    import alone costs about a second in every fresh process. tests/test_threads.py checks both
    choose the same over a range of thresholds."""
    x, w = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    below = (x + 1.0) * (threshold / 2.0)
    above = (x + 1.0) * ((1.0 - threshold) / 2.0) + threshold
    best, least = (0, 0), math.inf
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = threshold / 2.0 * float(w @ (1.0 - (1.0 - below ** float(r)) ** float(b)))
            fn = (1.0 - threshold) / 2.0 * float(w @ ((1.0 - above ** float(r)) ** float(b)))
            if fp * 0.5 + fn * 0.5 < least:
                least, best = fp * 0.5 + fn * 0.5, (b, r)
    return best


class _Bands:
    """The banding of datasketch's MinHashLSH (`lsh_bands`), kept as one dict per band from a band's
    values to the first article that had them: the pass only asks for the earliest earlier article
    sharing a band, which is `min(MinHashLSH.query(...))`, at a fraction of its cost (no per-article
    set of keys, no storage objects, each band cut once for the query and the insert)."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        b, r = lsh_bands(threshold, num_perm)
        self.num_perm = num_perm
        self.ranges: list[tuple[int, int]] = [(k * r * VALUE_BYTES, (k + 1) * r * VALUE_BYTES) for k in range(b)]
        self.first: list[dict[bytes, int]] = [{} for _ in self.ranges]

    def first_sharing(self, i: int, hashvalues: bytes) -> int | None:
        """The earliest article before `i` sharing one band of values with it; `i` is then recorded."""
        if len(hashvalues) != self.num_perm * VALUE_BYTES:
            raise ValueError(f"a MinHash of {len(hashvalues) // VALUE_BYTES} values, not {self.num_perm}")
        found = None
        for (s, e), first in zip(self.ranges, self.first):
            j = first.setdefault(hashvalues[s:e], i)
            if j != i and (found is None or j < found):
                found = j
        return found


_COUNT_THEN_THREAD = itemgetter(1, 0)

# What the pass decided for one article (`Threader.add`'s `trace`): its thread, and the dot products of
# its vector with that thread's summed vectors its join read (None: it opened the thread, or is a wire copy).
Decision = tuple[int, "list[float] | None"]
# An original article's unit vector per channel and its headline words, as the pass weighs them.
Vector = tuple["tuple[dict[str, float], ...]", "dict[str, float]"]


class Recall(Protocol):
    """A resumed pass's source of what an earlier pass made (`Threader.add`'s `recall`; thread_stage.py)."""

    def vector(self, i: int) -> Vector | None:
        """The original article at position `i`'s vector and headline words, when provably those an
        earlier pass made (then they are not weighed again); None to weigh them."""

    def decision(self, i: int, vec: tuple[dict[str, float], ...], keys: list[str]) -> Decision | None:
        """Given its vector and index keys, the decision to take again, or None to score its candidates."""


def index_keys(ranked_words: Iterable[str], people: dict[str, float]) -> list[str]:
    """The index keys of an original article (`Threader.add`): its INDEX_TERMS weightiest words (of its
    words ranked weightiest first) and its people."""
    return [f"t:{k}" for k in islice(ranked_words, INDEX_TERMS)] + [f"p:{k}" for k in sorted(people)]


def order_key(f: ArticleFeatures) -> tuple[int, str, str]:
    """Date order, then id; undated articles after the dated ones."""
    return (0, f.date, f.id) if f.date else (1, "", f.id)


class Threader:
    """The state of the pass: add articles one by one (in `order_key` order) and read the threads.

    `add` is the whole algorithm; a full run is `add` over every article, and an incremental
    update is `add` on a state loaded with `from_bytes`.
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
        self.originals = 0  # articles that are not wire copies: the documents the frequencies count
        # the repair's probability of each pair of unchanged threads, from its last run (threads/repair.py)
        self.repair_scored: dict[tuple[tuple[int, ...], tuple[int, ...]], float] = {}
        # the rejoin's probability of each (fragment, thread) pair of stamped threads, from its last run
        # (`kept_rejoin_scorer`): a pair of threads an edit left as they were is not read again
        self.rejoin_scored: dict[tuple[tuple[int, ...], tuple[int, ...]], float] = {}
        # each key's threads, least recently extended first (a plain dict keeps insertion order and
        # pickles in C, an OrderedDict through Python: most of a saved state's time)
        self.index: dict[str, dict[int, None]] = {}
        self.bands = _Bands(weights.duplicate_jaccard, NUM_PERM)

    # --- the pass -------------------------------------------------------------------------
    def add(self, f: ArticleFeatures, *, into: int | None = None,
            seen: list[tuple[int, tuple[float, ...]]] | None = None,
            recall: Recall | None = None, trace: list[Decision] | None = None) -> int:
        """Thread one article; returns its thread's index. `into` (fitting only: bench/fit_threads.py
        replays the gold threads) puts it in that thread, opening it when new, and `seen` receives
        every candidate thread with its FEATURES.

        `trace` receives the article's `Decision`. `recall` (a resumed pass: thread_stage.py) is asked
        for the vector an earlier pass made for it, when provably the same, and once its vector and
        index keys are made, for the decision an earlier pass took for it when that pass provably saw
        the same (its vector, candidate threads and their states): the article then joins that thread
        with those dot products, its candidates unscored. The join reads nothing else of the scoring,
        so the state is the one weighing and scoring give, float for float."""
        i = len(self.articles)
        self.articles.append(ArticleRef(id=f.id, title=f.title, date=f.date, outlet=f.outlet))
        original = self._copy_of(i, f)
        self.copy_of.append(original)
        if original is not None:
            # a wire copy is collapsed into its original: it joins the original's thread (or `into`)
            # and counts in no document frequency, summed vector or index key, so a story run by
            # ten outlets weighs as one article, and costs a fraction of one
            t = self.thread_of[original] if into is None else into
            while len(self.threads) <= t:
                self.threads.append(_Thread())
            self.headline_terms.append(self.headline_terms[original])
            self.originals += 1
            for bag, df in zip(f.bags, self.df):
                df.update(bag.keys())
            thread = self.threads[t]
            thread.members.append(i)
            self.thread_of.append(t)
            if f.date and (thread.last_date is None or f.date > thread.last_date):
                thread.last_date = f.date
            if trace is not None:
                trace.append((t, None))
            return t
        self.originals += 1
        bags = f.bags
        n = self.originals
        made = recall.vector(i) if recall is not None else None
        if made is None:
            ranked = [self._weigh(bag, df, n, VECTOR_TERMS if c == 0 else None) for c, (bag, df) in enumerate(zip(bags, self.df))]
            vec = tuple(_normed(r[:VECTOR_TERMS]) if c == 0 else _normed(r) for c, r in enumerate(ranked))
            self.headline_terms.append(_normed(ranked[0][:HEADLINE_TERMS]))
            keys = index_keys(map(itemgetter(0), ranked[0]), f.people)
        else:  # made before: only counted (as `_weigh` counts), its words in rank order (`_normed` keeps it)
            vec, headline = made
            for bag, df in zip(bags, self.df):
                df.update(bag.keys())
            self.headline_terms.append(headline)
            keys = index_keys(vec[0], f.people)
        if seen is not None:
            cands = self.candidates(f, keys)
            seen.extend(zip(cands, self.features(vec, cands)))
        dots: list[float] | None = None
        side = self._article_side(vec)
        if into is not None:
            t = into
            while len(self.threads) <= t:
                self.threads.append(_Thread())
        else:
            decided = recall.decision(i, vec, keys) if recall is not None else None
            best: int | None
            best, dots = decided if decided is not None else self._best_thread(f, vec, keys, side)
            if best is None or best == len(self.threads):
                best = len(self.threads)
                self.threads.append(_Thread())
            t = best
        self._join(t, i, f, vec, keys, dots, side)
        if trace is not None:
            trace.append((t, dots))
        return t

    @staticmethod
    def _weigh(bag: dict[str, float], df: Counter[str], n: int, limit: int | None) -> list[tuple[str, float]]:
        """TF-IDF with scikit-learn's smoothed idf (document frequencies of the articles so far, this
        one included, wire copies not counted), not yet normalised. With `limit`, the `limit` weightiest
        first (ties in the bag's order), else all in the bag's order. Plain Python, each step one C-level
        map, for a bag of tens of keys; a longer one to rank (an article's words: hundreds) with numpy,
        whose elementwise products and differences are the same floats, and whose stable sort of the
        negated weights puts ties in the bag's order as Python's stable descending sort does."""
        if not bag:
            return []
        keys = list(map(sys.intern, bag.keys()))
        df.update(keys)
        top = math.log(1.0 + n) + 1.0
        if limit is not None and len(keys) > NUMPY_KEYS:
            d = np.fromiter(map(df.__getitem__, keys), dtype=np.intp, count=len(keys))
            wa = np.fromiter(bag.values(), dtype=np.float64, count=len(keys)) * (top - _log1p_array(n)[d])
            top_n = np.argsort(-wa, kind="stable")[:limit]
            return list(zip(map(keys.__getitem__, top_n.tolist()), wa[top_n].tolist()))
        w = list(map(mul, bag.values(), map(top.__sub__, map(_log1p(n).__getitem__, map(df.__getitem__, keys)))))
        if limit is None:
            return list(zip(keys, w))
        order = sorted(range(len(w)), key=w.__getitem__, reverse=True)[:limit]
        return [(keys[j], w[j]) for j in order]

    def _copy_of(self, i: int, f: ArticleFeatures) -> int | None:
        if f.minhash is None:
            return None
        return self.bands.first_sharing(i, f.minhash)

    def ranked(self, keys: list[str]) -> list[int]:
        """The threads sharing the most index keys, at most CANDIDATES, before `candidates`' date check:
        all the pass reads of the index for an article with these keys."""
        shared = Counter(chain.from_iterable(map(self.index.get, keys, repeat(()))))
        # most keys shared first, ties to the newer thread: (count, thread) are unique, so the largest
        # by that pair are the smallest by (-count, -thread)
        return [t for t, _ in heapq.nlargest(CANDIDATES, shared.items(), key=_COUNT_THEN_THREAD)]

    def candidates(self, f: ArticleFeatures, keys: list[str]) -> list[int]:
        """The active threads sharing the most index keys with the article, at most CANDIDATES."""
        out = []
        for t in self.ranked(keys):
            last = self.threads[t].last_date
            gap = _days(f.date, last) if f.date and last else None
            if gap is None or gap <= ACTIVE_DAYS:
                out.append(t)
        return out

    def _best_thread(self, f: ArticleFeatures, vec: tuple[dict[str, float], ...], keys: list[str],
                     side: tuple[str | None, set[str], set[str]]) -> tuple[int | None, list[float] | None]:
        """The most probable candidate reaching the threshold (ties to the older thread), with its dot products."""
        cands = self.candidates(f, keys)
        if not cands:
            return None, None
        threads = [self.threads[t] for t in cands]
        dots = self._dots(vec, threads)
        X = [self._pair_features(vec, th, row, side) for th, row in zip(threads, dots)]
        p = self.weights.probabilities(np.asarray(X, dtype=np.float64))
        best, best_p, best_dots = None, self.weights.threshold, None
        for t, pt, row in zip(cands, p.tolist(), dots):
            if pt >= best_p and (best is None or pt > best_p or t < best):
                best, best_p, best_dots = t, pt, row
        return best, best_dots

    def features(self, vec: tuple[dict[str, float], ...], cands: list[int]) -> list[tuple[float, ...]]:
        """FEATURES of the article against each candidate thread (`pair_features`)."""
        threads = [self.threads[t] for t in cands]
        side = self._article_side(vec)
        return [self._pair_features(vec, th, row, side) for th, row in zip(threads, self._dots(vec, threads))]

    @staticmethod
    def _dots(vec: tuple[dict[str, float], ...], threads: list[_Thread]) -> list[list[float]]:
        """Each channel's dot product of the article's vector with each thread's summed vector, all
        threads at once: one dict lookup per key and thread, then one matrix product per channel."""
        if not threads:
            return []
        dots = np.zeros((len(threads), len(CHANNELS)))
        for c, v in enumerate(vec):
            if not v:
                continue
            keys = list(v)
            gets = [th.sums[c].get for th in threads]
            looked = np.fromiter(chain.from_iterable(map(get, keys, repeat(0.0)) for get in gets),
                                 dtype=np.float64, count=len(keys) * len(threads))
            dots[:, c] = looked.reshape(len(threads), len(keys)) @ np.fromiter(v.values(), dtype=np.float64, count=len(v))
        return dots.tolist()

    def pair_features(self, vec: tuple[dict[str, float], ...], thread: _Thread) -> tuple[float, ...]:
        """FEATURES of an article and a thread: each channel's cosine between the article's vector
        and the thread's summed vector; the words' mean cosine to the members (average linkage);
        whether the article's weightiest person or organisation is in the thread; whether both
        name people and share none (two rehab stories of two celebrities); the share of the
        article's people the thread never named, and of the thread's the article does not name;
        whether both give numbers, or places, and share none (a 6.1 earthquake in one place
        and a 7.0 one in another); the people's cosine once the thread's weightiest person is left
        out, and whether both name others and share none (the same boxer against two opponents);
        whether both give years and share none (the event signature's "when"); whether they share a
        record, age or decimal (features.MARK), or both give some and share none (a champion at 32
        and 52-3 is not the champion at 36 and 58-3); and whether the article names the thread's
        weightiest person (two arrests of one team's players: each thread is led by its own player,
        whom the other story names, if at all, only in passing); and whether the article's lead and
        the thread's name weekdays and share none, or share one, and give ages and share none, or
        share one (`features.when_flags`: a coach fired on Saturday is not the one hired on Monday)."""
        return self._pair_features(vec, thread, [_dot(v, s) for v, s in zip(vec, thread.sums)])

    @staticmethod
    def _article_side(vec: tuple[dict[str, float], ...]) -> tuple[str | None, set[str], set[str]]:
        """What `_pair_features` reads of the article alone (its weightiest person, its years):
        computed once per article, not once per candidate thread."""
        people = vec[1]
        top = max(people.items(), key=lambda kv: (kv[1], kv[0]))[0] if people else None
        return top, _years(vec[4]), marks(vec[4])

    @staticmethod
    def _pair_features(vec: tuple[dict[str, float], ...], thread: _Thread, dots: list[float],
                       side: tuple[str | None, set[str], set[str]] | None = None) -> tuple[float, ...]:
        top, years, figures = Threader._article_side(vec) if side is None else side
        cos = [d / math.sqrt(n2) if n2 > 0 else 0.0 for d, n2 in zip(dots, thread.norms2)]
        people, tpeople = vec[1], thread.sums[1]
        if people and tpeople:
            people_top = 1.0 if top in tpeople else 0.0
            people_top_back = 1.0 if thread.top_person in people else 0.0
            people_apart = 1.0 if cos[1] == 0.0 else 0.0
            shared = list(filter(tpeople.__contains__, people))
            people_new = 1.0 - sum(map(pow, map(people.__getitem__, shared), repeat(2)))
            t2 = thread.norms2[1]  # the squared norm of the summed people: all of theirs
            people_missing = max(0.0, t2 - sum(map(pow, map(tpeople.__getitem__, shared), repeat(2)))) / t2 if t2 > 0 else 0.0
            lead = thread.top_person
            a = people.get(lead, 0.0) if lead is not None else 0.0
            b = tpeople.get(lead, 0.0) if lead is not None else 0.0
            rest_a, rest_b = 1.0 - a * a, t2 - b * b
            if rest_a > 1e-9 and rest_b > 1e-9:
                people_rest = max(0.0, dots[1] - a * b) / math.sqrt(rest_a * rest_b)
                people_rest_apart = 1.0 if people_rest < 1e-9 else 0.0
            else:
                people_rest = people_rest_apart = 0.0
        else:
            people_top = people_apart = people_new = people_missing = people_rest = people_rest_apart = 0.0
            people_top_back = 0.0
        numbers_apart = 1.0 if vec[4] and thread.sums[4] and cos[4] == 0.0 else 0.0
        places_apart = 1.0 if vec[2] and thread.sums[2] and cos[2] == 0.0 else 0.0
        years_apart = 1.0 if years and thread.years and not (years & thread.years) else 0.0
        marks_shared = 1.0 if figures & thread.marks else 0.0
        marks_apart = 1.0 if figures and thread.marks and not marks_shared else 0.0
        return (cos[0], cos[1], cos[2], cos[3], dots[0] / max(1, len(thread.members)), people_top, people_apart,
                people_new, people_missing, cos[4], numbers_apart, places_apart, people_rest, people_rest_apart,
                years_apart, marks_apart, marks_shared, people_top_back, *when_flags(vec[5], thread.sums[5]))

    def probability(self, x: tuple[float, ...]) -> float:
        return float(self.weights.probabilities(np.asarray([x], dtype=np.float64))[0])

    def _join(self, t: int, i: int, f: ArticleFeatures, vec: tuple[dict[str, float], ...], keys: list[str],
              dots: list[float] | None = None, side: tuple[str | None, set[str], set[str]] | None = None) -> None:
        """Add the article to thread t: its summed vectors (and their squared norms: |s + v|^2 =
        |s|^2 + 2 s.v + 1, v being normalised), its last date, and the index keys that find it."""
        thread = self.threads[t]
        thread.members.append(i)
        thread.vectors += 1
        thread.repair_keys = None
        self.thread_of.append(t)
        for c, (v, s) in enumerate(zip(vec, thread.sums)):
            if not v:
                continue
            thread.norms2[c] += 2 * (dots[c] if dots is not None else _dot(v, s)) + 1.0
            # s[k] += x for each key, as one C-level update (each key read before it is written)
            s.update(zip(v.keys(), map(add, map(s.get, v.keys(), repeat(0.0)), v.values())))
        people = thread.sums[1]
        top = thread.top_person
        for k in vec[1]:
            if top is None or (people[k], k) > (people[top], top):
                top = k
        thread.top_person = top
        _top, years, figures = self._article_side(vec) if side is None else side
        thread.years |= years
        thread.marks |= figures
        if f.date and (thread.last_date is None or f.date > thread.last_date):
            thread.last_date = f.date
        index = self.index
        for key in keys:
            posting = index.get(key)
            if posting is None:
                index[key] = {t: None}
                continue
            if t in posting:
                del posting[t]  # moved to the end: the most recently extended
            posting[t] = None
            if len(posting) > POSTING_CAP:
                del posting[next(iter(posting))]

    # --- the repair -----------------------------------------------------------------------
    def pass_groups(self) -> list[Group]:
        """The pass's threads as the repair reads them (sharing their summed vectors: the repair copies
        on merge). Each thread's repair keys are kept until an article joins it, so repairing again
        after one more article looks again at one thread's words, not every thread's."""
        out = []
        for t, th in enumerate(self.threads):
            group = Group(members=list(th.members), sums=th.sums, norms2=list(th.norms2), stamp=(t, len(th.members)),
                          vectors=th.vectors)
            if th.repair_keys is None:
                th.repair_keys = group_keys(group)
            group.keys = th.repair_keys
            out.append(group)
        return out

    def groups(self) -> list[Group]:
        """The threads after the repair (threads/repair.py): the pass's threads, fragments of one story
        merged, then the small fragments left read again by the pass's model at the merge model's `rejoin`
        threshold (`rejoin_settled`; neither without a fitted merge model). A pure function of the state, so a resumed state gives what a full
        run gives."""
        merged = merge_groups(self.pass_groups(), self.weights.merge, self.repair_scored)
        if self.weights.merge.threshold > 1.0:  # no repair fitted: the pass's threads as they are
            return merged
        rejoin = self.weights.merge.rejoin
        return rejoin_settled(merged, self.kept_rejoin_scorer(), self.weights.threshold if rejoin is None else rejoin)

    def rejoin_probability(self, fragment: Group, thread: Group) -> float:
        """The pass's probability that `fragment` belongs in `thread`, the fragment read as one article:
        its summed vectors each scaled to unit length (a one-article fragment's are its article's own),
        against the thread's summed vectors, its weightiest person, years and figures, as `add` reads
        a thread (`_pair_features`)."""
        return self.rejoin_scorer()(fragment, thread)

    def rejoin_scorer(self) -> Callable[[Group, Group], float]:
        """`rejoin_probability` for one repair: each fragment's unit vectors, each thread's view and each pair's
        probability made once, not once per candidate pair or sweep (a fragment meets up to GROUP_CANDIDATES
        threads, a large thread many fragments, and a sweep of `rejoin_settled` reads again the pairs the
        last one left as they were). Keyed by the groups' ids, each kept with its group, so no id is reused
        by a group made later while the scorer lives."""
        units: dict[int, tuple[Group, tuple[dict[str, float], ...]]] = {}
        views: dict[int, tuple[Group, _Thread]] = {}
        scored: dict[tuple[int, int], float] = {}

        def score(fragment: Group, thread: Group) -> float:
            pair = (id(fragment), id(thread))
            p = scored.get(pair)
            if p is not None:
                return p
            made = units.get(pair[0])
            if made is None:
                made = units[pair[0]] = (fragment, tuple({k: x / math.sqrt(n2) for k, x in s.items()} if n2 > 0 else {}
                                                         for s, n2 in zip(fragment.sums, fragment.norms2)))
            seen = views.get(pair[1])
            if seen is None:
                seen = views[pair[1]] = (thread, _Thread(members=thread.members, sums=thread.sums, norms2=thread.norms2,
                                                         top_person=top_key(thread.sums[1]), years=_years(thread.sums[4]),
                                                         marks=marks(thread.sums[4])))
            vec, view = made[1], seen[1]
            p = scored[pair] = self.probability(self._pair_features(vec, view, [_dot(v, s) for v, s in zip(vec, view.sums)]))
            return p

        return score

    def kept_rejoin_scorer(self) -> Callable[[Group, Group], float]:
        """`rejoin_scorer` for one rejoin, each pair of stamped threads (repair.py `Group.stamp`) taken from
        `rejoin_scored` when there, and `rejoin_scored` left holding this rejoin's pairs only, in the order
        scored (as `merge_groups` keeps `repair_scored`).

        A pair's probability reads only the two threads' summed vectors, their squared norms and the
        thread's count of members (`rejoin_scorer`); a pass thread's stamp (thread, size) names one prefix
        of that thread's members in one pass history, and a merge's stamp its parts merged in its order,
        so within one history a stamp names those inputs. Scores of another history (the last build's)
        are only here when the caller seeded them for threads provably the same (thread_stage.py)."""
        old = self.rejoin_scored
        kept: dict[tuple[tuple[int, ...], tuple[int, ...]], float] = {}
        self.rejoin_scored = kept
        score = self.rejoin_scorer()

        def scored(fragment: Group, thread: Group) -> float:
            a, b = fragment.stamp, thread.stamp
            if a is None or b is None:
                return score(fragment, thread)
            p = old.get((a, b))
            if p is None:
                p = score(fragment, thread)
            kept[a, b] = p
            return p

        return scored

    def story_of(self) -> list[int]:
        """Each article's thread after the repair (the index of its group in `groups()`), in pass order."""
        out = [0] * len(self.articles)
        for g, group in enumerate(self.groups()):
            for i in group.members:
                out[i] = g
        return out

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
