"""The threads stage resumed from the saved pass equals a full run, and an edit scores again only the
repair pairs it changed.

Real articles (the 28 bundled ones: twelve Wikinews reports and sixteen ECB+ articles of two
stories each), real spaCy analysis, the real corpus and threads stages. Each case saves a pass,
changes the archive (an edit, an addition, a deletion), resumes, and compares every thread with
a run from scratch."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

import generator.threads.repair as repair
from generator import thread_stage
from generator.cache import StageState
from generator.corpus import build_corpus
from generator.ingest import ReadOptions, read_articles
from generator.model import Article, ArticleDigest, Paragraph
from generator.thread_stage import SavedPass, thread_corpus
from tests.conftest import ROOT

EXTRA = "The minister said the talks would resume in the spring, after the elections."


def identity(d: ArticleDigest) -> str:
    """What a digest was made from (build() uses the article's cache key): here the digest itself."""
    return hashlib.blake2b(repr(replace(d, slug="", topics=())).encode(), digest_size=16).hexdigest()


def whole(d: ArticleDigest) -> ArticleDigest:
    return d


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    read = [a for a in read_articles([str(ROOT / "articles")], ReadOptions()) if isinstance(a, Article)]
    assert len(read) >= 20
    return sorted(read, key=lambda a: a.source)


@pytest.fixture(scope="module")
def digests(analyser, articles) -> list[ArticleDigest]:
    return list(analyser.run(articles))


def edited(analyser, article: Article) -> ArticleDigest:
    """The article with one more sentence at the end of its last paragraph, analysed again."""
    *head, last = article.paragraphs
    article = replace(article, paragraphs=(*head, Paragraph(index=last.index, text=f"{last.text} {EXTRA}")))
    [digest] = analyser.run([article])
    return digest


def threads(digests: list[ArticleDigest], store: StageState | None) -> list[dict]:
    return [t.to_dict() for t in thread_corpus(build_corpus(digests), whole, identity, store)]


@pytest.fixture
def scored(monkeypatch) -> list[int]:
    """How many pairs the repair scored with `merge_features`, in this test."""
    seen = [0]
    real = repair.merge_features

    def counting(a, b):
        seen[0] += 1
        return real(a, b)

    monkeypatch.setattr(repair, "merge_features", counting)
    return seen


def store(tmp_path: Path) -> StageState:
    return thread_stage.state(tmp_path / "cache", tmp_path / "section")


def pass_order(digests: list[ArticleDigest]) -> list[int]:
    """The digests' indices in the pass order (date, then slug)."""
    corpus = build_corpus(digests)
    slugs = [d.slug for d in corpus.digests]
    from generator.threads import article_features, order_key

    by_slug = {d.slug: d for d in corpus.digests}
    ordered = sorted(slugs, key=lambda s: order_key(article_features(by_slug[s])))
    sources = [by_slug[s].article.source for s in ordered]
    return [next(i for i, d in enumerate(digests) if d.article.source == src) for src in sources]


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_an_edit_resumed_from_the_saved_pass_equals_a_full_run(analyser, articles, digests, tmp_path, where):
    saved = store(tmp_path)
    threads(digests, saved)
    order = pass_order(digests)
    i = order[{"first": 0, "middle": len(order) // 2, "last": -1}[where]]
    changed = [*digests[:i], edited(analyser, articles[i]), *digests[i + 1:]]
    assert threads(changed, saved) == threads(changed, None)
    again = [*digests[:i], edited(analyser, articles[i]), *digests[i + 1:]]  # the same archive once more: from memory
    assert threads(again, saved) == threads(changed, None)


def test_an_addition_and_a_deletion_resumed_from_the_saved_pass_equal_a_full_run(digests, tmp_path):
    saved = store(tmp_path)
    order = pass_order(digests)
    without_last = [d for k, d in enumerate(digests) if k != order[-1]]
    threads(without_last, saved)
    assert threads(digests, saved) == threads(digests, None)  # the latest article added
    without_middle = [d for k, d in enumerate(digests) if k != order[len(order) // 2]]
    assert threads(without_middle, saved) == threads(without_middle, None)  # one in the middle deleted


def test_the_saved_pass_keeps_the_repairs_scores_and_a_late_edit_scores_fewer_pairs(analyser, articles, digests, tmp_path, scored):
    saved = store(tmp_path)
    threads(digests, saved)
    kept = thread_stage._load(saved)
    assert isinstance(kept, SavedPass) and kept.repair_scored
    order = pass_order(digests)
    i = order[-1]
    changed = [*digests[:i], edited(analyser, articles[i]), *digests[i + 1:]]
    scored[0] = 0
    full = threads(changed, None)
    from_scratch = scored[0]
    scored[0] = 0
    assert threads(changed, saved) == full
    assert scored[0] < from_scratch


@pytest.mark.parametrize(("n", "every", "first", "positions"), [
    (921, 256, 32, {32, 64, 128, 256, 512, 768, 921}),  # the bench's archive: the first step split three times
    (28, 256, 32, {28}),  # fewer articles than the smallest split: the end only
    (200, 256, 32, {32, 64, 128, 200}),  # shorter than a step: its splits that fall inside
    (28, 16, 4, {4, 8, 16, 28}),
    (100_000, 256, 32, {48, 97, 195, 390, 781, 1562, 3125, 6250} | set(range(12_500, 100_001, 12_500))),
])
def test_checkpoints_are_every_step_and_down_the_halves_of_the_first(monkeypatch, n, every, first, positions):
    monkeypatch.setattr(thread_stage, "CHECKPOINT_EVERY", every)
    monkeypatch.setattr(thread_stage, "FIRST_CHECKPOINT", first)
    assert thread_stage._checkpoint_positions(n) == positions


def test_an_edit_inside_the_first_step_resumes_from_the_half_before_it(analyser, articles, digests, tmp_path, monkeypatch,
                                                                         adds):
    """Checkpoints at 4, 8, 16 and 28 of the 28 articles: an edit of the tenth article of the pass replays the
    twenty after the checkpoint at 8, and the threads equal a run from scratch."""
    monkeypatch.setattr(thread_stage, "CHECKPOINT_EVERY", 16)
    monkeypatch.setattr(thread_stage, "FIRST_CHECKPOINT", 4)
    saved = store(tmp_path)
    threads(digests, saved)
    assert sorted(thread_stage._load(saved).checkpoints) == [4, 8, 16, 28]
    i = pass_order(digests)[9]
    changed = [*digests[:i], edited(analyser, articles[i]), *digests[i + 1:]]
    del adds[:]
    resumed = threads(changed, saved)
    assert len(adds) == 28 - 8
    assert resumed == threads(changed, None)


def test_an_edit_pickles_the_features_of_one_run_again_and_a_new_process_reads_them_all(
        analyser, articles, digests, tmp_path, monkeypatch):
    """The saved features are pickled in runs cut by the articles' keys: after an edit every run but the
    edited article's (and a neighbour, when the edit moves a cut) is written as the bytes it had, and the file
    read afresh gives every article's features."""
    import pickle

    from generator import cache

    monkeypatch.setattr(thread_stage, "FEATURE_RUN", 4)
    saved = store(tmp_path)
    threads(digests, saved)
    before = thread_stage._load(saved)
    assert len(before.runs) > 3 and sum(map(len, before.runs)) == len(before.order) == len(digests)
    i = pass_order(digests)[len(digests) // 2]
    threads([*digests[:i], edited(analyser, articles[i]), *digests[i + 1:]], saved)
    after = thread_stage._load(saved)
    new = [run for run in after.runs if run not in before.runs]
    gone = [run for run in before.runs if run not in after.runs]
    # the edited article's run alone is pickled again; its neighbour joins it or splits from it when the
    # edited key's CRC-32 ends a run the old key did not, or the other way round (a cut moves, never more)
    assert 1 <= len(new) <= 2 and 1 <= len(gone) <= 2
    old_keys = [k for run in gone for k in run]
    new_keys = [k for run in new for k in run]
    assert len(old_keys) == len(new_keys) and len(set(old_keys) - set(new_keys)) == 1  # the same articles, one re-keyed
    assert all(after.runs[run] is before.runs[run] for run in after.runs if run in before.runs)
    data = saved.load()
    assert data is not None and pickle.loads(data)[0].features == {}  # the features are in the file as the runs (`_pickled`)
    monkeypatch.setattr(cache, "_KEPT_STATES", {})  # a new process: nothing held in memory
    fresh = thread_stage._load(saved)
    assert fresh is not after and fresh.runs == after.runs
    assert fresh.features == after.features
