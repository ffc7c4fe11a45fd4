"""Dated events of whole sentences (generator/analyse/timeline.py) and the seed's timeline."""

from __future__ import annotations

import pytest

from generator.analyse.timeline import find_events, shorten


def events_of(nlp, text: str, anchor: str | None = "2015-09-18") -> list[dict]:
    doc = nlp.make_doc(text)
    doc._.digest_meta = {"date": anchor, "staff": [], "title": ""}
    doc = nlp(doc)
    return find_events(doc, anchor, list(doc._.digest_actors or ()))


@pytest.mark.parametrize(
    ("sentence", "expression", "start", "planned"),
    [
        ("Mr. Kerry also plans to meet on Saturday with the British foreign secretary.", "Saturday", "2015-09-19", True),
        ("The minister will travel to Germany on Sunday for talks.", "Sunday", "2015-09-20", True),
        ("The vote is scheduled for Monday.", "Monday", "2015-09-21", True),
        ("On Wednesday, Mohamed and his father are to travel to the United Nations.", "Wednesday", "2015-09-23", True),
        ("The minister travelled to Germany on Sunday for talks.", "Sunday", "2015-09-13", False),
        ("He repeated the offer in a telephone conversation on Tuesday.", "Tuesday", "2015-09-15", False),
        ("Officials said on Wednesday that the talks had failed.", "Wednesday", "2015-09-16", False),
    ],
)
def test_tense_decides_the_weekday(nlp, sentence, expression, start, planned):
    [event] = [e for e in events_of(nlp, sentence) if e["expression"] == expression]
    assert (event["start"], event["planned"]) == (start, planned)


@pytest.mark.parametrize(
    ("sentence", "not_a_date"),
    [
        ("Theresa May said the government would publish its plan.", "May"),
        ("Luke Anderson, the winner of Big Brother 2012, spoke to reporters on Tuesday.", "2012"),
        ("Tickets for the London 2012 Paralympic Games sold out on Tuesday.", "2012"),
        ("The band was famous in the 1990s, the singer said on Tuesday.", "1990s"),
        ("Ford starred in the film Blade Runner 2049, he said on Tuesday.", "2049"),  # a year in a title
    ],
)
def test_names_and_decades_are_no_events(nlp, sentence, not_a_date):
    events = events_of(nlp, sentence)
    assert not any(not_a_date in e["expression"] for e in events)


def test_year_carries_to_the_next_date_of_the_sentence(nlp):
    text = "Frederick died peacefully on December 4th, 2011, and Elizabeth on December 7th."
    assert {e["start"] for e in events_of(nlp, text, anchor="2013-09-15")} == {"2011-12-04", "2011-12-07"}


def test_photo_caption_is_no_event(nlp):
    text = "The school closed on Wednesday. Flooded: Water pours into a classroom (pictured) on Thursday morning."
    assert [e["expression"] for e in events_of(nlp, text)] == ["Wednesday"]


def test_no_article_date_keeps_only_dates_with_a_year(nlp):
    events = events_of(nlp, "Russia annexed Crimea in March 2014, and on Tuesday it said so again.", anchor=None)
    assert [(e["start"], e["precision"]) for e in events] == [("2014-03-01", "month")]


def test_shorten_keeps_the_expression():
    text = ("Mr. Kerry made his remarks in London at the start of a meeting with the foreign minister of the United Arab "
            "Emirates, and then, after a long lunch with officials of several other countries, will travel to Germany on Sunday.")
    i = text.index("Sunday")
    short = shorten(text, 120, around=(i, i + 6))
    assert "Sunday" in short and short.startswith("\u2026") and len(short) <= 122


def test_seed_timeline_matches_the_gold_reading(seed_digest, seed_gold):
    events = seed_digest.events
    for gold in seed_gold["timeline"]:
        if "/" in gold["date"]:
            start, end = gold["date"].split("/")
            hits = [e for e in events if (e.start, e.end) == (start, end)]
        else:
            n = len(gold["date"])
            hits = [e for e in events if e.start[:n] == gold["date"] == e.end[:n]]
        assert hits, gold
        if gold.get("approximate"):
            assert any(e.approximate for e in hits), gold
        assert any(e.planned for e in hits) == (gold["date"] > "2015-09-18"), gold


def test_seed_events_carry_actors_and_paragraphs(seed_digest):
    [sept5] = [e for e in seed_digest.events if e.expression == "Sept. 5"]
    assert "Sept. 5" in sept5.text
    assert seed_digest.article.paragraphs[sept5.paragraph - 1].text.startswith("On Sept. 5, Mr. Kerry warned")
    assert any("lavrov" in a for a in sept5.actors)


def test_pipeline_has_no_problems(nlp):
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values())
