"""Every dataclass that crosses a stage boundary.

The model is the contract between ingest, analyse, corpus and render: no spaCy
object, no Jinja object and no file handle ever enters it. Positions are plain
ints (paragraph index, character start and end inside that paragraph's text),
so a digest can be cached as JSON and compared byte for byte.

Bump SCHEMA_VERSION whenever a field is added, removed or changes meaning; the
cache key and digest.json both carry it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA_VERSION = 6  # 2: Mention.kind (name | description | pronoun); 3: Quote.how, Quote.confidence; 4: Quote.confident; 5: Paragraph.kind; 6: digest.json "threads"

ActorKind = str  # "person" | "organization" | "place"
ACTOR_KINDS = ("person", "organization", "place")
MENTION_KINDS = ("name", "description", "pronoun")
PRECISIONS = ("day", "range", "month", "year")


def _plain(value: Any) -> Any:
    """Turn tuples of dataclasses into lists of dicts, recursively."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _as_dict(obj: Any) -> dict[str, Any]:
    return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)}


# What a paragraph is, decided once in ingest (generator/ingest/kinds.py). Only BODY paragraphs
# give key facts, timeline events and figures; the others are still shown in the article text.
BODY = "body"
CAPTION = "caption"  # a photo or video caption
CREDIT = "credit"  # "Photo: Reuters", "Additional reporting by ..."
SOURCES = "sources"  # a source or reference list
HEADING = "heading"  # a section heading inside the text
STANDFIRST = "standfirst"  # the summary under the headline
REPEAT = "repeat"  # word for word an earlier paragraph of the same article (a scraped block twice)
PARAGRAPH_KINDS = (BODY, CAPTION, CREDIT, SOURCES, HEADING, STANDFIRST, REPEAT)


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    """One paragraph of article text; `index` is 1-based and gives the anchor; `kind` one of PARAGRAPH_KINDS."""

    index: int
    text: str
    kind: str = BODY

    @property
    def anchor(self) -> str:
        return f"p-{self.index}"

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Paragraph:
        return cls(index=int(d["index"]), text=d["text"], kind=str(d.get("kind", BODY)))


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """What ingest makes of one input: metadata plus paragraphs.

    Staff (byline, photo credit, contributors) live here and never become
    actors. `source` is the path as the user gave it, for error messages and
    the page footer; `key` identifies the article inside its source (a feed
    item's index, a JSON record's position) so one file can hold many.
    """

    source: str
    key: str = ""
    format: str = "text"
    title: str
    title_generated: bool = False
    date: str | None = None  # ISO 8601 date, "2015-09-18"
    byline: tuple[str, ...] = ()
    dateline: str | None = None
    photo_caption: str | None = None
    photo_credit: str | None = None
    contributors: tuple[str, ...] = ()
    pull_quote: str | None = None
    url: str | None = None
    site: str | None = None
    tags: tuple[str, ...] = ()
    summary_only: bool = False
    notes: tuple[str, ...] = ()  # non-fatal ingest remarks ("decoded as cp1252")
    paragraphs: tuple[Paragraph, ...] = ()
    content_hash: str = ""

    @property
    def text(self) -> str:
        """The analysed text: paragraphs joined by a blank line."""
        return PARAGRAPH_SEPARATOR.join(p.text for p in self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        d = dict(d)
        for name in ("byline", "contributors", "tags", "notes"):
            d[name] = tuple(d.get(name, ()))
        d["paragraphs"] = tuple(Paragraph.from_dict(p) for p in d.get("paragraphs", ()))
        return cls(**d)


PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A span of one paragraph: `start`/`end` index that paragraph's text.

    `kind` says how the span refers to its actor: "name" ("Mr. Kerry"),
    "description" ("the spokeswoman") or "pronoun" ("he").
    """

    paragraph: int
    start: int
    end: int
    text: str
    kind: str = "name"

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Mention:
        return cls(**d)


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """One real person, organisation or place of one article.

    `id` is a slug of the canonical name, unique inside the article; the
    corpus stage decides which article actors are the same across articles.
    """

    id: str
    name: str
    kind: ActorKind
    role: str | None = None
    affiliation: str | None = None
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()

    @property
    def first_paragraph(self) -> int:
        return min((m.paragraph for m in self.mentions), default=1)

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Actor:
        d = dict(d)
        d["aliases"] = tuple(d.get("aliases", ()))
        d["mentions"] = tuple(Mention.from_dict(m) for m in d.get("mentions", ()))
        return cls(**d)


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """A direct quotation; `speaker` is an Actor id of the same article or None."""

    text: str
    paragraph: int
    start: int
    end: int
    speaker: str | None = None
    speaker_name: str | None = None  # as resolved, for display when no actor
    cue: str | None = None
    partial: bool = False
    sentence: str | None = None  # the writer's sentence around a partial quote
    how: str | None = None  # the rule that found the speaker (cue, pronoun, continued, ...; analyse/speakers.py)
    confidence: float | None = None  # P(speaker right), fitted on the training file (analyse/confidence.py)
    # the speaker passes the fitted threshold: shown plainly and carried to the quote index and the
    # speaker's actor page; otherwise shown as "probably ..." on the article page only
    confident: bool = True

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        return cls(**d)


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """A key sentence; `rank` 1 is the most important."""

    rank: int
    text: str
    paragraph: int
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Fact:
        return cls(**d)


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """A number that matters: "200 marines", with what it counts."""

    text: str
    value: str
    unit: str | None = None
    counts: str | None = None
    paragraph: int

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Figure:
        return cls(**d)


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """A dated happening. `start`/`end` are ISO dates (equal for one day);
    `precision` is one of PRECISIONS; `planned` marks a future plan."""

    start: str
    end: str
    precision: str
    expression: str
    text: str
    paragraph: int
    approximate: bool = False
    planned: bool = False
    actors: tuple[str, ...] = ()  # Actor ids

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        d = dict(d)
        d["actors"] = tuple(d.get("actors", ()))
        return cls(**d)


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleDigest:
    """Everything analyse learned about one article."""

    article: Article
    slug: str = ""  # assigned by the corpus stage, unique in the site
    actors: tuple[Actor, ...] = ()
    quotes: tuple[Quote, ...] = ()
    facts: tuple[Fact, ...] = ()
    figures: tuple[Figure, ...] = ()
    events: tuple[Event, ...] = ()
    topics: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ArticleDigest:
        return cls(
            article=Article.from_dict(d["article"]),
            slug=d.get("slug", ""),
            actors=tuple(Actor.from_dict(a) for a in d.get("actors", ())),
            quotes=tuple(Quote.from_dict(q) for q in d.get("quotes", ())),
            facts=tuple(Fact.from_dict(f) for f in d.get("facts", ())),
            figures=tuple(Figure.from_dict(f) for f in d.get("figures", ())),
            events=tuple(Event.from_dict(e) for e in d.get("events", ())),
            topics=tuple(d.get("topics", ())),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorRef:
    """Where a corpus actor appears: one article's actor."""

    article: str  # ArticleDigest.slug
    actor: str  # Actor.id inside that article
    role: str | None = None
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ActorRef:
        return cls(**d)


@dataclass(frozen=True, slots=True, kw_only=True)
class CorpusActor:
    """One real person/organisation/place across the whole archive."""

    id: str  # site-wide slug
    name: str
    kind: ActorKind
    appearances: tuple[ActorRef, ...] = ()
    co_actors: tuple[tuple[str, int], ...] = ()  # (corpus actor id, shared articles)

    def to_dict(self) -> dict[str, Any]:
        d = _as_dict(self)
        d["co_actors"] = [list(pair) for pair in self.co_actors]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CorpusActor:
        return cls(
            id=d["id"],
            name=d["name"],
            kind=d["kind"],
            appearances=tuple(ActorRef.from_dict(a) for a in d.get("appearances", ())),
            co_actors=tuple((str(a), int(n)) for a, n in d.get("co_actors", ())),
        )


def corpus_order(digest: ArticleDigest) -> tuple[str, str]:
    """Where a slugged digest stands in `Corpus.digests`: by date (undated first), then slug; the newest
    first, reversed, on the site's article lists."""
    return digest.article.date or "", digest.slug


@dataclass(frozen=True, slots=True, kw_only=True)
class Corpus:
    """The merged archive: digests sorted by (date, slug), actors by id."""

    digests: tuple[ArticleDigest, ...] = ()
    actors: tuple[CorpusActor, ...] = ()
    # (article slug, article actor id) -> corpus actor id, flattened for JSON
    actor_index: tuple[tuple[str, str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "digests": _plain(self.digests),
            "actors": _plain(self.actors),
            "actor_index": [list(t) for t in self.actor_index],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Corpus:
        return cls(
            digests=tuple(ArticleDigest.from_dict(x) for x in d.get("digests", ())),
            actors=tuple(CorpusActor.from_dict(x) for x in d.get("actors", ())),
            actor_index=tuple(tuple(t) for t in d.get("actor_index", ())),  # type: ignore[misc]
        )


class Untouched:
    """What a page stream gives instead of a text for a page left as it is on disk, unrendered.

    The caller has checked that the file there was made from this page's very
    inputs (generator/cache.py PageRecords); the path still counts as a page
    of the section (it stays in the manifest and is never pruned).
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNTOUCHED"


UNTOUCHED = Untouched()


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildReport:
    """What one run did, for the CLI summary and the exit code."""

    articles: int = 0
    analysed: int = 0
    cached: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    untouched: int = 0  # pages not rendered at all: made from the same inputs as the file on disk
    errors: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (path, reason)
    seconds: float = 0.0
    # (stage, seconds) in run order: read, analyse, corpus, render, write.
    # Never serialised (no SCHEMA_VERSION bump); bench/throughput.py reads it.
    stages: tuple[tuple[str, float], ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors
