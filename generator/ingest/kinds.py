"""Ingest, after cleaning: what each paragraph is, decided once for every input format.

A page copied into text carries more than its story: photo captions
("Daniel Montalvo in September 2010. Photo: AP"), credits ("Photograph:
Reuters", "Additional reporting by ..."), source lists ("Sources: ..."),
section headings and a standfirst (the summary under the headline). They stay
in the article as the reader saw it, but they are not the writer's account of
events, so key facts, timeline events and figures come from BODY paragraphs
only (generator/analyse/body.py reads the kinds).

Each rule is a named function in RULES with the reason it exists; the first
that says yes decides, and a paragraph no rule claims is body. A reader that
knows a paragraph's kind from its markup (a Markdown heading, an HTML
figcaption, a feed's summary repeated over its content) sets it and the rules
leave it alone. Rules read the text only, never a site or an article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from generator.model import BODY, CAPTION, CREDIT, HEADING, REPEAT, SOURCES, STANDFIRST, Article

# A heading is short: a line of this many words or fewer with no sentence ending.
HEADING_WORDS = 10
# A credit line is a label and a name or two.
CREDIT_WORDS = 12
# A repeated paragraph is a copied block only when it is a sentence's length: a short line may
# recur on purpose (a refrain, "Read more", a list item's label).
REPEAT_WORDS = 8

_PHOTO_WORDS = r"(?:photo(?:graph)?s?|images?|pictures?|illustrations?|video|graphic|caption)"
# "Photo: Reuters", "Image credit: NASA", "Photograph by Jane Doe", "Credit: AP".
_CREDIT_LABEL = re.compile(rf"^(?:{_PHOTO_WORDS}(?:\s+credits?)?|credits?)\s*(?::|by\b|/|—|-)", re.IGNORECASE)
# "Additional reporting by ...", "Reporting by X; Editing by Y", "Copyright 2016 ...", "© ...".
_CREDIT_LINE = re.compile(r"^(?:(?:additional\s+)?reporting\s+by|editing\s+by|written\s+by|compiled\s+by|"
                          r"copyright\b|©|\(c\)\s|all rights reserved)", re.IGNORECASE)
# A credit at the end of a paragraph makes the paragraph a photo caption: "The Border Force
# vessel HMC Searcher on The Solent on February 8, 2010. Image: Brian Burnell." (Wikinews),
# "... (AP Photo/Evan Vucci)", "... | Getty Images".
_CREDIT_TAIL = re.compile(
    r"(?:^|[\s.])(?:Image|Images|Photo|Photos|Photograph|Picture|Credit|Photo credit|Illustration|Video|Footage)s?\s*:\s*[^\n:]{1,100}$"
    r"|\((?:[A-Z]{2,5} Photo\b|[^()]{0,60}/\s*(?:Getty Images|AFP|AP|Reuters|EPA)\b)[^()]*\)\s*$"
    r"|[|]\s*(?:Getty Images|AFP|AP|Reuters|Shutterstock|EPA)\s*$",
    re.IGNORECASE,
)
# A caption is short: a paragraph of more words that ends in a credit is body text run
# together with one (flattened web copies), and only its boilerplate sentences are dropped.
CAPTION_WORDS = 60
# A caption's own label: "Pictured: ...", "Above: ...", "Caption: ...", "Left to right: ...".
_CAPTION_LABEL = re.compile(r"^(?:pictured|above|below|caption|left to right|from left)\s*:", re.IGNORECASE)
# A line of a source list: a bare URL, a Wikinews citation ("Rachel Browne. “Kids lack iodine”
# — Sydney Morning Herald, February 21, 2006"), a language note "((it))".
_CITATION = re.compile(
    r"^\s*(?:https?://|www\.)\S+\s*$"
    r"|[”\"]\s*(?:—|–|--|-)\s*[^\n]{1,80},\s*(?:\w+day,\s*)?(?:\w+\.? \d{1,2},? \d{4}|\d{1,2} \w+\.? \d{4})\.?\s*$"
    r"|^\s*\(\(\w{2,3}\)\)",
)
# A heading that opens the article's closing lists: every paragraph after it is a list item.
_LIST_HEADING = re.compile(r"^\s*(?:sources?|references?|related news|external links|sister links|see also|further reading)\s*:?\s*$",
                           re.IGNORECASE)
_SOURCES_LABEL = re.compile(r"^(?:sources?|references?)\s*:\s*\S", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]]\s*$")


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule may look at besides the paragraph's own text."""

    texts: tuple[str, ...]  # every paragraph of the article
    position: int  # 0-based
    previous: str | None  # the kind decided for the paragraph before, None for the first
    photo_caption: str | None = None  # the page's own caption (HTML figcaption, JSON-LD image caption)
    # each paragraph's words (see _norm) -> the position where they first stand, made once an
    # article so a repeat is found in one lookup however long the article
    first_at: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    kind: str
    reason: str
    test: Callable[[str, Context], bool]


def credit_line(text: str, ctx: Context) -> bool:
    return len(text.split()) <= CREDIT_WORDS and bool(_CREDIT_LABEL.match(text)) or bool(_CREDIT_LINE.match(text))


def known_caption(text: str, ctx: Context) -> bool:
    return bool(ctx.photo_caption) and _norm(text) == _norm(ctx.photo_caption or "")


def caption_label(text: str, ctx: Context) -> bool:
    return bool(_CAPTION_LABEL.match(text))


def caption_with_credit(text: str, ctx: Context) -> bool:
    return len(text.split()) <= CAPTION_WORDS and bool(_CREDIT_TAIL.search(text))


def list_heading(text: str, ctx: Context) -> bool:
    return bool(_LIST_HEADING.match(text) or _SOURCES_LABEL.match(text))


def after_list_heading(text: str, ctx: Context) -> bool:
    return ctx.previous == SOURCES


def citation_line(text: str, ctx: Context) -> bool:
    return any(_CITATION.search(line) for line in text.splitlines() if line.strip())


# "Record: 26-1, 14 KOs", "Age: 20, Sophomore": a label and its value, a line of a fact box.
_LABELLED_VALUE = re.compile(r"^[\w'\u2019 /&-]{1,30}:\s+\S")


def _short_unended(text: str) -> bool:
    return len(text.split()) <= HEADING_WORDS and not _SENTENCE_END.search(text) and any(ch.isalpha() for ch in text)


def short_unended_line(text: str, ctx: Context) -> bool:
    """A heading introduces text: a line followed by another short unended line is one line of a
    list ("Best tech savings", "Best fashion deals"), and a label with its value is a fact box's."""
    following = ctx.texts[ctx.position + 1].strip() if ctx.position + 1 < len(ctx.texts) else None
    return (following is not None and _short_unended(text) and not _short_unended(following)
            and not _LABELLED_VALUE.match(text))


def repeated_paragraph(text: str, ctx: Context) -> bool:
    """A paragraph of a sentence's length or more that says word for word what an earlier one
    of the article said (scraped pages repeat a block or a live blog's standing lines)."""
    words = _norm(text)
    return len(words.split()) >= REPEAT_WORDS and ctx.first_at.get(words, ctx.position) < ctx.position


RULES: tuple[Rule, ...] = (
    Rule("credit_line", CREDIT, "a photo or reporting credit names who made the page, not what happened", credit_line),
    Rule("known_caption", CAPTION, "the page's own figcaption or image caption, flattened into the text", known_caption),
    Rule("caption_label", CAPTION, "'Pictured: ...' and 'Above: ...' describe a photo, not events", caption_label),
    Rule("caption_with_credit", CAPTION, "a short paragraph ending in a photo credit is that photo's caption", caption_with_credit),
    Rule("list_heading", SOURCES, "'Sources', 'References', 'See also' open the article's closing lists", list_heading),
    Rule("after_list_heading", SOURCES, "every paragraph after a closing-list heading is one of its entries", after_list_heading),
    Rule("citation_line", SOURCES, "a bare web address or a citation (title — outlet, date) is a source entry", citation_line),
    Rule("short_unended_line", HEADING, "a short line with no sentence ending, followed by running text, is a section heading",
         short_unended_line),
    Rule("repeated_paragraph", REPEAT, "a paragraph the article already gave word for word adds no quote, fact or event: "
         "it is shown where it stands, but only its first copy is read", repeated_paragraph),
)


def summary_kinds(paragraphs: Sequence[str], summary: str | None) -> list[str]:
    """For a reader that knows the page's summary (a feed item's <description>, an HTML page's meta
    description): the first paragraph is the standfirst when it repeats that summary and more
    text follows; the rules decide the rest later."""
    kinds = [BODY] * len(paragraphs)
    if summary and len(paragraphs) > 1 and _norm(paragraphs[0]) == _norm(summary):
        kinds[0] = STANDFIRST
    return kinds


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def paragraph_kind(text: str, ctx: Context) -> str:
    """The kind of one paragraph: the first rule of RULES that claims it, else BODY."""
    text = text.strip()
    return next((rule.kind for rule in RULES if rule.test(text, ctx)), BODY)


def kinds_of(texts: Sequence[str], photo_caption: str | None = None, given: Sequence[str] = ()) -> list[str]:
    """The kind of each paragraph; a kind in `given` other than BODY (set by a reader from markup) is kept."""
    kinds: list[str] = []
    texts = tuple(texts)
    first_at: dict[str, int] = {}
    for n, text in enumerate(texts):
        first_at.setdefault(_norm(text), n)
    for n, text in enumerate(texts):
        here = Context(texts, n, kinds[-1] if kinds else None, photo_caption, first_at)
        known = given[n] if n < len(given) and given[n] != BODY else None
        if known == HEADING and list_heading(text.strip(), here):
            known = SOURCES  # a "## Sources" heading opens the closing lists all the same
        kinds.append(known or paragraph_kind(text, here))
    return kinds


def decide_kinds(article: Article) -> Article:
    """The article with every paragraph's kind decided."""
    kinds = kinds_of([p.text for p in article.paragraphs], article.photo_caption, [p.kind for p in article.paragraphs])
    if kinds == [p.kind for p in article.paragraphs]:
        return article
    paragraphs = tuple(replace(p, kind=k) for p, k in zip(article.paragraphs, kinds, strict=True))
    return replace(article, paragraphs=paragraphs)
