"""Publication dates as they appear in article files, parsed by dateparser."""

from __future__ import annotations

import re
from functools import lru_cache

import dateparser

# A date line is short: "September 18, 2015", "Fri 18 Sep 2015 10:02 BST",
# "Updated Sept. 18, 2015 5:51 PM". Longer lines are prose that mentions a date.
MAX_DATE_LINE_WORDS = 8

_HAS_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": False}


@lru_cache(maxsize=4096)
def parse_date(value: str) -> str | None:
    """ISO date of a free-form date string, or None. Needs an explicit year.

    Without a year dateparser fills in the current one, which would make the
    output depend on the day the site is built.
    """
    value = value.strip()
    if not value or not _HAS_YEAR.search(value):
        return None
    value = re.sub(r"^(published|updated|posted|last updated)\s*:?\s*", "", value, flags=re.I)
    parsed = dateparser.parse(value, languages=["en"], settings=_SETTINGS)
    return parsed.date().isoformat() if parsed else None


def date_line(line: str) -> str | None:
    """ISO date when the whole line is a date (a dateline of the web copy)."""
    if len(line.split()) > MAX_DATE_LINE_WORDS or line.endswith((".", "?", "!", "\u201d", '"')) and not re.search(r"\d\.$", line):
        return None
    if not re.search(r"[A-Za-z]{3}|\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{4}", line):
        return None
    return parse_date(line)
