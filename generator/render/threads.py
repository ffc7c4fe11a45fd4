"""Story threads as pages: one page per thread of two or more articles, the Threads index, and each
article's place in its story ("earlier" and "later in this story").

The threads come from the threads stage (generator/threads, run by generator/thread_stage.py);
this module only turns them into template values. Every value from an article is escaped
here (escape_md), as in views.py, whose article, quote and event views it reuses so a quote
box or an event looks and links the same on a thread page as on the quotes and timeline pages.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.model import ArticleDigest
from generator.render.escape import escape_attr, escape_md
from generator.render.views import EventItem, Link, QuoteItem, Views, description, display_date, event_order, plural
from generator.slugs import slugify_id

if TYPE_CHECKING:  # heavy to import (scikit-learn, datasketch); pages only read the stage's records
    from generator.threads import Thread

FOLDER = "threads"
# The people and organisations a thread page lists under "Who is involved", most articles first.
INVOLVED_SHOWN = 30


def thread_path(thread_id: str) -> str:
    return f"{FOLDER}/{thread_id}.md"


@dataclass(frozen=True)
class NewItem:
    """What one article of a thread adds to the ones before it, escaped."""

    sentences: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.sentences or self.actors or self.quotes or self.figures)


@dataclass(frozen=True)
class ThreadArticleItem:
    n: int
    link: Link
    date: str
    outlet: str
    copy_of: Link | None
    new: NewItem | None  # None for the first article: everything in it is new


@dataclass(frozen=True)
class ThreadNav:
    """An article's place in its story, as its own page shows it."""

    thread: Link
    n: int
    count: int
    earlier: Link | None
    later: Link | None


def span(thread: Thread) -> str:
    """The thread's dates as a reader says them: "3 May 2016", "3 May 2016 to 9 June 2016", "undated"."""
    if not thread.start:
        return "undated"
    if thread.end and thread.end != thread.start:
        return f"{display_date(thread.start)} to {display_date(thread.end)}"
    return display_date(thread.start)


class ThreadViews:
    """The thread pages of one corpus; `threads` as the threads stage gives them, largest and latest first."""

    def __init__(self, views: Views, threads: list[Thread] | tuple[Thread, ...]) -> None:
        self.views = views
        used = {"index"}  # the Threads index owns threads/index.md
        # only articles of this corpus: a thread is shown as the site's pages know its articles
        kept = [th for th in threads if all(a.id in views.by_slug for a in th.articles)]
        self.threads = [(slugify_id(th.id, used), th) for th in kept]
        self.nav_of: dict[str, ThreadNav] = {}
        for tid, th in self.threads:
            arts = th.articles
            for n, a in enumerate(arts):
                self.nav_of[a.id] = ThreadNav(
                    thread=Link(text=escape_md(th.title), url=f"{thread_path(tid)}"),
                    n=n + 1, count=len(arts),
                    earlier=self._link(arts[n - 1].id, "") if n else None,
                    later=self._link(arts[n + 1].id, "") if n + 1 < len(arts) else None,
                )

    def _link(self, slug: str, prefix: str) -> Link:
        return self.views.article_link(self.views.by_slug[slug], prefix)

    def nav(self, slug: str) -> ThreadNav | None:
        """Where an article sits in its story (None when it is in no thread of two or more)."""
        return self.nav_of.get(slug)

    def nav_key(self, slug: str) -> str:
        """What the article page shows of its thread, for its page key."""
        return repr(self.nav_of.get(slug))

    def pages(self) -> list[tuple[str, str, Thread]]:
        """(path, thread id, thread) of every thread page."""
        return [(thread_path(tid), tid, th) for tid, th in self.threads]

    def members(self, th: Thread) -> list[ArticleDigest]:
        return [self.views.by_slug[a.id] for a in th.articles]

    def index(self) -> dict:
        items = [{"link": Link(text=escape_md(th.title), url=f"{tid}.md"), "count": len(th.articles), "span": span(th),
                  "outlets": escape_md(", ".join(th.outlets))} for tid, th in self.threads]
        return {"threads": items, "articles": sum(len(th.articles) for _tid, th in self.threads)}

    def thread(self, th: Thread) -> dict:
        """The template values of one thread page (its articles are the corpus's slim digests: titles, actors,
        quotes and events are all a thread page shows of them, besides what the stage found new)."""
        v, prefix = self.views, "../"
        digests = self.members(th)
        articles = []
        for n, (a, d) in enumerate(zip(th.articles, digests, strict=True), 1):
            new = None if n == 1 else NewItem(
                sentences=[escape_md(s) for s in a.new.sentences], actors=[escape_md(x) for x in a.new.actors],
                quotes=[escape_md(x) for x in a.new.quotes], figures=[escape_md(x) for x in a.new.figures])
            articles.append(ThreadArticleItem(
                n=n, link=v.article_link(d, prefix), date=display_date(d.article.date), outlet=escape_md(a.outlet),
                copy_of=self._link(a.copy_of, prefix) if a.copy_of and a.copy_of in v.by_slug else None, new=new))
        return {
            "title": escape_md(th.title),
            "title_attr": escape_attr(th.title),
            "description": description(f"{plural(len(th.articles), 'article')} on one story, {span(th)}: {th.title}"),
            "span": span(th),
            "outlets": escape_md(", ".join(th.outlets)),
            "articles": articles,
            "involved": self._involved(digests, prefix),
            "events": self._events(digests, prefix),
            "speakers": self._speakers(digests, prefix),
        }

    def _involved(self, digests: list[ArticleDigest], prefix: str) -> list[dict]:
        """People and organisations of the thread's articles, in most of its articles first, linked to their pages.

        One name is one entry: the corpus may hold two site actors of one name (one with a page, one
        without), and a reader counts the articles that name them. The link goes to the one with a page,
        else the one in most of the thread's articles."""
        v = self.views
        named: dict[str, Counter[str]] = {}
        for d in digests:
            for cid in {cid for a in d.actors if a.kind != "place" and (cid := v.corpus_id.get((d.slug, a.id)))}:
                named.setdefault(v.actor_names[cid], Counter())[cid] += 1
        items = []
        for name, ids in named.items():
            cid = min(ids, key=lambda c: (not v.has_page(c), -ids[c], c))
            n = sum(1 for d in digests if any(v.actor_names.get(v.corpus_id.get((d.slug, a.id), "")) == name for a in d.actors))
            items.append((name, cid, n))
        items.sort(key=lambda x: (-x[2], x[0].casefold(), x[0]))
        return [{"link": Link(text=escape_md(name), url=v.actor_url(cid, prefix)), "count": n} for name, cid, n in items[:INVOLVED_SHOWN]]

    def _events(self, digests: list[ArticleDigest], prefix: str) -> list[EventItem]:
        """The merged timeline: every dated event of the thread's articles, oldest first (as the Timeline orders them)."""
        items = [(d, e) for d in digests for e in d.events]
        items.sort(key=event_order)
        return [self.views.event_item(d, e, prefix, with_article=True) for d, e in items]

    def _speakers(self, digests: list[ArticleDigest], prefix: str) -> list[dict]:
        """Who said what: the quote boxes of the thread's articles under their speaker, most quoted first, each in story order."""
        by: dict[str, list[QuoteItem]] = {}
        for d in digests:
            for b in self.views.boxes(d):
                item = self.views.quote_item(d, b, prefix, with_article=True)
                by.setdefault(item.speaker, []).append(item)
        order = sorted(by, key=lambda s: (s == "Unattributed", -len(by[s]), s.casefold(), s))
        return [{"speaker": s, "quotes": by[s]} for s in order]

