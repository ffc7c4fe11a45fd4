"""Finding direct quotations in article text: quotation marks to spans.

Analyse stage, no spaCy: text and paragraph boundaries in, `QuoteSpan`s out
(character offsets of the quoted words, marks excluded). `speakers.py` then
finds who said each one, and the `digest_quotes` component joins the two.

What the rules here handle, each with the sentence that motivates it:
- curly and straight double marks, and the doubled apostrophe ('') of some
  archive copy (NYT web copies: ''This isn't tax reform,'' said ...);
  a straight mark is an opener or a closer by the characters around it;
- a quote split by its attribution is two spans ("“The president believes
  ...,” Mr. Kerry said, “and I think ...”", seed); `speakers.py` gives
  both one speaker;
- a paragraph that ends inside a quote continues in the next paragraph that
  opens with a mark (the convention of every English newsroom): one span per
  paragraph, linked by `continues`, so each keeps its paragraph anchor;
- a missing opening mark (seed: "Washington is unable ... from power,” Mr.
  Tabler added") is recovered from the start of the paragraph when the
  stray closer is followed by an attribution or preceded by a clause end;
  an unclosed opener ends at its paragraph, so one bad mark never swallows
  the rest of the article;
- scare quotes, titles, nicknames and ids ("Face the Nation", "Lyin' Ted",
  tweet numbers) are marked `is_scare`: the component keeps a short quote
  only when a speech cue attributes it;
- the name of a work or of a thing, written right after the word that says
  so ("his book “The Art of the Deal”", "the so-called “war on coal”"), is
  `names_a_work`: never a quotation, whoever the sentence is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Marks that open or close a top-level quotation. Single marks (‘ ’ ') are not
# here: inside a quote they are the nested quotation, outside they are nearly
# always apostrophes, and a nested quote is part of its outer quote's text.
_MARKS = re.compile(r"''|``|[“”\"„«»]")
_OPENERS = {"“", "„", "«", "``"}
_CLOSERS = {"”", "»"}
_AMBIGUOUS = {'"', "''"}
# Characters after which a straight mark opens a quote, and before which it closes one.
_OPEN_BEFORE = set(" \t\n([{—–-/")
_CLOSE_AFTER = set(" \t\n)]}.,;:!?—–-/")
# Punctuation that ends the words of a quote: an opening-shaped mark right after it, with a space
# after the mark, closes the quote (“It's unusual,“ said ...: a typed closer of the wrong shape).
_ENDS_UTTERANCE = frozenset(",.?!;…")

# A short quote with no speech cue is a scare quote, title or nickname rather
# than something someone said ("described the discussion as “constructive”"
# has a cue; "appeared on “Morning Joe”" has none). Up to this many words.
# Tuned on quotes_dev.jsonl (bench/quotes.py): 4 keeps every cued partial of
# the seed and drops most titles; 5 or more starts dropping real short quotes.
SCARE_MAX_WORDS = 4

# An article counts as written in curly marks when it has more than this many
# times as many curly double marks as straight ones; then a lone straight mark
# at a paragraph's edge fences an excerpt (see _drop_excerpt_marks). 3 leaves
# an article of mixed marks alone; guarded by bench/quotes.py.
EXCERPT_CURLY_RATIO = 3

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*")
_CUE_AFTER = re.compile(
    r"^[\s,—–-]*(?:(?:[A-Z][\w.'’-]*\s+){0,4}(?:said|says|added|adds|told|asked|wrote|continued|explained|noted|"
    r"tweeted|stated|argued|insisted|recalled|replied|responded|declared)\b|(?:he|she|they|it|I|we)\s+\w+ed\b|"
    r"(?:said|says|added|told|asked|wrote|continued|explained|noted|tweeted)\b)"
)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quoted stretch of one paragraph: offsets of the words, marks excluded.

    `continues` is the index (in the returned list) of the span this one
    continues from the previous paragraph, or None; `recovered` says the
    opening mark was missing; `unclosed` that the paragraph ended inside it.
    """

    start: int
    end: int
    paragraph: int
    continues: int | None = None
    recovered: bool = False
    unclosed: bool = False


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    role: str  # "open" | "close" | "either"


def paragraph_bounds(text: str, separator: str = "\n\n") -> list[tuple[int, int]]:
    """(start, end) of each paragraph of `text` joined by `separator`."""
    bounds, pos = [], 0
    for part in text.split(separator):
        bounds.append((pos, pos + len(part)))
        pos += len(part) + len(separator)
    return bounds


def classify_mark(text: str, start: int, end: int, lo: int, hi: int) -> str:
    """Whether the mark at text[start:end] opens or closes a quote, from its neighbours.

    `lo`/`hi` bound the paragraph. A curly mark usually says which it is, but
    copy pasted through word processors has “ and ” swapped often enough
    (dev: "” used as opener" in a few HuffPost pieces) that a curly mark
    against a word on one side and a space on the other follows the space.
    """
    mark = text[start:end]
    if not text[lo:start].strip():
        return "open"  # nothing before it in the paragraph: whatever its shape, it opens (dev: "” … what I learned")
    before = text[start - 1] if start > lo else " "
    after = text[end] if end < hi else " "
    opens_like = before in _OPEN_BEFORE or before in "“”\"'‘"
    closes_like = after in _CLOSE_AFTER or after in "“”\"'’"
    if mark in _OPENERS:
        return "close" if closes_like and not opens_like and (before.isalnum() or before in _ENDS_UTTERANCE) else "open"
    if mark in _CLOSERS:
        return "open" if opens_like and not closes_like and after.isalnum() else "close"
    if opens_like and not closes_like:
        return "open"
    if closes_like and not opens_like:
        return "close"
    return "either"


def _marks(text: str, lo: int, hi: int, *, curly_style: bool = False) -> list[_Mark]:
    out = []
    for m in _MARKS.finditer(text, lo, hi):
        s, e = m.start(), m.end()
        if m.group() == "''" and (text[s - 1 : s] == "'" or text[e : e + 1] == "'"):
            continue  # '''  is an apostrophe run, not a doubled mark
        out.append(_Mark(s, e, classify_mark(text, s, e, lo, hi)))
    if curly_style:
        out = _drop_excerpt_marks(text, out, lo, hi)
    return out


def is_curly_style(text: str) -> bool:
    """The article writes its quotations in curly marks: at least four curly double
    marks and more than EXCERPT_CURLY_RATIO times as many as straight ones."""
    curly = text.count("“") + text.count("”")
    straight = text.count('"')
    return curly >= 4 and curly > EXCERPT_CURLY_RATIO * straight


def _drop_excerpt_marks(text: str, marks: list[_Mark], lo: int, hi: int) -> list[_Mark]:
    """Without a straight mark that only fences a block excerpt in a curly-styled article.

    Breitbart sets a passage of another outlet's article off with a straight
    mark at the start of each excerpt paragraph and one at the excerpt's end,
    while its own quotations, and those inside the excerpt, are curly (dev:
    'McCrummen reports:' / '"Melanie thought the whole thing was outrageous.
    ...' / '“It never crossed my mind that I’m losing it,” she said ... a
    pillow."'). A straight mark alone of its kind in its paragraph, standing
    at the paragraph's start or end, is then no quotation mark: the excerpt
    is the cited writer's prose, its names are antecedents for the pronouns
    after it, and its curly quotes are quotations with their own speakers.
    """
    straight = [m for m in marks if text[m.start : m.end] == '"']
    if len(straight) != 1:
        return marks
    m = straight[0]
    if text[lo : m.start].strip() and text[m.end : hi].strip():
        return marks
    return [x for x in marks if x is not m]


def _looks_attributed_after(text: str, pos: int, hi: int) -> bool:
    """A stray closing mark followed by ", Mr. Tabler added" or "he said"."""
    return bool(_CUE_AFTER.match(text[pos:hi][:80]))


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def find_quote_spans(text: str, bounds: list[tuple[int, int]]) -> list[QuoteSpan]:
    """Every quoted stretch of `text`, paragraph by paragraph, in text order.

    `bounds` are the paragraphs' (start, end); a quote never crosses one:
    a quote that runs on is cut at the paragraph end and continued by the
    next paragraph's first span when that paragraph opens with a mark.
    """
    spans: list[QuoteSpan] = []
    open_from_previous: int | None = None  # index of the span left unclosed by the previous paragraph
    curly_style = is_curly_style(text)
    for p_index, (lo, hi) in enumerate(bounds):
        marks = _marks(text, lo, hi, curly_style=curly_style)
        first_text = lo
        while first_text < hi and text[first_text].isspace():
            first_text += 1
        opens_paragraph = bool(marks) and marks[0].start == first_text and marks[0].role != "close"
        carried = open_from_previous if opens_paragraph else None
        open_from_previous = None
        inside_from: int | None = None
        emitted_here = 0

        def emit(s: int, e: int, *, recovered: bool = False, unclosed: bool = False) -> None:
            nonlocal carried, emitted_here
            s, e = _strip(text, s, e)
            if e > s:
                spans.append(QuoteSpan(s, e, p_index, carried, recovered, unclosed))
                carried = None
                emitted_here += 1

        skip = 0
        for k, mark in enumerate(marks):
            if skip:
                skip -= 1
                continue
            if inside_from is None:
                if mark.role == "close":
                    # A closer with no opener: recover the quote from the paragraph start
                    # (seed, the last Tabler paragraph) only when nothing was quoted before
                    # it here and the mark really ends an utterance.
                    before = text[mark.start - 1] if mark.start > lo else ""
                    if emitted_here == 0 and (before in ",.?!" or _looks_attributed_after(text, mark.end, hi)):
                        emit(first_text, mark.start, recovered=True)
                    continue
                inside_from = mark.end
            else:
                if mark.role == "open" and _is_nested(marks, k):
                    # “... what he calls “hell” than live ...” (dev, HuffPost): a quote inside a
                    # quote in double marks; it stays part of the outer quote.
                    skip = 1
                    continue
                if mark.role == "open" and text[inside_from:mark.start].strip():
                    # Two openers in a row: the first quote lost its closer. End it
                    # before this mark rather than pairing across the gap.
                    emit(inside_from, mark.start, unclosed=True)
                    inside_from = mark.end
                    continue
                emit(inside_from, mark.start)
                inside_from = None
        if inside_from is not None:
            n_spans = len(spans)
            emit(inside_from, hi, unclosed=True)
            if len(spans) > n_spans:
                open_from_previous = len(spans) - 1
    return spans


def _is_nested(marks: list[_Mark], k: int) -> bool:
    """An opener inside a quote followed by two closers before any other opener."""
    nxt = marks[k + 1 : k + 3]
    return len(nxt) == 2 and all(m.role == "close" for m in nxt)


def quote_words(text: str) -> int:
    """Words in a quote, as a reader counts them."""
    return len(_WORD.findall(text))


def is_scare(text: str) -> bool:
    """A short quoted phrase that is more likely a scare quote, title, nickname or id than speech.

    True for quotes of at most SCARE_MAX_WORDS words, and for anything
    without a letter (tweet ids, "1474387200"). The caller keeps a short
    quote anyway when a speech cue attributes it ("as “constructive”").
    """
    if not re.search(r"[A-Za-z]", text):
        return True
    return quote_words(text) <= SCARE_MAX_WORDS


def is_title_like(text: str) -> bool:
    """Every word capitalised and no sentence inside: "Face the Nation", "Contract with America."

    Small words (the, of, with, on, and ...) may stay lower case, as in titles.
    One capitalised word alone ("Arrogant") counts; a quote that opens a
    sentence of speech ("We need law and order.") has lower-case words.
    """
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    return 0 < len(words) <= 6 and title_cased(text)


# Words a title leaves in lower case.
_TITLE_SMALL = frozenset({"a", "an", "the", "of", "on", "in", "with", "and", "or", "for", "to", "at", "by", "from"})


def title_cased(text: str) -> bool:
    """Every word capitalised but the small ones a title leaves low, the first capitalised."""
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    return bool(words) and words[0][0].isupper() and all(w[0].isupper() or w.lower() in _TITLE_SMALL for w in words)


def is_title_phrase(text: str) -> bool:
    """Title case over three or more words, no sentence break inside: a name of a work, show or law.

    "Make Your Kid a Millionaire", "Face the Nation"; not "Fine," (one word,
    as in "“Fine,” he said"), "We’re America." (two) nor "The Donald. Big Daddy." (two sentences).
    """
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    if len(words) < 3 or re.search(r"[.!?]\s+\S", text.strip()):
        return False
    return is_title_like(text) and any(w[0].isupper() for w in words[1:])


# Kinds of work a writer names before a title ("the film Sideways", "her novel “Beloved”"): the
# title is the work's, neither speech (a quote box) nor a name (an actor). actor_rules reads it too.
WORK_KINDS = frozenset({"novel", "book", "film", "movie", "album", "song", "single", "series", "sitcom", "show",
                        "programme", "program", "game", "play", "musical", "opera", "documentary", "memoir",
                        "podcast", "painting", "poem"})
# Words that, right before an opening mark, say the quoted words name a work or a thing
# rather than report speech: the kind of work ("his book “The Art of the Deal”", "her film,
# “Trainwreck”"), or a naming word ("the so-called “war on coal”", "a plan dubbed “Operation
# Lifeline”"). Lower case only: "The Washington Post, “...”" is an outlet quoting someone.
# Not here: "titled"/"entitled" (in quotes_train.jsonl the memo, column or editorial "titled
# “...”" is annotated as its writer's words: 6 of 6), "called" (what someone called
# “a disgrace” is their speech). After a kind of work the quote must be title-cased: "called
# the show “the conservative news show of record”" is speech about the show.
WORK_NOUNS = frozenset(
    {*WORK_KINDS, "books", "films", "movies", "memoirs", "novels", "shows", "post", "headline", "slogan", "hashtag", "essay"}
)
# Naming words: the quoted words are a name anyone uses, not one speaker's (any case of words).
NAMING_WORDS = frozenset({"so-called", "dubbed", "nicknamed", "branded"})
# Before a naming verb, a word making it someone's act of naming ("Trump dubbed “Little
# Marco”" is still his words; "a plan dubbed “...”", "what was dubbed “...”" are names).
_NAMER = frozenset({"he", "she", "they", "i", "we", "who", "has", "have", "had", "it", "which", "you"})
# A work's or thing's name is short: past this many words it is a sentence someone wrote.
WORK_NAME_MAX_WORDS = 12


# What stands between the items of a list: a comma, "and", "or" or "&".
_LIST_SEPARATOR = r"\s*(?:,\s*(?:and|or)?|and|or|&)\s*"


def _listed_with_quotes(text: str, start: int, end: int) -> bool:
    """Is the quote text[start:end] one item of a list of quoted items ("the star of “American
    Pie”, “Van Wilder” and “The Big Lebowski”")? Its neighbour across a list separator is
    another quotation mark."""
    before = text[max(0, start - 10) : max(0, start - 1)]
    after = text[end + 1 : end + 10]
    return bool(re.search(rf"[”\"]{_LIST_SEPARATOR}$", before) or re.match(rf"{_LIST_SEPARATOR}[“\"]", after))


def names_a_work(text: str, start: int, end: int) -> bool:
    """Are the quoted words text[start:end] the name of a work or thing, not a quotation?

    True when the quote is title-cased and one of a list of quoted items (works named in a
    row), or when the word right before the opening mark (a comma may stand between) is a kind of
    work and the quote is title-cased ("her memoir, “Tough Choices.”"), or is a naming word
    ("so-called “closed” primaries", "a budget dubbed “the skinny budget”") not used as
    someone's act ("who he dubbed “the little senator”" is his speech); and the quote is short
    and holds no sentence break. No speech verb can stand between such a word and its mark.
    """
    words = text[start:end]
    if quote_words(words) > WORK_NAME_MAX_WORDS or re.search(r"[.!?]\s+\S", words.strip()):
        return False
    if title_cased(words) and _listed_with_quotes(text, start, end):
        return True
    before = re.findall(r"[\w’'-]+|,", text[max(0, start - 60) : start])
    while before and before[-1] == ",":
        before.pop()
    if not before:
        return False
    cue = before[-1]
    if cue in WORK_NOUNS:
        return title_cased(words)
    if cue.lower() in NAMING_WORDS:
        return cue.lower() == "so-called" or len(before) < 2 or before[-2].lower() not in _NAMER
    return False
