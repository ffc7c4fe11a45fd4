"""Every page is keyed by what its values are made from (render.Site.keys), and a build leaves a page unrendered when
its key is the recorded one: so a page whose text changes must always get a new key. Checked here on the demo corpus
for an edit of each thing the pages show (a quote, an event, a role, a mention, a title, a date, a topic, a new
actor), with pages short enough that every paged list has several pages; and an edit that changes nothing the
cross-article pages show of an article (a paragraph's words) leaves their keys, so they are not rendered again."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace

import pytest

from generator.corpus import build_corpus
from generator.model import Actor, ArticleDigest, Mention, Paragraph
from generator.render import Site, actor_digest, actor_values, render, values_bytes, views
from tests.demo_site import demo_digests

Edit = Callable[[list[ArticleDigest]], list[ArticleDigest]]


def _at(digests: list[ArticleDigest], n: int, **changes: object) -> list[ArticleDigest]:
    return [replace(d, **changes) if i == n else d for i, d in enumerate(digests)]


def _quote_text(ds: list[ArticleDigest]) -> list[ArticleDigest]:
    q = ds[0].quotes[1]
    return _at(ds, 0, quotes=(ds[0].quotes[0], replace(q, text=q.text.replace("Cool", "Nice")), *ds[0].quotes[2:]))


def _quote_unsure(ds: list[ArticleDigest]) -> list[ArticleDigest]:
    return _at(ds, 0, quotes=(ds[0].quotes[0], replace(ds[0].quotes[1], confident=False, confidence=0.4), *ds[0].quotes[2:]))


def _event_text(ds: list[ArticleDigest]) -> list[ArticleDigest]:
    e = ds[0].events[0]
    return _at(ds, 0, events=(replace(e, text=e.text.replace("digital", "home-made")), *ds[0].events[1:]))


def _event_date(ds: list[ArticleDigest]) -> list[ArticleDigest]:
    e = ds[1].events[0]
    return _at(ds, 1, events=(replace(e, start="2018-06-19", end="2018-06-19"), *ds[1].events[1:]))


def _role(ds: list[ArticleDigest]) -> list[ArticleDigest]:
    return _at(ds, 0, actors=tuple(replace(a, role="former president") if a.id == "barack-obama" else a for a in ds[0].actors))


def _first_mention(ds: list[ArticleDigest]) -> list[ArticleDigest]:
    """Ahmed Mohamed (no page of his own) first named in paragraph 3: his links lead there."""
    return _at(ds, 0, actors=tuple(replace(a, mentions=a.mentions[1:]) if a.id == "ahmed-mohamed" else a for a in ds[0].actors))


def _title(ds: list[ArticleDigest]) -> list[ArticleDigest]:
    return _at(ds, 0, article=replace(ds[0].article, title=ds[0].article.title + " in Irving"))


def _date(ds: list[ArticleDigest]) -> list[ArticleDigest]:
    return _at(ds, 1, article=replace(ds[1].article, date="2018-06-17"))


def _topic(ds: list[ArticleDigest]) -> list[ArticleDigest]:
    return _at(ds, 0, topics=tuple(t for t in ds[0].topics if t != "education"))


def _new_actor(ds: list[ArticleDigest]) -> list[ArticleDigest]:
    body = ds[1].article.paragraphs[0].text
    word = body.split()[0]
    quarry = Actor(id="hana-quarry", name="Hana Quarry", kind="person",
                   mentions=(Mention(paragraph=1, start=0, end=len(word), text=word),))
    return _at(ds, 1, actors=(*ds[1].actors, quarry))


def _words(ds: list[ArticleDigest]) -> list[ArticleDigest]:
    """The words of a paragraph no quote, event or mention reads (the bench's edit is of this kind)."""
    article = ds[0].article
    last = article.paragraphs[-1]
    paragraphs = (*article.paragraphs[:-1], Paragraph(index=last.index, text=last.text + " It was seen as a quiet protest.",
                                                      kind=last.kind))
    return _at(ds, 0, article=replace(article, paragraphs=paragraphs))


EDITS: list[Edit] = [_quote_text, _quote_unsure, _event_text, _event_date, _role, _first_mention, _title, _date, _topic,
                     _new_actor, _words]
# The pages that list an article's quotes, events or actors away from it: the words of a paragraph show on none.
LISTINGS = ("actors/", "data/actors/", "quotes/", "timeline/", "az/", "feeds/actors/", "feeds/quotes.xml")


@pytest.fixture
def short_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages short enough that the quotes, the timeline and the A-Z lists have pages after the first."""
    monkeypatch.setattr(views, "AZ_PAGE_MAX", 2)
    monkeypatch.setattr(views, "QUOTES_PAGE_SIZE", 2)
    monkeypatch.setattr(views, "EVENTS_PAGE_SIZE", 2)


def keys_and_pages(digests: list[ArticleDigest]) -> tuple[dict[str, str], dict[str, str]]:
    corpus = build_corpus(digests)
    return Site(corpus).keys(), render(corpus)


@pytest.mark.usefixtures("short_pages")
@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.__name__.strip("_"))
def test_a_page_whose_text_changes_has_a_new_key(edit: Edit):
    keys, pages = keys_and_pages(demo_digests())
    assert any(p.startswith("quotes/page-") for p in pages) and any(p.startswith("timeline/page-") for p in pages)
    assert any(p.startswith("az/") for p in pages)
    keys2, pages2 = keys_and_pages(edit(demo_digests()))
    changed = {p for p in pages2 if pages.get(p) != pages2[p]}
    moved = {p for p in keys2 if keys.get(p) != keys2[p]}
    assert changed, "the edit shows somewhere"
    assert changed <= moved, sorted(changed - moved)


@pytest.mark.usefixtures("short_pages")
def test_words_that_no_listing_shows_leave_the_listings_keys():
    keys, _pages = keys_and_pages(demo_digests())
    keys2, _pages2 = keys_and_pages(_words(demo_digests()))
    moved = {p for p in keys2 if keys.get(p) != keys2[p]}
    assert any(p.endswith(".md") and "/" not in p for p in moved)  # the article's own page
    assert not {p for p in moved if p.startswith(LISTINGS)}, sorted(moved)


def test_an_actor_digest_reads_every_field():
    """A field added to CorpusActor or ActorRef enters the key of the actor's page and digest.json line."""
    actor = build_corpus(demo_digests()).actors[0]
    ref = actor.appearances[0]
    variants = [replace(actor, id=actor.id + "-2"), replace(actor, name=actor.name + " Jr"),
                replace(actor, kind="organization"), replace(actor, co_actors=((actor.id, 9),)),
                replace(actor, appearances=(replace(ref, article="x"),)), replace(actor, appearances=(replace(ref, actor="x"),)),
                replace(actor, appearances=(replace(ref, role="x"),)), replace(actor, appearances=(replace(ref, date="1999-01-01"),))]
    assert len({actor_digest(a) for a in [actor, *variants]}) == len(variants) + 1
    assert actor_values(actor, co_actors=False) == actor_values(replace(actor, co_actors=((actor.id, 9),)), co_actors=False)


def test_values_bytes_depend_on_the_values_only():
    """Equal values give equal bytes however the strings were made (interned, joined, shared), and unequal values
    unequal bytes: a key made from them means the same in every process."""
    made = "".join(["Barack", " ", "Obama"])  # made at run time: another object than the constant, of one value
    interned = sys.intern("".join(["Barack", " ", "Obama"]))
    assert values_bytes(("Barack Obama", "Barack Obama")) == values_bytes((made, made)) == values_bytes((made, "Barack Obama"))
    assert values_bytes((made, [made])) == values_bytes((interned, [interned]))
    assert values_bytes((1, None, True)) != values_bytes((1, None, 1))
    assert values_bytes(("a", "b")) != values_bytes(("ab", ""))
    assert values_bytes((0.5,)) != values_bytes(("0.5",))
