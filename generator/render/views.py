"""Model -> view objects: escaped text, computed links, nothing left to decide.

Templates only loop and lay out. Every string of article origin passes
through `escape_md` here; every URL is built here, relative to the page that
shows it, so MkDocs can check that each one lands on a real anchor.

Paths of the generated section (all relative to it):

    index.md                      articles: counts, months, latest
    months/YYYY-MM[-pN].md        one month of articles, paginated
    <slug>.md                     one article
    actors/index.md, <id>.md      actors A-Z, one page per actor
    people.md, organisations.md, places.md   the A-Z of each kind
    az/<list>-<letter>.md         one letter of an A-Z list too long for one page (AZ_PAGE_MAX)
    quotes/index.md, page-N.md    every quote, newest first, paginated
    timeline/index.md, page-N.md  every dated event, oldest first, paginated
    topics/index.md, <id>.md      every topic, one page per topic
    data/articles/<slug>.json     one article's digest
    data/actors/<id>.json         one actor with all their quotes
    digest.json                   everything
    _home.md                      a snippet for a hand-written home page at docs_dir's root
"""

from __future__ import annotations

import hashlib
import heapq
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date as Date
from functools import partial
from operator import attrgetter
from typing import Any, TypeVar

from generator.model import CAPTION, CREDIT, HEADING, ArticleDigest, Corpus, CorpusActor, Event, Quote, corpus_order
from generator.render.boxes import Box, capitalised, quote_anchor, quote_boxes
from generator.render.escape import escape_attr, escape_md
from generator.slugs import slugify_id

KIND_LABELS = (("person", "People"), ("organization", "Organisations"), ("place", "Places"))
# The word a reader sees for each kind (the model says "organization"; the site writes British English throughout).
KIND_WORDS = {"person": "person", "organization": "organisation", "place": "place"}
# One A-Z page per kind at the section root, so the home page's "86 people" leads to exactly 86 names.
# (Article pages are named after their date, actor pages live in actors/: neither can take these names.)
KIND_PAGES = {"person": "people.md", "organization": "organisations.md", "place": "places.md"}
# An A-Z list of more names than this is split into a page per letter (`az/<list>-<letter>.md`), and its
# own page lists the letters with their counts. A reader finds a name by its letter either way; a list of
# 10,000 names is a megabyte of HTML on a phone, and seconds of MkDocs' time on every edit that adds
# or removes one name. Split, an edit rebuilds the one letter page that holds the name, and the list's
# page with its counts (at 921 articles: about 0.1 s instead of 1 to 2 s for each of the four lists).
AZ_PAGE_MAX = 1000
# The name of each A-Z list in its letter pages' paths: all actors (kind None), and each kind.
AZ_LISTS = {None: "actors", "person": "people", "organization": "organisations", "place": "places"}
# Articles per month page, about (stable_chunks: a page ends where its items say, so an added or
# removed article changes its own page only): a month of a busy beat fits on a few pages and a
# page stays light on a phone.
MONTH_PAGE_SIZE = 50
LATEST_ON_INDEX = 20
# Quotes and events per page of the site-wide indexes, about (stable_chunks): long enough to scroll
# through a few months at once, short enough that a page loads fast on a phone
# and the build time per page stays flat (DESIGN.md "keep the navigation small").
QUOTES_PAGE_SIZE = 100
EVENTS_PAGE_SIZE = 200
# The home page shows the head of each ranking, not the whole archive.
HOME_LATEST = 8
HOME_TOP_ACTORS = 12
HOME_TOP_TOPICS = 15
# A page's meta description (search results, link previews): what fits in a preview line or two.
DESCRIPTION_CHARS = 200
# Co-actors listed on an actor page (those with a page of their own, most shared articles first).
CO_ACTORS_SHOWN = 20
# An actor earns a page of its own when it holds more than its entry on the A-Z
# does: it is in this many articles or more (its roles over time, who it appears
# with), or it is quoted (its quotes and their feed). A role in its one article
# is not enough: the A-Z entry shows the role and leads to the paragraph, and
# such a page showed nothing else (556 of 2,795 actor pages at 921 articles).
# The others (most of them: a name seen once) are entries of the A-Z page, and
# every link to them leads to the paragraph that names them.
ACTOR_PAGE_MIN_ARTICLES = 2

# How a paragraph of each kind (ingest/kinds.py) is shown in the article text: headings as
# subheadings and captions (with their credit lines) as captions, neither numbered; every other
# kind as a numbered paragraph. All keep their `#p-N` anchor, so links to them still land.
SHOWN_AS = {HEADING: "heading", CAPTION: "caption", CREDIT: "caption"}
T = TypeVar("T")
_PARAGRAPH = attrgetter("paragraph")
# A paginated page's template values, built only when the page is rendered,
# so one page's views are in memory at a time (render streams the site).
Values = Callable[[], dict]


def article_path(slug: str) -> str:
    return f"{slug}.md"


def actor_path(actor_id: str) -> str:
    return f"actors/{actor_id}.md"


def az_letter_path(kind: str | None, letter: str) -> str:
    """The page of one letter of a split A-Z list (AZ_PAGE_MAX): az/people-a.md, az/actors-other.md."""
    return f"az/{AZ_LISTS[kind]}-{letter.lower()}.md"


def _kind_count(n: int, kind: str) -> str:
    """"1 person", "86 people", "3 organisations": how many of a kind, in the site's words."""
    if kind == "person":
        return "1 person" if n == 1 else f"{n} people"
    return plural(n, KIND_WORDS[kind])


def month_path(month: str, page: int = 1) -> str:
    return f"months/{month}.md" if page == 1 else f"months/{month}-p{page}.md"


def paged_path(folder: str, page: int) -> str:
    return f"{folder}/index.md" if page == 1 else f"{folder}/page-{page}.md"


def topic_path(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


def actor_feed(actor_id: str) -> str:
    """An actor's quote feed, relative to the section's feeds/ folder (generator/render/feeds.py writes it)."""
    return f"actors/{actor_id}.xml"


def article_json_path(slug: str) -> str:
    return f"data/articles/{slug}.json"


def actor_json_path(actor_id: str) -> str:
    return f"data/actors/{actor_id}.json"


def display_date(iso: str | None) -> str:
    if not iso:
        return "undated"
    try:
        d = Date.fromisoformat(iso)
    except ValueError:
        return escape_md(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def month_label(month: str) -> str:
    """"2015-09" -> "September 2015"; "2015" -> "2015"; "undated" stays."""
    if month == "undated":
        return "Undated"
    if len(month) == 4:
        return month
    return display_date(month + "-01").split(" ", 1)[1]


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def description(text: str) -> str:
    """A page's meta description: the text cut at a word to DESCRIPTION_CHARS, escaped for front matter."""
    text = " ".join(text.split())
    if len(text) > DESCRIPTION_CHARS:
        text = text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return escape_attr(text)


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class ActorItem:
    name: str
    role: str
    url: str  # the actor's page; empty for an actor without one (its paragraphs are the links)
    paragraphs: list[Link]  # every paragraph that mentions the actor
    mentions: int


@dataclass(frozen=True)
class ActorGroup:
    label: str
    items: list[ActorItem]
    has_roles: bool = False  # no empty Role column when nobody has one


@dataclass(frozen=True)
class QuoteItem:
    text: str
    speaker: str
    role: str
    url: str
    partial: bool
    sentence: str
    speaker_url: str = ""
    article: Link | None = None
    date: str = ""
    para: int = 0
    cue: str = ""  # the speech verb ("said", "told"), shown after the speaker; empty for signs (":" "―")
    of: str = ""  # the article's title, escaped: paragraph links are named "Paragraph 4 of <title>"
    anchor: str = ""  # the box's id on its article page (empty elsewhere: ids must be unique on a page)
    permalink: str = ""  # the box on its article page, from the page that shows it
    doubt: str = ""  # why the speaker is only probable ("found through a pronoun, 62 % sure"); empty when confident


@dataclass(frozen=True)
class FactItem:
    text: str
    url: str
    para: int = 0


@dataclass(frozen=True)
class FigureItem:
    """A figure split around its number, so the template can set the number apart."""

    before: str
    value: str
    after: str
    url: str
    para: int = 0


@dataclass(frozen=True)
class EventItem:
    date: str
    text: str
    url: str
    planned: bool
    approximate: bool
    article: Link | None = None
    para: int = 0
    actors: list[Link] = field(default_factory=list)
    of: str = ""  # the article's title, escaped (the paragraph link's accessible name)


@dataclass(frozen=True)
class ParagraphItem:
    """One paragraph of the text. `shown` is how the page shows it: "heading" (a subheading, no number),
    "caption" (a photo caption or credit, no number) or "body" (numbered with its own index, so a
    ¶ link's number is the number beside the paragraph it lands on)."""

    anchor: str
    text: str
    number: int = 0
    shown: str = "body"


@dataclass(frozen=True)
class Group:
    """A heading (with its own anchor) and the items under it."""

    label: str
    anchor: str
    items: list


@dataclass(frozen=True)
class Pager:
    page: int
    pages: list[dict]  # {"number", "url", "current"}


@dataclass
class ArticleView:
    slug: str
    title: str
    title_attr: str
    date: str
    iso_date: str
    byline: str
    dateline: str
    photo_caption: str
    photo_credit: str
    contributors: str
    pull_quote: str
    url: str
    summary_only: bool
    json_url: str
    month: Link
    description: str  # the first key fact (or the first paragraph): what a link preview shows
    facts: list[FactItem] = field(default_factory=list)
    figures: list[FigureItem] = field(default_factory=list)
    actor_groups: list[ActorGroup] = field(default_factory=list)
    quotes: list[QuoteItem] = field(default_factory=list)
    events: list[EventItem] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # Material's tags plugin links them to the topic pages
    paragraphs: list[ParagraphItem] = field(default_factory=list)
    # what reading the file noted and the page would not show otherwise ("not UTF-8; decoded as cp1252")
    notes: list[str] = field(default_factory=list)


def _names(names: tuple[str, ...]) -> str:
    return escape_md(", ".join(names[:-1]) + " and " + names[-1]) if len(names) > 1 else escape_md("".join(names))


def _safe_url(url: str | None) -> str:
    """Only http(s) URLs become links; anything else is shown as text or dropped.

    Whitespace and control characters are refused too: a newline inside a URL
    would end the Markdown line and let the rest be read as new syntax.
    """
    if (url and url.lower().startswith(("http://", "https://"))
            and not any(c in url for c in " <>\"'()[]`{}\\|") and not any(c.isspace() or not c.isprintable() for c in url)):
        return url
    return ""


_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")


def _iso_date(value: str | None) -> str:
    """The date for front matter: an ISO date or nothing (it is written unescaped into YAML)."""
    return value if value and _ISO_DATE.fullmatch(value) else ""


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """Pages of `size` items; an empty list is one empty page (the index always exists)."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [items[:0]]


def stable_chunks(items: Sequence[T], size: int, key: Callable[[T], object]) -> list[Sequence[T]]:
    """Pages of about `size` items (from size/2 to 2 x size), each ending where the items themselves say.

    A page ends after an item whose key hashes to a multiple of size/2, once the page holds size/2
    items (and, whatever the hashes, at 2 x size). With pages of a fixed count, an item added or
    removed moves every later item onto another page: one edited article rebuilt every later page
    of the quotes, the timeline and its month (46 quote pages at 921 articles, 5 s of MkDocs). Here
    the other pages keep their items, so their text, and are not rendered or built again; the page
    count, which every page's pager shows, changes only when an end is added or lost (for one item
    added, about one chance in size/2). The key is the item's own identity (an article's slug, a
    quote's article and place), so an item keeps its page whatever changes around it.
    """
    if size <= 1:
        return chunks(items, size)
    least = size // 2
    spread = size - least
    parts: list[Sequence[T]] = []
    start = 0
    for i, item in enumerate(items):
        n = i - start + 1
        if n >= 2 * size or (n >= least and _key_hash(key(item)) % spread == 0):
            parts.append(items[start : i + 1])
            start = i + 1
    if start < len(items):
        parts.append(items[start:])
    return parts or [items[:0]]


def _letter_order(letter: str) -> tuple[bool, str]:
    """An A-Z list's order of letters: A to Z, then "Other" (digits, signs)."""
    return letter == "Other", letter


def az_letter(name: str) -> str:
    """The letter a name is listed under in the A-Z lists: its first letter without accents ("Émile Zola"
    under E), or "Other" for a digit or a sign ("501st Legion")."""
    first = unicodedata.normalize("NFKD", name[:1]).encode("ascii", "ignore").decode().upper()[:1]
    return first if first.isalpha() else "Other"


def _az_entry(actor: CorpusActor) -> dict:
    """What an actor's A-Z entry shows but its link: name, kind, article count and the latest role the
    articles give (so the list, and its filter, reads "minister")."""
    latest = next((r.role for r in sorted(actor.appearances, key=lambda r: (r.date or "", r.article), reverse=True)
                   if r.role), None)
    return {"name": escape_md(actor.name), "kind": KIND_WORDS.get(actor.kind, actor.kind),
            "articles": len({r.article for r in actor.appearances}), "role": escape_md(latest) if latest else None}


def _key_hash(key: object) -> int:
    return int.from_bytes(hashlib.blake2b(repr(key).encode("utf-8", "surrogateescape"), digest_size=8).digest(), "big")


def pager(folder: str, page: int, count: int) -> Pager:
    """Links between the pages of one paginated index, from a page in the same folder."""
    return Pager(
        page=page,
        pages=[
            {"number": k, "url": paged_path(folder, k).removeprefix(folder + "/"), "current": k == page}
            for k in range(1, count + 1)
        ]
        if count > 1
        else [],
    )


def group_by(items: Sequence[T], key: Callable[[T], str]) -> list[Group]:
    """Consecutive runs of the same key, in the given order; anchors `m-<key>`."""
    groups: list[Group] = []
    for item in items:
        k = key(item)
        if not groups or groups[-1].anchor != f"m-{k}":
            groups.append(Group(label=month_label(k), anchor=f"m-{k}", items=[]))
        groups[-1].items.append(item)
    return groups


def event_order(de: tuple[ArticleDigest, Event]) -> tuple:
    """Where an (article, event) pair goes in a timeline: oldest first, then by article and place in it."""
    d, e = de
    return (e.start, e.end, d.article.date or "", d.slug, e.paragraph, e.expression)


def event_period(e: Event) -> str:
    """The heading an event sits under: its month, or its year when only the year is known."""
    return e.start[:4] if e.precision == "year" else e.start[:7]


def _event_date(start: str, end: str, precision: str) -> str:
    try:
        if precision == "range" and start != end:
            if start[:7] == end[:7]:  # "7–13 September 2015"
                return f"{int(start[8:])}–{display_date(end)}"
            return f"{display_date(start)} – {display_date(end)}"
        if precision == "month":
            return Date.fromisoformat(start).strftime("%B %Y")
        if precision == "year":
            return start[:4]
        return display_date(start)
    except ValueError:
        return escape_md(start)


class Views:
    """Builds every view of one corpus; knows which article actor is which corpus actor."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.corpus_id = {(art, act): cid for art, act, cid in corpus.actor_index}
        self.by_slug = {d.slug: d for d in corpus.digests}
        self.actor_names = {a.id: a.name for a in corpus.actors}
        # (article slug, article actor id) -> Actor: one lookup instead of a scan per reference.
        self.article_actor = {(d.slug, a.id): a for d in corpus.digests for a in d.actors}
        self.by_topic: dict[str, list[ArticleDigest]] = defaultdict(list)
        for d in corpus.digests:
            for t in dict.fromkeys(d.topics):
                self.by_topic[t].append(d)
        used: set[str] = {"index"}
        self.topic_ids = {t: slugify_id(t, used) for t in sorted({t for d in corpus.digests for t in d.topics})}
        self.by_id = {a.id: a for a in corpus.actors}
        quoted = {self.corpus_id.get((d.slug, q.speaker)) for d in corpus.digests for q in d.quotes if q.speaker and q.confident}
        self.with_page = {a.id for a in corpus.actors if a.id in quoted or not a.appearances
                          or len({r.article for r in a.appearances}) >= ACTOR_PAGE_MIN_ARTICLES}
        self._boxes: dict[str, tuple[tuple[Quote, ...], list[Box]]] = {}  # slug -> (its quotes, their boxes): see boxes()
        self._az: list[tuple[CorpusActor, str]] | None = None  # see _az_entries()
        self._az_lists: dict[str | None, list[tuple[CorpusActor, str]]] = {}  # kind -> its entries: see _az_of()
        self._az_letter_lists: dict[str | None, list[str]] = {}  # kind -> its letters: see az_letters()
        self._az_by_letter: dict[tuple[str | None, str], list[tuple[CorpusActor, str]]] | None = None  # _az_letter_entries
        self._quotes: list[tuple[ArticleDigest, Box]] | None = None  # see _all_quotes()

    def has_page(self, cid: str | None) -> bool:
        """Whether a site actor has a page of its own (ACTOR_PAGE_MIN_ARTICLES)."""
        return cid in self.with_page

    def actor_url(self, cid: str, prefix: str) -> str:
        """Where a link to a site actor leads, from a page `prefix` away from the section root: its page,
        or (an actor without one) the first paragraph that names it."""
        if cid in self.with_page:
            return prefix + actor_path(cid)
        ref = self.by_id[cid].appearances[0]
        art_actor = self.article_actor[(ref.article, ref.actor)]
        mentions = art_actor.mentions
        para = min(map(_PARAGRAPH, mentions)) if mentions else art_actor.first_paragraph
        return f"{prefix}{article_path(ref.article)}#p-{para}"

    # -- one article ----------------------------------------------------------

    def _speaker(self, digest: ArticleDigest, q: Quote, prefix: str) -> tuple[str, str, str]:
        """(name, role, actor page url) of a quote's speaker, escaped; url empty when unknown. A
        speaker below the fitted confidence is "probably" them, with no link to their page."""
        actor = self.article_actor.get((digest.slug, q.speaker)) if q.speaker else None
        if actor and not q.confident:
            return f"probably {escape_md(actor.name)}", escape_md(actor.role), ""
        if q.speaker_name and not q.confident:
            return f"probably {escape_md(q.speaker_name)}", "", ""
        if actor:
            cid = self.corpus_id.get((digest.slug, actor.id))
            url = f"{prefix}{actor_path(cid)}" if cid else ""
            return escape_md(actor.name), escape_md(actor.role), url
        return (escape_md(q.speaker_name) if q.speaker_name else "Unattributed"), "", ""

    def quote_item(self, d: ArticleDigest, box: Box, prefix: str, *, with_article: bool) -> QuoteItem:
        """A quote box as seen from a page `prefix` away from the section root ("" or "../")."""
        q = box.quote
        speaker, role, speaker_url = self._speaker(d, q, prefix)
        here = "" if not with_article else f"{prefix}{article_path(d.slug)}"
        return QuoteItem(
            text=box.text,
            speaker=capitalised(speaker),
            role=role,
            url=f"{here}#p-{q.paragraph}",
            partial=q.partial,
            sentence=box.sentence,
            speaker_url=speaker_url,
            article=self.article_link(d, prefix) if with_article else None,
            date=display_date(d.article.date) if with_article else "",
            para=q.paragraph,
            cue=_cue(q.cue, q.speaker_name),
            doubt=_doubt(q),
            of=escape_md(d.article.title),
            anchor="" if with_article else quote_anchor(q),
            permalink=f"{here}#{quote_anchor(q)}",
        )

    def event_item(self, d: ArticleDigest, e: Event, prefix: str, *, with_article: bool) -> EventItem:
        here = "" if not with_article else f"{prefix}{article_path(d.slug)}"
        return EventItem(
            date=_event_date(e.start, e.end, e.precision),
            text=escape_md(e.text),
            url=f"{here}#p-{e.paragraph}",
            planned=e.planned,
            approximate=e.approximate,
            article=self.article_link(d, prefix) if with_article else None,
            para=e.paragraph,
            actors=self._event_actors(d, e.actors, prefix),
            of=escape_md(d.article.title),
        )

    def article(self, d: ArticleDigest) -> ArticleView:
        a = d.article
        groups = []
        for kind, label in KIND_LABELS:
            items = [
                ActorItem(
                    name=escape_md(actor.name),
                    role=escape_md(actor.role),
                    url=self._own_page_url(self.corpus_id[(d.slug, actor.id)]),
                    paragraphs=[Link(text=str(p), url=f"#p-{p}") for p in sorted({m.paragraph for m in actor.mentions})]
                    or [Link(text=str(actor.first_paragraph), url=f"#p-{actor.first_paragraph}")],
                    mentions=len(actor.mentions),
                )
                for actor in sorted(d.actors, key=lambda x: (-len(x.mentions), x.name))
                if actor.kind == kind
            ]
            if items:
                groups.append(ActorGroup(label=label, items=items, has_roles=any(x.role for x in items)))
        month = _iso_date(a.date)[:7] or "undated"  # only an ISO date names a month page
        return ArticleView(
            slug=d.slug,
            title=escape_md(a.title),
            title_attr=escape_attr(a.title),
            date=display_date(a.date),
            iso_date=_iso_date(a.date),
            byline=_names(a.byline),
            dateline=escape_md(a.dateline),
            photo_caption=escape_md(a.photo_caption),
            photo_credit=escape_md(a.photo_credit),
            contributors=_names(a.contributors),
            pull_quote=escape_md(a.pull_quote),
            url=_safe_url(a.url),
            summary_only=a.summary_only,
            json_url=article_json_path(d.slug),
            description=description(d.facts[0].text if d.facts else (a.paragraphs[0].text if a.paragraphs else a.title)),
            month=Link(text=month_label(month), url=month_path(month)),
            facts=[FactItem(text=escape_md(f.text), url=f"#p-{f.paragraph}", para=f.paragraph) for f in d.facts],
            figures=[_figure(g.text, g.value, f"#p-{g.paragraph}", g.paragraph) for g in d.figures],
            actor_groups=groups,
            quotes=[self.quote_item(d, b, "", with_article=False) for b in self.boxes(d)],
            events=[self.event_item(d, e, "", with_article=False) for e in d.events],
            tags=[escape_attr(t) for t in d.topics],
            paragraphs=[ParagraphItem(anchor=p.anchor, text=escape_md(p.text), number=p.index, shown=SHOWN_AS.get(p.kind, "body"))
                        for p in a.paragraphs],
            notes=[escape_md(n) for n in a.notes],
        )

    def _own_page_url(self, cid: str) -> str:
        """An actor's link in its article's actor table: its page, or none for an actor without one (its
        only article is this one, and the paragraphs beside its name are the links its name would repeat)."""
        return actor_path(cid) if self.has_page(cid) else ""

    def _event_actors(self, d: ArticleDigest, ids: tuple[str, ...], prefix: str) -> list[Link]:
        """People and organisations of an event, linked to their pages (places are the setting, not actors)."""
        by_id = {a.id: a for a in d.actors}
        return [
            Link(text=escape_md(by_id[i].name), url=self.actor_url(self.corpus_id[(d.slug, i)], prefix))
            for i in ids
            if i in by_id and by_id[i].kind != "place" and (d.slug, i) in self.corpus_id
        ]

    def article_link(self, d: ArticleDigest, prefix: str) -> Link:
        return Link(text=escape_md(d.article.title), url=prefix + article_path(d.slug))

    # -- articles by month ----------------------------------------------------

    def months(self) -> dict[str, list[ArticleDigest]]:
        """Month ("2015-09" or "undated") -> digests, newest first."""
        out: dict[str, list[ArticleDigest]] = defaultdict(list)
        for d in self.corpus.digests:
            # only an ISO date names a month page: a date is never a path
            out[_iso_date(d.article.date)[:7] or "undated"].append(d)
        return {m: sorted(ds, key=corpus_order, reverse=True) for m, ds in sorted(out.items(), reverse=True)}

    def month_pages(self) -> list[tuple[str, Values]]:
        """(path, its template values when asked) of every month page."""
        out: list[tuple[str, Values]] = []
        for month, digests in self.months().items():
            parts = stable_chunks(digests, MONTH_PAGE_SIZE, lambda d: d.slug)
            for n, part in enumerate(parts, 1):
                out.append((month_path(month, n), partial(self._month_page, month, n, part, len(parts))))
        return out

    def _month_page(self, month: str, n: int, part: Sequence[ArticleDigest], count: int) -> dict:
        return {
            "label": month_label(month),
            "page": n,
            "items": [
                {"date": display_date(x.article.date), "link": self.article_link(x, "../"), "byline": _names(x.article.byline)}
                for x in part
            ],
            "pages": [
                {"number": k, "url": month_path(month, k).removeprefix("months/"), "current": k == n}
                for k in range(1, count + 1)
            ],
        }

    def latest(self, n: int) -> list[ArticleDigest]:
        return sorted(self.corpus.digests, key=corpus_order, reverse=True)[:n]

    def counts(self) -> dict[str, int]:
        kinds = Counter(a.kind for a in self.corpus.actors)
        return {
            "articles": len(self.corpus.digests),
            "people": kinds["person"],
            "organisations": kinds["organization"],
            "places": kinds["place"],
            "quotes": sum(len(self.boxes(d)) for d in self.corpus.digests),
            "events": sum(len(d.events) for d in self.corpus.digests),
            "topics": len(self.topic_ids),
        }

    def articles_index(self) -> dict:
        return {
            "counts": self.counts(),
            "months": [
                {"label": month_label(m), "url": month_path(m), "count": len(ds)} for m, ds in self.months().items()
            ],
            "latest": [{"date": display_date(d.article.date), "link": self.article_link(d, "")} for d in self.latest(LATEST_ON_INDEX)],
        }

    # -- actors ---------------------------------------------------------------

    def _actor_weight(self, actor: CorpusActor) -> tuple[int, int]:
        """(articles, mentions) of a corpus actor: how big it is in the archive."""
        mentions = 0
        for ref in actor.appearances:
            art_actor = self.article_actor.get((ref.article, ref.actor))
            mentions += len(art_actor.mentions) if art_actor else 0
        return len({r.article for r in actor.appearances}), mentions

    def top_actors(self, n: int, prefix: str) -> list[dict]:
        """The biggest people and organisations (places are where, not who).

        Ranked by articles, then mentions: only the actors with at least as many articles as the n-th
        most (by articles alone) can be among the first n, so only their mentions are counted and
        sorted (7,000 actors at 921 articles, for the home page's ten: 0.1 s of CPU an edit)."""
        who = [(len({r.article for r in a.appearances}), a) for a in self.corpus.actors if a.kind != "place"]
        if len(who) > n > 0:
            least = heapq.nlargest(n, [count for count, _a in who])[-1]
            who = [(count, a) for count, a in who if count >= least]
        ranked = sorted(
            ((self._actor_weight(a), a) for _count, a in who),
            key=lambda wa: (-wa[0][0], -wa[0][1], wa[1].name.casefold(), wa[1].id),
        )
        return [
            {"link": Link(text=escape_md(a.name), url=self.actor_url(a.id, prefix)), "kind": a.kind, "count": w[0], "mentions": w[1]}
            for w, a in ranked[:n]
        ]

    def actor(self, actor: CorpusActor) -> dict:
        roles: dict[str, list[str]] = defaultdict(list)
        appearances: list[dict[str, Any]] = []
        quotes = []
        events = []
        for ref in actor.appearances:
            d = self.by_slug[ref.article]
            art_actor = self.article_actor[(ref.article, ref.actor)]
            if ref.role:
                roles[ref.role].append(ref.date or "")
            page = f"../{article_path(d.slug)}"
            appearances.append(
                {
                    "article": self.article_link(d, "../"),
                    "date": display_date(d.article.date),
                    "sort": corpus_order(d),
                    "role": escape_md(art_actor.role),
                    "paragraphs": [Link(text=str(p), url=f"{page}#p-{p}") for p in sorted({m.paragraph for m in art_actor.mentions})]
                    or [Link(text=str(art_actor.first_paragraph), url=f"{page}#p-{art_actor.first_paragraph}")],
                    "mentions": len(art_actor.mentions),
                }
            )
            for e in d.events:
                if ref.actor in e.actors:
                    events.append((e.start, e.end, d.slug, e.paragraph, self.event_item(d, e, "../", with_article=True)))
            for b in self.boxes(d):
                q = b.quote
                if q.speaker == ref.actor and q.confident:
                    # the speaker is this page's actor: their name is not a link to the page it is on
                    item = replace(self.quote_item(d, b, "../", with_article=True), speaker_url="")
                    quotes.append((d.article.date or "", d.slug, -q.paragraph, -q.start, item))
        latest_role = max(roles.items(), key=lambda kv: (max(kv[1]), kv[0]))[0] if roles else ""
        n_quotes = len(quotes)
        counts = plural(len(appearances), "article") + (f", with {plural(n_quotes, 'quote')}" if n_quotes else "")
        return {
            "name": escape_md(actor.name),
            "title_attr": escape_attr(actor.name),
            "description": description(f"{actor.name}{', ' + latest_role if latest_role else ''} "
                                       f"({KIND_WORDS.get(actor.kind, actor.kind)}): named in {counts}."),
            "feed": actor_feed(actor.id) if n_quotes else "",
            "feed_title": escape_attr(f"Quotes by {actor.name}"),
            "kind": KIND_WORDS.get(actor.kind, actor.kind),
            "json_url": "../" + actor_json_path(actor.id),
            "roles": [
                {"role": escape_md(role), "dates": ", ".join(display_date(x) for x in sorted(set(dates)) if x)}
                for role, dates in sorted(roles.items(), key=lambda kv: (min(kv[1]), kv[0]))
            ],
            "appearances": [
                {k: v for k, v in x.items() if k != "sort"}
                for x in sorted(appearances, key=lambda x: x["sort"], reverse=True)
            ],
            "quotes": [x[-1] for x in sorted(quotes, key=lambda x: x[:4], reverse=True)],
            "has_roles": any(x["role"] for x in appearances),  # no empty Role column (it costs a phone a quarter of its width)
            "events": [item for *_key, item in sorted(events, key=lambda x: x[:4])],
            # the co-actors with a page of their own: one seen once is in its article's actor table, where
            # the Articles table above leads (half the links of the actor pages went to such names)
            "co_actors": [
                {"link": Link(text=escape_md(self.actor_names[cid]), url=f"{cid}.md"), "count": n}
                for cid, n in [(cid, n) for cid, n in actor.co_actors if self.has_page(cid)][:CO_ACTORS_SHOWN]
            ],
        }

    def actors_index(self, kind: str | None = None, prefix: str = "", root: str | None = None,
                     only: str | None = None) -> list[dict]:
        """A-Z letters, each with its actors (of one kind, or all) and their article counts; links from `prefix`
        (the way from the page to actors/), and `root` (to the section root; by default what `prefix` implies).
        `only`: that letter alone (a letter page: an edit renders one or two, not the whole list)."""
        if root is None:
            root = "" if prefix == "actors/" else "../"
        letters: dict[str, list[dict]] = defaultdict(list)
        for actor, letter in (self._az_of(kind) if only is None else self._az_letter_entries(kind, only)):
            entry = _az_entry(actor)
            letters[letter].append(
                {"name": entry["name"],
                 "url": (prefix + actor_path(actor.id).removeprefix("actors/") if self.has_page(actor.id)
                         else self.actor_url(actor.id, root)),
                 "kind": entry["kind"], "articles": entry["articles"], "role": entry["role"]}
            )
        return [{"letter": k, "actors": sorted(v, key=lambda x: (x["name"].casefold(), x["url"]))}
                for k, v in sorted(letters.items(), key=lambda kv: _letter_order(kv[0]))]

    def _az_entries(self) -> list[tuple[CorpusActor, str]]:
        """(actor, its A-Z letter) of every actor, made once for the four A-Z lists (all actors, and each
        kind), whose pages, letters and keys each ask. What an entry shows is made only for the pages
        rendered (`_az_entry`): the letters alone decide the paths, and an edit renders a letter page or two."""
        if self._az is None:
            self._az = [(actor, az_letter(actor.name)) for actor in self.corpus.actors]
        return self._az

    def _az_of(self, kind: str | None) -> list[tuple[CorpusActor, str]]:
        """The entries of one A-Z list: every actor's (kind None), or one kind's (made once per list: every
        letter page of a split list asks for its list's letters, 0.3 s of an edit's build at 921 articles)."""
        made = self._az_lists.get(kind)
        if made is None:
            made = self._az_lists[kind] = [e for e in self._az_entries() if kind is None or e[0].kind == kind]
        return made

    def _az_count(self, kind: str | None) -> int:
        return len(self._az_of(kind))

    def az_letters(self, kind: str | None) -> list[str]:
        """The letters of one A-Z list, in its order ("Other" after Z); callers never change the list."""
        made = self._az_letter_lists.get(kind)
        if made is None:
            made = self._az_letter_lists[kind] = sorted({letter for _actor, letter in self._az_of(kind)},
                                                        key=_letter_order)
        return made

    def actors_page(self, kind: str | None = None) -> dict:
        """The A-Z page of every actor (kind None, in actors/) or of one kind (at the section root).

        A list longer than AZ_PAGE_MAX is split: this page then lists its letters, each with its count and
        a link to the letter's page (`az_letter_page`), and no names."""
        split = self._az_count(kind) > AZ_PAGE_MAX
        to_az = "../az/" if kind is None else "az/"
        pages = []
        if split:
            counts = Counter(letter for _actor, letter in self._az_of(kind))
            pages = [{"letter": x, "url": to_az + az_letter_path(kind, x).removeprefix("az/"), "count": counts[x]}
                     for x in self.az_letters(kind)]
        if kind is None:
            letters = [] if split else self.actors_index()
            n = self._az_count(None)
            return {"title": "Actors A–Z", "letters": letters, "all_url": "", "count": "", "pages": pages, "nav": [],
                    "description": escape_attr(f"{n} people, organisations and places named in the articles, A to Z.")}
        letters = [] if split else self.actors_index(kind, "actors/")
        n = self._az_count(kind)
        label = dict(KIND_LABELS)[kind]
        count = _kind_count(n, kind)
        return {"title": label, "letters": letters, "all_url": "actors/index.md", "count": count, "pages": pages, "nav": [],
                "description": escape_attr(f"{count} named in the articles, A to Z.")}

    def az_letter_page(self, kind: str | None, letter: str) -> dict:
        """One letter of a split A-Z list (in az/): its names, and links to the list's other letters and its page.

        Nothing on it counts the whole list, so an edit that adds a name elsewhere leaves it as it is."""
        letters = self.actors_index(kind, "../actors/", "../", letter)
        label = "Actors A–Z" if kind is None else dict(KIND_LABELS)[kind]
        n = sum(len(g["actors"]) for g in letters)
        what = (f"{n} people, organisations and places" if kind is None
                else _kind_count(n, kind))
        start = "with other first letters" if letter == "Other" else f"starting with {letter}"
        nav = [{"letter": x, "url": az_letter_path(kind, x).removeprefix("az/"), "current": x == letter}
               for x in self.az_letters(kind)]
        return {"title": f"{label}: {letter}", "letters": letters, "pages": [], "nav": nav,
                "all_url": "../actors/index.md" if kind is None else f"../{KIND_PAGES[kind]}",
                "all_label": label, "count": escape_attr(f"{what} {start}"),
                "description": escape_attr(f"{what} named in the articles, {start}.")}

    def kind_pages(self) -> list[tuple[str, Values]]:
        """(path, its template values when asked) of the A-Z page of each kind: people, organisations, places;
        and of the page of each letter of every A-Z list that is split (AZ_PAGE_MAX), all actors' included."""
        pages: list[tuple[str, Values]] = [(KIND_PAGES[k], partial(self.actors_page, k)) for k in KIND_PAGES]
        pages += [(az_letter_path(kind, x), partial(self.az_letter_page, kind, x)) for kind, x in self.az_letter_pages()]
        return pages

    def az_letter_pages(self) -> list[tuple[str | None, str]]:
        """(kind, letter) of each page of every split A-Z list (AZ_PAGE_MAX), in the order of `kind_pages`."""
        return [(kind, x) for kind in AZ_LISTS if self._az_count(kind) > AZ_PAGE_MAX for x in self.az_letters(kind)]

    def _az_letter_entries(self, kind: str | None, letter: str) -> list[tuple[CorpusActor, str]]:
        """The entries of one letter of one A-Z list, in the list's order (all lists' letters made at once)."""
        if self._az_by_letter is None:
            self._az_by_letter = defaultdict(list)
            for e in self._az_entries():
                for k in (None, e[0].kind):
                    self._az_by_letter[(k, e[1])].append(e)
        return self._az_by_letter.get((kind, letter), [])

    def az_letter_actors(self, kind: str | None, letter: str) -> list[CorpusActor]:
        """The actors one letter page lists (`az_letter_page`), in the list's order before its sort by name.

        What the page shows of each is read from the actor record, whether it has a page and, for one
        without, its first article (where its link leads): render.Site keys the page by these."""
        return [e[0] for e in self._az_letter_entries(kind, letter)]

    # -- quotes ---------------------------------------------------------------

    def boxes(self, d: ArticleDigest) -> list[Box]:
        """The quote boxes of one article: what every page shows and counts (render/boxes.py).

        Made once per article's quotes: the counts, quote pages, speakers and feeds each ask
        (seven times an article, 1.2 s of one edit's build at 921 articles)."""
        made = self._boxes.get(d.slug)
        if made is None or made[0] is not d.quotes:  # the whole digest of a slim one has its own tuple: made again
            made = self._boxes[d.slug] = (d.quotes, quote_boxes(d.quotes))
        return made[1]

    def _all_quotes(self) -> list[tuple[ArticleDigest, Box]]:
        """Every quote box, newest article first, then in reading order (made once: the quote pages, the
        feeds and their keys each ask; callers never change the list)."""
        if self._quotes is None:
            items = [(d, b) for d in self.corpus.digests for b in self.boxes(d)]
            items.sort(key=lambda db: (db[0].article.date or "", db[0].slug, -db[1].quote.paragraph, -db[1].quote.start), reverse=True)
            self._quotes = items
        return self._quotes

    def all_quotes(self) -> list[tuple[ArticleDigest, Box]]:
        return self._all_quotes()

    def speaker_name(self, d: ArticleDigest, q: Quote) -> str:
        """A quote's speaker as plain text (feeds): the actor's name, "probably" when unsure, else as written."""
        actor = self.article_actor.get((d.slug, q.speaker)) if q.speaker else None
        name = actor.name if actor else (q.speaker_name or "Unattributed")
        return capitalised(name if q.confident else f"probably {name}")

    def speakers_boxes(self) -> list[tuple[str, str, list[tuple[ArticleDigest, Box]]]]:
        """(actor id, name, their boxes newest first) of every actor with a quote: what their page and feed show."""
        by_actor: dict[str, list[tuple[ArticleDigest, Box]]] = defaultdict(list)
        for d, b in self._all_quotes():
            q = b.quote
            cid = self.corpus_id.get((d.slug, q.speaker)) if q.speaker and q.confident else None
            if cid:
                by_actor[cid].append((d, b))
        return [(cid, self.actor_names[cid], by_actor[cid]) for cid in sorted(by_actor)]

    def speakers(self, prefix: str) -> list[dict]:
        """Speakers with a page, most quoted first, linking to their quotes."""
        counts: Counter[str] = Counter()
        for d in self.corpus.digests:
            for b in self.boxes(d):  # the boxes the speaker's page shows, so "(n)" is what the link leads to
                q = b.quote
                cid = self.corpus_id.get((d.slug, q.speaker)) if q.speaker and q.confident else None
                if cid:
                    counts[cid] += 1
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], self.actor_names[kv[0]].casefold(), kv[0]))
        return [
            {"link": Link(text=escape_md(self.actor_names[cid]), url=f"{prefix}{actor_path(cid)}#quotes"), "count": n}
            for cid, n in ranked
        ]

    def quote_pages(self) -> list[tuple[str, Values]]:
        """(path, its template values when asked) of every page of the quote index."""
        return [(path, partial(self._quote_page, *made)) for path, made in self.quote_page_inputs()]

    def quote_page_inputs(self) -> list[tuple[str, tuple[int, Sequence[tuple[ArticleDigest, Box]], int, int, list[Link]]]]:
        """(path, what its values are made from: its number, its (article, box) items, the page count, the
        number of quotes and the year jumps) of every page of the quote index (render.Site keys pages by it)."""
        quotes = self._all_quotes()
        parts = stable_chunks(quotes, QUOTES_PAGE_SIZE, lambda dq: (dq[0].slug, dq[1].quote.paragraph, dq[1].quote.start))
        jumps = _jumps(parts, lambda dq: ((dq[0].article.date or "")[:7] or "undated"), "quotes")
        return [(paged_path("quotes", n), (n, part, len(parts), len(quotes), jumps)) for n, part in enumerate(parts, 1)]

    def _quote_page(self, n: int, part: Sequence[tuple[ArticleDigest, Box]], count: int, total: int, jumps: list[Link]) -> dict:
        items = [(dq, self.quote_item(dq[0], dq[1], "../", with_article=True)) for dq in part]
        groups = group_by(items, lambda x: (x[0][0].article.date or "")[:7] or "undated")
        return {
            "total": total if n == 1 else None,  # on the first page only: an added item changes no other page
            "speakers": self.speakers("../") if n == 1 else [],
            "jumps": jumps,
            "groups": [Group(label=g.label, anchor=g.anchor, items=[x[1] for x in g.items]) for g in groups],
            "pager": pager("quotes", n, count),
        }

    # -- timeline -------------------------------------------------------------

    def _all_events(self) -> list[tuple[ArticleDigest, Event]]:
        items = [(d, e) for d in self.corpus.digests for e in d.events]
        items.sort(key=event_order)
        return items

    def timeline_pages(self) -> list[tuple[str, Values]]:
        """(path, its template values when asked) of every page of the timeline."""
        return [(path, partial(self._timeline_page, *made)) for path, made in self.timeline_page_inputs()]

    def timeline_page_inputs(self) -> list[tuple[str, tuple[int, Sequence[tuple[ArticleDigest, Event]], int, int, list[Link]]]]:
        """(path, what its values are made from: its number, its (article, event) items, the page count, the
        number of events and the year jumps) of every page of the timeline (render.Site keys pages by it)."""
        events = self._all_events()
        parts = stable_chunks(events, EVENTS_PAGE_SIZE, lambda de: (de[0].slug, de[1].paragraph, de[1].start, de[1].expression))
        jumps = _jumps(parts, lambda de: event_period(de[1]), "timeline")
        return [(paged_path("timeline", n), (n, part, len(parts), len(events), jumps)) for n, part in enumerate(parts, 1)]

    def _timeline_page(self, n: int, part: Sequence[tuple[ArticleDigest, Event]], count: int, total: int, jumps: list[Link]) -> dict:
        items = [(de, self.event_item(de[0], de[1], "../", with_article=True)) for de in part]
        groups = group_by(items, lambda x: event_period(x[0][1]))
        return {
            "total": total if n == 1 else None,  # on the first page only: an added item changes no other page
            "jumps": jumps,
            "groups": [Group(label=g.label, anchor=g.anchor, items=[x[1] for x in g.items]) for g in groups],
            "pager": pager("timeline", n, count),
        }

    # -- topics ---------------------------------------------------------------

    def topics_ranked(self) -> list[tuple[str, int]]:
        counts = Counter(t for d in self.corpus.digests for t in d.topics)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))

    def topics_index(self) -> dict:
        return {
            "topics": [
                {"link": Link(text=escape_md(t), url=topic_path(self.topic_ids[t]).removeprefix("topics/")), "count": n}
                for t, n in sorted(self.topics_ranked(), key=lambda kv: (kv[0].casefold(), kv[0]))
            ]
        }

    def topic_pages(self) -> list[tuple[str, Values]]:
        """(path, its template values when asked) of every topic page."""
        return [(topic_path(tid), partial(self._topic_page, topic)) for topic, tid in self.topic_ids.items()]

    def _topic_page(self, topic: str) -> dict:
        digests = sorted(self.by_topic[topic], key=corpus_order, reverse=True)
        actors: Counter[str] = Counter()
        for d in digests:
            for a in d.actors:
                if a.kind != "place":
                    actors[self.corpus_id[(d.slug, a.id)]] += 1
        ranked = sorted(actors.items(), key=lambda kv: (-kv[1], self.actor_names[kv[0]].casefold(), kv[0]))[:HOME_TOP_ACTORS]
        return {
            "name": escape_md(topic),
            "title_attr": escape_attr(topic),
            "tag": escape_attr(topic),
            "articles": [{"date": display_date(d.article.date), "link": self.article_link(d, "../")} for d in digests],
            "actors": [
                {"link": Link(text=escape_md(self.actor_names[cid]), url=self.actor_url(cid, "../")), "count": n} for cid, n in ranked
            ],
        }

    # -- home -----------------------------------------------------------------

    def home(self, section: str) -> dict:
        """The snippet for a hand-written page at docs_dir's root: links start with the section."""
        prefix = section.strip("/") + "/"
        counts = self.counts()
        tiles = [
            ("articles", "article", "index.md"),
            ("people", "person", KIND_PAGES["person"]),
            ("organisations", "organisation", KIND_PAGES["organization"]),
            ("places", "place", KIND_PAGES["place"]),
            ("quotes", "quote", "quotes/index.md"),
            ("events", "dated event", "timeline/index.md"),
            ("topics", "topic", "topics/index.md"),
        ]
        return {
            "tiles": [
                {"count": counts[key], "label": "people" if key == "people" and counts[key] != 1 else plural(counts[key], one).split(" ", 1)[1],
                 "url": prefix + url}
                for key, one, url in tiles
            ],
            "articles_url": prefix + "index.md",
            "actors_url": prefix + "actors/index.md",
            "quotes_url": prefix + "quotes/index.md",
            "timeline_url": prefix + "timeline/index.md",
            "topics_url": prefix + "topics/index.md",
            "latest": [{"date": display_date(d.article.date), "link": self.article_link(d, prefix)} for d in self.latest(HOME_LATEST)],
            "actors": self.top_actors(HOME_TOP_ACTORS, prefix),
            "topics": [
                {"link": Link(text=escape_md(t), url=prefix + topic_path(self.topic_ids[t])), "count": n}
                for t, n in self.topics_ranked()[:HOME_TOP_TOPICS]
            ],
        }

    # -- data exports ---------------------------------------------------------

    def article_data(self, d: ArticleDigest) -> dict:
        return {
            "digest": d.to_dict(),
            "actor_ids": {a.id: self.corpus_id[(d.slug, a.id)] for a in d.actors},
        }

    def actor_data(self, actor: CorpusActor) -> dict:
        quotes: list[dict] = []
        for ref in actor.appearances:
            d = self.by_slug[ref.article]
            quotes.extend({"article": d.slug, "date": d.article.date, **q.to_dict()} for q in d.quotes
                          if q.speaker == ref.actor and q.confident)
        return {"actor": actor.to_dict(), "quotes": quotes}


def _jumps(parts: list[Sequence[T]], period: Callable[[T], str], folder: str) -> list[Link]:
    """One link per year to the first page and heading where that year starts."""
    seen: set[str] = set()
    out = []
    for n, part in enumerate(parts, 1):
        for item in part:
            p = period(item)
            year = p[:4]
            if year not in seen:
                seen.add(year)
                url = paged_path(folder, n).removeprefix(folder + "/")
                out.append(Link(text="Undated" if p == "undated" else year, url=f"{url}#m-{p}"))
    return out


# How each speaker rule reads in a box's doubt line (analyse/speakers.py `how`).
HOW_WORDS = {"cue": "by its speech verb", "according": "after \u201caccording to\u201d", "colon": "by a label before it",
             "pronoun": "through a pronoun", "description": "through a description", "role": "through a role",
             "continued": "from the quote before", "carried": "from the sentence before", "clause": "from the sentence"}


def _doubt(q: Quote) -> str:
    """Why a speaker is shown as probable only: how it was found and how sure the fitted model is."""
    if q.confident or not (q.speaker or q.speaker_name):
        return ""
    how = HOW_WORDS.get(q.how or "", "")
    sure = f"{round(100 * q.confidence)} % sure" if q.confidence is not None else ""
    return escape_md("Speaker not certain" + (f": found {how}" if how else "") + (f", {sure}" if sure else "") + ".")


def _cue(cue: str | None, speaker_name: str | None) -> str:
    """The speech verb to show after a speaker: a word, and only when there is a speaker."""
    if not cue or not speaker_name or not any(c.isalpha() for c in cue):
        return ""
    return escape_md(cue.lower())


def _figure(text: str, value: str, url: str, para: int = 0) -> FigureItem:
    """ "more than 20 Condor ... flights" -> ("more than ", "20", " Condor ... flights"), each escaped."""
    at = text.find(value) if value else -1
    if at < 0:
        at = text.lower().find(value.lower()) if value else -1
    if at < 0:
        return FigureItem(before="", value=escape_md(text), after="", url=url, para=para)
    before, after = text[:at], text[at + len(value) :]
    # escape_md trims; the spaces around the number are layout and are put back here
    return FigureItem(before=escape_md(before) + (" " if before.endswith(" ") else ""),
                      value=escape_md(text[at : at + len(value)]),
                      after=(" " if after.startswith(" ") else "") + escape_md(after), url=url, para=para)
