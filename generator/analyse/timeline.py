"""Analyse: dated events of one article.

In: a parsed Doc (sentences, entities, dependencies), the article's date and
its actors (`doc._.digest_actors`). Out: `digest_events` entries, one per
date expression that `dates.resolve` can place: the expression, the placed
date, its sentence (and a shortened text of it), the actors named in that
sentence.

Date expressions are the model's DATE entities (plus TIME ones such as "last
night"). Two things are decided here from the sentence rather than from the
words of the expression:

- a plan: "Mr. Kerry also plans to meet on Saturday with ..., and then will
  travel to Germany on Sunday" (seed article) speaks of the future, so
  "Saturday" is the coming one and the event is marked planned;
- a year that is part of a name is no date: "winner of Big Brother 2012",
  "the London 2012 Paralympic Games" (CNN/Daily Mail dev texts).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from generator.analyse.dates import resolve
from generator.analyse.facts import is_boilerplate

DATE_LABELS = frozenset({"DATE", "TIME"})
_YEAR = re.compile(r"(?<![\d-])(1[5-9]\d\d|20\d\d)(?![\d-])")
# An event's text: its sentence, cut at a word boundary near this many
# characters, so a timeline row stays one or two lines.
EVENT_TEXT_CHARS = 160
# Auxiliaries that make a clause future: "will travel", "'ll meet", "won't go".
FUTURE_AUX = frozenset({"will", "'ll", "’ll", "shall", "wo"})
# Verbs (any form; the lemmatizer is off) whose "to" infinitive is a plan: "plans to meet on Saturday".
PLAN_VERBS = frozenset(
    ["plan", "plans", "planned", "planning", "expect", "expects", "expected", "scheduled", "due", "set", "intend", "intends", "intended", "aim", "aims", "hope", "hopes", "going", "prepare", "prepares", "preparing"]
)
# "Mohamed and his father are to travel to the United Nations" (Wikinews, 2015-09-22): present "be" + infinitive is a plan.
PRESENT_BE = frozenset({"is", "are", "am", "'s", "'re"})


def _governing_verb(token: Token) -> Token | None:
    while token.pos_ not in ("VERB", "AUX"):
        if token.head.i == token.i:
            return None
        token = token.head
    return token


def is_planned(span: Span) -> bool:
    """Does the clause around a date expression speak of the future?

    Future when the governing verb has a future auxiliary ("will travel on
    Sunday"), is the "to" infinitive of a plan verb ("plans to meet on
    Saturday"), or is a conjunct of such a verb; or when the expression
    itself looks ahead ("next week", "tomorrow", "the coming days").
    """
    low = span.text.lower()
    if any(w in low for w in ("next ", "tomorrow", "coming", "upcoming")):
        return True
    verb = _governing_verb(span.root)
    for _ in range(3):  # the verb, and up to two heads it is coordinated with
        if verb is None:
            return False
        children = list(verb.children)
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in children):
            return True
        if verb.tag_ in ("VBD",) or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in children):
            return False
        if verb.tag_ == "VB" and any(c.lower_ == "to" for c in children) and verb.head.lower_ in PLAN_VERBS | PRESENT_BE:
            return True  # "plans to meet on Saturday", "are to travel on Wednesday"
        if verb.lower_ in PRESENT_BE | PLAN_VERBS and any(
            c.dep_ == "xcomp" and c.tag_ == "VB" and any(g.lower_ == "to" for g in c.children) for c in children
        ):
            return True  # "On Wednesday, Mohamed and his father are to travel": the date hangs on "are"
        if verb.lower_ in PLAN_VERBS and any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") for c in children):
            return True  # "the vote is scheduled for Monday"
        if verb.dep_ not in ("conj", "xcomp") or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def is_name_year(span: Span) -> bool:
    """A bare year that belongs to a name: "Big Brother 2012", "London 2012 Paralympic Games"."""
    if not (len(span) == 1 and span[0].shape_ == "dddd"):
        return False
    token = span[0]
    before = token.nbor(-1) if token.i > 0 else None
    after = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return bool(
        (before is not None and before.pos_ == "PROPN" and before.ent_type_ not in ("DATE",))
        or (after is not None and after.pos_ == "PROPN" and after.is_title)
    )


def shorten(text: str, limit: int = EVENT_TEXT_CHARS, *, around: tuple[int, int] | None = None) -> str:
    """The sentence cut at a word boundary near `limit` characters, with ellipses.

    `around` (offsets into `text`) is the date expression: when it lies past
    the cut, the kept part starts at the clause boundary before it, so
    "... and then will travel to Germany on Sunday ..." keeps its "Sunday".
    """
    if len(" ".join(text.split())) <= limit:
        return " ".join(text.split())
    start = 0
    if around and around[1] > limit - 20:
        head = text[: around[0]]
        cut = max(head.rfind(", "), head.rfind("; "), head.rfind(" \u2014 "))
        start = cut + 2 if cut >= 0 and around[1] - cut < limit else max(around[0] - limit // 2, 0)
        if start and not text[start - 1].isspace():
            start = text.find(" ", start) + 1
    piece = " ".join(text[start:].split())
    if len(piece) > limit:
        piece = piece[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"
    return ("\u2026" + piece) if start else piece


def actors_in(sentence: Span, actors: list[dict]) -> list[str]:
    """Ids of the actors with a mention inside the sentence."""
    ids = {
        a["id"]
        for a in actors
        for s, e in a.get("mentions", ())
        if s < sentence.end_char and e > sentence.start_char
    }
    return sorted(ids)


def find_events(doc: Doc, anchor: str | None, actors: list[dict]) -> list[dict]:
    """Every date expression of the doc that resolves, as `digest_events` entries."""
    events = []
    seen: set[tuple[int, str, str]] = set()
    sentence_start, named_year = -1, None  # the last year named in the current sentence
    for ent in doc.ents:
        if ent.label_ not in DATE_LABELS or is_name_year(ent):
            continue
        if is_boilerplate(ent.sent.text):  # a photo caption's "Wednesday morning" is not an event
            continue
        planned = is_planned(ent)
        if ent.sent.start != sentence_start:
            sentence_start, named_year = ent.sent.start, None
        placed = resolve(ent.text, anchor, future=planned, year=named_year)
        if (y := _YEAR.search(ent.text)) is not None:
            named_year = int(y.group(0))  # "on December 4th, 2011, and Elizabeth on December 7th"
        if placed is None:
            continue
        sentence = ent.sent
        key = (sentence.start_char, placed.start, placed.end)
        if key in seen:  # "Friday ... on Friday" in one sentence is one event
            continue
        seen.add(key)
        events.append(
            {
                "start": placed.start,
                "end": placed.end,
                "precision": placed.precision,
                "approximate": placed.approximate,
                "planned": placed.planned,
                "expression": ent.text,
                "span": [ent.start_char, ent.end_char],
                "sentence": [sentence.start_char, sentence.end_char],
                "text": shorten(sentence.text, around=(ent.start_char - sentence.start_char, ent.end_char - sentence.start_char)),
                "actors": actors_in(sentence, actors),
            }
        )
    return events
