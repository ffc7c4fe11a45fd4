"""Topics that connect articles (issue 18): actors by their corpus name, phrases by number-folded
key, generic words by document frequency, and a phrase topic only when it links two articles."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from generator.corpus import build_corpus
from generator.corpus_topics import GENERIC_SHARE, MIN_ARCHIVE, number_key, phrase_key
from generator.model import Actor, Article, ArticleDigest, Mention, Paragraph

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("a", "b"), [("schools", "school"), ("cities", "city"), ("churches", "church"), ("boxes", "box"),
                                      ("crop yields", "crop yield")])
def test_number_variants_meet(a, b):
    assert phrase_key(a) == phrase_key(b)


@pytest.mark.parametrize(("a", "b"), [("class", "clas"), ("virus", "viru"), ("analysis", "analysi"), ("bus", "bu"),
                                      ("school", "scholar"), ("ozone pollution", "pollution")])
def test_different_words_stay_apart(a, b):
    assert phrase_key(a) != phrase_key(b)


def test_short_words_keep_their_s():
    assert number_key("gas") == "gas" and number_key("bus") == "bus"


def _digest(source: str, text: str, topics: tuple[str, ...], *actors: Actor) -> ArticleDigest:
    article = Article(source=source, title=source, date="2020-01-01", paragraphs=(Paragraph(index=1, text=text),))
    return ArticleDigest(article=article, actors=actors, topics=topics)


def _place(name: str, *aliases: str) -> Actor:
    return Actor(id=name.lower().replace(" ", "-").replace(".", ""), name=name, kind="place", aliases=aliases,
                 mentions=(Mention(paragraph=1, start=0, end=1, text="x"),))


def test_an_alias_and_a_plural_are_one_topic_and_a_lone_phrase_none():
    corpus = build_corpus([
        _digest("a.txt", "Schools in the United States.", ("United States", "schools", "festival"), _place("United States", "U.S.")),
        _digest("b.txt", "A school in the U.S.", ("U.S.", "school"), _place("U.S.")),
    ])
    topics = {d.article.source: d.topics for d in corpus.digests}
    assert topics == {"a.txt": ("United States", "school"), "b.txt": ("United States", "school")}


def test_an_actor_topic_needs_two_articles_like_a_phrase():
    alone = build_corpus([_digest("a.txt", "Text.", ("Sweden", "game"), _place("Sweden")),
                          _digest("b.txt", "Text.", ("Norway",), _place("Norway"))])
    assert [d.topics for d in alone.digests] == [(), ()]  # each actor tags one article: no topic page of one article
    both = build_corpus([_digest("a.txt", "Text.", ("Sweden", "game"), _place("Sweden")),
                         _digest("b.txt", "Text.", ("Sverige",), _place("Sweden", "Sverige"))])
    assert [d.topics for d in both.digests] == [("Sweden",), ("Sweden",)]  # one actor under two names: one topic of two


def test_a_phrase_tagged_in_most_of_the_archive_is_no_topic():
    n = MIN_ARCHIVE
    common = int(GENERIC_SHARE * n) + 1  # tagged in more than GENERIC_SHARE of the articles
    digests = [_digest(f"{k}.txt", "Text.", (("website",) if k < common else ()) + (("iodine",) if k < 2 else ())) for k in range(n)]
    corpus = build_corpus(digests)
    assert [d.topics for d in corpus.digests if d.topics] == [("iodine",), ("iodine",)]
    few = build_corpus(digests[: MIN_ARCHIVE - 1])  # too few articles to call anything generic
    assert ("website", "iodine") in [d.topics for d in few.digests]


def test_one_article_with_both_numbers_is_still_one_article():
    corpus = build_corpus([_digest("a.txt", "Text.", ("school", "schools")), _digest("b.txt", "Text.", ())])
    assert [d.topics for d in corpus.digests] == [(), ()]


def test_example_site_topics_connect(analyser):
    from generator.ingest import ReadOptions, read_file

    articles = [a for p in sorted((ROOT / "articles").iterdir()) if p.is_file() for a in read_file(p, ReadOptions())]
    corpus = build_corpus(list(analyser.run(articles)))
    actor_names = {a.name for a in corpus.actors}
    links = Counter(t for d in corpus.digests for t in set(d.topics))
    assert sum(1 for n in links.values() if n >= 2) >= 3  # some topics connect articles
    for topic, n in links.items():
        assert n >= 2 or topic in actor_names, topic
    keys = Counter(phrase_key(t) for t in links)
    assert all(v == 1 for v in keys.values()), [k for k, v in keys.items() if v > 1]
    # no topic is another one's alias: an article actor's name and aliases all lead to one corpus name
    index = {(art, act): cid for art, act, cid in corpus.actor_index}
    name = {a.id: a.name for a in corpus.actors}
    for d in corpus.digests:
        for a in d.actors:
            for alias in (a.name, *a.aliases):
                if alias in links:
                    assert alias == name[index[(d.slug, a.id)]], (alias, name[index[(d.slug, a.id)]])
