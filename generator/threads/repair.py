"""Threads: a repair after the one pass, merging threads that tell one story.

The pass decides each article once, when it comes. An article that opens a thread before the
story's other articles have come (or whose words differ from the thread's first ones) stays
apart: a fragment of a story. The repair reads the pass's threads once they are all made and
merges two whose summed vectors (words, people, places, lead, numbers) are close, and whose articles
are close one by one (average linkage, `_linkage`), by a second fitted logistic model over
MERGE_FEATURES (bench/fit_threads.py), best pair first, until no pair reaches its threshold. It is a pure function of the pass's state: a state resumed and extended
with `Threader.add` gives the same groups as a full run in the same order.

Candidate pairs come from an inverted index over each thread's weightiest words and its people,
never all pairs.

Then the rejoin (`rejoin_fragments`): a fragment of at most REJOIN_ARTICLES articles left after the
merges is read once more as the pass reads an article, by the pass's own fitted model (at its own fitted
threshold, `MergeWeights.rejoin`), against the
threads among its candidates larger than it (or as large and older), now that the story's other articles
have all come; again on its result, at most REJOIN_SWEEPS times (`rejoin_settled`).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import itemgetter, mul

import numpy as np

from generator.threads.features import main_day, when_flags

# What the merge model reads of two threads, in this order (see `merge_features`).
MERGE_FEATURES = ("text", "people", "places", "lead", "numbers", "people_apart", "places_apart", "numbers_apart",
                  "people_top", "small", "marks_apart", "marks_shared", "names", "top_share", "place_share",
                  "text_mean", "lead_mean", "names_mean", "weekday_apart", "weekday_shared", "age_apart", "age_shared")
# The weightiest words of a thread that find its merge candidates, and the candidates scored per thread.
GROUP_INDEX_TERMS = 24
GROUP_CANDIDATES = 8
# The largest fragment the rejoin reads again, in articles that are not wire copies (`rejoin_fragments`).
# Chosen by leave-topics-out CV on threads_dev (bench/fit_threads.py --cv, BCubed F1 / look-alike merges):
# no rejoin 0.9152 / 2, 1 article 0.9152 / 2, 2: 0.9205 / 2, 3: 0.9227 / 2, 4: 0.9084 / 4; with a thread as
# large and older read too and REJOIN_SWEEPS: 2: 0.9205 / 2, 3: 0.9293 / 2, 4: 0.9308 / 3 (in sample 0.9377 / 3).
REJOIN_ARTICLES = 3
# The rejoin's sweeps at most (`rejoin_settled`). Chosen by --cv as above (with fragments joining a thread
# as large and older too): 1 sweep 0.9262 / 2, 2: 0.9293 / 2, 3 and 5: as 2 (in sample 0.9382 / 2 for all).
REJOIN_SWEEPS = 2
# A merged thread's stamp: its parts' stamps, then MERGED; at most MAX_STAMP numbers (about 16 pass threads).
MERGED = -1
MAX_STAMP = 48


@dataclass(frozen=True, slots=True)
class MergeWeights:
    """The fitted merge decision: a logistic model over MERGE_FEATURES and the probability a pair must reach.
    The default never merges (threshold above 1), so an unfitted repair changes nothing. `rejoin` is the
    probability, by the pass's model, a fragment must reach to rejoin a thread (`rejoin_settled`), fitted
    apart from the pass's own threshold (bench/fit_threads.py step 3): the pass decides an article against
    the threads as they are when it comes, and a wrong join there is a mix no later step undoes, while the
    rejoin reads a fragment the merges left against the threads once all have come, among its candidates
    at least as large; None, the pass's threshold (a file fitted before it)."""

    coef: tuple[float, ...] = (0.0,) * len(MERGE_FEATURES)
    intercept: float = 0.0
    threshold: float = 2.0
    rejoin: float | None = None

    @classmethod
    def from_dict(cls, d: dict) -> MergeWeights:
        if tuple(d.get("features", MERGE_FEATURES)) != MERGE_FEATURES:
            raise ValueError("threads merge weights were fitted on other features: run bench/fit_threads.py --write")
        return cls(coef=tuple(float(x) for x in d["coef"]), intercept=float(d["intercept"]),
                   threshold=float(d["threshold"]), rejoin=float(d["rejoin"]) if d.get("rejoin") is not None else None)

    def to_dict(self) -> dict:
        out = {"features": list(MERGE_FEATURES), "coef": [round(x, 6) for x in self.coef],
               "intercept": round(self.intercept, 6), "threshold": round(self.threshold, 6)}
        if self.rejoin is not None:
            out["rejoin"] = round(self.rejoin, 6)
        return out

    def probability(self, x: tuple[float, ...]) -> float:
        z = max(-700.0, min(700.0, self.intercept + sum(c * v for c, v in zip(self.coef, x))))
        return 1.0 / (1.0 + math.exp(-z))


@dataclass(slots=True)
class Group:
    """A thread while the repair works: its members, summed vectors per channel and their squared norms."""

    members: list[int]
    sums: tuple[dict[str, float], ...]
    norms2: list[float]
    keys: list[str] = field(default_factory=list)
    # (thread, its size) of a pass thread: it changes when the thread does; a merge's is its parts' (`_merged`)
    stamp: tuple[int, ...] | None = None
    # what `merge_features` reads of this thread alone (`_own`), made at its first pair: a thread of
    # thousands of words is in up to GROUP_CANDIDATES * 2 pairs, and its sums do not change in a repair
    own: tuple[str | None, set[str], float] | None = None
    # the articles whose vectors its sums add up (wire copies add none: `Threader.add`)
    vectors: int = 1


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    """The dot product, iterating the shorter. Only the keys both have are multiplied, in the shorter's
    order: the same nonzero products summed in the same order as a loop over all its items (adding a
    zero product leaves a sum as it is), each step a C-level map."""
    if len(a) > len(b):
        a, b = b, a
    shared = list(filter(b.__contains__, a))
    return sum(map(mul, map(a.__getitem__, shared), map(b.__getitem__, shared)), 0.0)


def marks(numbers: dict[str, float]) -> set[str]:
    """The figures of a numbers bag that name one event (features.MARK): records, ages, decimals."""
    return {k for k in numbers if "-" in k or "." in k or k[-1:] == "y"}


def top_key(s: dict[str, float]) -> str | None:
    """The weightiest key of a bag (ties to the greater key): a thread's top person, its top place."""
    return max(s.items(), key=lambda kv: (kv[1], kv[0]))[0] if s else None


def merge_features(a: Group, b: Group) -> tuple[float, ...]:
    """MERGE_FEATURES of two threads (symmetric): each channel's cosine between their summed vectors;
    whether both name people, places or numbers and share none; whether each one's weightiest
    person is in the other; whether the smaller has a single article; whether they share a record,
    age or decimal, or both give some and share none; the cosine of their people and places
    taken as one bag (`_names_cosine`); how far each one's weightiest person, and its weightiest
    place, leads the other (`top_share`); and the mean cosine of each article of one with each article
    of the other, in words, lead and names (`_linkage`); and whether the main days their leads name
    differ or agree, and whether they give ages and share none, or share one (`features.when_flags` of
    `features.main_day`)."""
    dots = [_dot(sa, sb) for sa, sb in zip(a.sums, b.sums)]
    cos = [d / math.sqrt(na * nb) if na > 0 and nb > 0 else 0.0 for d, na, nb in zip(dots, a.norms2, b.norms2)]
    pa, pb = a.sums[1], b.sums[1]
    people_apart = 1.0 if pa and pb and cos[1] == 0.0 else 0.0
    places_apart = 1.0 if a.sums[2] and b.sums[2] and cos[2] == 0.0 else 0.0
    numbers_apart = 1.0 if a.sums[4] and b.sums[4] and cos[4] == 0.0 else 0.0
    (ta, ma, na), (tb, mb, nb) = _own(a), _own(b)
    people_top = 1.0 if ta is not None and tb is not None and ta in pb and tb in pa else 0.0
    small = 1.0 if min(len(a.members), len(b.members)) == 1 else 0.0
    marks_shared = 1.0 if ma & mb else 0.0
    marks_apart = 1.0 if ma and mb and not marks_shared else 0.0
    names = _names_cosine(a, b, dots, na, nb)
    return (cos[0], cos[1], cos[2], cos[3], cos[4], people_apart, places_apart, numbers_apart, people_top, small,
            marks_apart, marks_shared, names, top_share(pa, pb, ta, tb),
            top_share(a.sums[2], b.sums[2], _top_place(a), _top_place(b)),
            *_linkage(a, b, dots), *when_flags(main_day(a.sums[5]), main_day(b.sums[5])))


def _linkage(a: Group, b: Group, dots: list[float]) -> tuple[float, float, float]:
    """The average linkage of two threads in words, lead, and people and places together: the mean
    cosine of each article of one with each article of the other. Each article's vector is of unit
    length (or empty), so the sum of those cosines is the dot product of the summed vectors, and the
    mean is it over the count of pairs. The summed vectors' cosine weighs a thread's common words by
    how many of its articles share them; the mean also says how close its articles are one by one: a
    fragment whose few articles each resemble the story's articles, when the summed story has moved on
    to words the fragment never uses."""
    pairs = max(1, a.vectors) * max(1, b.vectors)
    return dots[0] / pairs, dots[3] / pairs, (dots[1] + dots[2]) / pairs


def top_share(pa: dict[str, float], pb: dict[str, float], ta: str | None, tb: str | None) -> float:
    """How far each thread's weightiest person (or place: `pa`, `pb` are then the summed places) leads
    the other too: the weight the other thread gives it over the weight of the other's own weightiest
    one, the lesser of the two ways (1 when both are led by one person; near 0 when one thread's lead
    is named only in passing by the other: two arrests of one team's players, each story naming the
    other player as background; two climbers' falls on one mountain range, each told from its own peak)."""
    if ta is None or tb is None:
        return 0.0
    return min(pb.get(ta, 0.0) / pb[tb], pa.get(tb, 0.0) / pa[ta])


def _top_place(g: Group) -> str | None:
    """The thread's weightiest place (not kept in `_own`: read once per pair, the places are few)."""
    return top_key(g.sums[2])


def _own(g: Group) -> tuple[str | None, set[str], float]:
    """What `merge_features` reads of one thread: its weightiest person, its figures, and the squared
    norm of its people and places as one bag (`_names_cosine`); made once per Group."""
    if g.own is None:
        g.own = (top_key(g.sums[1]), marks(g.sums[4]), g.norms2[1] + g.norms2[2] + 2 * _dot(g.sums[1], g.sums[2]))
    return g.own


def _names_cosine(a: Group, b: Group, dots: list[float], na: float, nb: float) -> float:
    """The cosine of the two threads' people and places taken as one bag: the analysis may call one
    mountain a person in one article and a place in the next, and the two channels then miss it.
    `na` and `nb` are the bags' squared norms (`_own`)."""
    pa, la, pb, lb = a.sums[1], a.sums[2], b.sums[1], b.sums[2]
    if na <= 0 or nb <= 0:
        return 0.0
    return (dots[1] + dots[2] + _dot(pa, lb) + _dot(la, pb)) / math.sqrt(na * nb)


_WEIGHT_THEN_KEY = itemgetter(1, 0)


def group_keys(g: Group) -> list[str]:
    """The index keys of a thread: its weightiest words and its people."""
    terms = heapq.nlargest(GROUP_INDEX_TERMS, g.sums[0].items(), key=_WEIGHT_THEN_KEY)
    return [f"t:{k}" for k, _x in terms] + [f"p:{k}" for k in sorted(g.sums[1])]


def candidate_pairs(groups: list[Group]) -> list[tuple[int, int]]:
    """For each thread, the older threads sharing the most index keys with it (at most GROUP_CANDIDATES)."""
    index: dict[str, list[int]] = {}
    pairs: list[tuple[int, int]] = []
    for j, g in enumerate(groups):
        if not g.keys:
            g.keys = group_keys(g)
        shared = Counter(chain.from_iterable(map(index.get, g.keys, repeat(()))))
        for i, _n in heapq.nsmallest(GROUP_CANDIDATES, shared.items(), key=lambda kv: (-kv[1], kv[0])):
            pairs.append((i, j))
        for k in g.keys:
            index.setdefault(k, []).append(j)
    return pairs


def _merged(a: Group, b: Group) -> Group:
    sums = tuple({**sa} for sa in a.sums)
    norms2 = list(a.norms2)
    for c, (s, sb) in enumerate(zip(sums, b.sums)):
        norms2[c] += b.norms2[c] + 2 * _dot(s, sb)
        get = s.get
        for k, x in sb.items():
            s[k] = get(k, 0.0) + x
    # a merge is stamped by its parts' stamps then MERGED (postfix: the same stamp, the same merges in the
    # same order, so the same sums); a long one is not stamped, so no kept key grows with a story
    stamp = a.stamp + b.stamp + (MERGED,) if a.stamp is not None and b.stamp is not None else None
    if stamp is not None and len(stamp) > MAX_STAMP:
        stamp = None
    return Group(members=sorted(a.members + b.members), sums=sums, norms2=norms2, stamp=stamp,
                 vectors=a.vectors + b.vectors)


def merge_groups(groups: list[Group], weights: MergeWeights,
                 scored: dict[tuple[tuple[int, ...], tuple[int, ...]], float] | None = None) -> list[Group]:
    """Merge the candidate pairs reaching the threshold, most probable first (ties to the older pair);
    a merged thread is scored again against the candidates of both. Deterministic.

    `scored` keeps the probability of each pair of unchanged pass threads (by their stamps), and of
    their merges, from one repair to the next: after one more article only the pairs of the thread it joined are
    scored again. It is left holding this repair's pairs only."""
    if weights.threshold > 1.0:
        return groups
    alive: dict[int, Group] = dict(enumerate(groups))
    links: dict[int, set[int]] = {i: set() for i in alive}
    heap: list[tuple[float, int, int]] = []
    old = dict(scored) if scored is not None else {}
    if scored is not None:
        scored.clear()
    for i, j in candidate_pairs(groups):
        links[i].add(j)
        links[j].add(i)
        a, b = groups[i].stamp, groups[j].stamp
        key = (a, b) if a is not None and b is not None else None
        p = old.get(key) if key is not None else None
        if p is None:
            p = weights.probability(merge_features(groups[i], groups[j]))
        if key is not None and scored is not None:
            scored[key] = p
        if p >= weights.threshold:
            heapq.heappush(heap, (-p, i, j))
    nxt = len(groups)
    while heap:
        _p, i, j = heapq.heappop(heap)
        if i not in alive or j not in alive:
            continue
        g = _merged(alive.pop(i), alive.pop(j))
        k = nxt
        nxt += 1
        alive[k] = g
        near = (links.pop(i) | links.pop(j)) - {i, j}
        links[k] = set()
        for m in sorted(near):
            if m not in alive:
                continue
            links[m].discard(i)
            links[m].discard(j)
            links[m].add(k)
            links[k].add(m)
            a, b = alive[m].stamp, g.stamp
            key = (a, b) if a is not None and b is not None else None
            p = old.get(key) if key is not None else None
            if p is None:
                p = weights.probability(merge_features(alive[m], g))
            if key is not None and scored is not None:
                scored[key] = p
            if p >= weights.threshold:
                heapq.heappush(heap, (-p, m, k))
    return sorted(alive.values(), key=lambda g: g.members[0])


def rejoin_fragments(groups: list[Group], probability: Callable[[Group, Group], float],
                     threshold: float) -> list[Group]:
    """The repaired threads, each fragment of at most REJOIN_ARTICLES articles (`Group.vectors`) put in
    the most probable thread among its candidates (`candidate_pairs`) that reaches `threshold` and is
    larger than it, or as large and older (ties to the older thread); `probability(fragment, thread)` is
    the pass's model reading the
    fragment as one article (cluster.py `Threader.rejoin_probability`). Each fragment is decided
    against the threads as the merges left them, and one that another fragment joins takes none
    itself, so the order of the fragments changes nothing. Deterministic.

    Why: the pass scored a fragment's first article against the threads as they were when it came,
    before the rest of its story had come (undated articles come by id, so a story's articles may
    come last) or when its words differed from the thread's first ones; and the merge model, fitted
    on pairs of the pass's threads, weighs a fragment of one or two articles on few rows like it. The
    pass's model is fitted on every article against every candidate thread, and the story's summed
    vectors now hold all its articles. A thread as large as the fragment is read too when it is older:
    a story told in two halves of a few articles each has no larger half, and the merge model, which
    read the two, weighs pairs of small threads on few rows like them; only older, so two halves never
    take each other."""
    if threshold > 1.0:
        return groups
    near: dict[int, set[int]] = {}
    for i, j in candidate_pairs(groups):
        near.setdefault(i, set()).add(j)
        near.setdefault(j, set()).add(i)
    moves: dict[int, int] = {}
    for f, g in enumerate(groups):
        if not 1 <= g.vectors <= REJOIN_ARTICLES:
            continue
        best, best_p = None, threshold
        for t in sorted(near.get(f, ())):
            if groups[t].vectors < g.vectors or (groups[t].vectors == g.vectors and t > f):
                continue
            p = probability(g, groups[t])
            if p >= best_p and (best is None or p > best_p):
                best, best_p = t, p
        if best is not None:
            moves[f] = best
    if not moves:
        return groups
    out = dict(enumerate(groups))
    for f, t in sorted(moves.items()):
        if t not in moves:  # a fragment that takes another stays where it is
            out[t] = _merged(out[t], out.pop(f))
    return sorted(out.values(), key=lambda g: g.members[0])


def rejoin_settled(groups: list[Group], probability: Callable[[Group, Group], float], threshold: float,
                   sweeps: int = REJOIN_SWEEPS) -> list[Group]:
    """`rejoin_fragments` again on its own result, at most `sweeps` times, until a sweep joins nothing.
    `probability` is called across sweeps (cluster.py `Threader.rejoin_scorer` keeps what it made of each
    group, and the group with it). Deterministic, a pure function of the groups and the pass's model.

    Why: a fragment that a sweep joins to another makes a thread larger than the fragments it could not
    take before (a fragment joins only a thread at least as large as it), with the summed vectors of
    both; and a fragment whose thread moved stayed where it was: a story in three pieces of two or three
    articles comes together in two sweeps."""
    for _sweep in range(sweeps):
        joined = rejoin_fragments(groups, probability, threshold)
        if len(joined) == len(groups):
            break
        groups = joined
    return groups


def merge_rows(groups: list[Group], label: list[str]) -> tuple[list[tuple[float, ...]], list[int]]:
    """(MERGE_FEATURES, same story) of each candidate pair; `label` names each thread's story (fitting only)."""
    X, y = [], []
    for i, j in candidate_pairs(groups):
        X.append(merge_features(groups[i], groups[j]))
        y.append(int(label[i] == label[j]))
    return X, y


def as_array(X: list[tuple[float, ...]]) -> np.ndarray:
    return np.asarray(X, dtype=np.float64).reshape(-1, len(MERGE_FEATURES))
