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

Issue 18 added the rest, each a named rule of NOT_EVENT_RULES or a step of
`find_events`, each with its sentences in tests/test_timeline.py:

- a bare number is a date only with date evidence (has_year_evidence): a
  value in range and a preposition before it ("in 1990", "since 1958",
  "compared with 2022") or a singular noun it dates ("a 2012 report"); a
  plural, unit or proper noun after it is counted or named ("a survey of
  1709 schoolchildren", "2000 nits", "the 2018 FIFA World Cup"), and "a 2000
  year old tradition" is an age (dates.py). Checked on 120 unseen articles of
  ../shared/corpus/plain (naeb 100-219) for dates it must keep;
- a month name that modifies a noun is a name ("an October surprise");
- a stretch of someone's time is no range ("the last five months of her life");
- captions (a short paragraph ending in "Image: ..."), credit lines and source
  lists (a "Sources" heading and what follows, citation lines, bullets) give
  no events; nor does a sentence facts.is_boilerplate calls furniture;
- inside a quotation or a quoted document, a date that needs an anchor
  ("Today", "Sunday night", "last week") is placed from the quote's own day
  when its sentence names one outside the quote ('On Tuesday, she said:
  "Yesterday ..."'), and left out otherwise; dates with their own year stay;
- "the next Tuesday" of a past story is the story's, not the article's: left
  out, and "next" makes a plan only in a clause that is not past;
- "March 11 this year" is one expression, in the article's year.

The tests are ours: dateparser reads calendar words (dates.py); it has no
notion of sentence, quote, paragraph kind or dependency, which is what these
rules need, so they are written here over spaCy's parse.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from generator.analyse.body import in_ranges, non_body
from generator.analyse.dates import resolve
from generator.analyse.facts import FINITE_TAGS, is_boilerplate

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
    verb = _governing_verb(span.root)
    if any(w in low for w in ("next ", "tomorrow", "coming", "upcoming")):
        # "I went back the next Tuesday": a past verb tells of a day after another past one, no plan
        return not is_past(verb)
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
        is_purpose = verb.dep_ == "advcl" and verb.tag_ == "VB" and any(c.lower_ == "to" for c in children)
        if verb.dep_ not in ("conj", "xcomp") and not is_purpose or verb.head.i == verb.i:
            return False  # a "to" infinitive of purpose takes its head's tense: "will fly to Riyadh to fight on Saturday"
        verb = verb.head
    return False


def is_past(verb: Token | None) -> bool:
    """A verb in the simple past, or with a past auxiliary, and no future one ("went", "had gone")."""
    if verb is None:
        return False
    children = list(verb.children)
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in children):
        return False
    return verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in children)


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


# --- Where a date expression stands: paragraphs, captions, lists, quotes ---------------------------

# Captions, credits and source lists are paragraph kinds decided in ingest (generator/ingest/kinds.py,
# read through analyse/body.py). One shape needs the parse and stays here: a bullet or number before
# a line without a finite verb ("- The Daily Bugle, September 16, 2015") is a list entry; a bullet
# before a sentence is a listicle's prose ("• Homes: she bought a mansion in 2017 ...").
_BULLET = re.compile(r"^\s*(?:[-*•·▪]\s|\d{1,2}[.)]\s)")
# Opening and closing quotation marks (straight double marks alternate).
_OPEN_QUOTES = "“"
_CLOSE_QUOTES = "”"
# A quoted document run into the writer's sentence: 'He wrote: Sunday night we ...', 'The email reads: ...'.
_DOCUMENT_CUE = re.compile(r"\b(?:wrote|writes|reads|read|stated|states|said in (?:an|the|a) (?:e-?mail|letter|memo|statement|post))\s*:\s*", re.IGNORECASE)


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the paragraphs of a doc's text (separated by blank lines)."""
    ranges, start = [], 0
    for m in re.finditer(r"\n\s*\n", text):
        ranges.append((start, m.start()))
        start = m.end()
    ranges.append((start, len(text)))
    return [(a, b) for a, b in ranges if text[a:b].strip()]


def is_bullet_list_paragraph(paragraph: str, *, has_finite_verb: bool = True) -> bool:
    """One line of a bulleted or numbered list without a finite verb (see _BULLET)."""
    return not has_finite_verb and any(_BULLET.match(line) for line in paragraph.splitlines() if line.strip())


def quoted_ranges(text: str, paragraphs: list[tuple[int, int]], quotes: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks, or of a quoted document.

    Per paragraph, from an opening mark to its closing one; a quote left open
    runs to the paragraph's end (news style opens each paragraph of a long
    quote again and closes only the last). After a document cue ("wrote:",
    "the email reads:") the rest of the paragraph is the document; a
    paragraph after one that ends in such a cue is the document too. The
    `quotes` ranges (digest_quotes) are added as found.
    """
    found = list(quotes)
    previous = ""
    for a, b in paragraphs:
        para = text[a:b]
        if _DOCUMENT_CUE.search(previous.rstrip()[-40:] + " ") and previous.rstrip().endswith(":"):
            found.append((a, b))
        opened = -1
        for i, ch in enumerate(para):
            if ch in _OPEN_QUOTES or ch == '"' and opened < 0:
                opened = i if opened < 0 else opened
            elif (ch in _CLOSE_QUOTES or ch == '"') and opened >= 0:
                found.append((a + opened, a + i + 1))
                opened = -1
        if opened >= 0:
            found.append((a + opened, b))
        found.extend((a + x, a + y) for x, y in single_quoted(para))
        if (m := _DOCUMENT_CUE.search(para)) and para[m.end() : m.end() + 1] not in ("\"", "“", "'", "‘"):
            found.append((a + m.end(), b))  # 'It read: "Dear ..."' is delimited by its marks
        previous = para
    return sorted(found)


# British style quotes with single marks ('Today we start again,' the minister said): a mark is an
# opening one after a space or the start and before a word, a closing one after a word or
# punctuation and before a space, punctuation or the end; an apostrophe inside a word ("Kerry's",
# "don't") is neither. An unclosed single mark ("'90s", "'Tis") quotes nothing.
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–:]))['‘](?=\w)")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?;:…])['’](?=[\s.,;:!?)\]—–]|$)")


def single_quoted(paragraph: str) -> list[tuple[int, int]]:
    """Ranges of one paragraph between single quotation marks (see _SINGLE_OPEN)."""
    found, at = [], 0
    while (m := _SINGLE_OPEN.search(paragraph, at)) is not None:
        close = _SINGLE_CLOSE.search(paragraph, m.end() + 1)
        if close is None:
            break
        found.append((m.start(), close.end()))
        at = close.end()
    return found


def _inside(span: tuple[int, int], ranges: list[tuple[int, int]]) -> tuple[int, int] | None:
    for a, b in ranges:
        if a <= span[0] and span[1] <= b:
            return a, b
    return None


# --- Date evidence: which DATE entities are dates at all ---------------------------------------

# A bare number is a year only after one of these ("in 1990", "since 1958", "by 2050",
# "from 2004 to 2009") or after "of" that does not end a name ("the crisis of 2008");
# "a survey of 1709 schoolchildren" (a number that counts a noun), "the 2018 FIFA World Cup"
# and "the 2021 season" (a number in a name) have none (issue 18).
YEAR_PREPOSITIONS = frozenset({"in", "since", "by", "until", "till", "through", "from", "to", "before", "after",
                               "during", "between", "circa", "year", "around", "early", "late", "mid"})
# Years further than this past the article's date are a count or a name, not a date ("by 2050" is
# the farthest plan in the example articles; a count like "in 5000 homes" is out of range).
YEAR_AHEAD = 100
# Words a month name may modify and still be a date ("October 6 morning" is rare; "March night").
DATE_HEADS = frozenset({"day", "days", "night", "nights", "morning", "afternoon", "evening", "weekend", "week", "year", "issue", "edition"})
# "the last five months of her life", "the first three weeks after the vote": a stretch of
# someone's time, not a range ending on the article's date.
_STRETCH = re.compile(r"^(?:the\s+)?(?:last|past|first|final|previous|next|following)\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?)$", re.IGNORECASE)
_STRETCH_FOLLOWERS = frozenset({"of", "before", "after", "since"})
# Relative to the story's own time, not the article's: "I went back the next Tuesday".
_NARRATIVE = re.compile(r"^(?:the\s+)?(?:next|following|previous|preceding)\b", re.IGNORECASE)


# Nouns a number measures rather than dates: "a 1500 word essay", "a 2000 metre climb".
UNIT_NOUNS = frozenset({"word", "metre", "meter", "mile", "foot", "pound", "kilometre", "kilometer", "acre", "year",
                        "dollar", "euro", "yard", "ton", "tonne", "calorie", "point", "page", "seat", "member"})


def is_bare_number(span: Span) -> bool:
    return all(t.like_num or t.lower_ in ("the",) for t in span) and any(t.shape_ == "dddd" for t in span)


def has_year_evidence(span: Span, anchor_year: int | None) -> bool:
    """Is a bare four-digit number a year? Evidence, in order:

    - a value in range (1000 to YEAR_AHEAD years past the article);
    - a preposition of time before it: "in 1990", "since 1958", "by 2050";
    - before a noun it modifies: a singular common noun is dated by it ("a
      2012 report", "the 2000 election"); a plural or a unit is counted
      ("1709 schoolchildren", "2000 nits", "the 2024 elections" is a class of
      events, no one date), a proper noun is named ("the 2018 FIFA World Cup");
    - a possessive ("2017's Get Out") or a subject ("2024 promises to be busy");
    - any other preposition ("compared with 2022", "into 2028"), except "of"
      that ends a name ("the Federal Election Campaign Act of 1971").
    """
    number = next(t for t in span if t.shape_ == "dddd")
    value = int(number.text)
    if not 1000 <= value <= (anchor_year or 2000) + YEAR_AHEAD:
        return False
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in YEAR_PREPOSITIONS:
        return True
    # "between 2003 and 2004", "2004 - 2009": the second year of a pair
    if before is not None and before.lower_ in ("and", "-", "–", "—") and span.start > 1 and doc[span.start - 2].shape_ == "dddd":
        return True
    if number.dep_ in ("nummod", "compound", "amod") and number.head.i > number.i:
        head = number.head
        return head.pos_ == "NOUN" and head.tag_ == "NN" and head.lower_ not in UNIT_NOUNS
    if number.dep_ == "poss" or number.dep_ in ("nsubj", "nsubjpass") and number.i == span.start:
        return True
    if before is not None and before.tag_ in ("IN", "TO"):
        # "the financial crisis of 2008" dates the crisis; "the Federal Election Campaign Act of 1971" names a law
        return not (before.lower_ == "of" and span.start > 1 and doc[span.start - 2].pos_ == "PROPN")
    return False


_MONTH_WORD = re.compile(r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?$", re.IGNORECASE)


# --- Rules: an ordered registry of reasons a DATE entity gives no event -----------------------


class Context:
    """What the rules need to know of the whole doc, computed once."""

    def __init__(self, doc: Doc, anchor: str | None) -> None:
        self.doc = doc
        self.text = text = doc.text  # Doc.text joins every token on each call: read it once
        self.anchor = anchor
        self.anchor_year = int(anchor[:4]) if anchor and anchor[:4].isdigit() else None
        self.paragraphs = paragraph_ranges(text)
        self.starts = [a for a, _ in self.paragraphs]
        quotes = [(int(q["start"]), int(q["end"])) for q in doc._.digest_quotes or () if "start" in q]
        self.quotes = quoted_ranges(text, self.paragraphs, quotes)
        self.furniture: set[tuple[int, int]] = set()
        skip = non_body(doc)
        for a, b in self.paragraphs:
            para = text[a:b]
            bulleted = any(_BULLET.match(line) for line in para.splitlines())
            if in_ranges(a, b, skip) or bulleted and is_bullet_list_paragraph(para, has_finite_verb=self._has_finite_verb(a, b)):
                self.furniture.add((a, b))

    def _has_finite_verb(self, start: int, end: int) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is None or any(t.tag_ in FINITE_TAGS for t in span)

    def paragraph(self, char: int) -> tuple[int, int]:
        i = bisect_right(self.starts, char) - 1
        if i >= 0 and char < self.paragraphs[i][1]:
            return self.paragraphs[i]
        return 0, len(self.text)


def rule_name_year(span: Span, ctx: Context) -> str | None:
    """"Big Brother 2012", "London 2012 Paralympic Games": a year in a name."""
    return "a year inside a name" if is_name_year(span) else None


def rule_bare_number(span: Span, ctx: Context) -> str | None:
    """"a survey of 1709 schoolchildren", "the 2018 FIFA World Cup": a number without date evidence."""
    if is_bare_number(span) and not has_year_evidence(span, ctx.anchor_year):
        return "a number without date evidence"
    return None


def rule_month_as_modifier(span: Span, ctx: Context) -> str | None:
    """"an October surprise", "March madness": a bare month name that modifies a noun is a name."""
    words = [t for t in span if t.lower_ != "the"]
    if len(words) == 1 and _MONTH_WORD.match(words[0].text):
        token = words[0]
        if token.dep_ in ("compound", "amod", "nmod") and token.head.i > token.i and token.head.pos_ == "NOUN" \
                and token.head.lower_ not in DATE_HEADS and token.head.ent_type_ not in DATE_LABELS:
            return "a month name used as a modifier"
    return None


def rule_stretch(span: Span, ctx: Context) -> str | None:
    """"the last five months of her life": a stretch of someone's time, not a dated range."""
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if _STRETCH.match(span.text) and after is not None and after.lower_ in _STRETCH_FOLLOWERS:
        return "a duration"
    return None


def rule_furniture(span: Span, ctx: Context) -> str | None:
    """Captions, credit lines and source lists give no events (nor does a boilerplate sentence)."""
    if ctx.paragraph(span.start_char) in ctx.furniture or is_boilerplate(span.sent.text):
        return "a caption, credit or list"
    return None


# The order is the order of the checks; the first reason found is the one reported.
NOT_EVENT_RULES = (rule_furniture, rule_name_year, rule_bare_number, rule_month_as_modifier, rule_stretch)


def why_not_event(span: Span, ctx: Context) -> str | None:
    """The first rule's reason this DATE entity gives no event, or None."""
    for rule in NOT_EVENT_RULES:
        if reason := rule(span, ctx):
            return reason
    return None


def quote_anchor(span: Span, ctx: Context, quote: tuple[int, int]) -> str | None:
    """The day a quotation was said or written, when its own sentence names it outside the quote.

    'On Wednesday, Braverman told GB News: "..."' -> Wednesday. For a quote
    that fills its paragraph, the sentence that introduced it (the previous
    paragraph's last one). None when no date of day precision is given: a
    quote from "a June hearing" or "a 2015 email" cannot place "Today".
    """
    doc = ctx.doc
    start = quote[0]
    sent = doc.char_span(start, start + 1, alignment_mode="expand")
    if sent is None:
        return None
    sentences = [sent.sent]
    p_start, _ = ctx.paragraph(start)
    if start - p_start <= 1 and p_start > 0:
        before = doc.char_span(max(p_start - 3, 0), p_start, alignment_mode="expand")
        if before is not None and len(before):
            sentences.append(before[0].sent)
    for sentence in sentences:
        for ent in sentence.ents:
            if ent.label_ not in DATE_LABELS or _inside((ent.start_char, ent.end_char), ctx.quotes):
                continue
            placed = resolve(ent.text, ctx.anchor, future=False)
            if placed is not None and placed.precision == "day" and not placed.planned:
                return placed.start
    return None


def needs_anchor(expression: str) -> bool:
    """Is the expression relative to the time it was said ("Today", "Sunday night", "last week")?

    A calendar date needs only a year, and the article's date gives the likely one, in a quote
    as elsewhere ("the barbaric acts of October 7," he wrote): it is not counted as relative.
    """
    return resolve(expression, None) is None and not any(_MONTH_WORD.match(w) for w in re.findall(r"[\w.]+", expression))


def _year_word_after(span: Span) -> Span | None:
    """'this year' right after a month and day: "runs through March 11 this year"."""
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].lower_ in ("this", "last", "next") and doc[span.end + 1].lower_ == "year":
        return doc[span.end : span.end + 2]
    return None


def find_events(doc: Doc, anchor: str | None, actors: list[dict]) -> list[dict]:
    """Every date expression of the doc that resolves, as `digest_events` entries.

    A DATE entity gives no event when a rule of NOT_EVENT_RULES says why; a
    date that needs an anchor inside a quotation is placed from the quote's
    own date, or left out when that is unknown.
    """
    ctx = Context(doc, anchor)
    events = []
    seen: set[tuple[int, str, str]] = set()
    consumed: set[int] = set()  # token starts of "this year" folded into the date before it
    sentence_start, named_year = -1, None  # the last year named in the current sentence
    for ent in doc.ents:
        if ent.label_ not in DATE_LABELS or ent.start in consumed or why_not_event(ent, ctx):
            continue
        expression, span = ent.text, (ent.start_char, ent.end_char)
        if any(_MONTH_WORD.match(t.text) for t in ent):
            if (tail := _year_word_after(ent)) is not None:
                expression, span = ctx.text[ent.start_char : tail.end_char], (ent.start_char, tail.end_char)
                consumed.add(tail.start)
        planned = is_planned(ent)
        lead = doc[max(ent.start - 2, 0) : ent.start].text  # "the following Monday" with "Monday" alone as the entity
        if (_NARRATIVE.match(expression) or _NARRATIVE.match(lead) and lead.lower().startswith("the ")) and not planned:
            continue  # "the next Tuesday" of a past story: relative to the story, not the article
        if ent.sent.start != sentence_start:
            sentence_start, named_year = ent.sent.start, None
        here = anchor
        if (quote := _inside(span, ctx.quotes)) is not None and needs_anchor(expression):
            here = quote_anchor(ent, ctx, quote)
            if here is None:
                continue  # "Today" in a quote from "a June hearing": no day to count from
        placed = resolve(expression, here, future=planned, year=named_year)
        if (y := _YEAR.search(expression)) is not None:
            named_year = int(y.group(0))  # "on December 4th, 2011, and Elizabeth on December 7th"
        if placed is None:
            continue
        if here != anchor and anchor is not None and placed.start > anchor:
            continue  # a quote's "tomorrow" said before the article: not placed against the article
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
                "expression": expression,
                "span": [span[0], span[1]],
                "sentence": [sentence.start_char, sentence.end_char],
                "text": shorten(sentence.text, around=(span[0] - sentence.start_char, span[1] - sentence.start_char)),
                "actors": actors_in(sentence, actors),
            }
        )
    return events
