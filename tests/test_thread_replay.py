"""An edit's replay of the threads pass reuses the last repair's scores of every thread the edit left as
it was (thread_stage._clean_threads), and those threads are truly the last build's.

Real articles (the 28 bundled ones), real spaCy analysis, the real corpus and threads stages: each
case saves a pass, edits one article (a sentence of common words added, so later articles' word
weights change too), resumes, and checks that every thread called clean is the old thread key for
key and float for float, that the threads equal a run from scratch, and that fewer repair pairs are
scored than without the clean threads."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from generator import thread_stage
from generator.corpus import build_corpus
from generator.model import Paragraph
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
    same = thread_stage._same_inputs(saved, order, features)
    watch = thread_stage._TermWatch(saved, order, features, same)
    for i, k in enumerate(order):
        new.add(features[k])
        watch.added(new, i)
    coarse = thread_stage._clean_threads(new, saved, order, features, same)
    clean = thread_stage._clean_threads(new, saved, order, features, same, watch.kept)
    assert clean, "an edit of one article leaves most threads as they were"
    assert len(clean) < len(new.threads) or where == "last"
    assert coarse <= clean
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



def _word_vectors(order: list[str], features: dict) -> list[dict[str, float]]:
    """Each article's word vector as the pass weighs it (`Threader._weigh`), the document frequencies
    counted here from the bags of the articles up to it (a wire copy counts as any article)."""
    from generator.threads.cluster import VECTOR_TERMS, _normed

    df: Counter[str] = Counter()
    out = []
    for n, k in enumerate(order, 1):
        terms = features[k].terms
        ranked = Threader._weigh(terms, Counter({w: df[w] for w in terms}), n, VECTOR_TERMS)
        df.update(terms.keys())
        out.append(_normed(ranked[:VECTOR_TERMS]))
    return out


def test_an_article_whose_weightiest_words_stay_the_same_keeps_its_thread_clean(analyser, articles, digests, tmp_path):  # noqa: F811
    """The edit adds words common in the archive ("told", "friday", "news", "case") to the first article.
    Of the later articles holding them, those that weigh other words more keep their word vectors:
    `_TermWatch` tells, article for article, whether the vector is the last build's (float for float,
    against vectors weighed here from counts of the bags), and more threads are clean than by the words alone."""
    saved_store = store(tmp_path)
    threads(digests, saved_store)
    saved = thread_stage._load(saved_store)
    first = pass_order(digests)[0]
    *head, last = articles[first].paragraphs
    text = f"{last.text} Officials told the news conference on Friday that the case was not closed."
    [digest] = analyser.run([replace(articles[first], paragraphs=(*head, Paragraph(index=last.index, text=text)))])
    changed = [*digests[:first], digest, *digests[first + 1:]]
    from generator.threads import article_features, order_key

    keyed = {f"{identity(d)}|{d.slug}": d for d in build_corpus(changed).digests}
    features = {k: saved.features.get(k) or article_features(whole(d)) for k, d in keyed.items()}
    order = sorted(keyed, key=lambda k: order_key(features[k]))
    same = thread_stage._same_inputs(saved, order, features)
    watch = thread_stage._TermWatch(saved, order, features, same)
    new = Threader(Threader.from_bytes(saved.checkpoints[len(saved.order)]).weights)
    for i, k in enumerate(order):
        new.add(features[k])
        watch.added(new, i)
    now, before = _word_vectors(order, features), _word_vectors(saved.order, saved.features)
    told = [i for i in range(same, len(order)) if new.copy_of[i] is None and watch.words & features[order[i]].terms.keys()
            and features[order[i]] == saved.features[saved.order[i]]]
    assert told and watch.kept, "the edit's words are in later articles that weigh other words more"
    for i in told:
        assert (i in watch.kept) == (list(now[i].items()) == list(before[i].items()))
    assert watch.kept <= set(told)
    coarse = thread_stage._clean_threads(new, saved, order, features, same)
    assert coarse < thread_stage._clean_threads(new, saved, order, features, same, watch.kept)
