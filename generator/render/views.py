"""Model -> view objects: escaped text, computed links, nothing left to decide.

Templates only loop and lay out. Every string of article origin passes
through `escape_md` here; every URL is built here, relative to the page that
shows it, so MkDocs can check that each one lands on a real anchor.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date as Date

from generator.model import ArticleDigest, Corpus, CorpusActor
from generator.render.escape import escape_attr, escape_md

KIND_LABELS = (("person", "People"), ("organization", "Organisations"), ("place", "Places"))
# Articles per month page: a month of a busy beat fits on a few pages and a
# page stays light on a phone.
MONTH_PAGE_SIZE = 50
LATEST_ON_INDEX = 20


def article_path(slug: str) -> str:
    return f"{slug}.md"


def actor_path(actor_id: str) -> str:
    return f"actors/{actor_id}.md"


def month_path(month: str, page: int = 1) -> str:
    return f"months/{month}.md" if page == 1 else f"months/{month}-p{page}.md"


def display_date(iso: str | None) -> str:
    if not iso:
        return "undated"
    try:
        d = Date.fromisoformat(iso)
    except ValueError:
        return escape_md(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}"


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class ActorItem:
    name: str
    role: str
    url: str  # the actor's page
    first: str  # the paragraph of the first mention
    mentions: int


@dataclass(frozen=True)
class ActorGroup:
    label: str
    items: list[ActorItem]


@dataclass(frozen=True)
class QuoteItem:
    text: str
    speaker: str
    role: str
    url: str
    partial: bool
    sentence: str
    article: Link | None = None
    date: str = ""


@dataclass(frozen=True)
class FactItem:
    text: str
    url: str


@dataclass(frozen=True)
class EventItem:
    date: str
    text: str
    url: str
    planned: bool
    approximate: bool
    article: Link | None = None


@dataclass(frozen=True)
class ParagraphItem:
    anchor: str
    text: str


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
    source: str
    summary_only: bool
    facts: list[FactItem] = field(default_factory=list)
    figures: list[FactItem] = field(default_factory=list)
    actor_groups: list[ActorGroup] = field(default_factory=list)
    quotes: list[QuoteItem] = field(default_factory=list)
    events: list[EventItem] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    paragraphs: list[ParagraphItem] = field(default_factory=list)


def _names(names: tuple[str, ...]) -> str:
    return escape_md(", ".join(names[:-1]) + " and " + names[-1]) if len(names) > 1 else escape_md("".join(names))


def _safe_url(url: str | None) -> str:
    """Only http(s) URLs become links; anything else is shown as text or dropped."""
    if url and url.lower().startswith(("http://", "https://")) and not any(c in url for c in " <>\"'()[]`{}\\"):
        return url
    return ""


class Views:
    """Builds every view of one corpus; knows which article actor is which corpus actor."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.corpus_id = {(art, act): cid for art, act, cid in corpus.actor_index}
        self.by_slug = {d.slug: d for d in corpus.digests}
        # Built once: rebuilding it for every actor page made render quadratic
        # in the number of actors (45 s of a 50 s warm rebuild at 921 articles).
        self.actor_names = {a.id: a.name for a in corpus.actors}

    def _speaker(self, digest: ArticleDigest, actor_id: str | None, fallback: str | None) -> tuple[str, str]:
        actor = next((a for a in digest.actors if a.id == actor_id), None)
        if actor:
            return escape_md(actor.name), escape_md(actor.role)
        return (escape_md(fallback) if fallback else "Unattributed"), ""

    def article(self, d: ArticleDigest) -> ArticleView:
        a = d.article
        groups = []
        for kind, label in KIND_LABELS:
            items = [
                ActorItem(
                    name=escape_md(actor.name),
                    role=escape_md(actor.role),
                    url=actor_path(self.corpus_id[(d.slug, actor.id)]),
                    first=f"#p-{actor.first_paragraph}",
                    mentions=len(actor.mentions),
                )
                for actor in sorted(d.actors, key=lambda x: (-len(x.mentions), x.name))
                if actor.kind == kind
            ]
            if items:
                groups.append(ActorGroup(label=label, items=items))
        quotes = []
        for q in d.quotes:
            speaker, role = self._speaker(d, q.speaker, q.speaker_name)
            quotes.append(
                QuoteItem(text=escape_md(q.text), speaker=speaker, role=role, url=f"#p-{q.paragraph}",
                          partial=q.partial, sentence=escape_md(q.sentence))
            )
        return ArticleView(
            slug=d.slug,
            title=escape_md(a.title),
            title_attr=escape_attr(a.title),
            date=display_date(a.date),
            iso_date=a.date or "",
            byline=_names(a.byline),
            dateline=escape_md(a.dateline),
            photo_caption=escape_md(a.photo_caption),
            photo_credit=escape_md(a.photo_credit),
            contributors=_names(a.contributors),
            pull_quote=escape_md(a.pull_quote),
            url=_safe_url(a.url),
            source=escape_md(a.source),
            summary_only=a.summary_only,
            facts=[FactItem(text=escape_md(f.text), url=f"#p-{f.paragraph}") for f in d.facts],
            figures=[FactItem(text=escape_md(g.text), url=f"#p-{g.paragraph}") for g in d.figures],
            actor_groups=groups,
            quotes=quotes,
            events=[
                EventItem(date=_event_date(e.start, e.end, e.precision), text=escape_md(e.text), url=f"#p-{e.paragraph}",
                          planned=e.planned, approximate=e.approximate)
                for e in d.events
            ],
            tags=[escape_attr(t) for t in d.topics],
            paragraphs=[ParagraphItem(anchor=p.anchor, text=escape_md(p.text)) for p in a.paragraphs],
        )

    def article_link(self, d: ArticleDigest, prefix: str) -> Link:
        return Link(text=escape_md(d.article.title), url=prefix + article_path(d.slug))

    def months(self) -> dict[str, list[ArticleDigest]]:
        """Month ("2015-09" or "undated") -> digests, newest first."""
        out: dict[str, list[ArticleDigest]] = defaultdict(list)
        for d in self.corpus.digests:
            out[(d.article.date or "")[:7] or "undated"].append(d)
        return {m: sorted(ds, key=lambda d: (d.article.date or "", d.slug), reverse=True) for m, ds in sorted(out.items(), reverse=True)}

    def actor(self, actor: CorpusActor) -> dict:
        roles: dict[str, list[str]] = defaultdict(list)
        appearances = []
        quotes = []
        for ref in actor.appearances:
            d = self.by_slug[ref.article]
            art_actor = next(a for a in d.actors if a.id == ref.actor)
            if ref.role:
                roles[ref.role].append(ref.date or "")
            appearances.append(
                {
                    "article": self.article_link(d, "../"),
                    "date": display_date(d.article.date),
                    "first": f"../{article_path(d.slug)}#p-{art_actor.first_paragraph}",
                    "mentions": len(art_actor.mentions),
                }
            )
            for q in d.quotes:
                if q.speaker == ref.actor:
                    quotes.append(
                        QuoteItem(text=escape_md(q.text), speaker=escape_md(actor.name), role=escape_md(ref.role),
                                  url=f"../{article_path(d.slug)}#p-{q.paragraph}", partial=q.partial,
                                  sentence=escape_md(q.sentence), article=self.article_link(d, "../"),
                                  date=display_date(d.article.date))
                    )
        names = self.actor_names
        return {
            "name": escape_md(actor.name),
            "title_attr": escape_attr(actor.name),
            "kind": actor.kind,
            "roles": [
                {"role": escape_md(role), "dates": ", ".join(display_date(x) for x in sorted(set(dates)) if x)}
                for role, dates in sorted(roles.items(), key=lambda kv: (min(kv[1]), kv[0]))
            ],
            "appearances": sorted(appearances, key=lambda x: x["first"]),
            "quotes": quotes,
            "co_actors": [Link(text=escape_md(names[cid]), url=f"{cid}.md") for cid, _n in actor.co_actors[:20]],
            "co_counts": [n for _cid, n in actor.co_actors[:20]],
        }

    def actors_index(self) -> list[dict]:
        """A-Z letters, each with its actors and their article counts."""
        letters: dict[str, list[dict]] = defaultdict(list)
        for actor in self.corpus.actors:
            first = actor.name[:1].upper()
            letter = first if first.isalpha() and first.isascii() else "Other"
            letters[letter].append(
                {"name": escape_md(actor.name), "url": actor_path(actor.id).removeprefix("actors/"),
                 "kind": actor.kind, "articles": len({r.article for r in actor.appearances})}
            )
        return [{"letter": k, "actors": sorted(v, key=lambda x: (x["name"].casefold(), x["url"]))} for k, v in sorted(letters.items())]


def _event_date(start: str, end: str, precision: str) -> str:
    if precision == "range" and start != end:
        return f"{display_date(start)} – {display_date(end)}"
    if precision == "month":
        return Date.fromisoformat(start).strftime("%B %Y")
    if precision == "year":
        return start[:4]
    return display_date(start)
