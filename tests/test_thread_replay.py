"""An edit's replay of the threads pass reuses the last repair's scores of every thread the edit left as
it was (thread_stage._clean_threads), and those threads are truly the last build's.

Real articles (the 28 bundled ones), real spaCy analysis, the real corpus and threads stages: each
case saves a pass, edits one article (a sentence of common words added, so later articles' word
weights change too), resumes, and checks that every thread called clean is the old thread key for
key and float for float, that the threads equal a run from scratch, and that fewer repair pairs are
scored than without the clean threads."""

from __future__ import annotations

import pytest

from generator import thread_stage
from generator.corpus import build_corpus
from generator.threads import Threader
from tests.test_thread_stage import (articles, digests, edited, identity, pass_order, scored, store, threads,  # noqa: F401
                                     whole)


def _edit(analyser, articles, digests, where: str):  # noqa: F811
    order = pass_order(digests)
    i = order[{"first": 0, "middle": len(order) // 2, "last": -1}[where]]
    return [*digests[:i], edited(analyser, articles[i]), *digests[i + 1:]]


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_clean_thread_is_the_last_builds_thread(analyser, articles, digests, tmp_path, where):  # noqa: F811
    saved_store = store(tmp_path)
    threads(digests, saved_store)
    saved = thread_stage._load(saved_store)
    old = Threader.from_bytes(saved.checkpoints[len(saved.order)])
    changed = _edit(analyser, articles, digests, where)
    corpus = build_corpus(changed)
    from generator.threads import article_features, order_key

    keyed = {f"{identity(d)}|{d.slug}": d for d in corpus.digests}
    features = {k: saved.features.get(k) or article_features(whole(d)) for k, d in keyed.items()}
    order = sorted(keyed, key=lambda k: order_key(features[k]))
    new = Threader(old.weights)
    for k in order:
        new.add(features[k])
    same = thread_stage._same_inputs(saved, order, features)
    clean = thread_stage._clean_threads(new, saved, order, features, same)
    assert clean, "an edit of one article leaves most threads as they were"
    assert len(clean) < len(new.threads) or where == "last"
    for t in clean:
        a, b = old.threads[t], new.threads[t]
        assert a.members == b.members and a.norms2 == b.norms2
        assert all(list(x.items()) == list(y.items()) for x, y in zip(a.sums, b.sums))


def test_an_addition_or_a_deletion_tells_no_clean_thread(digests, tmp_path):  # noqa: F811
    saved_store = store(tmp_path)
    order = pass_order(digests)
    threads([d for k, d in enumerate(digests) if k != order[-1]], saved_store)
    saved = thread_stage._load(saved_store)
    longer = saved.order + ["new"]
    assert thread_stage._changed_keys(saved, longer, {**saved.features, "new": saved.features[saved.order[0]]}, len(saved.order)) is None


@pytest.mark.parametrize("where", ["first", "middle"])
def test_an_edit_reuses_the_clean_threads_scores_and_equals_a_full_run(analyser, articles, digests, tmp_path, scored,  # noqa: F811
                                                                         where):
    changed = _edit(analyser, articles, digests, where)
    full = threads(changed, None)
    counts = []
    real = thread_stage._clean_threads
    for reuse in (False, True):
        saved = store(tmp_path / str(reuse))
        threads(digests, saved)
        thread_stage._clean_threads = real if reuse else (lambda *_a: set())
        try:
            scored[0] = 0
            assert threads(changed, saved) == full
            counts.append(scored[0])
        finally:
            thread_stage._clean_threads = real
    assert counts[1] < counts[0]


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_every_score_the_repair_reuses_is_the_one_it_would_compute(analyser, articles, digests, tmp_path, where):  # noqa: F811
    """The repair seeded from the last build (first pairs and the merge loop's) keeps exactly the scores
    of a repair of the same state from nothing, pair for pair, and makes the same threads."""
    saved_store = store(tmp_path)
    threads(digests, saved_store)
    saved = thread_stage._load(saved_store)
    changed = _edit(analyser, articles, digests, where)
    from generator.threads import article_features, order_key

    keyed = {f"{identity(d)}|{d.slug}": d for d in build_corpus(changed).digests}
    features = {k: saved.features.get(k) or article_features(whole(d)) for k, d in keyed.items()}
    order = sorted(keyed, key=lambda k: order_key(features[k]))
    fresh = Threader(Threader.from_bytes(saved.checkpoints[len(saved.order)]).weights)
    for k in order:
        fresh.add(features[k])
    seeded = Threader.from_bytes(fresh.to_bytes())
    same = thread_stage._same_inputs(saved, order, features)
    thread_stage._seed_repair(seeded, saved.repair_scored, same,
                              thread_stage._clean_threads(seeded, saved, order, features, same))
    reused = len(seeded.repair_scored)
    assert reused, "an edit of one article leaves scores to reuse"
    assert any(len(a) > 2 or len(b) > 2 for a, b in seeded.repair_scored), "merges of unchanged threads among them"
    assert [g.members for g in seeded.groups()] == [g.members for g in fresh.groups()]
    assert seeded.repair_scored == fresh.repair_scored
