"""Render: Corpus -> pages (relative path, page text), one at a time. Nothing is written here.

Jinja2 renders templates from `templates/` only; article text never becomes
template source (it arrives escaped, as values of view objects built in
`views.py`). Paths are relative to the generated section; see `views.py`
for the layout.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.heap import steady_heap
from generator.model import SCHEMA_VERSION, UNTOUCHED, ArticleDigest, Corpus, CorpusActor, Untouched
from generator.render.feeds import FEED_ITEMS, Feeds, actor_feed_path, feed_path
from generator.render.threads import ThreadViews
from generator.render.views import (Views, actor_json_path, actor_path, article_json_path, article_path, az_letter_path,
                                    topic_path)

if TYPE_CHECKING:  # the threads code is heavy to import (scikit-learn, datasketch); pages only read its records
    from generator.threads import Thread
    from generator.render.boxes import Box

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MARKER = "generated_by: digest"
# The snippet a hand-written home page includes (pymdownx.snippets); the
# MkDocs plugin keeps it out of the pages, as its links are relative to docs_dir.
HOME_SNIPPET = "_home.md"

Content = str | Iterable[str | bytes]  # digest.json's pieces: its reused record lines come as the old file's bytes
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


def _record(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def digest_json(corpus: Corpus, full: Full, lines: Lines | None = None, threads: Iterable[dict] = (),
                actor_text: Callable[[CorpusActor], str] = repr) -> Iterator[str | bytes]:
    """digest.json in pieces: every digest (made whole by `full`), the actors, the actor index, the story threads.

    Keys sorted as everywhere; one record per line (a digest, an actor), so
    the file streams to disk a digest at a time, is a third of its indented
    size, and a changed article is a changed line in a diff. `lines`, when
    given, holds the record lines of the previous file by their inputs' key
    (`Lines`): a record whose inputs are unchanged is taken from there
    instead of being made again, so one edited article costs one record.
    `threads` are the records of the site's story threads (`thread_record`);
    `actor_text` gives an actor's repr (a Site has it made once for the
    actor's page key too). A reused line comes as the bytes of the old file
    (with its separator before it): 23 MB at 921 articles, which were
    decoded and encoded again on every edit.
    """
    lines = lines or Lines()
    yield '{"actor_index": ['
    yield ",".join(f"\n{_record(list(t))}" for t in corpus.actor_index)
    yield '\n],\n"actors": ['
    for n, actor in enumerate(corpus.actors):
        yield _line(n, lines.get(lines.actor_key(actor, actor_text(actor)), partial(_actor_record, actor)))
    yield '\n],\n"digests": ['
    for n, d in enumerate(corpus.digests):
        yield _line(n, lines.get(lines.digest_key(d), partial(_digest_record, full, d)))
    yield f'\n],\n"schema_version": {SCHEMA_VERSION},\n"threads": ['
    records = [_record(t) for t in threads]
    lines.thread_lines = len(records)
    yield ",".join(f"\n{r}" for r in records)
    yield "\n]}\n"


def _line(n: int, text: str | bytes) -> str | bytes:
    """A record line of digest.json with what goes before it: a comma after the first, then a new line."""
    if isinstance(text, bytes):
        return (b",\n" if n else b"\n") + text
    return ("," if n else "") + "\n" + text


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
    (lines taken from there stay bytes: `digest_json`).
    """

    def __init__(self, identity: Callable[[ArticleDigest], str] | None = None,
                 old_keys: list[str] | None = None, old_text: bytes | None = None) -> None:
        self.identity = identity or _identity
        self.old: dict[str, bytes] = {}
        if old_keys and old_text is not None:
            texts = old_text.split(b"\n")
            if len(texts) == len(old_keys):
                self.old = {k: t.removesuffix(b",") for k, t in zip(old_keys, texts, strict=True) if k}
        self.keys: list[str] = []  # of the file being made, line by line (see `finish`)
        self.reused = 0
        self.thread_lines = 0  # the threads' record lines at the end of the file (made again each time: a few)

    def digest_key(self, d: ArticleDigest) -> str:
        return _hash("digest-line", self.identity(d), d.slug, d.topics)  # topics: decided across the corpus

    @staticmethod
    def actor_key(actor: CorpusActor, text: str | None = None) -> str:
        """The key of an actor's line; `text`, when given, is repr(actor) already made."""
        return _hash("actor-line", repr(actor) if text is None else text)

    def get(self, key: str, make: Callable[[], str]) -> str | bytes:
        self.keys.append(key)
        old = self.old.get(key)
        if old is None:
            return make()
        self.reused += 1
        return old

    def file_keys(self, corpus: Corpus) -> list[str]:
        """The key of each line of the file just made (the layout of `digest_json`)."""
        n_actors = len(corpus.actors)
        actor_keys, digest_keys = self.keys[:n_actors], self.keys[n_actors:]
        return ([""] + [""] * len(corpus.actor_index) + ["", ""] + actor_keys + ["", ""] + digest_keys
                + ["", "", ""] + [""] * self.thread_lines + ["", ""])


def _hash(*parts: object) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(str(part).encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    return h.hexdigest()


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
    it has a page. An article page's key is its digest's signature; an actor
    page's, the actor record with the signatures of its articles and the
    names of the co-actors it lists; a topic page's, the signatures of the
    articles it lists; a feed's, the signatures of its articles (and its
    quote boxes); the site-wide pages made from a template (indexes, months,
    quotes, timeline, the A-Z pages, home snippet) are keyed by their template
    values (`_shown`), so an edit renders only those that show it;
    digest.json has the signature of the whole corpus and its threads' records
    (its unchanged record lines are reused, `Lines`).
    """

    @steady_heap()
    def __init__(self, corpus: Corpus, templates: Path = TEMPLATES, section: str = "articles", full: Full = _whole,
                 site_url: str = "", site_name: str = "Article digest",
                 identity: Callable[[ArticleDigest], str] = _identity, lines: Lines | None = None,
                 threads: Iterable[Thread] = ()) -> None:
        self.corpus = corpus
        self.env = environment(templates)
        self.views = Views(corpus)
        self.section = section
        self.full = full
        # the section's address for the feeds: "" keeps their links relative (site_url unset)
        self.feeds = Feeds(self.views, site_name, f"{site_url.rstrip('/')}/{section.strip('/')}/" if site_url else "", full)
        self.identity = identity
        self.lines = lines or Lines(identity)
        self._plan: list[tuple[str, Callable[[], Content], Callable[[], str]]] | None = None
        self._signatures: dict[str, str] = {}
        # by actor id (unique in a corpus), for this Site only: an actor page and its JSON share one key,
        # and the page key and digest.json's line key one repr (0.2 s of an edit at 921 articles)
        self._actor_reprs: dict[str, str] = {}
        self._actor_keys: dict[str, str] = {}
        self.threads = ThreadViews(self.views, tuple(threads))  # story threads (issue 19): their pages, each article's place
        self._whole_key: str | None = None

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

    def _corpus_key(self) -> str:
        if self._whole_key is None:  # asked by every site-wide page: made once
            self._whole_key = _hash("corpus", [self.signature(d) for d in self.corpus.digests])
        return self._whole_key

    def _actor_repr(self, actor: CorpusActor) -> str:
        text = self._actor_reprs.get(actor.id)
        if text is None:
            text = self._actor_reprs[actor.id] = repr(actor)
        return text

    def _actor_key(self, actor: CorpusActor) -> str:
        key = self._actor_keys.get(actor.id)
        if key is None:
            v = self.views
            slugs = sorted({r.article for r in actor.appearances})
            shown = [(cid, v.actor_names.get(cid), v.has_page(cid)) for cid, _n in actor.co_actors]
            key = self._actor_keys[actor.id] = _hash("actor", self._actor_repr(actor), v.has_page(actor.id),
                                                     [self.signature(v.by_slug[s]) for s in slugs], shown)
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
    def plan(self) -> list[tuple[str, Callable[[], Content], Callable[[], str]]]:
        """(path, how to make it, its key) of every page and data file."""
        if self._plan is not None:
            return self._plan
        v, t = self.views, self._template
        plan: list[tuple[str, Callable[[], Content], Callable[[], str]]] = []
        whole_site = self._corpus_key
        for d in self.corpus.digests:
            page, data = self._article_pages(d)
            key = partial(lambda d: _hash("article", self.signature(d), self.threads.nav_key(d.slug)), d)
            plan += [(article_path(d.slug), page, key), (article_json_path(d.slug), data, key)]
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
        plan += [shown(path, "quotes.md.j2", partial(v._quote_page, *made), self._quote_key(path, *made))
                 for path, made in v.quote_page_inputs()]
        plan += [shown(path, "timeline.md.j2", values) for path, values in v.timeline_pages()]
        topics = {topic_path(tid): topic for topic, tid in v.topic_ids.items()}
        plan += [(path, partial(_values, t, "topic.md.j2", values), partial(self._listing_key, "topic", v.by_topic[topics[path]], path))
                 for path, values in v.topic_pages()]
        plan.append(shown("topics/index.md", "topics.md.j2", v.topics_index))
        plan += self._thread_plan()
        feed_keys = self._feed_keys()
        plan += [(path, content, feed_keys[path]) for path, content in self.feeds.pages()]
        plan.append(shown(HOME_SNIPPET, "_home.md.j2", partial(v.home, self.section)))
        threads = [thread_record(tid, th) for _path, tid, th in self.threads.pages()]
        plan.append(("digest.json", lambda: digest_json(self.corpus, self.full, self.lines, threads, self._actor_repr),
                     lambda: _hash("digest.json", whole_site(), threads)))
        self._plan = plan
        return plan

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

    def _quote_key(self, path: str, n: int, part: Sequence[tuple[ArticleDigest, Box]], count: int, _total: int,
                   jumps: list) -> Callable[[], str] | None:
        """The key of a quote page after the first, by what its values are made from (views._quote_page): its
        number, the page count, the year jumps and, for each quote box, its article's signature (the whole
        digest, its slug and its actors' site names) and its place among that article's boxes (which the whole
        digest decides). The first page, which shows the total and every speaker, is keyed by its values.
        Making the values of every quote page cost about 0.1 s of an edit at 921 articles."""
        if n == 1:
            return None

        def key() -> str:
            boxes = self.views.boxes
            return _hash("quotes-page", path, n, count, repr(jumps), [(self.signature(d), boxes(d).index(b)) for d, b in part])

        return key

    def _az_letter_key(self, kind: str | None, letter: str) -> str:
        """The key of one letter page of a split A-Z list, by what its values are made from (views.az_letter_page):
        the list's letters and, for each actor it lists, the actor record, whether it has a page and, when not,
        the signature of the first article (its link leads to the paragraph that names it there). The values
        of every letter page (every actor's entry and link) cost 0.2 s of an edit at 921 articles; the actors'
        reprs are made for digest.json anyway."""
        v = self.views
        shown = []
        for a in v.az_letter_actors(kind, letter):
            page = v.has_page(a.id)
            first = "" if page or not a.appearances else self.signature(v.by_slug[a.appearances[0].article])
            shown.append((self._actor_repr(a), page, first))
        return _hash("az-letter", kind, letter, v.az_letters(kind), shown)

    def _feed_keys(self) -> dict[str, Callable[[], str]]:
        """The key of each feed (render/feeds.py): the signatures of the articles it lists and, for the
        quote feeds, the quote boxes with their speaker's name; with the site's name and address."""
        v, f = self.views, self.feeds
        head = (f.site_name, f.site)

        def boxes_key(path: str, name: str, boxes: list) -> Callable[[], str]:
            return lambda: _hash("feed", path, *head, name, [(self.signature(d), repr(b)) for d, b in boxes])

        latest = [self.signature(d) for d in v.latest(FEED_ITEMS)]
        keys: dict[str, Callable[[], str]] = {feed_path(name): partial(_hash, "feed", feed_path(name), *head, latest) for name in ("articles.xml", "articles.json")}
        keys[feed_path("quotes.xml")] = boxes_key(feed_path("quotes.xml"), "", v.all_quotes()[:FEED_ITEMS])
        for actor_id, name, boxes in v.speakers_boxes():
            keys[actor_feed_path(actor_id)] = boxes_key(actor_feed_path(actor_id), name, boxes)
        return keys

    def _thread_plan(self) -> list[tuple[str, Callable[[], Content], Callable[[], str]]]:
        """The story threads' pages (issue 19): one per thread, keyed by the thread and its articles' signatures,
        and the Threads index, keyed by every thread."""
        tv, t = self.threads, self._template
        plan: list[tuple[str, Callable[[], Content], Callable[[], str]]] = [
            (path, partial(lambda th: t("thread.md.j2", **tv.thread(th)), th),
             partial(lambda th: _hash("thread", repr(th), [self.signature(d) for d in tv.members(th)]), th))
            for path, _tid, th in tv.pages()]
        plan.append(("threads/index.md", lambda: t("threads.md.j2", **tv.index()),
                     lambda: _hash("threads", [(path, repr(th)) for path, _tid, th in tv.pages()])))
        return plan

    def paths(self) -> list[str]:
        return [path for path, _make, _key in self.plan()]

    @steady_heap()
    def keys(self) -> dict[str, str]:
        """{path: the key of what the page is made from} for every page (cheap: nothing is rendered)."""
        return {path: key() for path, _make, key in self.plan()}

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
    return "".join(p.decode("utf-8") if isinstance(p, bytes) else p for p in text)
