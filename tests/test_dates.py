"""Date expressions x article dates -> placed dates (generator/analyse/dates.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.analyse.dates import resolve

FRI = "2015-09-18"  # the seed article: Friday 18 September 2015
MON = "2024-01-01"  # a Monday that starts a year

# (expression, article date, future?) -> (start, end, precision, approximate, planned)
TABLE = [
    ("Tuesday", FRI, False, ("2015-09-15", "2015-09-15", "day", False, False)),
    ("on Wednesday", FRI, False, ("2015-09-16", "2015-09-16", "day", False, False)),
    ("Friday", FRI, False, ("2015-09-18", "2015-09-18", "day", False, False)),
    ("Friday night", FRI, False, ("2015-09-18", "2015-09-18", "day", False, False)),
    ("Last Thursday", FRI, False, ("2015-09-17", "2015-09-17", "day", False, False)),
    ("Saturday", FRI, True, ("2015-09-19", "2015-09-19", "day", False, True)),
    ("Sunday", FRI, True, ("2015-09-20", "2015-09-20", "day", False, True)),
    ("Saturday", FRI, False, ("2015-09-12", "2015-09-12", "day", False, False)),
    ("Sunday", MON, False, ("2023-12-31", "2023-12-31", "day", False, False)),
    ("yesterday", MON, False, ("2023-12-31", "2023-12-31", "day", False, False)),
    ("last night", FRI, False, ("2015-09-17", "2015-09-17", "day", False, False)),
    ("today", FRI, False, ("2015-09-18", "2015-09-18", "day", False, False)),
    ("last week", FRI, False, ("2015-09-07", "2015-09-13", "range", True, False)),
    ("this week", FRI, False, ("2015-09-14", "2015-09-18", "range", True, False)),
    ("next week", FRI, True, ("2015-09-21", "2015-09-27", "range", True, True)),
    ("last week", MON, False, ("2023-12-25", "2023-12-31", "range", True, False)),
    ("this weekend", "2016-09-07", False, ("2016-09-03", "2016-09-04", "range", False, False)),
    ("this weekend", "2016-09-07", True, ("2016-09-10", "2016-09-11", "range", False, True)),
    ("last weekend", "2016-09-11", False, ("2016-09-03", "2016-09-04", "range", False, False)),
    ("next weekend", "2016-09-07", True, ("2016-09-10", "2016-09-11", "range", False, True)),
    ("the past 10 days", FRI, False, ("2015-09-08", "2015-09-18", "range", True, False)),
    ("Sept. 5", FRI, False, ("2015-09-05", "2015-09-05", "day", False, False)),
    ("Sept. 5", FRI, True, ("2016-09-05", "2016-09-05", "day", False, True)),
    ("November 7", FRI, False, ("2014-11-07", "2014-11-07", "day", False, False)),
    ("Dec. 25", MON, False, ("2023-12-25", "2023-12-25", "day", False, False)),
    ("19th July 2011", FRI, False, ("2011-07-19", "2011-07-19", "day", False, False)),
    ("December 4th, 2011", None, False, ("2011-12-04", "2011-12-04", "day", False, False)),
    ("March 2014", FRI, False, ("2014-03-01", "2014-03-31", "month", False, False)),
    ("March 2014", None, False, ("2014-03-01", "2014-03-31", "month", False, False)),
    ("January of 2010", FRI, False, ("2010-01-01", "2010-01-31", "month", False, False)),
    ("April of last year", FRI, False, ("2014-04-01", "2014-04-30", "month", False, False)),
    ("late September", FRI, False, ("2015-09-01", "2015-09-18", "month", True, False)),
    ("early October", FRI, False, ("2014-10-01", "2014-10-31", "month", True, False)),
    ("this month", FRI, False, ("2015-09-01", "2015-09-18", "month", False, False)),
    ("last month", MON, False, ("2023-12-01", "2023-12-31", "month", False, False)),
    ("seven months ago", FRI, False, ("2015-02-01", "2015-02-28", "month", True, False)),
    ("two days ago", FRI, False, ("2015-09-16", "2015-09-16", "day", False, False)),
    ("three years ago", FRI, False, ("2012-01-01", "2012-12-31", "year", True, False)),
    ("last year", FRI, False, ("2014-01-01", "2014-12-31", "year", False, False)),
    ("in 1952", FRI, False, ("1952-01-01", "1952-12-31", "year", False, False)),
    ("summer of 2011", FRI, False, ("2011-01-01", "2011-12-31", "year", True, False)),
    ("between January and March", "2012-05-08", False, ("2012-01-01", "2012-03-31", "range", False, False)),
    ("from March 2013 to June 2014", FRI, False, ("2013-03-01", "2014-06-30", "range", False, False)),
    ("between Tuesday and Thursday", FRI, False, ("2015-09-15", "2015-09-17", "range", False, False)),
]


def test_a_year_named_before_carries_over():
    got = resolve("December 7th", "2013-09-15", year=2011)
    assert got is not None and (got.start, got.precision) == ("2011-12-07", "day")


@pytest.mark.parametrize(("expression", "anchor", "future", "expected"), TABLE)
def test_resolve(expression, anchor, future, expected):
    got = resolve(expression, anchor, future=future)
    assert got is not None, expression
    assert (got.start, got.end, got.precision, got.approximate, got.planned) == expected


@pytest.mark.parametrize(
    ("expression", "anchor"),
    [
        ("the 1990s", FRI),  # a decade is no date we can place
        ("the early 1490s", FRI),
        ("the 18th century", FRI),
        ("six years", FRI),  # a duration, not a time
        ("27-year-old", FRI),  # an age
        ("recent days", FRI),  # too vague
        ("these days", FRI),
        ("Christmas", FRI),
        ("Fridays", FRI),  # a habit
        ("25", FRI),
        ("2010-11", FRI),  # a season of a league
        ("Tuesday", None),  # relative, and no article date to anchor it
        ("Sept. 5", None),
        ("last week", None),
    ],
)
def test_unplaceable(expression, anchor):
    assert resolve(expression, anchor) is None


RELATIVE = st.sampled_from(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "last week", "this week", "yesterday",
     "today", "last month", "this month", "last year", "this year", "seven months ago", "three weeks ago", "two days ago",
     "Sept. 5", "March", "December 25", "the past 10 days", "last Tuesday", "earlier this month", "late September"]
)


@given(RELATIVE, st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)))
def test_past_expressions_never_after_the_article_date(expression, anchor):
    got = resolve(expression, anchor.isoformat(), future=False)
    assert got is not None
    assert got.start <= got.end <= anchor.isoformat()
    assert not got.planned


@given(st.sampled_from(["Monday", "Saturday", "Sunday", "next week", "tomorrow", "Sept. 5"]),
       st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)))
def test_plans_never_before_the_article_date(expression, anchor):
    got = resolve(expression, anchor.isoformat(), future=True)
    assert got is not None
    assert got.start >= anchor.isoformat()
    assert date.fromisoformat(got.start) - anchor < timedelta(days=367)


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(st.text(max_size=30), st.sampled_from(["Feb. 29", "February 29", "last Feb. 29", "Sept. 31", "32 March 2014"])),
    st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat)),
)
def test_resolve_never_raises(expression, anchor):
    got = resolve(expression, anchor)
    assert got is None or got.start <= got.end


@pytest.mark.parametrize(
    ("expression", "anchor", "expected"),
    [
        # issue 18: "runs through March 11 this year" in an article of 5 March 2007 is 11 March 2007, ahead
        ("March 11 this year", "2007-03-05", ("2007-03-11", "2007-03-11", "day", False, True)),
        ("March 1 this year", "2007-03-05", ("2007-03-01", "2007-03-01", "day", False, False)),
        ("June 2 next year", "2007-03-05", ("2008-06-02", "2008-06-02", "day", False, True)),
    ],
)
def test_a_year_in_words_after_a_month_and_day(expression, anchor, expected):
    got = resolve(expression, anchor)
    assert got is not None
    assert (got.start, got.end, got.precision, got.approximate, got.planned) == expected


@pytest.mark.parametrize("expression", ["2000 year old", "2,000 years old", "a 300-year-old"])
def test_ages_and_quantities_are_no_dates(expression):
    assert resolve(expression, FRI) is None
