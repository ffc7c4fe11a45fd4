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
        ("The champion will fly to Riyadh to defend his title on Saturday.", "Saturday", "2015-09-19", True),
        ("The champion flew to Riyadh to defend his title on Saturday.", "Saturday", "2015-09-12", False),
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


def found(events: list[dict]) -> dict[str, tuple[str, str, bool]]:
    return {e["expression"]: (e["start"], e["end"], e["planned"]) for e in events}


# Issue 18, "a number is a date only with date evidence": each sentence has a number that is
# no date (a count, an age or quantity, part of a name) and a real date that must still be found.
@pytest.mark.parametrize(
    ("sentence", "not_a_date", "date", "start"),
    [
        ("A survey of 1709 schoolchildren was carried out in 2004.", "1709", "2004", "2004-01-01"),
        ("The charity has fed 1850 families since 2012.", "1850", "2012", "2012-01-01"),
        ("The village keeps a 2000 year old tradition that was revived in 1990.", "2000", "1990", "1990-01-01"),
        ("Thousands of fans travelled to the 2018 FIFA World Cup in Russia on Sunday.", "2018", "Sunday", "2015-09-13"),
        ("The old mill, founded in 1880, was sold on Tuesday.", "1880 ", "1880", "1880-01-01"),  # a year after "in" stays
        ("Congress amended the Federal Election Campaign Act of 1971 on Tuesday.", "1971", "Tuesday", "2015-09-15"),
        ("The 2024 elections will test the party, its leader said on Tuesday.", "2024", "Tuesday", "2015-09-15"),
        ("The phone's screen reaches 2000 nits, a review found on Tuesday.", "2000", "Tuesday", "2015-09-15"),
    ],
)
def test_a_number_needs_date_evidence(nlp, sentence, not_a_date, date, start):
    events = found(events_of(nlp, sentence))
    assert not any(not_a_date == e or e.startswith(not_a_date + " ") for e in events if e != date), events
    assert events.get(date, ("",))[0] == start, events


# ... and a year with evidence stays: after any preposition, before a singular noun it dates,
# as a possessive, in a listicle's bullet (which is prose, not a source list).
@pytest.mark.parametrize(
    ("sentence", "year"),
    [
        ("A 2012 report from the institute found that teenagers sleep less.", "2012"),
        ("Sales rose 16 percent compared with 2022, the retailer said.", "2022"),
        ("He stayed at her side throughout 2016.", "2016"),
        ("The team hopes to keep its lead into 2028.", "2028"),
        ("The crash was the worst since the financial crisis of 2008.", "2008"),
        ("\u2022 Homes: she bought a mansion on the coast in 2017 and sold it four years later for a large profit.", "2017"),
    ],
)
def test_a_year_with_evidence_is_a_date(nlp, sentence, year):
    events = found(events_of(nlp, sentence))
    assert year in {start[:4] for start, _, _ in events.values()}, events


def test_a_plan_by_a_year_is_a_date(nlp):
    assert found(events_of(nlp, "Sea levels will rise by half a metre by 2050, the study found."))["2050"] == (
        "2050-01-01", "2050-12-31", True)


# Issue 18: relative dates inside a quotation are anchored to the quote's own day, and left
# out when that is not known; dates that carry their year stay.
@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ('At a hearing in June, the minister said: "Today we are opening an inquiry into the sale."',
         "2016-10-15", {"June": ("2016-06-01", "2016-06-30", False)}),
        ('In an email sent in 2015, the aide wrote: "Sunday night we lost the vote, and we need a new plan."',
         "2016-10-20", {"2015": ("2015-01-01", "2015-12-31", False)}),
        ("The aide's email was short.\n\nHe wrote:\n\nSunday night we lost the vote. Call me.",
         "2016-10-20", {}),
        ('"The deal was signed last week," a spokesman said.', "2016-10-20", {}),
        ('On Tuesday, the minister said: "Yesterday we opened an inquiry into the sale."',
         "2015-09-18", {"Tuesday": ("2015-09-15", "2015-09-15", False), "Yesterday": ("2015-09-14", "2015-09-14", False)}),
        ('"We signed the contract in March 2014," the director said on Wednesday.',
         "2015-09-18", {"March 2014": ("2014-03-01", "2014-03-31", False), "Wednesday": ("2015-09-16", "2015-09-16", False)}),
        # single quotation marks (British style) are quotes too; apostrophes are not
        ("'Today we are opening an inquiry into the sale,' the minister said at a hearing in June.",
         "2016-10-15", {"June": ("2016-06-01", "2016-06-30", False)}),
        ("The minister said: 'Last week we lost the vote, and we start again.'", "2016-10-15", {}),
        # a document cue before quotation marks quotes only what the marks hold
        ("The letter came in the post. It read: 'We are watching you.' Police were called on Tuesday.",
         "2015-09-18", {"Tuesday": ("2015-09-15", "2015-09-15", False)}),
        # a calendar date in a quote is no relative date: the article's date gives its year
        ('"We will close the plant on October 7," the manager said.', "2015-09-18",
         {"October 7": ("2015-10-07", "2015-10-07", True)}),
        ("The players' union met on Tuesday, and Kerry's aides say it's over.",
         "2015-09-18", {"Tuesday": ("2015-09-15", "2015-09-15", False)}),
        ("The minister said on Wednesday that the bridge will reopen on Monday.",
         "2015-09-18", {"Wednesday": ("2015-09-16", "2015-09-16", False), "Monday": ("2015-09-21", "2015-09-21", True)}),
    ],
)
def test_relative_dates_in_quotes(nlp, text, anchor, expected):
    assert found(events_of(nlp, text, anchor=anchor)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a stretch of someone's time is no range ending on the article's date
        ("She spent the last five months of her life in a hospice near the coast.", {}),
        ("He trained hard in the first three weeks of the season.", {}),
        ("The last five months of her life were spent in a hospice.", {}),
        # but a range up to now stays (the seed's "the past 10 days")
        ("More than 20 transport flights have landed at the base in the past 10 days.",
         {"the past 10 days": ("2015-09-08", "2015-09-18", False)}),
    ],
)
def test_durations_are_no_events(nlp, sentence, expected):
    assert found(events_of(nlp, sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "anchor", "expected"),
    [
        # past narrative: "the next Tuesday" is the story's, neither planned nor placed on the article's week
        ("I went back the next Tuesday night and there was almost no one there.", "2007-03-05", {}),
        ("We went home the following Monday.", "2007-03-05", {}),
        # a plan keeps its "next"
        ("We will go back next Tuesday to see the lanterns.", "2007-03-05", {"next Tuesday": ("2007-03-06", "2007-03-06", True)}),
        ("The team said it would return next week.", "2015-09-18", {"next week": ("2015-09-21", "2015-09-27", True)}),
        # "this year" after a month and day names its year: the article's
        ("The festival runs through March 11 this year.", "2007-03-05", {"March 11 this year": ("2007-03-11", "2007-03-11", True)}),
        ("The festival opened on March 1 this year.", "2007-03-05", {"March 1 this year": ("2007-03-01", "2007-03-01", False)}),
    ],
)
def test_plans_need_a_future(nlp, sentence, anchor, expected):
    assert found(events_of(nlp, sentence, anchor=anchor)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Democrats feared an October surprise from the bureau.", {}),
        ("Traders call it March madness.", {}),
        ("The vote was held in October.", {"October": ("2014-10-01", "2014-10-31", False)}),
        ("The October meeting of the board was cancelled on Tuesday.", {"Tuesday": ("2015-09-15", "2015-09-15", False)}),
    ],
)
def test_a_month_name_as_a_modifier_is_no_event(nlp, sentence, expected):
    assert found(events_of(nlp, sentence)) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Wikinews: a caption paragraph ends in its credit
        "Visitors queue outside the hall on Friday. Image: Jane Doe.\n\nThe council voted on Tuesday to close the hall.",
        "The vessel on The Solent on February 8, 2010. Image: Brian Burnell.\n\nThe council voted on Tuesday to close the hall.",
        # a credit line of its own
        "Photo: John Smith, March 3, 2015\n\nThe council voted on Tuesday to close the hall.",
        # a source list under its heading, and one citation line alone
        "The council voted on Tuesday to close the hall.\n\nSources\n\nJane Doe. \u201cCouncil shuts hall\u201d \u2014 The Daily Bugle, September 16, 2015",
        "The council voted on Tuesday to close the hall.\n\nJane Doe. \u201cCouncil shuts hall\u201d \u2014 The Daily Bugle, Wednesday, September 16, 2015",
        "The council voted on Tuesday to close the hall.\n\n- The Daily Bugle, September 16, 2015\n- The Evening Post, September 17, 2015",
    ],
)
def test_captions_credits_and_source_lists_give_no_events(nlp, text):
    assert found(events_of(nlp, text)) == {"Tuesday": ("2015-09-15", "2015-09-15", False)}
