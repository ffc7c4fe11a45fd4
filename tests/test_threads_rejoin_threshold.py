"""Story threads: the rejoin's own threshold (repair.MergeWeights.rejoin) and how bench/fit_threads.py chooses it
(`small_story_cuts`, `absorbed`, `_choose_rejoin`), on real ECB+ text (CC BY 3.0) through the real analysis and
the committed weights."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from conftest import SHARED, ecb_article, ecb_rows, load_bench
from generator.threads import Threader, article_features, load_weights, order_key
from generator.threads.repair import MergeWeights, merge_groups

ECB = SHARED / "eval" / "threads_dev.jsonl"
# Two events of one kind (a coach fired, the same coach hired years before), and a third of another topic.
ARTICLES = ("ecbplus/5_10ecb", "ecbplus/5_1ecb", "ecbplus/5_2ecb", "ecbplus/5_3ecb", "ecbplus/5_4ecb",
            "ecbplus/5_2ecbplus", "ecbplus/5_1ecbplus", "ecbplus/5_3ecbplus", "ecbplus/5_4ecbplus",
            "ecbplus/35_1ecb", "ecbplus/35_2ecb")


@pytest.fixture(scope="module")
def ecb(analyser):
    """(features in pass order, each article's gold event, each article's topic)."""
    rows = ecb_rows(ARTICLES)
    arts = [ecb_article(rows[i]) for i in ARTICLES]
    feats = sorted((article_features(d) for d in analyser.run(arts)), key=order_key)
    return feats, {i: rows[i]["cluster"] for i in ARTICLES}, {i: rows[i]["cluster"].split("-")[0] for i in ARTICLES}


@pytest.mark.parametrize(("rejoin", "kept"), [(None, False), (0.3, True), (0.05, True), (0.0, True)])
def test_merge_weights_keep_the_rejoin_threshold_only_when_fitted(rejoin, kept):
    w = MergeWeights(coef=(0.5,) * len(MergeWeights().coef), intercept=-1.0, threshold=0.6, rejoin=rejoin)
    d = w.to_dict()
    assert ("rejoin" in d) is kept
    assert MergeWeights.from_dict(json.loads(json.dumps(d))) == w


def _groups(feats, weights):
    threader = Threader(weights)
    for f in feats:
        threader.add(f)
    return threader, [g.members for g in threader.groups()]


def test_the_rejoin_reads_fragments_at_its_own_threshold_on_ecb_text(ecb):
    """None is the pass's threshold; a rejoin threshold above 1 joins nothing after the merges; a lower one joins
    at least as much (fewer threads), each thread a union of the higher one's."""
    feats, _gold, _topic = ecb
    w = load_weights()
    assert w.merge.threshold <= 1.0
    threader, default = _groups(feats, replace(w, merge=replace(w.merge, rejoin=None)))
    assert _groups(feats, replace(w, merge=replace(w.merge, rejoin=w.threshold)))[1] == default
    never = _groups(feats, replace(w, merge=replace(w.merge, rejoin=2.0)))[1]
    assert never == [g.members for g in merge_groups(threader.pass_groups(), w.merge)]
    previous = never
    for r in (0.5, 0.35, 0.2, 0.05, 0.0):
        now = _groups(feats, replace(w, merge=replace(w.merge, rejoin=r)))[1]
        assert len(now) <= len(previous)
        assert all(any(set(m) <= set(n) for n in now) for m in previous)
        previous = now
    assert len(previous) < len(never)  # at 0 every fragment joins its best candidate


@pytest.mark.parametrize("k", [1, 2, 3])
def test_small_story_cuts_cut_one_event_of_each_topic_to_its_first_articles(ecb, k):
    feats, gold, topic = ecb
    fit_threads = load_bench("fit_threads")
    cuts = fit_threads.small_story_cuts(feats, gold, topic)
    assert len(cuts) == 2 * len(fit_threads.SMALL_STORIES)
    at = fit_threads.SMALL_STORIES.index(k)
    for rank, event in enumerate(sorted({"5-ecb", "5-ecbplus"})):
        part = cuts[2 * at + rank]
        ids = [f.id for f in part]
        assert ids == [f.id for f in feats if f.id in set(ids)]  # pass order kept
        assert [i for i in ids if gold[i] == event] == [f.id for f in feats if gold[f.id] == event][:k]
        others = [f.id for f in feats if gold[f.id] != event]
        assert [i for i in ids if gold[i] != event] == others  # the other event and the lone topic kept whole


@pytest.mark.parametrize(("threads", "expected"), [
    ("each event its own", 0),
    ("the small story in the other's thread", 1),
    ("the small story alone, the other split", 0),
    ("all in one", 1),
])
def test_absorbed_counts_small_stories_in_another_story_s_thread(ecb, threads, expected):
    feats, gold, _topic = ecb
    fit_threads = load_bench("fit_threads")
    part = [f for f in feats if gold[f.id].startswith("5-")]
    small = {"5-ecbplus"}
    pred = {
        "each event its own": {f.id: gold[f.id] for f in part},
        "the small story in the other's thread": {f.id: "one" if gold[f.id] == "5-ecb" or n % 2 else gold[f.id]
                                                  for n, f in enumerate(part)},
        "the small story alone, the other split": {f.id: gold[f.id] if gold[f.id] == "5-ecbplus" else str(n)
                                                   for n, f in enumerate(part)},
        "all in one": {f.id: "one" for f in part},
    }[threads]
    if threads == "the small story in the other's thread":  # most of its articles, not half
        plus = [f.id for f in part if gold[f.id] == "5-ecbplus"]
        pred.update({i: "one" for i in plus[:len(plus) // 2 + 1]})
    assert fit_threads.absorbed(part, gold, pred, small) == expected


def test_choose_rejoin_prices_small_stories_so_it_never_goes_below_the_file_s_own_choice(ecb):
    """Each mode's choice on real text with the committed models: "pass" keeps the pass's threshold, the others
    one of the grid at or below it, and pricing the small stories absorbed never chooses lower than the file
    alone does (it adds a cost that grows as the threshold falls and more fragments join, as it does here)."""
    feats, gold, topic = ecb
    fit_threads = load_bench("fit_threads")
    threads_bench = load_bench("threads")
    scorer = threads_bench.load_scorer()
    w = load_weights()
    w = replace(w, merge=replace(w.merge, rejoin=None))
    chosen = {mode: fit_threads._choose_rejoin(feats, gold, topic, scorer, w, mode)[0].merge.rejoin
              for mode in ("pass", "bounded", "priced", "file")}
    assert chosen["pass"] is None
    for mode in ("bounded", "priced", "file"):
        assert chosen[mode] in fit_threads.THRESHOLDS and chosen[mode] <= w.threshold
    assert chosen["priced"] >= chosen["file"]
