"""Threads: the `when` channel, the weekdays and ages a lead gives (generator/threads/features.py)."""

from __future__ import annotations


import pytest

from conftest import SHARED, ecb_rows
from generator.ingest.normalise import clean_text
from generator.ingest.text import read_text
from generator.threads import Threader, article_features, load_weights
from generator.threads.cluster import FEATURES
from generator.threads.features import lead_when, main_day, when_flags
from generator.threads.repair import MERGE_FEATURES, Group, merge_features

ECB = SHARED / "eval" / "threads_dev.jsonl"


@pytest.mark.parametrize("lead, found", [
    ("The Philadelphia 76ers fired coach Maurice Cheeks on Saturday.", ["saturday"]),
    ("Police said on Tuesday the 25-year-old driver was arrested on Sunday.", ["tuesday", "sunday", "25y"]),
    ("Perennial party girl Tara Reid, 33-year-old actress, checked into rehab.", ["33y"]),
    ("A 7-year-old boy and his 40-year-old father were rescued.", ["7y", "40y"]),
    # no weekday, no age: a plural weekday, a year, a bare number of years, an age in words
    ("Sundays are quiet at the club.", []),
    ("The law of 2008 was reversed after 35 years.", []),
    ("The thirty-year-old rule was overturned.", []),
    ("Microsoft released patch MS08-078 for Internet Explorer.", []),
])
def test_lead_when_finds_the_weekdays_and_ages_a_lead_gives(lead, found):
    assert lead_when(lead) == found


@pytest.mark.parametrize("a, b, flags", [
    # fired on Saturday, hired on Monday: two events
    ({"saturday"}, {"monday"}, (1.0, 0.0, 0.0, 0.0)),
    # one event, told on the day and the day after: a weekday shared
    ({"saturday", "friday"}, {"saturday"}, (0.0, 1.0, 0.0, 0.0)),
    # the same coach at 52 and at 48: two events; the same age: one
    ({"52y"}, {"48y"}, (0.0, 0.0, 1.0, 0.0)),
    ({"52y", "tuesday"}, {"52y"}, (0.0, 0.0, 0.0, 1.0)),
    # one side gives nothing: nothing to tell
    (set(), {"monday", "33y"}, (0.0, 0.0, 0.0, 0.0)),
])
def test_when_flags_say_whether_two_leads_share_a_weekday_or_an_age_or_give_others(a, b, flags):
    assert when_flags(a, b) == flags
    assert when_flags(b, a) == flags
    assert when_flags(dict.fromkeys(a, 1.0), dict.fromkeys(b, 2.0)) == flags


def _group(when: dict[str, float]) -> Group:
    sums = ({"coach": 1.0}, {"cheeks": 1.0}, {}, {"coach": 1.0}, {}, when)
    return Group(members=[0], sums=sums, norms2=[sum(x * x for x in s.values()) for s in sums])


def test_the_repair_reads_the_when_channel_of_two_threads():
    x = dict(zip(MERGE_FEATURES, merge_features(_group({"saturday": 1.0}), _group({"monday": 1.0}))))
    assert (x["weekday_apart"], x["weekday_shared"]) == (1.0, 0.0)
    x = dict(zip(MERGE_FEATURES, merge_features(_group({"saturday": 1.0}), _group({"saturday": 1.0, "52y": 1.0}))))
    assert (x["weekday_apart"], x["weekday_shared"], x["age_apart"]) == (0.0, 1.0, 0.0)


@pytest.mark.parametrize("when, day", [
    # most of the thread's leads name Wednesday, one follow-up Tuesday
    ({"wednesday": 3.0, "tuesday": 1.0, "52y": 1.0}, {"wednesday": 3.0, "52y": 1.0}),
    # a tie goes to the greater key, as a thread's top person does
    ({"monday": 1.0, "sunday": 1.0}, {"sunday": 1.0}),
    # one weekday or none: the bag as it is
    ({"friday": 2.0}, {"friday": 2.0}),
    ({"33y": 1.0, "35y": 1.0}, {"33y": 1.0, "35y": 1.0}),
    ({}, {}),
])
def test_main_day_keeps_a_threads_weightiest_weekday_and_its_ages(when, day):
    assert main_day(when) == day


def test_the_repair_compares_two_threads_main_days_not_every_weekday_they_gathered():
    # the first event's thread gathered one follow-up's Tuesday: its day is still Wednesday
    x = dict(zip(MERGE_FEATURES, merge_features(_group({"wednesday": 3.0, "tuesday": 1.0}), _group({"tuesday": 2.0}))))
    assert (x["weekday_apart"], x["weekday_shared"]) == (1.0, 0.0)


@pytest.fixture(scope="module")
def coaches(analyser):
    """Two leads of a coach's firing and one of his hiring by the same team (ECB+ topic 5), analysed."""
    want = ("ecbplus/5_10ecb", "ecbplus/5_14ecb", "ecbplus/5_2ecbplus")
    rows = ecb_rows(want)
    # read as `digest build` reads a .txt (ingest's own reader: the title's repeat is marked, not body)
    arts = [read_text(clean_text(rows[i]["text"]), i, content_hash=i) for i in want]
    return {d.article.source: article_features(d) for d in analyser.run(arts)}


def test_the_pass_reads_a_firing_and_a_hiring_apart_by_their_weekday_on_ecb_text(coaches):
    fired, fired_again, hired = (coaches[i] for i in ("ecbplus/5_10ecb", "ecbplus/5_14ecb", "ecbplus/5_2ecbplus"))
    assert "saturday" in fired.when and "saturday" in fired_again.when and "monday" in hired.when
    threader = Threader(load_weights())
    threader.add(fired, into=0)
    same: list[tuple[int, tuple[float, ...]]] = []
    threader.add(fired_again, into=0, seen=same)
    other: list[tuple[int, tuple[float, ...]]] = []
    threader.add(hired, into=1, seen=other)
    x_same = dict(zip(FEATURES, dict(same)[0]))
    x_other = dict(zip(FEATURES, dict(other)[0]))
    assert (x_same["weekday_shared"], x_same["weekday_apart"]) == (1.0, 0.0)
    assert (x_other["weekday_shared"], x_other["weekday_apart"]) == (0.0, 1.0)
    # the fitted pass weighs a weekday shared for, and weekdays apart against, joining
    weights = dict(zip(FEATURES, load_weights().coef))
    assert weights["weekday_shared"] > 0 > weights["weekday_apart"]
