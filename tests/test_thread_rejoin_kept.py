"""The repair's scores kept between builds (the merge model's `repair_scored`, the rejoin's `rejoin_scored`):
after an edit, each score the build takes from the last build's saved pass is the one a full run computes,
pair for pair and in order, and so are the threads.

Real articles (the 28 bundled ones), real spaCy analysis, the real corpus and threads stages. In them the
repair merges one fragment into a story, and one edit below (an article retold as another story that opens
a thread of its own) makes the rejoin put a fragment into a thread: the edits change the pass threads, the
merged threads, the rejoin, or none of them."""

from __future__ import annotations

import pytest

import generator.threads as threads_package
from generator import thread_stage
from generator.corpus import build_corpus
from generator.threads import Threader, article_features, order_key
from generator.threads.repair import merge_groups
from tests.test_thread_replay import EDITS, fragmenting  # noqa: F401
from tests.test_thread_stage import (articles, digests, edited, identity, pass_order, store, threads,  # noqa: F401
                                     whole)


def _full_run(digests) -> tuple[Threader, list[list[int]], list[list[int]]]:  # noqa: F811
    """A pass from nothing over the digests, its repair run: the state, the merged threads' members before
    the rejoin, and the threads' members after it."""
    keyed = {f"{identity(d)}|{d.slug}": d for d in build_corpus(digests).digests}
    features = {k: article_features(whole(d)) for k, d in keyed.items()}
    state = Threader(threads_package.load_weights())  # as the stage loads them (`fragmenting`)
    for k in sorted(keyed, key=lambda k: order_key(features[k])):
        state.add(features[k])
    merged = [g.members for g in merge_groups(state.pass_groups(), state.weights.merge, {})]
    return state, merged, [g.members for g in state.groups()]


@pytest.fixture
def rejoin_scores(monkeypatch) -> list[int]:
    """How many (fragment, thread) pairs the rejoin scored with the pass's model, in this test."""
    seen = [0]
    real = Threader.rejoin_scorer

    def counting(self):
        score = real(self)

        def counted(fragment, thread):
            seen[0] += 1
            return score(fragment, thread)

        return counted

    monkeypatch.setattr(Threader, "rejoin_scorer", counting)
    return seen


def _edit(analyser, articles, digests, edit: str):  # noqa: F811
    order = pass_order(digests)
    where, make = EDITS[edit]
    i = order[where]
    article = make(articles[i]) if edit.startswith(("common", "rare")) else make(articles[i], articles, order)
    [digest] = analyser.run([article])
    return [*digests[:i], digest, *digests[i + 1:]]


def _check_kept(saved_store, changed) -> Threader:
    """The saved pass's scores, and those of its last checkpoint's state (saved after the repair), are a
    full run's: the same pairs, in the same order, the same floats."""
    saved = thread_stage._load(saved_store)
    fresh, _merged, _final = _full_run(changed)
    assert list(saved.repair_scored.items()) == list(fresh.repair_scored.items())
    assert list(saved.rejoin_scored.items()) == list(fresh.rejoin_scored.items())
    last = thread_stage.restore(saved.checkpoints[len(saved.order)])
    assert list(last.repair_scored.items()) == list(fresh.repair_scored.items())
    assert list(last.rejoin_scored.items()) == list(fresh.rejoin_scored.items())
    return fresh


# what each edit changes of the 28 articles' threads (tests/test_thread_replay.py EDITS)
KINDS = {
    "common words, middle": "nothing",  # later articles' word vectors move, no thread changes
    "another story": "merged",  # the article joins another story: a thread the repair merged changes
    "a thread of its own": "rejoin",  # it opens a thread of its own, which the rejoin puts into a story
}


@pytest.mark.parametrize("edit", list(KINDS))
def test_the_repairs_kept_scores_are_a_full_runs(analyser, articles, digests, tmp_path, rejoin_scores, edit,  # noqa: F811
                                                 fragmenting):  # noqa: F811
    """The build after an edit takes the last build's repair and rejoin scores of the threads it left as
    they were, scores the rest, and saves the scores and threads a full run makes; a second edit, resumed
    from what the first saved, does too."""
    saved_store = store(tmp_path)
    threads(digests, saved_store)
    before, merged_before, final_before = _full_run(digests)
    changed = _edit(analyser, articles, digests, edit)
    rejoin_scores[0] = 0
    resumed = threads(changed, saved_store)
    scored_resumed = rejoin_scores[0]
    rejoin_scores[0] = 0
    assert resumed == threads(changed, None)
    scored_full = rejoin_scores[0]
    fresh = _check_kept(saved_store, changed)
    _, merged_after, final_after = _full_run(changed)
    moves_before = [m for m in final_before if m not in merged_before]
    moves_after = [m for m in final_after if m not in merged_after]
    kind = KINDS[edit]
    if kind == "nothing":
        assert merged_after == merged_before and final_after == final_before
        assert scored_resumed < scored_full, "the threads the edit left as they were are not read again"
    if kind == "merged":
        assert merged_after != merged_before and [th.members for th in fresh.threads] != [th.members for th in before.threads]
    if kind == "rejoin":
        assert moves_after and moves_after != moves_before, "the rejoin puts a fragment into a story"
    assert scored_resumed <= scored_full
    # a second edit, resumed from what the first saved (its scores and patched checkpoints)
    j = pass_order(digests)[10]
    twice = [*changed[:j], edited(analyser, articles[j]), *changed[j + 1:]]
    rejoin_scores[0] = 0
    assert threads(twice, saved_store) == threads(twice, None)
    _check_kept(saved_store, twice)


@pytest.mark.parametrize("edit", ["common words, first", "rare words, early", "another story"])
def test_seeded_without_its_test_a_rejoin_score_would_be_stale(analyser, articles, digests, tmp_path, monkeypatch, edit):  # noqa: F811
    """A mutant that seeds every rejoin score of the last build, changed threads or not, saves scores a
    full run does not compute (a thread whose stamp stayed, with other vectors or other articles): the
    test of which threads are unchanged (`_seed_repair`) is load-bearing."""
    real = thread_stage._seed_repair

    def seed_all(threader, scored, same, clean=frozenset(), rejoin=None):
        real(threader, scored, same, clean)
        threader.rejoin_scored.update(rejoin or {})

    saved_store = store(tmp_path)
    threads(digests, saved_store)
    changed = _edit(analyser, articles, digests, edit)
    monkeypatch.setattr(thread_stage, "_seed_repair", seed_all)
    threads(changed, saved_store)
    with pytest.raises(AssertionError):
        _check_kept(saved_store, changed)
