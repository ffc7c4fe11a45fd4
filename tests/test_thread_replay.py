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
from tests.test_thread_stage import (EXTRA, articles, digests, edited, identity, pass_order, scored, store, threads,  # noqa: F401
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
    old = thread_stage.restore(saved.checkpoints[len(saved.order)])
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


@pytest.fixture
def fragmenting(monkeypatch) -> None:
    """The committed weights with the pass's join threshold raised to FRAGMENTING. The committed pass threads
    the bundled articles as the repair would, so its repair has nothing to merge and an edit moves few
    articles; this one leaves fragments of stories that the repair merges (and scores again once
    merged), as on a larger archive, and the edits of EDITS move the articles they say."""
    import generator.threads as threads_package

    real = threads_package.load_weights
    monkeypatch.setattr(threads_package, "load_weights", lambda *a, **k: replace(real(*a, **k), threshold=FRAGMENTING))


# A join threshold at which the pass leaves fragments of the bundled articles' stories (`fragmenting`).
FRAGMENTING = 0.5


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_every_score_the_repair_reuses_is_the_one_it_would_compute(analyser, articles, digests, tmp_path, where,  # noqa: F811
                                                                   fragmenting):
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
    fresh = Threader(thread_stage.restore(saved.checkpoints[len(saved.order)]).weights)
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
    new = Threader(thread_stage.restore(saved.checkpoints[len(saved.order)]).weights)
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


# --- decisions taken again (thread_stage._Replay) and patched checkpoints (thread_stage._checkpoint) -------------

COMMON = "Officials told the news conference on Friday that the case was not closed."


def _state(threader: Threader) -> tuple:
    """Everything of a pass state the pass reads or shows, in order where order counts (summed vectors,
    postings), but for the repair's scores and keys (made the same again: `_checkpoint`)."""
    return (threader.articles, [list(h.items()) for h in threader.headline_terms], threader.thread_of, threader.copy_of,
            threader.originals, [dict(d) for d in threader.df], {k: list(p) for k, p in threader.index.items()},
            threader.bands.first,
            [(t.members, [list(s.items()) for s in t.sums], t.norms2, t.last_date, t.top_person, t.years, t.marks,
              t.vectors) for t in threader.threads])


def _with_sentence(text: str):
    def make(article):
        *head, last = article.paragraphs
        return replace(article, paragraphs=(*head, Paragraph(index=last.index, text=f"{last.text} {text}")))
    return make


def _told_as(other: int, paragraphs: int):
    """The article's first paragraph, then the first paragraphs of the article at pass position `other`."""
    def make(article, pool, order):
        told = pool[order[other]].paragraphs[:paragraphs]
        return replace(article, paragraphs=(article.paragraphs[0],
                                            *(Paragraph(index=k + 1, text=p.text) for k, p in enumerate(told))))
    return make


def _with_paragraph_of(other: int):
    """The article, then the first paragraph of the article at pass position `other`."""
    def make(article, pool, order):
        told = pool[order[other]].paragraphs[0]
        return replace(article, paragraphs=(*article.paragraphs, Paragraph(index=len(article.paragraphs), text=told.text)))
    return make


@pytest.fixture
def replays(monkeypatch) -> list:
    """Every `_Replay` the threads stage made, in this test."""
    made = []

    class Recorded(thread_stage._Replay):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(thread_stage, "_Replay", Recorded)
    return made


def _check_saved(saved_store, changed) -> None:
    """The saved pass's checkpoints (patched or whole) and decisions are a full run's, position for position."""
    from generator.threads import article_features, load_weights, order_key
    from generator.threads.cluster import CHANNELS

    saved = thread_stage._load(saved_store)
    keyed = {f"{identity(d)}|{d.slug}": d for d in build_corpus(changed).digests}
    features = {k: article_features(whole(d)) for k, d in keyed.items()}
    order = sorted(keyed, key=lambda k: order_key(features[k]))
    assert order == saved.order
    fresh, trace = Threader(load_weights()), []
    for n, k in enumerate(order, 1):
        fresh.add(features[k], trace=trace)
        if n in saved.checkpoints:
            assert _state(thread_stage.restore(saved.checkpoints[n])) == _state(fresh), n
    assert saved.thread_of == fresh.thread_of and saved.copy_of == fresh.copy_of
    rows = [saved.dots[len(CHANNELS) * i:len(CHANNELS) * (i + 1)].tolist() for i in range(len(order))]
    assert [None if r[0] != r[0] else r for r in rows] == [dots for _t, dots in trace]


EDITS = {
    # a sentence of words the archive holds: later articles' word vectors change (the online IDF)
    "common words, first": (0, _with_sentence(COMMON)),
    "common words, middle": (13, _with_sentence(COMMON)),
    "rare words, early": (5, _with_sentence(EXTRA)),
    # the article now tells another story: it joins that story's thread, not its own
    "another story": (21, _told_as(26, 3)),
    # ... and here it leaves its thread for one of its own: the two passes number their threads apart
    "a thread of its own": (13, _told_as(20, 1)),
    # it tells a later article's story too: the article after it now joins another thread
    "a later article moves": (20, _with_paragraph_of(22)),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_resumed_pass_takes_decisions_again_and_saves_what_a_full_run_saves(analyser, articles, digests, tmp_path,  # noqa: F811
                                                                               monkeypatch, replays, edit, fragmenting):
    """Checkpoints every 8 articles (and at 4): each edit is resumed from the checkpoint before it, takes
    the last build's decisions again where the account allows, and saves the checkpoints (patched
    where the account holds), decisions and threads a full run makes; a second edit resumes from those."""
    monkeypatch.setattr(thread_stage, "CHECKPOINT_EVERY", 8)
    monkeypatch.setattr(thread_stage, "FIRST_CHECKPOINT", 4)
    saved_store = store(tmp_path)
    threads(digests, saved_store)
    order = pass_order(digests)
    where, make = EDITS[edit]
    i = order[where]
    article = make(articles[i]) if edit.startswith(("common", "rare")) else make(articles[i], articles, order)
    [digest] = analyser.run([article])
    before = thread_stage._load(saved_store)
    changed = [*digests[:i], digest, *digests[i + 1:]]
    del replays[:]
    assert threads(changed, saved_store) == threads(changed, None)
    replay = replays[0]
    after = thread_stage._load(saved_store)
    assert replay.recalled > 0
    moved = [j for j in range(len(order)) if after.thread_of[j] != before.thread_of[j]]
    if edit == "another story":
        assert moved == [where] and replay.on and after.thread_of[where] != before.thread_of[where]
    if edit == "a thread of its own":
        assert not replay.on and moved
    if edit == "a later article moves":
        assert replay.on and [j for j in moved if j > where], moved
    if edit.startswith(("common", "rare")):
        assert replay.on and not moved
    if edit.startswith("common"):  # the edit's words changed the vectors of later articles: weighed again
        assert [j for j in replay.weighed if j > where and after.copy_of[j] is None]
    patched = [p for p, c in after.checkpoints.items() if not isinstance(c, bytes)]
    if edit in ("common words, middle", "rare words, early", "another story"):  # the account held, few threads changed
        assert patched and min(patched) > where
    if not replay.on:
        assert not patched
    _check_saved(saved_store, changed)
    j = order[10]  # a second edit, resumed from what the first saved
    twice = [*changed[:j], edited(analyser, articles[j]), *changed[j + 1:]]
    assert threads(twice, saved_store) == threads(twice, None)
    _check_saved(saved_store, twice)


def test_an_edit_of_common_words_scores_the_candidates_of_few_articles(analyser, articles, digests, tmp_path, monkeypatch,  # noqa: F811
                                                                       replays):
    """The bench's kind of edit (a sentence added mid-archive): some articles after the edit are taken again
    unscored, the rest scored; the account's threads hold every thread that truly differs from the last
    build's. (In 28 articles and 15 threads, every thread is a candidate of most articles: at 921 articles
    the bench's edit scores 197 of 785.)"""
    saved_store = store(tmp_path)
    threads(digests, saved_store)
    old = thread_stage.restore(thread_stage._load(saved_store).checkpoints[len(digests)])
    order = pass_order(digests)
    i = order[13]
    changed = [*digests[:i], edited(analyser, articles[i]), *digests[i + 1:]]
    scoring: list[int] = []
    weighing: list[int] = []
    del replays[:]
    real, weigh = Threader._best_thread, Threader._weigh
    monkeypatch.setattr(Threader, "_best_thread", lambda self, *a, **k: scoring.append(1) or real(self, *a, **k))
    monkeypatch.setattr(Threader, "_weigh", staticmethod(lambda *a: weighing.append(1) or weigh(*a)))
    resumed = threads(changed, saved_store)
    scored_after, weighed = len(scoring), len(weighing)
    [replay] = replays
    assert resumed == threads(changed, None)
    assert replay.on and 0 < scored_after < len(digests) - 13 - 2
    # the pass resumes from nothing (one checkpoint, at the end): the vectors of the articles none of whose
    # words changed frequency are the last build's, not weighed again. What is weighed: the edited article's
    # five channels, and the words of any later one holding the edit's words (twice: `_TermWatch`), against
    # 5 channels of 28 articles in a pass that weighs them all (6 here)
    assert 5 <= weighed < 20
    new = thread_stage.restore(thread_stage._load(saved_store).checkpoints[len(digests)])
    differ = {t for t, (a, b) in enumerate(zip(old.threads, new.threads))
              if (a.members, [list(s.items()) for s in a.sums], a.norms2) != (b.members, [list(s.items()) for s in b.sums], b.norms2)}
    assert differ <= replay.threads


def test_without_its_account_a_replay_would_save_a_state_a_full_run_does_not(analyser, articles, digests, tmp_path,  # noqa: F811
                                                                            monkeypatch):
    """A mutant account that never marks a thread or a posting changed takes every unchanged article's
    decision again (with the dot products the last build's thread gave): after an edit of common words at
    the head of the order, the state it saves is not a full run's."""
    monkeypatch.setattr(thread_stage._Replay, "added", lambda self, i: None)
    saved_store = store(tmp_path)
    threads(digests, saved_store)
    i = pass_order(digests)[0]
    changed = [*digests[:i], [*analyser.run([_with_sentence(COMMON)(articles[i])])][0], *digests[i + 1:]]
    threads(changed, saved_store)
    with pytest.raises(AssertionError):
        _check_saved(saved_store, changed)


def test_a_patch_holding_too_many_threads_saves_the_state_whole(analyser, articles, digests, tmp_path, monkeypatch):  # noqa: F811
    """With no share of threads allowed in a patch, every checkpoint after an edit is whole, and the same."""
    monkeypatch.setattr(thread_stage, "CHECKPOINT_EVERY", 8)
    monkeypatch.setattr(thread_stage, "FIRST_CHECKPOINT", 4)
    monkeypatch.setattr(thread_stage, "PATCH_SHARE", 0.0)
    saved_store = store(tmp_path)
    threads(digests, saved_store)
    i = pass_order(digests)[13]
    changed = [*digests[:i], edited(analyser, articles[i]), *digests[i + 1:]]
    assert threads(changed, saved_store) == threads(changed, None)
    assert all(isinstance(c, bytes) for c in thread_stage._load(saved_store).checkpoints.values())
    _check_saved(saved_store, changed)


def test_a_packed_vector_unpacks_to_the_same_dicts_in_the_same_order():
    vec = ({"quake": 0.8, "chile": 0.6}, {}, {"Santiago": 1.0}, {"quake": 0.5000000000000001, "coast": 0.8660254037844386},
           {"8.8": 1.0})
    headline = {"chile": 0.6, "quake": 0.8}
    back = thread_stage._unpack(thread_stage._pack(vec, headline))
    assert [list(d.items()) for d in back[0]] == [list(d.items()) for d in vec]
    assert list(back[1].items()) == list(headline.items())


@pytest.mark.parametrize("own", [0, 1])
def test_words_ranked_alike_are_told_without_ranking_them(digests, own):  # noqa: F811
    """`_ranked_alike` answers yes exactly when the two rankings `_weigh` makes (this pass's frequencies,
    and the last build's: the changed words' counts shifted) are the same list, float for float: for every
    article of the 28, common and rare words of its own shifted by one either way, with its own words
    counted (`own`) or not yet."""
    from generator.threads import article_features
    from generator.threads.cluster import VECTOR_TERMS

    feats = [article_features(whole(d)) for d in digests]
    df: Counter[str] = Counter()
    for f in feats:
        df.update(f.terms.keys())
    n = len(feats) + 5
    answers = []
    for f in feats:
        words = sorted(f.terms, key=lambda k: (-df[k], k))
        for hit in ({words[0]}, {words[0], words[1]}, {words[-1]}, {words[len(words) // 2]}, set(words[:3])):
            for step in (1, -1):
                shift = Counter({k: step for k in hit})
                now = Counter({k: df[k] - own for k in f.terms})
                before = now.copy()
                for k in hit:
                    before[k] -= shift[k]
                same = Threader._weigh(f.terms, now, n, VECTOR_TERMS) == Threader._weigh(f.terms, before, n, VECTOR_TERMS)
                alike = thread_stage._ranked_alike(f.terms, df, own, shift, hit, n)
                assert alike == same, (f.id, sorted(hit), step)
                answers.append(alike)
    assert True in answers and False in answers
    assert thread_stage._ranked_alike(feats[0].terms, df, own, Counter(), {next(iter(feats[0].terms))}, n), "no count moved"
