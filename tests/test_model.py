"""Every model class survives to_dict -> JSON -> from_dict unchanged."""

from __future__ import annotations

import json

from generator.model import (
    Actor, ActorRef, Article, ArticleDigest, Corpus, CorpusActor, Event, Fact, Figure, Mention, Paragraph, Quote,
)


def _round(obj):
    return type(obj).from_dict(json.loads(json.dumps(obj.to_dict())))


def sample_digest() -> ArticleDigest:
    article = Article(source="a.txt", title="T", date="2015-09-18", byline=("A B",), contributors=("C D",),
                      tags=("x",), notes=("n",), paragraphs=(Paragraph(index=1, text="Hello."),), content_hash="h")
    m = Mention(paragraph=1, start=0, end=5, text="Hello")
    he = Mention(paragraph=1, start=0, end=2, text="He", kind="pronoun")
    return ArticleDigest(
        article=article, slug="s",
        actors=(Actor(id="a", name="A", kind="person", role="r", aliases=("Mr. A",), mentions=(m, he)),),
        quotes=(Quote(text="q", paragraph=1, start=0, end=1, speaker="a", cue="said", partial=True, sentence="s",
                      how="cue", confidence=0.9),),
        facts=(Fact(rank=1, text="f", paragraph=1, score=0.5),),
        figures=(Figure(text="200 marines", value="200", unit=None, counts="marines", paragraph=1),),
        events=(Event(start="2015-09-15", end="2015-09-15", precision="day", expression="Tuesday", text="t",
                      paragraph=1, actors=("a",)),),
        topics=("Syria",),
    )


def test_every_class_round_trips(seed_article):
    d = sample_digest()
    for obj in (d, d.article, d.article.paragraphs[0], d.actors[0], *d.actors[0].mentions, d.quotes[0], d.facts[0],
                d.figures[0], d.events[0], seed_article):
        assert _round(obj) == obj
    corpus = Corpus(digests=(d,), actors=(CorpusActor(id="a", name="A", kind="person",
                                                     appearances=(ActorRef(article="s", actor="a", role="r"),),
                                                     co_actors=(("b", 2),)),),
                    actor_index=(("s", "a", "a"),))
    assert _round(corpus) == corpus
    assert corpus.to_dict()["schema_version"] >= 1


def test_article_text_joins_paragraphs():
    a = Article(source="x", title="t", paragraphs=(Paragraph(index=1, text="One."), Paragraph(index=2, text="Two.")))
    assert a.text == "One.\n\nTwo."
    assert a.paragraphs[1].anchor == "p-2"
