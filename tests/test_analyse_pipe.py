"""The analyse stage's pipe: several processes, every article accounted for."""

from __future__ import annotations

from dataclasses import replace

import pytest
from spacy.language import Language

import generator.analyse as analyse
from generator.analyse import Analyser, plan_workers
from generator.analyse.components import note_error
from generator.config import DEFAULT_MODELS
from generator.errors import InputError
from generator.ingest import ReadOptions, read_articles
from generator.model import Article
from tests.conftest import ROOT

MARKER = "Zanzibarian"  # a word no bundled article contains


@Language.component("test_raise_on_marker")
def raise_on_marker(doc):
    """A component that crashes on one doc, as a bug in a rule would."""
    if MARKER in doc.text:
        raise RuntimeError("boom on the marked article")
    return doc


@Language.component("test_note_on_marker")
def note_on_marker(doc):
    """A component that fails politely, as ours do: the error goes on the doc."""
    if MARKER in doc.text:
        note_error(doc, "test_note_on_marker", ValueError("cannot read the marked article"))
    return doc


@pytest.fixture(scope="module")
def bundled() -> list[Article]:
    articles = [a for a in read_articles([str(ROOT / "articles")], ReadOptions()) if isinstance(a, Article)]
    assert len(articles) >= 8
    return articles


@pytest.fixture
def every_article_in_a_process(monkeypatch):
    """Let a handful of articles use two processes (the threshold is for real runs)."""
    monkeypatch.setattr(analyse, "MIN_ARTICLES_PER_PROCESS", 1)


def marked(article: Article) -> Article:
    first = article.paragraphs[0]
    return replace(article, paragraphs=(replace(first, text=first.text + f" A {MARKER} official agreed."), *article.paragraphs[1:]))


def test_two_processes_give_the_same_digests_as_one(analyser, bundled, every_article_in_a_process):
    """Components keep plain data in doc._, so Docs come back from worker processes whole."""
    articles = bundled[:6]
    one = [d.to_dict() for d in Analyser.run(analyser, articles)]
    two_procs = Analyser(DEFAULT_MODELS, processes=2, batch_size=2)
    two = [d.to_dict() for d in two_procs.run(articles)]
    assert all(not isinstance(d, InputError) for d in one)
    assert two == one
    assert any(d["actors"] for d in two) and any(d["facts"] for d in two)


def test_workers_tokenise_and_the_main_process_does_not(bundled, every_article_in_a_process):
    """With worker processes the main process only sends text and reads results (MetaTokenizer)."""
    two_procs = Analyser(DEFAULT_MODELS, processes=2, batch_size=2)
    inner = two_procs.nlp.tokenizer.tokenizer
    here: list[int] = []  # appended to in this process only: a forked worker appends to its own copy

    def counting(text):
        here.append(len(text))
        return inner(text)

    two_procs.nlp.tokenizer.tokenizer = counting
    results = list(two_procs.run(bundled[:4]))
    assert not any(isinstance(r, InputError) for r in results)
    assert [r.article.source for r in results] == [a.source for a in bundled[:4]]
    assert here == []
    one = list(Analyser.run(two_procs, bundled[:1], total=1))  # one article: this process, through the same tokenizer
    assert len(here) == 1 and one[0].to_dict() == results[0].to_dict()


def test_a_header_left_unread_fails_the_article(nlp, bundled):
    from generator.analyse import clean_article
    from generator.analyse.nlp import with_meta

    doc = nlp(with_meta(clean_article(bundled[0]).text, {"date": None, "staff": [], "title": "x", "index": 0}))
    assert any("metadata header was not removed" in e for e in doc._.digest_errors)


def test_dropping_the_tensor_changes_no_digest(nlp, bundled):
    """digest_release empties doc.tensor before a Doc crosses the process boundary; no digest may change."""
    from generator.analyse import clean_article, make_doc
    from generator.analyse.extract import extract

    articles = [clean_article(a) for a in bundled[:6]]
    released = [nlp(make_doc(nlp, a)) for a in articles]
    with nlp.select_pipes(disable=["digest_release"]):
        kept = [nlp(make_doc(nlp, a)) for a in articles]
    assert all(d.tensor.size == 0 for d in released) and all(d.tensor.size > 0 for d in kept)
    assert all(len(r.to_bytes()) < len(k.to_bytes()) / 2 for r, k in zip(released, kept, strict=True))
    for article, r, k in zip(articles, released, kept, strict=True):
        assert extract(r, article) == extract(k, article)


@pytest.mark.parametrize("processes", [1, 2])
def test_a_component_that_raises_loses_only_its_article(bundled, processes, every_article_in_a_process):
    analyser = Analyser(DEFAULT_MODELS, processes=processes, batch_size=1)
    analyser.nlp.add_pipe("test_raise_on_marker", last=True)
    articles = [bundled[0], marked(bundled[1]), bundled[2], bundled[3]]
    results = list(analyser.stream(articles))
    assert [a for a, _ in results] == articles  # in order, each once
    errors = {a.source: r for a, r in results if isinstance(r, InputError)}
    assert list(errors) == [bundled[1].source]
    assert "did not come back" in errors[bundled[1].source].reason
    assert [r.article for _, r in results if not isinstance(r, InputError)] == [bundled[0], bundled[2], bundled[3]]


def test_a_component_error_on_the_doc_names_the_article(bundled, every_article_in_a_process):
    analyser = Analyser(DEFAULT_MODELS, processes=2, batch_size=2)
    analyser.nlp.add_pipe("test_note_on_marker", last=True)
    results = list(analyser.run([bundled[0], bundled[1], marked(bundled[2]), bundled[3]]))
    assert isinstance(results[2], InputError)
    assert results[2].path == bundled[2].source
    assert results[2].reason == "analysis failed: test_note_on_marker: ValueError: cannot read the marked article"
    assert not any(isinstance(r, InputError) for i, r in enumerate(results) if i != 2)


def test_stream_pulls_articles_lazily(analyser, bundled, monkeypatch):
    """A generator in, results out before the input is exhausted: memory holds batches, not the archive."""
    monkeypatch.setattr(analyser, "batch_size", 1)
    pulled = []

    def source():
        for a in bundled[:4]:
            pulled.append(a.source)
            yield a

    stream = analyser.stream(source())
    first_article, first = next(stream)
    assert first_article.source == pulled[0] and not isinstance(first, InputError)
    assert len(pulled) < 4
    assert len(list(stream)) == 3


@pytest.mark.parametrize(
    ("n_articles", "processes", "batch_size", "expected"),
    [
        (1, 2, 32, (1, 32)),  # one edited article: no worker start-up
        (12, 2, 32, (1, 32)),  # the bundled example: below the threshold
        (16, 2, 32, (2, 8)),  # both workers get a batch
        (921, 2, 32, (2, 32)),
        (921, 1, 32, (1, 32)),
        (None, 4, 32, (4, 32)),  # a stream of unknown length uses every process
    ],
)
def test_plan_workers(n_articles, processes, batch_size, expected):
    assert plan_workers(n_articles, processes, batch_size) == expected


@Language.component("test_meta_to_topics")
def meta_to_topics(doc):
    """Shows what metadata a component sees, through a field the digest carries."""
    meta = doc._.digest_meta or {}
    doc._.digest_topics = [f"title={meta.get('title')}", f"date={meta.get('date')}", f"staff={'+'.join(meta.get('staff', []))}"]
    return doc


def test_metadata_reaches_the_workers(seed_article, bundled, every_article_in_a_process):
    """Title, date and staff travel as the pipe's context and are on the doc inside a worker."""
    two_procs = Analyser(DEFAULT_MODELS, processes=2, batch_size=1)
    two_procs.nlp.add_pipe("test_meta_to_topics", last=True)
    [seed, other] = list(two_procs.run([seed_article, bundled[0]]))
    assert seed.topics == (f"title={seed_article.title}", "date=2015-09-18", "staff=" + "+".join(analyse.staff_names(seed_article)))
    assert "Michael R. Gordon" in seed.topics[2]
    assert other.topics[0] == f"title={bundled[0].title}"
