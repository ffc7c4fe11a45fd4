"""Render: Corpus -> pages (relative path, page text), one at a time. Nothing is written here.

Jinja2 renders templates from `templates/` only; article text never becomes
template source (it arrives escaped, as values of view objects built in
`views.py`). Paths are relative to the generated section; see `views.py`
for the layout.
"""

from __future__ import annotations

import hashlib
import json
import marshal
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields
from functools import lru_cache, partial
from json.encoder import encode_basestring
from itertools import accumulate, count, islice
from operator import add, attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.heap import steady_heap
from generator.model import SCHEMA_VERSION, UNTOUCHED, ActorRef, ArticleDigest, Corpus, CorpusActor, Event, Quote, Untouched
from generator.render.feeds import FEED_ITEMS, Feeds, actor_feed_path, feed_path
from generator.render.threads import ThreadViews
from generator.render.views import (CO_ACTORS_SHOWN, Views, actor_json_path, actor_path, article_json_path, article_path, az_letter_path,
                                    topic_path)

if TYPE_CHECKING:  # the threads code is heavy to import (scikit-learn, datasketch); pages only read its records
    from generator.threads import Thread
    from generator.render.boxes import Box

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MARKER = "generated_by: digest"
# The snippet a hand-written home page includes (pymdownx.snippets); the
# MkDocs plugin keeps it out of the pages, as its links are relative to docs_dir.
HOME_SNIPPET = "_home.md"

Piece = str | bytes | memoryview  # of digest.json: its reused record lines come as views of the old file's bytes
Content = str | Iterable[Piece]
Planned = tuple[str, Callable[[], Content], Callable[[], str]]  # a page's path, how to make it, how to key it
Full = Callable[[ArticleDigest], ArticleDigest]


@lru_cache(maxsize=8)
def environment(templates: Path = TEMPLATES) -> Environment:
    """One environment per templates folder and process: a serve rebuild does not compile the templates again
    (Jinja still reloads a template whose file changed)."""
    return Environment(
        loader=FileSystemLoader(str(templates)),
        undefined=StrictUndefined,
        autoescape=False,  # we emit Markdown; views.py escapes every value
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def warm_templates(templates: Path = TEMPLATES) -> None:
    """Compile every template ahead (build() does while a worker analyses the changed articles): a new
    process compiles each on first use, about 0.13 s for all of them."""
    env = environment(templates)
    for name in env.list_templates():
        env.get_template(name)


def to_json(data: Any) -> str:
    """Data exports: versioned, sorted, readable, byte-stable."""
    return json.dumps({"schema_version": SCHEMA_VERSION, **data}, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


# json.dumps(sort_keys=True, ensure_ascii=False) makes an encoder on every call: one, made once
_RECORD = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode


def _record(data: Any) -> str:
    return _RECORD(data)


def _index_record(entry: tuple[str, ...]) -> str:
    """An actor_index entry (strings) as its record line: what `_record(list(entry))` writes, without the
    encoder's walk (14,000 entries at 921 articles, on every edit)."""
    return "[" + ", ".join(map(encode_basestring, entry)) + "]"


def digest_json(corpus: Corpus, full: Full, lines: Lines | None = None, threads: Iterable[dict] = (),
                digest_of: Callable[[CorpusActor], str] | None = None, head: Iterable[Piece] | None = None) -> Iterator[Piece]:
    """digest.json in pieces: every digest (made whole by `full`), the actors, the actor index, the story threads.

    Keys sorted as everywhere; one record per line (a digest, an actor), so
    the file streams to disk a digest at a time, is a third of its indented
    size, and a changed article is a changed line in a diff. `lines`, when
    given, holds the record lines of the previous file by their inputs' key
    (`Lines`): a record whose inputs are unchanged is taken from there
    instead of being made again, so one edited article costs one record.
    `threads` are the records of the site's story threads (`thread_record`);
    `digest_of` gives an actor's `actor_digest` (a Site has it made once
    for the actor's page keys too). A reused line comes as the bytes of the old file
    (with its separator before it): 23 MB at 921 articles, which were
    decoded and encoded again on every edit. `head`, when given, is
    `digest_json_head` of the same corpus and `lines`, made already (a Site makes it before the threads are
    given: `Site.ready_apart`).
    """
    lines = lines or Lines()
    yield from digest_json_head(corpus, full, lines, digest_of) if head is None else head
    records = [_record(t) for t in threads]
    lines.thread_lines = len(records)
    yield ",".join(f"\n{r}" for r in records)
    yield "\n]}\n"


def digest_json_head(corpus: Corpus, full: Full, lines: Lines, digest_of: Callable[[CorpusActor], str] | None = None) -> Iterator[Piece]:
    """The pieces of digest.json before its story threads' records (the last list of the file, keys sorted):
    the actor index, the actors and the digests (see `digest_json`)."""
    yield '{"actor_index": ['
    yield ",".join(f"\n{_index_record(t)}" for t in corpus.actor_index)
    yield '\n],\n"actors": ['
    digest_of = digest_of or actor_digest
    yield from lines.block((lines.actor_key(digest_of(actor)), partial(_actor_record, actor)) for actor in corpus.actors)
    yield '\n],\n"digests": ['
    yield from lines.block((lines.digest_key(d), partial(_digest_record, full, d)) for d in corpus.digests)
    yield f'\n],\n"schema_version": {SCHEMA_VERSION},\n"threads": ['


def thread_record(thread_id: str, thread: Thread) -> dict[str, Any]:
    """A story thread as digest.json lists it: its page id, title, article slugs in thread order and date span."""
    return {"id": thread_id, "title": thread.title, "articles": [a.id for a in thread.articles],
            "start": thread.start, "end": thread.end}


def _actor_record(actor: CorpusActor) -> str:
    return _record(actor.to_dict())


def _digest_record(full: Full, d: ArticleDigest) -> str:
    return _record(full(d).to_dict())


class Lines:
    """Record lines of a previous digest.json, found by the key of what each was made from.

    A digest's line is made from the whole digest (its identity: the cache
    key of the article and its source) and its slug; an actor's line from the
    actor record alone. `keys` lists, line by line, the key of each record
    line of the file (empty for the lines around them); it is saved with the
    page records and given back with the file's bytes on the next build
    (lines taken from there stay bytes, and are found by where they are in
    the old file's bytes: `block`).
    """

    def __init__(self, identity: Callable[[ArticleDigest], str] | None = None,
                 old_keys: list[str] | None = None, old_text: bytes | None = None) -> None:
        self.identity = identity or _identity
        self.text = b""  # the old file
        self.old: dict[str, tuple[int, int]] = {}  # key -> where its line is in `text`, without its comma
        if old_keys and old_text is not None:
            texts = old_text.split(b"\n")
            if len(texts) == len(old_keys):
                starts = map(add, accumulate(map(len, texts), initial=0), count())  # each line's length and a new line
                self.old = {k: (at, at + len(t) - t.endswith(b",")) for k, at, t in zip(old_keys, starts, texts) if k}
                self.text = old_text
        self.keys: list[str] = []  # of the file being made, line by line (see `finish`)
        self.reused = 0
        self.thread_lines = 0  # the threads' record lines at the end of the file (made again each time: a few)

    def digest_key(self, d: ArticleDigest) -> str:
        return _hash("digest-line", self.identity(d), d.slug, d.topics)  # topics: decided across the corpus

    @staticmethod
    def actor_key(digest: str) -> str:
        """The key of an actor's line: the actor's `actor_digest` (a hash of the record, apart from the digests'
        keys by its own prefix)."""
        return digest

    def block(self, records: Iterable[tuple[str, Callable[[], str]]]) -> Iterator[Piece]:
        """The record lines of one list of digest.json, from (key, how to make the line) in order, each with what
        goes before it (a comma after the first, then a new line). A line whose key the old file has is taken from
        there; lines that follow one another there too come as one slice of its bytes, commas and new lines
        between them included: at 921 articles an edit writes 23 MB in a few pieces instead of 11,000 lines,
        each copied twice (cut from the file, then joined to its separator). A slice is a view of the old
        file's bytes, never a copy (build() holds the pieces from before the threads to the write)."""
        text, old, run_from, run_to = memoryview(self.text), self.old, 0, -1  # the run of old lines not yet given out
        for n, (key, make) in enumerate(records):
            self.keys.append(key)
            span = old.get(key)
            if span is None:
                if run_to >= 0:
                    yield text[run_from:run_to]
                    run_to = -1
                yield ("," if n else "") + "\n" + make()
                continue
            self.reused += 1
            if run_to >= 0 and span[0] == run_to + 2:  # the old file's next line, after its comma and new line
                run_to = span[1]
                continue
            if run_to >= 0:
                yield text[run_from:run_to]
            yield b",\n" if n else b"\n"
            run_from, run_to = span
        if run_to >= 0:
            yield text[run_from:run_to]

    def file_keys(self, corpus: Corpus) -> list[str]:
        """The key of each line of the file just made (the layout of `digest_json`)."""
        n_actors = len(corpus.actors)
        actor_keys, digest_keys = self.keys[:n_actors], self.keys[n_actors:]
        return ([""] + [""] * len(corpus.actor_index) + ["", ""] + actor_keys + ["", ""] + digest_keys
                + ["", "", ""] + [""] * self.thread_lines + ["", ""])


def _hash(*parts: object) -> str:
    """A key from its parts: text and bytes as they are; other values (numbers, None, lists, tuples and dicts of
    them) as `values_bytes` writes them, 3 to 5 times faster than their repr (what a value marshal cannot write
    falls back to its text). Every page key of a build is made here, 20,000 at 921 articles."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        if isinstance(part, bytes):
            h.update(part)
        elif isinstance(part, str):
            h.update(part.encode("utf-8", "surrogateescape"))
        else:
            try:
                h.update(b"\1" + values_bytes(part))
            except ValueError:
                h.update(b"\2" + str(part).encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    return h.hexdigest()


# A corpus actor's fields, and its appearances' (ActorRef): every one of them enters `actor_values`.
_ACTOR_FIELDS = tuple(f.name for f in fields(CorpusActor))
_ACTOR_VALUES = attrgetter(*_ACTOR_FIELDS)
_ENTRY_VALUES = attrgetter(*(name for name in _ACTOR_FIELDS if name != "co_actors"))
_APPEARANCES = _ACTOR_FIELDS.index("appearances")
_REF_VALUES = attrgetter(*(f.name for f in fields(ActorRef)))
_PARAGRAPH = attrgetter("paragraph")


def actor_values(actor: CorpusActor, *, co_actors: bool = True) -> tuple:
    """A corpus actor as plain values (strings, ints, None and tuples of them), field by field, its
    appearances as their fields' values; without its co-actors when `co_actors` is false (what an A-Z
    entry reads). A new field of a kind marshal cannot write fails `values_bytes` loudly."""
    values = (_ACTOR_VALUES if co_actors else _ENTRY_VALUES)(actor)
    return (*values[:_APPEARANCES], tuple(map(_REF_VALUES, values[_APPEARANCES])), *values[_APPEARANCES + 1:])


# A quote's and an event's fields, as plain values (what views.quote_item and event_item show is made from them).
_QUOTE_VALUES = attrgetter(*(f.name for f in fields(Quote)))
_EVENT_VALUES = attrgetter(*(f.name for f in fields(Event)))


def values_bytes(values: Any) -> bytes:
    """Plain values as bytes to hash: marshal's version 0 (no shared references, no interning flags)
    writes each value by its type and contents only, so equal bytes are equal values, in any process.
    C-speed: repr(actor) (the dataclass's, a Python call per appearance) cost 0.14 s at 921 articles
    (10,000 actors, 300,000 co-actor pairs) on every edit; marshal takes a third of that."""
    return marshal.dumps(values, 0)


def _place(items: Sequence[object], item: object) -> int:
    """Where `item` is in `items` (a box among its article's boxes, an event among its events): found by identity,
    as `list.index` compared the items before it field by field (0.05 s of an edit's keys at 921 articles); by
    equality when the item is an equal copy (boxes made again)."""
    for n, x in enumerate(items):
        if x is item:
            return n
    return list(items).index(item)


def actor_digest(actor: CorpusActor, entry: tuple | None = None) -> str:
    """A hash of every field of a corpus actor: its page, JSON and digest.json line are made from it. `entry`,
    when given, is `actor_values(actor, co_actors=False)` already made (for its A-Z entries)."""
    entry = actor_values(actor, co_actors=False) if entry is None else entry
    return _hash("actor-values", values_bytes(entry), values_bytes(actor.co_actors))


def _identity(d: ArticleDigest) -> str:
    """What a digest was made from, for a corpus built outside `build()` (tests, small sites): the digest itself."""
    return _hash(repr(d))


def _whole(d: ArticleDigest) -> ArticleDigest:
    return d


class Site:
    """Every page and data file of one corpus: the paths at once, the texts one at a time.

    `paths()` lists the whole section before anything is rendered (so
    output.py checks every path before the first write); `pages()` renders
    lazily, page by page, so the site never sits in memory whole. The corpus
    may hold slim digests (what the cross-article pages need: no paragraph
    text, facts or figures); `full` returns the whole digest of one of them
    for its own page and the data exports, from wherever the build keeps it.
    `section` (the folder inside docs_dir) only shapes the home snippet's links.

    Every page also has a key (`keys()`): a hash of what it is made from, so
    a build can leave a page unrendered when its key is the one recorded for
    the file on disk (generator/cache.py PageRecords). A digest enters a key
    as its `signature`: `identity` (what the whole digest was made from: in
    build() the article's cache key and its source) with its slug and, for
    each of its actors, the site actor it is, that actor's name and whether
    it has a page. An article page's key is its digest's signature (with its
    place in its story); a topic page's, the signatures of the articles it
    lists, as the articles' feeds'. The pages that list an article's quotes,
    events or actors away from it are keyed by what they show of it, so an
    edit that changes none of that (a sentence without a name, quote or
    date) leaves them unrendered: the quote and timeline pages and the quote
    feeds by each item's `quotes_shown` or `events_shown` and its place; an
    actor page by the actor record (`actor_digest`), the co-actors it names
    and, for each appearance, what its article shows (`_listed`) with the
    role and paragraphs there; an A-Z letter page by the actors it lists
    and where each one's link leads. The other site-wide pages made from a
    template (indexes, months, the A-Z lists' own pages, home snippet) are
    keyed by their template values (`_shown`); digest.json by the signature
    of the whole corpus and its threads' records (its unchanged record lines
    are reused, `Lines`, found by `actor_digest` and `Lines.digest_key`).
    """

    @steady_heap()
    def __init__(self, corpus: Corpus, templates: Path = TEMPLATES, section: str = "articles", full: Full = _whole,
                 site_url: str = "", site_name: str = "Article digest",
                 identity: Callable[[ArticleDigest], str] = _identity, lines: Lines | None = None,
                 threads: Iterable[Thread] | None = ()) -> None:
        self.corpus = corpus
        self.env = environment(templates)
        self.views = Views(corpus)
        self.section = section
        self.full = full
        # the section's address for the feeds: "" keeps their links relative (site_url unset)
        self.feeds = Feeds(self.views, site_name, f"{site_url.rstrip('/')}/{section.strip('/')}/" if site_url else "", full)
        self.identity = identity
        self.lines = lines or Lines(identity)
        self._plan: list[Planned] | None = None
        self._signatures: dict[str, str] = {}
        # by actor id (unique in a corpus), for this Site only: an actor page and its JSON share one key,
        # and the page key and digest.json's line key one actor_digest
        self._actor_digests: dict[str, str] = {}
        self._actor_keys: dict[str, str] = {}
        self._article_keys: dict[str, str] = {}  # by slug: an article page and its JSON share one key
        self._quotes_shown: dict[str, str] = {}  # by slug: see quotes_shown()
        self._events_shown: dict[str, str] = {}  # by slug: see events_shown()
        self._listed_keys: dict[str, str] = {}  # by slug: see _listed()
        self._az_shown: dict[str, tuple] = {}  # by actor id: what its A-Z entries are made from (_az_letter_key)
        # story threads (issue 19): their pages, each article's place; None until `add_threads` gives them
        self._threads = None if threads is None else ThreadViews(self.views, tuple(threads))
        self._whole_key: str | None = None
        # the plan's entries that do not depend on which threads there are (`_plan_apart`), and the keys made
        # of its pages that do not show them before the threads were given (`keys_apart`), by path
        self._apart: tuple[list[Planned], list[Planned], list[Planned]] | None = None
        self._early_keys: dict[str, str] = {}
        self._digest_head: list[Piece] | None = None  # digest.json's pieces before the threads, when made ahead

    @property
    def threads(self) -> ThreadViews:
        if self._threads is None:
            raise RuntimeError("the site's story threads are not given yet (Site.add_threads)")
        return self._threads

    def add_threads(self, threads: Iterable[Thread]) -> None:
        """Give the story threads of a Site made with `threads=None`.

        build() makes the site while the threads stage runs beside it (generator/beside.py) and keys
        what does not show the threads meanwhile (`keys_apart`); the pages that show them (the thread
        pages, the article pages with their place in a story, digest.json) are planned and keyed after.
        """
        if self._threads is not None:
            raise RuntimeError("the site's story threads are given already")
        self._threads = ThreadViews(self.views, tuple(threads))

    def _template(self, template: str, /, **values: Any) -> str:
        return self.env.get_template(template).render(**values)

    def signature(self, d: ArticleDigest) -> str:
        sig = self._signatures.get(d.slug)
        if sig is None:
            v = self.views
            actors = [(a.id, cid, v.actor_names.get(cid or ""), v.has_page(cid))
                      for a in d.actors for cid in [v.corpus_id.get((d.slug, a.id))]]
            sig = self._signatures[d.slug] = _hash("digest", self.identity(d), d.slug, actors, d.topics)
        return sig

    def quotes_shown(self, d: ArticleDigest) -> str:
        """What a page that lists an article's quote boxes away from the article shows of them (the quote
        pages, views.quote_item; the quote feeds, feeds.Feeds._quote_item): the article's slug, title and date,
        every quote (its boxes are made from the article's quotes alone) and, for each speaker, the article
        actor's name and role and the site actor it is. Unlike the signature, an edit that changes none of
        these (a sentence added without a quote) leaves it as it was, and the pages listing the quotes with it."""
        key = self._quotes_shown.get(d.slug)
        if key is None:
            v = self.views
            who = []
            for speaker in sorted({q.speaker for q in d.quotes if q.speaker}):
                actor = v.article_actor.get((d.slug, speaker))
                who.append((speaker, None) if actor is None else
                           (speaker, actor.name, actor.role, v.corpus_id.get((d.slug, speaker))))
            key = self._quotes_shown[d.slug] = _hash("quotes-shown", d.slug, d.article.title, d.article.date,
                                                     values_bytes([_QUOTE_VALUES(q) for q in d.quotes]), who)
        return key

    def events_shown(self, d: ArticleDigest) -> str:
        """What a page that lists an article's events away from the article shows of them (the timeline,
        views.event_item): the article's slug and title, every event and, for each actor an event names, the
        article actor's name and kind, the site actor it is and where its link leads (its page, or for an
        actor without one, the paragraph of the article that names it first). Like `quotes_shown`, it stays
        as it was when an edit changes none of these."""
        key = self._events_shown.get(d.slug)
        if key is None:
            v = self.views
            who = []
            for i in sorted({i for e in d.events for i in e.actors}):
                actor, cid = v.article_actor.get((d.slug, i)), v.corpus_id.get((d.slug, i))
                who.append((i, None) if actor is None else
                           (i, actor.name, actor.kind, cid, None if cid is None else v.actor_url(cid, "")))
            key = self._events_shown[d.slug] = _hash("events-shown", d.slug, d.article.title,
                                                     values_bytes([_EVENT_VALUES(e) for e in d.events]), who)
        return key

    def _corpus_key(self) -> str:
        if self._whole_key is None:  # asked by every site-wide page: made once
            self._whole_key = _hash("corpus", [self.signature(d) for d in self.corpus.digests])
        return self._whole_key

    def _actor_digest(self, actor: CorpusActor) -> str:
        made = self._actor_digests.get(actor.id)
        if made is None:
            entry = self._az_shown.get(actor.id)  # its A-Z entry's values, when its letter page was keyed
            made = self._actor_digests[actor.id] = actor_digest(actor, None if entry is None else entry[0])
        return made

    def _actor_key(self, actor: CorpusActor) -> str:
        """The key of an actor's page and JSON, by what their values are made from (views.actor, actor_data):
        the actor record (co-actors and their counts included: the JSON lists them all), whether it has a
        page, the co-actors the page lists by name (the first CO_ACTORS_SHOWN with a page of their own, most
        shared first) and, for each appearance, its article's slug, title and date, what the article shows of
        its quotes and events (`quotes_shown`, `events_shown`: the page lists the actor's), and the article
        actor's role and the paragraphs that name it. Keyed by its articles' signatures, any edit of an
        article rendered the pages of all its actors again (seven pages and their JSON for the bench's edit)."""
        key = self._actor_keys.get(actor.id)
        if key is None:
            v = self.views
            # the first CO_ACTORS_SHOWN with a page, found at C speed: most co-actors are named once, with none
            shown = [(cid, v.actor_names.get(cid)) for cid in
                     islice(filter(v.with_page.__contains__, map(itemgetter(0), actor.co_actors)), CO_ACTORS_SHOWN)]
            seen = []
            for ref in actor.appearances:
                d, named = v.by_slug[ref.article], v.article_actor[(ref.article, ref.actor)]
                seen.append((self._listed(d), named.role, tuple(map(_PARAGRAPH, named.mentions))))
            key = self._actor_keys[actor.id] = _hash("actor", self._actor_digest(actor), v.has_page(actor.id), shown, seen)
        return key

    def _listed(self, d: ArticleDigest) -> str:
        """What a page that lists an article with its quotes and events shows of it (an actor's page)."""
        key = self._listed_keys.get(d.slug)
        if key is None:
            key = self._listed_keys[d.slug] = _hash("listed", d.slug, d.article.title, d.article.date,
                                                    self.quotes_shown(d), self.events_shown(d))
        return key

    def _article_key(self, d: ArticleDigest) -> str:
        key = self._article_keys.get(d.slug)
        if key is None:
            key = self._article_keys[d.slug] = _hash("article", self.signature(d), self.threads.nav_key(d.slug))
        return key

    def _listing_key(self, kind: str, digests: Iterable[ArticleDigest], *extra: object) -> str:
        return _hash(kind, [self.signature(d) for d in digests], *extra)

    def _article_pages(self, d: ArticleDigest) -> tuple[Callable[[], str], Callable[[], str]]:
        """The article page and its JSON, sharing one load of the whole digest."""
        loaded: list[ArticleDigest] = []

        def whole() -> ArticleDigest:
            if not loaded:
                loaded.append(self.full(d))
            return loaded[0]

        def page() -> str:
            text = self._template("article.md.j2", a=self.views.article(whole()), story=self.threads.nav(d.slug))
            return text

        def data() -> str:
            text = to_json(self.views.article_data(whole()))
            loaded.clear()  # the JSON comes right after the page (when both are rendered): nothing else needs it
            return text

        return page, data

    @steady_heap()
    def plan(self) -> list[Planned]:
        """(path, how to make it, its key) of every page and data file."""
        if self._plan is not None:
            return self._plan
        articles, head, tail = self._plan_apart()
        threads = [thread_record(tid, th) for _path, tid, th in self.threads.pages()]
        whole_site = self._corpus_key
        self._plan = [*articles, *head, *self._thread_plan(), *tail,
                      ("digest.json", lambda: digest_json(self.corpus, self.full, self.lines, threads, self._actor_digest,
                                                          self._digest_head),
                       lambda: _hash("digest.json", whole_site(), threads))]
        return self._plan

    def _plan_apart(self) -> tuple[list[Planned], list[Planned], list[Planned]]:
        """The plan's entries that do not depend on which threads there are: the article pages (which read
        their place in a story only when made or keyed), the pages before the thread pages and those after."""
        if self._apart is not None:
            return self._apart
        v, t = self.views, self._template
        articles: list[Planned] = []
        for d in self.corpus.digests:
            page, data = self._article_pages(d)
            key = partial(self._article_key, d)
            articles += [(article_path(d.slug), page, key), (article_json_path(d.slug), data, key)]
        plan: list[Planned] = []
        shown = self._shown
        plan += [shown(path, "month.md.j2", values) for path, values in v.month_pages()]
        plan.append(shown("index.md", "index.md.j2", v.articles_index))
        for actor in self.corpus.actors:
            if not v.has_page(actor.id):
                continue
            key = partial(self._actor_key, actor)
            plan += [(actor_path(actor.id), partial(lambda a: t("actor.md.j2", v=v.actor(a)), actor), key),
                     (actor_json_path(actor.id), partial(lambda a: to_json(v.actor_data(a)), actor), key)]
        plan.append(shown("actors/index.md", "actors.md.j2", v.actors_page))
        letter_keys = {az_letter_path(kind, x): partial(self._az_letter_key, kind, x) for kind, x in v.az_letter_pages()}
        plan += [shown(path, "actors.md.j2", values, letter_keys.get(path)) for path, values in v.kind_pages()]
        plan += [shown(path, "quotes.md.j2", partial(v._quote_page, *made), partial(self._quote_key, path, *made))
                 for path, made in v.quote_page_inputs()]
        plan += [shown(path, "timeline.md.j2", partial(v._timeline_page, *made), partial(self._timeline_key, path, *made))
                 for path, made in v.timeline_page_inputs()]
        topics = {topic_path(tid): topic for topic, tid in v.topic_ids.items()}
        plan += [(path, partial(_values, t, "topic.md.j2", values), partial(self._listing_key, "topic", v.by_topic[topics[path]], path))
                 for path, values in v.topic_pages()]
        plan.append(shown("topics/index.md", "topics.md.j2", v.topics_index))
        feed_keys = self._feed_keys()
        tail: list[Planned] = [(path, content, feed_keys[path]) for path, content in self.feeds.pages()]
        tail.append(shown(HOME_SNIPPET, "_home.md.j2", partial(v.home, self.section)))
        self._apart = articles, plan, tail
        return self._apart

    @steady_heap()
    def keys_apart(self) -> dict[str, str]:
        """Key every page that does not show the story threads, before they are given (`add_threads`):
        build() does while the threads stage runs beside it. `keys()` then takes these keys as made. Of
        the article pages (their place in a story is part of their key), the digests' signatures are made.
        Returns the keys made, by path (not to be changed)."""
        _articles, head, tail = self._plan_apart()
        for d in self.corpus.digests:
            self.signature(d)
        self._corpus_key()
        for path, _make, key in (*head, *tail):
            self._early_keys[path] = key()
        return self._early_keys

    @steady_heap()
    def ready_apart(self) -> None:
        """Make what digest.json is written from that the story threads do not change, before they are given:
        its pieces up to the threads' records (`digest_json_head`, with `lines` as set now), every actor's
        `actor_digest` among them (its record line's key; the 7,800 actors without a page at 921 articles
        were first digested as the file was written). build() does while the threads stage runs beside it,
        so that the write after it is shorter; when digest.json turns out unchanged, they go unused."""
        if self._digest_head is None:
            self._digest_head = list(digest_json_head(self.corpus, self.full, self.lines, self._actor_digest))

    def slugs_made(self) -> dict[str, str]:
        """{name: slug_base(name)} of the names the topic pages' and story threads' ids are made from, for a
        next build to remember (generator/slugs.py `remember`): a new process slugs them all again."""
        from generator.slugs import slug_base

        names = [*self.views.topic_ids, *(th.id for _path, _tid, th in self.threads.pages())]
        return {name: slug_base(name) for name in sorted(names)}

    def digest_head(self) -> list[Piece] | None:
        """digest.json's pieces before the threads' records, when made ahead (`ready_apart`): its text starts
        with these very objects (build() writes them ahead: output.WriteAhead)."""
        return self._digest_head

    def _shown(self, path: str, template: str, values: Callable[[], dict],
               key: Callable[[], str] | None = None) -> tuple[str, Callable[[], str], Callable[[], str]]:
        """A site-wide page keyed by what it shows: its template values, made once for the key and the page.

        The page's text is its template applied to these values (the template
        itself is in the records' version), so a page whose values are
        unchanged is unchanged: an edit that shows on no quote, timeline or
        index page leaves those pages unrendered, and one that does (a title,
        a count, a date) changes their values. Cheaper than rendering: the
        values are plain view objects; the template and the write are skipped.
        `key`, when given, keys the page instead, by what its values are made from.
        """
        made: list[dict] = []

        def shown() -> dict:
            if not made:
                made.append(values())
            return made[0]

        def page() -> str:
            text = self._template(template, **shown())
            made.clear()
            return text

        return path, page, key or (lambda: _hash("shown", path, template, repr(shown())))

    def _quote_key(self, path: str, n: int, part: Sequence[tuple[ArticleDigest, Box]], count: int, total: int,
                   jumps: list) -> str:
        """The key of a quote page, by what its values are made from (views._quote_page): its number, the page
        count, the year jumps, on the first page the number of quotes and the speakers, and for each quote box
        what its article shows of its quotes (`quotes_shown`) and its place among that article's boxes (made
        from its quotes alone). Making the values of every quote page cost about 0.1 s of an edit at 921 articles."""
        boxes = self.views.boxes
        first = (total, repr(self.views.speakers("../"))) if n == 1 else None
        return _hash("quotes-page", path, n, count, first, repr(jumps),
                     [(self.quotes_shown(d), _place(boxes(d), b)) for d, b in part])

    def _timeline_key(self, path: str, n: int, part: Sequence[tuple[ArticleDigest, Event]], count: int, total: int,
                      jumps: list) -> str:
        """The key of a timeline page, by what its values are made from (views._timeline_page): its number,
        the page count, the year jumps, on the first page the number of events, and for each event what its
        article shows of its events (`events_shown`) and its place among them. Making the values of every
        timeline page to key them cost about 0.06 s of an edit at 921 articles."""
        return _hash("timeline-page", path, n, count, total if n == 1 else None, repr(jumps),
                     [(self.events_shown(d), _place(d.events, e)) for d, e in part])

    def _az_letter_key(self, kind: str | None, letter: str) -> str:
        """The key of one letter page of a split A-Z list, by what its values are made from (views.az_letter_page):
        the list's letters and, for each actor it lists, the actor record but its co-actors (which no A-Z entry
        shows), whether it has a page and, when not, where its link leads (the paragraph of its one article
        that names it first). The values of every letter page (every actor's entry and link) cost 0.2 s of an
        edit at 921 articles, the actors' reprs with their co-actors 0.2 s more; and keyed by the signature of
        an actor's article, an edit of it rendered the letter pages of its actors without a page again."""
        v, made = self.views, self._az_shown
        shown = []
        for a in v.az_letter_actors(kind, letter):
            entry = made.get(a.id)
            if entry is None:  # an actor is on two lists: all actors', and its kind's
                page = v.has_page(a.id)
                entry = made[a.id] = (actor_values(a, co_actors=False), page, "" if page else v.actor_url(a.id, ""))
            shown.append(entry)
        return _hash("az-letter", kind, letter, v.az_letters(kind), values_bytes(shown))

    def _feed_keys(self) -> dict[str, Callable[[], str]]:
        """The key of each feed (render/feeds.py): the signatures of the articles it lists and, for the
        quote feeds, what each box's article shows of its quotes and the box's place among them (as on the
        quote pages: `_quote_key`), with the speaker's name; with the site's name and address."""
        v, f = self.views, self.feeds
        head = (f.site_name, f.site)

        def boxes_key(path: str, name: str, boxes: list) -> Callable[[], str]:
            return lambda: _hash("feed", path, *head, name, [(self.quotes_shown(d), _place(v.boxes(d), b)) for d, b in boxes])

        latest = [self.signature(d) for d in v.latest(FEED_ITEMS)]
        keys: dict[str, Callable[[], str]] = {feed_path(name): partial(_hash, "feed", feed_path(name), *head, latest) for name in ("articles.xml", "articles.json")}
        keys[feed_path("quotes.xml")] = boxes_key(feed_path("quotes.xml"), "", v.all_quotes()[:FEED_ITEMS])
        for actor_id, name, boxes in v.speakers_boxes():
            keys[actor_feed_path(actor_id)] = boxes_key(actor_feed_path(actor_id), name, boxes)
        return keys

    def _thread_plan(self) -> list[Planned]:
        """The story threads' pages (issue 19): one per thread, keyed by the thread and its articles' signatures,
        and the Threads index, keyed by every thread."""
        tv, t = self.threads, self._template
        reprs: dict[str, str] = {}  # by path: a thread's repr, made once for its page's key and the index's

        def text(path: str, th: Thread) -> str:
            made = reprs.get(path)
            if made is None:
                made = reprs[path] = repr(th)
            return made

        plan: list[Planned] = [
            (path, partial(lambda th: t("thread.md.j2", **tv.thread(th)), th),
             partial(lambda path, th: _hash("thread", text(path, th), [self.signature(d) for d in tv.members(th)]), path, th))
            for path, _tid, th in tv.pages()]
        plan.append(("threads/index.md", lambda: t("threads.md.j2", **tv.index()),
                     lambda: _hash("threads", [(path, text(path, th)) for path, _tid, th in tv.pages()])))
        return plan

    def paths(self) -> list[str]:
        return [path for path, _make, _key in self.plan()]

    @steady_heap()
    def keys(self) -> dict[str, str]:
        """{path: the key of what the page is made from} for every page (cheap: nothing is rendered)."""
        early = self._early_keys
        return {path: early[path] if path in early else key() for path, _make, key in self.plan()}

    def pages(self, keep: Callable[[str], bool] | None = None) -> Iterator[tuple[str, Content | Untouched]]:
        """(path, text) of every page, each rendered only when asked for; digest.json comes in pieces.

        A page for which `keep(path)` is true is not rendered: UNTOUCHED stands for its text.
        """
        for path, make, _key in self.plan():
            yield path, (UNTOUCHED if keep is not None and keep(path) else make())


def _values(render: Callable[..., str], template: str, values: Callable[[], dict], /) -> str:
    return render(template, **values())


def render(corpus: Corpus, templates: Path = TEMPLATES, section: str = "articles") -> dict[str, str]:
    """Every page and data file of the section, in memory: {path: text} (small sites and tests; build() streams `Site`)."""
    return {path: _joined(text) for path, text in Site(corpus, templates, section).pages()}


def _joined(text: Content | Untouched) -> str:
    """A page's text in one piece (never UNTOUCHED and never bytes in `render`: nothing is kept, no old digest.json)."""
    if isinstance(text, str):
        return text
    assert not isinstance(text, Untouched)
    return "".join(p if isinstance(p, str) else bytes(p).decode("utf-8") for p in text)
