"""Analyse: a date expression of article text, resolved against the article's date.

In: the words of one date expression ("Tuesday", "last week", "Sept. 5",
"March 2014", "seven months ago"), the article's date, and whether the
sentence speaks of a plan (future). Out: a `Resolved` (start and end dates, a
precision of day / range / month / year, an approximate flag, planned), or
None when the words do not name a time we can place ("the 1990s", "six
years", "Christmas", "these days").

Parsing of calendar words is dateparser's (month names and abbreviations,
ordinals, day-month order); anchoring and precision are ours:

- weekdays: in a past sentence the latest such day on or before the article's
  date ("Tuesday" in an article of Friday 2015-09-18 is 2015-09-15; "Friday"
  is the day itself); in a plan the next one on or after it;
- "last/this/next week" is a Monday-to-Sunday range, approximate;
- "N days/weeks/months/years ago" is approximate, at the precision of its unit
  (months -> month: "seven months ago" from 2015-09-18 is 2015-02);
- a month and day without a year take the year that puts them on the right
  side of the article's date;
- a past expression never ends after the article's date: its end is clamped
  ("this month" in an article of 18 September ends on 18 September).

Without an article date only expressions that carry their own year resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser
from dateutil.relativedelta import relativedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "a couple of": 2,
    "a few": 3, "several": 3,
}
# Counts given in words ("a few", "several") are vaguer than digits: always approximate.
VAGUE_COUNTS = frozenset({"a few", "several", "a couple of"})

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MONTH_RE = re.compile(rf"\b{_MONTH}(?=\W|$)", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<![\d-])(1[5-9]\d\d|20\d\d)(?![\d-])")
_DAY_RE = re.compile(rf"(?:\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH})", re.IGNORECASE)
_DECADE = re.compile(r"\b\d{2,4}'?s\b|\bcentur|\bdecade|\bmillenni|\bera\b|\bages?\b|year-old|-year\b|\byears? old\b", re.IGNORECASE)
_COUNT = r"(\d+|a couple of|a few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
_UNIT = r"(day|week|month|year)s?"
_AGO = re.compile(rf"\b(?:about |some |nearly |almost |more than |over |just |only )?{_COUNT}\s+{_UNIT}\s+(ago|earlier|before)\b", re.IGNORECASE)
_PAST_N = re.compile(rf"\b(past|last|previous|next|coming)\s+{_COUNT}\s+{_UNIT}\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(last|this|next|coming|past|previous)\s+(week|weekend|month|year)\b", re.IGNORECASE)
_SIMPLE = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "overnight": 0, "tomorrow": 1,
}
# The year named in words after a month and day: "runs through March 11 this year" (issue 18).
_YEAR_WORDS = re.compile(r"\b(last|this|next) year\b", re.IGNORECASE)
_VAGUE_EDGE = re.compile(r"\b(early|late|earlier|later|mid|end of|beginning of|start of|spring|summer|autumn|fall|winter)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Resolved:
    """A placed date: ISO `start`/`end` (equal for a day), precision, flags."""

    start: str
    end: str
    precision: str  # "day" | "range" | "month" | "year"
    approximate: bool = False
    planned: bool = False


def _day(d: date, *, approximate: bool = False) -> tuple[date, date, str, bool]:
    return d, d, "day", approximate


def _month(d: date, *, approximate: bool = False) -> tuple[date, date, str, bool]:
    first = d.replace(day=1)
    return first, first + relativedelta(months=1, days=-1), "month", approximate


def _year(y: int, *, approximate: bool = False) -> tuple[date, date, str, bool]:
    return date(y, 1, 1), date(y, 12, 31), "year", approximate


def _week(monday: date, *, approximate: bool = True) -> tuple[date, date, str, bool]:
    return monday, monday + timedelta(days=6), "range", approximate


def _count(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word, 0)


def _weekday(text: str, anchor: date, future: bool) -> tuple[date, date, str, bool] | None:
    m = re.search(r"\b(last|this|next|coming|past)?\s*(" + "|".join(WEEKDAYS) + r")\b", text, re.IGNORECASE)
    if not m or re.search(r"\b(" + "|".join(WEEKDAYS) + r")s\b", text, re.IGNORECASE):  # "Fridays": a habit
        return None
    qualifier = (m.group(1) or "").lower()
    target = WEEKDAYS.index(m.group(2).lower())
    back = (anchor.weekday() - target) % 7
    if qualifier == "last" or qualifier == "past":
        return _day(anchor - timedelta(days=back or 7))
    if qualifier in ("next", "coming") or future:
        ahead = (target - anchor.weekday()) % 7
        if qualifier == "next" and ahead == 0:
            ahead = 7
        return _day(anchor + timedelta(days=ahead))
    return _day(anchor - timedelta(days=back))


def _relative(text: str, anchor: date, future: bool = False) -> tuple[date, date, str, bool] | None:
    low = text.lower()
    for words, shift in _SIMPLE.items():
        if re.search(rf"\b{words}\b", low):
            return _day(anchor + timedelta(days=shift))
    if m := _AGO.search(low):
        n, unit = _count(m.group(1)), m.group(2).lower()
        if n <= 0:
            return None
        if unit == "day":
            return _day(anchor - timedelta(days=n), approximate=m.group(1) in VAGUE_COUNTS)
        if unit == "week":
            when = anchor - timedelta(weeks=n)
            return _week(when - timedelta(days=when.weekday()))
        if unit == "month":
            return _month(anchor - relativedelta(months=n), approximate=True)
        return _year((anchor - relativedelta(years=n)).year, approximate=True)
    if m := _PAST_N.search(low):
        which, n, unit = m.group(1), _count(m.group(2)), m.group(3)
        if n <= 0:
            return None
        delta = {"day": relativedelta(days=n), "week": relativedelta(weeks=n), "month": relativedelta(months=n), "year": relativedelta(years=n)}[unit]
        if which in ("next", "coming"):
            return anchor, anchor + delta, "range", True
        return anchor - delta, anchor, "range", True
    if m := _RELATIVE.search(low):
        which, unit = m.group(1), m.group(2)
        step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[which]
        if unit == "week":
            monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
            return _week(monday)
        if unit == "weekend":
            # the latest weekend begun on or before the article's date, then stepped
            saturday = anchor - timedelta(days=(anchor.weekday() - 5) % 7)
            in_weekend = anchor.weekday() >= 5
            if step > 0 or step == 0 and future and not in_weekend:
                saturday += timedelta(weeks=1)  # "next weekend"; "this weekend" in a plan: the coming one
            elif step < 0 and in_weekend:
                saturday -= timedelta(weeks=1)  # "last weekend" said on a Sunday: not this one
            return saturday, saturday + timedelta(days=1), "range", False
        if unit == "month":
            return _month(anchor + relativedelta(months=step), approximate=bool(_VAGUE_EDGE.search(low)))
        return _year(anchor.year + step)
    return None


@lru_cache(maxsize=8192)
def _parse(text: str, anchor: date | None) -> date | None:
    settings: dict[str, object] = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DATES_FROM": "past"}
    if anchor:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed else None


def _calendar(text: str, anchor: date | None, future: bool, year_hint: int | None = None) -> tuple[date, date, str, bool] | None:
    """Month names, days and years: "Sept. 5", "March 2014", "5 November 2012", "2014"."""
    month = _MONTH_RE.search(text)
    year = _YEAR_RE.search(text)
    if year is None and year_hint is not None and month is not None:
        text, year = f"{text} {year_hint}", _YEAR_RE.search(f"{text} {year_hint}")
    day = _DAY_RE.search(text)
    if not month and not year:
        return None
    approximate = bool(_VAGUE_EDGE.search(text))
    if anchor and not year and (m := _YEAR_WORDS.search(text)):  # "April of last year", "March 11 this year"
        shift = {"last": -1, "this": 0, "next": 1}[m.group(1).lower()]
        text = _YEAR_WORDS.sub(str(anchor.year + shift), text)
        year = _YEAR_RE.search(text)
    if month is None:
        return _year(int(year.group(1)), approximate=approximate) if year else None
    if year is None and anchor is None:
        return None
    core = month.group(0)
    if day:
        core = f"{core} {day.group(1) or day.group(2)}"
    if year:
        core = f"{core} {year.group(1)}"
    parsed = _parse(core, anchor)
    if parsed is None:
        return None
    if not year and anchor:
        # no year in the text: the year that puts it on the right side of the article's date
        try:
            parsed = parsed.replace(year=anchor.year)
            if future and parsed < (anchor if day else anchor.replace(day=1)):
                parsed = parsed.replace(year=anchor.year + 1)
            elif not future and parsed > anchor:
                parsed = parsed.replace(year=anchor.year - 1)
        except ValueError:  # 29 February in a year without one
            return None
    if day and not approximate:
        return _day(parsed)
    return _month(parsed, approximate=approximate)


_SPAN = re.compile(r"^(?:between|from)\s+(?P<a>.+?)\s+(?:and|to|until|through|till)\s+(?P<b>.+)$", re.IGNORECASE)


def resolve(expression: str, anchor: date | str | None, *, future: bool = False, year: int | None = None) -> Resolved | None:
    """Place one date expression; None when it names no placeable time.

    Args:
        expression: the words as written ("on Tuesday", "last week", "Sept. 5").
        anchor: the article's date (ISO string or date), or None.
        future: the sentence speaks of a plan ("will travel on Sunday").
        year: the year the text last named, for a month and day given without one
            ("died on December 4th, 2011, and Elizabeth on December 7th").
    """
    if m := _SPAN.match(expression.strip()):  # "between January and March": a range from one to the other
        second = resolve(m.group("b"), anchor, future=future, year=year)
        hint = int(y.group(1)) if (y := _YEAR_RE.search(m.group("b"))) else year
        first = resolve(m.group("a"), anchor, future=future, year=hint)
        if first and second and first.start <= second.end:
            return Resolved(start=first.start, end=second.end, precision="range",
                            approximate=first.approximate or second.approximate, planned=first.planned)
        return None
    if isinstance(anchor, str):
        try:
            anchor = date.fromisoformat(anchor[:10])
        except ValueError:
            anchor = None
    text = re.sub(r"\s+", " ", expression).strip()
    if not text or _DECADE.search(text):
        return None
    # A month name decides ("April of last year", "Friday, Sept. 18"); else relative words, then weekdays.
    found = _calendar(text, anchor, future, year) if _MONTH_RE.search(text) else None
    if found is None and anchor is not None:
        found = _relative(text, anchor, future) or _weekday(text, anchor, future)
    if found is None:
        found = _calendar(text, anchor, future, year)
    if found is None:
        return None
    start, end, precision, approximate = found
    planned = anchor is not None and (start > anchor or future and end > anchor)
    if anchor is not None and not planned and end > anchor:
        end = anchor  # a past or present expression never reaches past the article's date
    return Resolved(start=start.isoformat(), end=end.isoformat(), precision=precision, approximate=approximate, planned=planned)
