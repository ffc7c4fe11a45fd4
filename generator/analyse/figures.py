"""Analyse: the figures box, numbers that matter with what they count.

In: a parsed Doc (entities, dependencies). Out: `digest_figures` entries such
as "200 marines", "as many as 1,500 personnel", "more than 20 Condor
transport plane flights in 10 days", "£80,000", each with its value, its
unit (a currency, "%", a measure) and what it counts (the noun phrase the
number modifies).

A number "matters" when it counts something (a number modifying a noun),
is an amount of money, a share or a measured quantity; what it counts is
named whole ("92,000 asylum claims", the head of the compound the number
modifies). Not figures: dates and times (the timeline has them), ordinals,
scores ("won 3-1", "a 2-0 win"), ages ("Craig Eccleston-Todd, 27,"), "one",
and a number that refers back ("the two men"). Only body paragraphs give
figures (`skip` holds the others' ranges).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token
from generator.analyse import doccache
from generator.analyse.body import in_ranges

NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
# A box longer than this stops being a glance; the first ones in the text are kept.
MAX_FIGURES = 8
CURRENCY = {"$": "$", "£": "£", "€": "€", "¥": "¥", "dollars": "$", "dollar": "$", "pounds": "£", "euros": "€", "euro": "€"}
# Determiners that make a number refer back to something already counted: "the two men".
_ANAPHORIC = frozenset({"the", "these", "those", "both", "all", "its", "their", "his", "her"})
_WINDOW = re.compile(r"^(?:the\s+)?(?:past|last|first|next)\s+(\d[\d,]*|\w+)\s+(hours|days|weeks|months|years)$", re.IGNORECASE)
# Nouns after a number that are not what it counts: "four times", "three times the size".
_NOT_COUNTED = frozenset({"times", "time", "per", "cent", "percent"})
_UNIT_WORDS = re.compile(
    r"\b(miles?|km|kilometres?|kilometers?|metres?|meters?|feet|foot|ft|inches|tons?|tonnes?|kg|kilograms?"
    r"|pounds?|lbs?|mph|acres?|hectares?|gallons?|litres?|liters?|barrels?|degrees?)\b",
    re.IGNORECASE,
)


# A score or result: two numbers joined by a dash ("3-1", "102–99"), alone or before one of these.
RESULT_NOUNS = frozenset({"win", "wins", "victory", "defeat", "loss", "draw", "lead", "scoreline", "result", "triumph", "thrashing", "record"})
_SCORE = re.compile(r"\d{1,3}\s?[-–—]\s?\d{1,3}")
_VALUE = re.compile(
    r"\d[\d,.]*(?:\s+(?:million|billion|trillion|thousand|hundred))?"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?"
    r"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:\s+(?:million|billion|trillion|thousand|hundred))?\b"
)


def _counted_noun(ent: Span) -> Token | None:
    """The common noun the number counts; a name after a number is not counted ("50 Cent", "the 60 Ford")."""
    root = ent.root
    if root.dep_ in ("nummod", "quantmod", "compound") and root.head.pos_ == "NOUN" and root.head.i >= ent.end:
        noun = root.head
        # "92,000 asylum claims": the number may hang on the first noun of a compound; what it
        # counts is the compound's head
        while noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and noun.head.i > noun.i:
            noun = noun.head
        return noun
    return None


def is_score(ent: Span) -> bool:
    """ "won 3-1", "a 2-0 win", "beat the Celtics 102-99": two numbers joined by a dash are a score."""
    text = doccache.text(ent.doc)
    after = text[ent.end_char : ent.end_char + 6]
    before = text[max(ent.start_char - 6, 0) : ent.start_char]
    dashed = bool(_SCORE.fullmatch(ent.text.strip()) or re.match(r"^\s?[-–—]\s?\d", after) or re.search(r"\d\s?[-–—]\s?$", before))
    if not dashed:
        return False
    noun = _counted_noun(ent)  # "200-300 people" is a range of a count; "a 2-0 win" a result
    return noun is None or noun.lower_ in RESULT_NOUNS


def _noun_phrase(ent: Span, noun: Token) -> str:
    """The words from after the number to the counted noun: "Condor transport plane flights"."""
    return doccache.text(ent.doc)[ent.end_char : noun.idx + len(noun.text)].strip(" -")


def _window(sentence: Span) -> str:
    """ "in the past 10 days" in the same sentence -> " in 10 days" (a rate needs its period)."""
    for e in sentence.ents:
        if e.label_ == "DATE" and (m := _WINDOW.match(e.text.strip())):
            return f" in {m.group(1)} {m.group(2)}"
    return ""


def _is_age(ent: Span) -> bool:
    """ "Craig Eccleston-Todd, 27, was driving": a bare number in commas after a name."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    return bool(
        len(ent) == 1 and ent[0].is_digit and before is not None and before.text == ","
        and after is not None and after.text in (",", ")") and ent.start >= 2 and doc[ent.start - 2].pos_ == "PROPN"
    )


def describe_figure(ent: Span) -> dict | None:
    """One number entity as a figure, or None when it does not matter (see the module doc)."""
    doc = ent.doc
    text = ent.text.strip().rstrip(".,;:")
    words = text.lower().split()
    if not words or words[-1] in ("one", "a") or ent.label_ not in NUMBER_LABELS or _is_age(ent) or is_score(ent):
        return None
    if ent.start > 0 and doc[ent.start - 1].lower_ in _ANAPHORIC and ent.label_ == "CARDINAL":
        return None
    if ent.label_ == "CARDINAL" and re.fullmatch(r"(1[89]|20)\d\d", text):  # a year the model called a number
        return None
    if not (ent[-1].like_num or ent.label_ != "CARDINAL"):  # "1Xtra", "6pm": a number inside a word
        return None
    if re.search(r"(\bno\.|#|\bnumber)\s*$", doccache.text(doc)[max(ent.start_char - 8, 0) : ent.start_char], re.IGNORECASE):
        return None  # "the No. 60 car": a label, not a count
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.text in CURRENCY:  # "£" is often left outside the MONEY entity
        text = before.text + text
    if text.lower().startswith("many as ") and (before is None or before.lower_ != "as"):
        text = "as " + text  # "housing there for many as 1,500 personnel": the source dropped an "as"
    noun = _counted_noun(ent)
    if noun is not None and noun.lower_ in _NOT_COUNTED:
        noun = None
    counts = _noun_phrase(ent, noun) if noun is not None else None
    unit, of_what = None, None
    if symbol := next((c for c in CURRENCY if len(c) == 1 and c in text), None):
        unit = symbol
    elif word := next((w for w in text.lower().split() if w in CURRENCY), None):
        unit = CURRENCY[word]
    elif "%" in text or re.search(r"\bper ?cent\b", text, re.IGNORECASE):
        unit = "%"
    elif ent.label_ == "QUANTITY" and (m := _UNIT_WORDS.search(text)):
        unit = m.group(1).lower()
    elif noun is not None and _UNIT_WORDS.fullmatch(noun.lower_):  # "two million litres of water"
        unit = noun.lower_
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if of is not None and obj is not None:
            counts = of_what = doccache.text(ent.doc)[of.idx + len(of.text) : obj.idx + len(obj.text)].strip()
    if counts is None and ent.label_ == "CARDINAL":
        return None  # a bare number counts nothing we can name
    value = _VALUE.search(ent.text.lower())
    full = text
    if noun is not None:
        full += doccache.text(ent.doc)[ent.end_char : noun.idx + len(noun.text)]
        if of_what:
            full += " of " + of_what
    full += _window(ent.sent)
    return {
        "span": [ent.start_char, ent.end_char],
        "text": full,
        "value": value.group(0) if value else ent.text,
        "unit": unit,
        "counts": counts,
    }


def find_figures(doc: Doc, skip: Sequence[tuple[int, int]] = ()) -> list[dict]:
    """The figures of a doc, in text order, at most MAX_FIGURES, no text twice; none inside `skip`
    (character ranges that are not body text: captions, credits, source lists, headings)."""
    out: list[dict] = []
    seen: set[str] = set()
    for ent in doc.ents:
        if in_ranges(ent.start_char, ent.end_char, skip):
            continue
        figure = describe_figure(ent)
        if figure is None or figure["text"].lower() in seen:
            continue
        seen.add(figure["text"].lower())
        out.append(figure)
        if len(out) >= MAX_FIGURES:
            break
    return out
