"""Fit the threads stage's decision (generator/threads/weights.json) on an ECB+-shaped file.

Usage:
  .venv/bin/python bench/fit_threads.py ../shared/eval/threads_dev.jsonl [--write] [--cv] [--grid]
      [--select in-sample|by-topic] [--rejoin priced|bounded|pass|file] [--oracle]

Deterministic: the same file and code give the same JSON. Steps:

1. The join model. The pass is replayed with the gold threads (each article put in its gold
   thread), and for every article each candidate thread the inverted index offers is a row:
   its FEATURES (generator/threads/cluster.py) and whether it is the article's gold thread.
   A logistic regression (scikit-learn, lbfgs, fixed C, rows in pass order) gives the weights.
   (Boosted trees, HistGradientBoostingClassifier with max_depth 3, fitted better in sample
   but worse under leave-topics-out CV: 0.81 against 0.83 BCubed F1; not kept.)
2. The threshold: the real pass is run at each probability on a fixed grid, and the one with the
   best BCubed F1 less MERGE_COST per look-alike merge (then fewer merges, then the lower
   threshold) is kept.
3. The repair's merge model (generator/threads/repair.py): the real pass is run with the
   weights of steps 1-2, each of its threads is labelled by its most common gold event, and each
   candidate pair of threads is a row: its MERGE_FEATURES and whether both name the same event.
   A logistic regression gives the weights; the merge threshold is chosen on the grid as in 2.
   The repair's rejoin (repair.py `rejoin_fragments`, `rejoin_settled`) reads the small fragments left by the merges
   with the pass's model of steps 1-2, at the pass's threshold; the scores of step 3's grid are taken with it in
   place. Then the rejoin's own threshold (`MergeWeights.rejoin`) is chosen (`_choose_rejoin`: by default on the
   file, each small story that its cuts to 1-3 articles put in a look-alike's thread priced as a look-alike
   merge); `--grid` and `--select by-topic` keep the pass's.
4. The novelty threshold: a sentence against a light edit of itself (every fourth content word
   dropped: a repeat) and against its closest sentence in the other event of its topic (the
   same kind of fact about another event: new). A one-feature logistic regression on their
   word-set cosines; the threshold is where it says 0.5.

The issue fits on the dev file (it is the only ECB+ file we have). `--cv` also prints a
leave-topics-out figure: topics split in three folds by number, steps 1-3 fitted on two folds
and the pass scored on the third, the three test folds' threads pooled and scored together,
so the figure can be read beside the in-sample one (`cv_pass_*`: the same without the repair).
`--oracle` adds what the fitted models say of the gold cut of each thread holding two events (`oracle_split`)
and of the gold join of each event left in pieces (`oracle_join`): the bounds of any step that reassigns by them.
`--grid` prints (to stderr) BCubed F1 / look-alike merges over fixed join x merge thresholds, in
sample and by topic (`grid`). `--select by-topic` chooses the two thresholds together on that
by-topic surface instead of steps 2 and 3's in-sample choice (`fit`).
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sklearn.linear_model import LogisticRegression  # noqa: E402
from threads import load_scorer  # noqa: E402
from threads_data import digests_of, load_rows  # noqa: E402

from generator.threads import WEIGHTS_FILE, MergeWeights, Threader, Weights, article_features, order_key  # noqa: E402
from generator.threads.repair import merge_features, merge_rows  # noqa: E402
from generator.threads.features import ArticleFeatures, words  # noqa: E402
from generator.threads.novelty import _title_sentences, similarity  # noqa: E402

THRESHOLDS = tuple(round(0.05 + 0.05 * k, 2) for k in range(19))  # 0.05 .. 0.95
C = 1.0
# What one look-alike merge costs when thresholds are compared, in BCubed F1: the error a reader
# notices first (the issue), so a threshold that merges two more topics must buy 0.02 of F1.
MERGE_COST = 0.01
# The sizes small stories are cut to when the rejoin's threshold is chosen (`small_story_cuts`).
SMALL_STORIES = (1, 2, 3)


def replay_rows(feats: list[ArticleFeatures], gold: dict[str, str]) -> tuple[list[tuple[float, ...]], list[int]]:
    """(features, is-gold-thread) of every candidate thread met when the gold threads are replayed."""
    threader = Threader(Weights())
    thread_of_cluster: dict[str, int] = {}
    X: list[tuple[float, ...]] = []
    y: list[int] = []
    for f in feats:
        cluster = gold[f.id]
        into = thread_of_cluster.setdefault(cluster, len(thread_of_cluster))
        seen: list[tuple[int, tuple[float, ...]]] = []
        threader.add(f, into=into, seen=seen)
        for t, x in seen:
            X.append(x)
            y.append(int(t == into))
    return X, y


def run_pass(feats: list[ArticleFeatures], weights: Weights) -> dict[str, str]:
    """{article id: thread} after the pass and the repair."""
    threader = Threader(weights)
    for f in feats:
        threader.add(f)
    return {f.id: str(t) for f, t in zip(threader.articles, threader.story_of())}


def _choose(feats: list[ArticleFeatures], gold: dict[str, str], scorer, candidates) -> tuple[Weights, dict]:
    """The weights of `candidates` with the best BCubed F1 less MERGE_COST per look-alike merge on `feats`
    (then fewer merges, then the first given)."""
    sub_gold = {f.id: gold[f.id] for f in feats}
    best: tuple | None = None
    for n, w in enumerate(candidates):
        s = scorer.score(sub_gold, run_pass(feats, w))
        key = (round(s["bcubed_f1"] - MERGE_COST * s["lookalike_merges"], 4), -s["lookalike_merges"], -n)
        if best is None or key > best[0]:
            best = (key, w, s)
    assert best is not None
    return best[1], best[2]


def merge_grid(feats: list[ArticleFeatures], gold: dict[str, str], weights: Weights) -> list[Weights]:
    """Step 3's candidates: the repair's merge model fitted on the threads the pass (`weights`) makes of
    `feats`, at each merge threshold (2.0 first: no repair, then THRESHOLDS from the highest)."""
    threader = Threader(weights)
    for f in feats:
        threader.add(f)
    groups = threader.pass_groups()
    label = [Counter(gold[threader.articles[i].id] for i in g.members).most_common(1)[0][0] for g in groups]
    X, y = merge_rows(groups, label)
    if len(set(y)) < 2:
        return [weights]
    lr = LogisticRegression(C=C, max_iter=2000).fit(X, y)
    model = MergeWeights(coef=tuple(float(c) for c in lr.coef_[0]), intercept=float(lr.intercept_[0]))
    return [replace(weights, merge=replace(model, threshold=thr)) for thr in (2.0, *THRESHOLDS[::-1])]


def small_story_cuts(feats: list[ArticleFeatures], gold: dict[str, str],
                     topic: dict[str, str]) -> list[list[ArticleFeatures]]:
    """`feats` with one event of every topic of two or more cut to its first k articles in pass order, for each
    k of SMALL_STORIES and each of the topic's first two events (by name): a file of stories of 1-3 articles
    beside their look-alikes, which ECB+ lacks (no event of threads_dev has fewer than 5 articles)."""
    events: dict[str, set[str]] = defaultdict(set)
    for f in feats:
        events[topic[f.id]].add(gold[f.id])
    ranked = [sorted(es) for es in events.values() if len(es) >= 2]
    out = []
    for k in SMALL_STORIES:
        for rank in range(2):
            cut = {es[rank] for es in ranked}
            seen: Counter[str] = Counter()
            kept = []
            for f in feats:
                e = gold[f.id]
                if e in cut:
                    seen[e] += 1
                    if seen[e] > k:
                        continue
                kept.append(f)
            out.append(kept)
    return out


def absorbed(part: list[ArticleFeatures], gold: dict[str, str], pred: dict[str, str], small: set[str]) -> int:
    """The events of `small` most of whose articles sit in threads most of whose articles are of another event."""
    by: dict[str, list[str]] = defaultdict(list)
    for f in part:
        by[pred[f.id]].append(gold[f.id])
    major = {t: Counter(es).most_common(1)[0][0] for t, es in by.items()}
    out = 0
    for e in small:
        ids = [f.id for f in part if gold[f.id] == e]
        out += sum(major[pred[i]] != e for i in ids) * 2 > len(ids)
    return out


def _choose_rejoin(feats: list[ArticleFeatures], gold: dict[str, str], topic: dict[str, str], scorer,
                   weights: Weights, rejoin: str = "priced") -> tuple[Weights, dict]:
    """The rejoin threshold (`MergeWeights.rejoin`), one of THRESHOLDS from the pass's threshold down.
    `rejoin` "priced" (the default): the one with the best BCubed F1 on `feats` less MERGE_COST per look-alike
    merge, each small story the `small_story_cuts` of `feats` put in another story's thread (`absorbed`, the
    mean over the cuts) priced as one more look-alike merge (then the higher threshold). "bounded": the best
    BCubed F1 less MERGE_COST per merge among those down to the last at which the cuts absorb no more small
    stories than at the pass's threshold. "file": the best on `feats` alone. "pass": the pass's (None).

    Why: a fragment the merges left is read against the threads once all have come, so it may join at a
    lower probability than an article the pass reads as it comes. But every event of threads_dev has 5
    articles or more, so a fragment of it always belongs in some larger thread, and a choice on `feats`
    alone takes the grid's floor (0.05: every fragment joins its best candidate; in sample 0.9574 / 1,
    by topic 0.9601 / 1), which on the file with one event of each topic cut to 1-3 articles (a small
    story beside its look-alike, as news has) puts 10-14 of the 21 small stories in their look-alike's
    thread, against 5-7 at the pass's threshold. The scorer counts none of those as a look-alike merge (a
    story under half the other's size), so the cuts price them. By leave-topics-out CV (--cv, BCubed F1 /
    look-alike merges): pass 0.9414 / 1, bounded 0.9414 / 1, priced 0.9517 / 1, file 0.9601 / 1; in sample
    0.9425 / 1, 0.9443 / 1 (0.3), 0.9502 / 1 (0.25), 0.9574 / 1 (0.05)."""
    if weights.merge.threshold > 1.0 or rejoin == "pass":
        return _choose(feats, gold, scorer, [weights])
    cuts = small_story_cuts(feats, gold, topic)
    whole = {f.id: gold[f.id] for f in feats}
    sizes = Counter(whole.values())

    def absorbed_all(w: Weights) -> int:
        n = 0
        for part in cuts:
            sub = Counter(gold[f.id] for f in part)
            n += absorbed(part, gold, run_pass(part, w), {e for e, c in sub.items() if c < sizes[e]})
        return n

    candidates = [replace(weights, merge=replace(weights.merge, rejoin=r))
                  for r in sorted((t for t in THRESHOLDS if t <= weights.threshold), reverse=True)]
    if rejoin == "file":
        return _choose(feats, gold, scorer, candidates)
    if rejoin == "priced":
        best: tuple | None = None
        for n, w in enumerate(candidates):
            s = scorer.score(whole, run_pass(feats, w))
            key = (round(s["bcubed_f1"] - MERGE_COST * (s["lookalike_merges"] + absorbed_all(w) / len(cuts)), 4), -n)
            if best is None or key > best[0]:
                best = (key, w, s)
        assert best is not None
        return best[1], best[2]
    limit = absorbed_all(candidates[0])
    safe = [candidates[0]]
    for w in candidates[1:]:
        if absorbed_all(w) > limit:
            break
        safe.append(w)
    return _choose(feats, gold, scorer, safe)


def fit_merge(feats: list[ArticleFeatures], gold: dict[str, str], topic: dict[str, str], weights: Weights,
              scorer, rejoin: str = "priced") -> tuple[Weights, dict]:
    """Step 3: the repair's merge model on the threads the fitted pass makes of `feats`, then the rejoin's
    threshold with it (`_choose_rejoin`)."""
    merged, _ = _choose(feats, gold, scorer, merge_grid(feats, gold, weights))
    return _choose_rejoin(feats, gold, topic, scorer, merged, rejoin)


def fit_model(X: list[tuple[float, ...]], y: list[int], base: Weights) -> Weights:
    lr = LogisticRegression(C=C, max_iter=2000).fit(X, y)
    return Weights(coef=tuple(float(c) for c in lr.coef_[0]), intercept=float(lr.intercept_[0]),
                   threshold=base.threshold, duplicate_jaccard=base.duplicate_jaccard,
                   novel_sentence=base.novel_sentence)


def join_grid(feats: list[ArticleFeatures], gold: dict[str, str], base: Weights) -> list[Weights]:
    """Steps 1-2's candidates: the join model fitted on the replay of `feats`' gold threads, at each of THRESHOLDS."""
    fitted = fit_model(*replay_rows(feats, gold), base)
    return [replace(fitted, threshold=thr) for thr in THRESHOLDS]


def fit_join(feats: list[ArticleFeatures], gold: dict[str, str], base: Weights, scorer) -> tuple[Weights, dict]:
    return _choose(feats, gold, scorer, join_grid(feats, gold, base))


def topic_folds(feats: list[ArticleFeatures], topic: dict[str, str], k: int = 3):
    """(fitting, held-out) articles of `k` folds of whole topics: topics in number order, topic n in fold n % k."""
    topics = sorted({topic[f.id] for f in feats}, key=lambda t: int(t) if str(t).isdigit() else 0)
    for j in range(k):
        held = {t for n, t in enumerate(topics) if n % k == j}
        yield [f for f in feats if topic[f.id] not in held], [f for f in feats if topic[f.id] in held]


# The thresholds `--grid` shows: the join threshold's rows, the merge threshold's columns (2.0: no repair).
GRID_JOIN = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
GRID_MERGE = (2.0, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)


def grid(feats: list[ArticleFeatures], gold: dict[str, str], topic: dict[str, str], base: Weights,
         scorer, *, in_sample: bool = True) -> dict[str, dict[str, list]]:
    """BCubed F1 and look-alike merges at each (join, merge) threshold of GRID_JOIN x GRID_MERGE, in sample
    (the models fitted on every topic) and by topic (fitted on two folds of `topic_folds`, the third
    folds' threads pooled), the models refitted but the thresholds fixed: the landscape the fitted
    choice is made on, so a change can be read as a shift of the whole surface, not of one chosen point
    (the choice moves between neighbouring points of a plateau from one fold to the next)."""
    runs = [(feats, feats, "in_sample")] if in_sample else []
    runs += [(fit_f, held_f, "by_topic") for fit_f, held_f in topic_folds(feats, topic)]
    pooled: dict[tuple[float, float, str], dict[str, str]] = defaultdict(dict)
    for k, (fit_f, held_f, kind) in enumerate(runs):
        joins = join_grid(fit_f, gold, base)
        for j in GRID_JOIN:
            merges = merge_grid(fit_f, gold, joins[THRESHOLDS.index(j)])
            for w in merges:
                if w.merge.threshold in GRID_MERGE:
                    pooled[(j, w.merge.threshold, kind)].update({i: f"{k}:{t}" for i, t in run_pass(held_f, w).items()})
    out: dict[str, dict[str, list]] = {"in_sample": {}, "by_topic": {}} if in_sample else {"by_topic": {}}
    for (j, m, kind), pred in sorted(pooled.items()):
        s = scorer.score(gold, pred)
        out[kind].setdefault(f"join {j}", []).append([m, s["bcubed_f1"], s["lookalike_merges"]])
    return out


def oracle_parts(feats: list[ArticleFeatures], gold: dict[str, str],
                 weights: Weights) -> tuple[Threader, Threader, dict[tuple[int, str], int]]:
    """The pass and repair of `feats` (`weights`), and its threads cut by gold event: the articles threaded
    again in the same order, each put (`add(into=)`) in the thread of its (repaired thread, event), which
    `cells` numbers. The cut threads hold the pass's own vectors: an article's vector does not depend on
    the thread it joins (its idf is of the articles before it, its wire copies are the same)."""
    threader = Threader(weights)
    for f in feats:
        threader.add(f)
    cells: dict[tuple[int, str], int] = {}
    parts = Threader(weights)
    for f, story in zip(feats, threader.story_of()):
        parts.add(f, into=cells.setdefault((story, gold[f.id]), len(cells)))
    return threader, parts, cells


def oracle_split(feats: list[ArticleFeatures], gold: dict[str, str], weights: Weights) -> list[dict]:
    """For each thread of the pass and repair (`weights`) that holds two gold events, its two largest
    events' parts (`oracle_parts`) as the fitted models read them: the pass's probability of each part
    against the other (the part read as one article, as the rejoin reads a fragment:
    `Threader.rejoin_probability`), and the merge model's probability of the two (`merge_features`).

    Why: a step that reassigns articles or splits a thread by these models can cut a mixed thread only
    where they fall below their thresholds, and the gold cut is the best cut there is, so these figures
    bound what any such step can do (on threads_dev the three early mixes' parts score 0.97-0.99 with
    the pass's model, against a threshold of 0.35; issue 19)."""
    _threader, parts, cells = oracle_parts(feats, gold, weights)
    groups = parts.pass_groups()
    by_story: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for (story, event), c in cells.items():
        by_story[story].append((event, c))
    out = []
    for _story, events in sorted(by_story.items()):
        if len(events) < 2:
            continue
        (ea, a), (eb, b) = sorted(events, key=lambda e: (-len(groups[e[1]].members), e[0]))[:2]
        ga, gb = groups[a], groups[b]
        out.append({"events": {ea: len(ga.members), eb: len(gb.members)},
                    "pass": [round(parts.rejoin_probability(ga, gb), 4), round(parts.rejoin_probability(gb, ga), 4)],
                    "merge": round(weights.merge.probability(merge_features(ga, gb)), 4),
                    "thresholds": [weights.threshold, weights.merge.threshold]})
    return out


def oracle_join(feats: list[ArticleFeatures], gold: dict[str, str], weights: Weights) -> list[dict]:
    """For each gold event the pass and repair (`weights`) leave in two or more threads, its two largest
    pieces (`oracle_parts`: each only the event's articles of its thread) as the fitted models read them:
    the pass's probability of the smaller piece against the larger (read as one article, as the rejoin
    reads a fragment) and the merge model's probability of the two. Recall's bound, as `oracle_split` is
    precision's: a step that moves articles or fragments by these models joins a story's pieces only
    where they reach the thresholds."""
    _threader, parts, cells = oracle_parts(feats, gold, weights)
    groups = parts.pass_groups()
    by_event: dict[str, list[int]] = defaultdict(list)
    for (_story, event), c in cells.items():
        by_event[event].append(c)
    out = []
    for event, pieces in sorted(by_event.items()):
        if len(pieces) < 2:
            continue
        big, small = sorted(pieces, key=lambda c: (-len(groups[c].members), c))[:2]
        gb, gs = groups[big], groups[small]
        out.append({"event": event, "pieces": sorted((len(groups[c].members) for c in pieces), reverse=True),
                    "pass": round(parts.rejoin_probability(gs, gb), 4),
                    "merge": round(weights.merge.probability(merge_features(gb, gs)), 4),
                    "thresholds": [weights.threshold, weights.merge.threshold]})
    return out


def light_edit(ws: list[str]) -> list[str]:
    return [w for k, w in enumerate(ws) if k % 4 != 3]


def fit_novelty(rows: list[dict], digests: list) -> float:
    """The word-set cosine below which a sentence is new (step 3)."""
    by_topic_event: dict[tuple, list[frozenset[str]]] = defaultdict(list)
    for r, d in zip(rows, digests):
        for s in _title_sentences(d):
            ws = words(s)
            if len(ws) >= 4:
                by_topic_event[(r.get("topic"), r["cluster"])].append(frozenset(ws))
    X: list[list[float]] = []
    y: list[int] = []
    events = sorted(by_topic_event, key=str)
    for (topic, cluster), sents in ((k, by_topic_event[k]) for k in events):
        others = [s for (t2, c2) in events if t2 == topic and c2 != cluster for s in by_topic_event[(t2, c2)]]
        for ws in sents[::7]:  # a sample, in file order
            X.append([similarity(ws, frozenset(light_edit(sorted(ws))))])
            y.append(0)
            if others:
                X.append([max(similarity(ws, o) for o in others)])
                y.append(1)
    model = LogisticRegression(C=C).fit(X, y)
    return float(-model.intercept_[0] / model.coef_[0][0])


def fit(feats: list[ArticleFeatures], gold: dict[str, str], topic: dict[str, str], base: Weights, scorer,
        select: str, rejoin: str = "priced") -> tuple[Weights, Weights, dict]:
    """Steps 1-3 on `feats`: (the pass's weights alone, with the repair's, the latter's in-sample score).

    `select` "in-sample" chooses the join threshold, then the merge threshold, on the topics the models
    are fitted on (`fit_join`, `fit_merge`). "by-topic" chooses the two together on `grid`'s by-topic
    surface of `feats` (models fitted on two folds of its topics, scored on the third: the thresholds
    the stage would want on topics it was not fitted on), by the same BCubed F1 less MERGE_COST per
    merge (then fewer merges, then the higher thresholds), and fits the models on all of `feats` at them."""
    if select == "in-sample":
        joined, _ = fit_join(feats, gold, base, scorer)
        weights, score = fit_merge(feats, gold, topic, joined, scorer, rejoin)
        return joined, weights, score
    surface = grid(feats, gold, topic, base, scorer, in_sample=False)["by_topic"]
    _v, _n, j, m = max((round(f1 - MERGE_COST * n, 4), -n, float(row.split()[1]), m)
                       for row, cells in surface.items() for m, f1, n in cells)
    joined = join_grid(feats, gold, base)[THRESHOLDS.index(j)]
    weights = next(w for w in merge_grid(feats, gold, joined) if w.merge.threshold == m or m > 1.0)
    sub_gold = {f.id: gold[f.id] for f in feats}
    return joined, weights, scorer.score(sub_gold, run_pass(feats, weights))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--write", action="store_true", help=f"write {WEIGHTS_FILE.relative_to(ROOT)}")
    ap.add_argument("--cv", action="store_true", help="also the leave-topics-out figure (3 folds by topic)")
    ap.add_argument("--grid", action="store_true",
                    help="also BCubed F1 / merges over a grid of fixed join x merge thresholds, in sample and by topic")
    ap.add_argument("--oracle", action="store_true",
                    help="also the fitted models' probabilities for the gold cut of each mixed thread and the gold join "
                         "of each event in pieces")
    ap.add_argument("--rejoin", choices=("priced", "bounded", "pass", "file"), default="priced",
                    help="how the rejoin's threshold is chosen below the pass's (see `_choose_rejoin`)")
    ap.add_argument("--select", choices=("in-sample", "by-topic"), default="in-sample",
                    help="how the thresholds are chosen (see `fit`); --cv then chooses them inside each fold alike")
    args = ap.parse_args(argv)
    scorer = load_scorer()
    rows = load_rows(args.file)
    gold = {str(r["id"]): r["cluster"] for r in rows}
    topic = {str(r["id"]): r.get("topic", r["cluster"].split("-")[0]) for r in rows}
    digests = digests_of(args.file)
    feats = sorted((article_features(d) for d in digests), key=order_key)
    base = Weights(novel_sentence=fit_novelty(rows, digests))
    _joined, weights, fit_score = fit(feats, gold, topic, base, scorer, args.select, args.rejoin)
    out: dict = {"fit_" + k: v for k, v in fit_score.items() if k in ("bcubed_f1", "bcubed_precision", "bcubed_recall",
                                                                        "pairwise_f1", "lookalike_merges", "threads")}
    out["threshold"] = weights.threshold
    out["merge_threshold"] = weights.merge.threshold
    out["rejoin_threshold"] = weights.merge.rejoin
    out["novel_sentence"] = round(weights.novel_sentence, 4)
    if args.cv:
        pooled: dict[str, str] = {}
        pooled_pass: dict[str, str] = {}
        for k, (train_f, test_f) in enumerate(topic_folds(feats, topic)):
            joined, w, _ = fit(train_f, gold, topic, base, scorer, args.select, args.rejoin)
            pooled_pass.update({i: f"{k}:{t}" for i, t in run_pass(test_f, joined).items()})
            pooled.update({i: f"{k}:{t}" for i, t in run_pass(test_f, w).items()})
        for prefix, pred in (("cv_", pooled), ("cv_pass_", pooled_pass)):
            cv = scorer.score(gold, pred)
            out.update({prefix + k: v for k, v in cv.items() if k in ("bcubed_f1", "bcubed_precision", "bcubed_recall",
                                                                       "pairwise_f1", "lookalike_merges", "threads")})
    if args.grid:
        for kind, rows_of in grid(feats, gold, topic, base, scorer).items():
            for j, row in rows_of.items():
                print(f"{kind:9} {j}: " + "  ".join(f"{m:g}:{f1:.4f}/{n}" for m, f1, n in row), file=sys.stderr)
    if args.oracle:
        out["oracle_split"] = oracle_split(feats, gold, weights)
        out["oracle_join"] = oracle_join(feats, gold, weights)
        for row in out["oracle_split"] + out["oracle_join"]:
            print(json.dumps(row, sort_keys=True), file=sys.stderr)
    if args.write:
        WEIGHTS_FILE.write_text(json.dumps(weights.to_dict(), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE.relative_to(ROOT)}", file=sys.stderr)
    print(json.dumps({k: v for k, v in sorted(out.items())}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
