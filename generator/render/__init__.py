"""Render: Corpus -> pages (relative path, page text), one at a time. Nothing is written here.

Jinja2 renders templates from `templates/` only; article text never becomes
template source (it arrives escaped, as values of view objects built in
`views.py`). Paths are relative to the generated section; see `views.py`
for the layout.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.model import SCHEMA_VERSION, ArticleDigest, Corpus
from generator.render.feeds import Feeds
from generator.render.views import Views, actor_json_path, actor_path, article_json_path, article_path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MARKER = "generated_by: digest"
# The snippet a hand-written home page includes (pymdownx.snippets); the
# MkDocs plugin keeps it out of the pages, as its links are relative to docs_dir.
HOME_SNIPPET = "_home.md"

Content = str | Iterable[str]
Full = Callable[[ArticleDigest], ArticleDigest]


def environment(templates: Path = TEMPLATES) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(templates)),
        undefined=StrictUndefined,
        autoescape=False,  # we emit Markdown; views.py escapes every value
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def to_json(data: Any) -> str:
    """Data exports: versioned, sorted, readable, byte-stable."""
    return json.dumps({"schema_version": SCHEMA_VERSION, **data}, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def _record(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def digest_json(corpus: Corpus, full: Full) -> Iterator[str]:
    """digest.json in pieces: every digest (made whole by `full`), the actors, the actor index.

    Keys sorted as everywhere; one record per line (a digest, an actor), so
    the file streams to disk a digest at a time, is a third of its indented
    size, and a changed article is a changed line in a diff.
    """
    yield '{"actor_index": ['
    yield ",".join(f"\n{_record(list(t))}" for t in corpus.actor_index)
    yield '\n],\n"actors": ['
    for n, actor in enumerate(corpus.actors):
        yield ("," if n else "") + "\n" + _record(actor.to_dict())
    yield '\n],\n"digests": ['
    for n, d in enumerate(corpus.digests):
        yield ("," if n else "") + "\n" + _record(full(d).to_dict())
    yield f'\n],\n"schema_version": {SCHEMA_VERSION}}}\n'


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
    """

    def __init__(self, corpus: Corpus, templates: Path = TEMPLATES, section: str = "articles", full: Full = _whole,
                 site_url: str = "", site_name: str = "Article digest") -> None:
        self.corpus = corpus
        self.env = environment(templates)
        self.views = Views(corpus)
        self.section = section
        self.full = full
        # the section's address for the feeds: "" keeps their links relative (site_url unset)
        self.feeds = Feeds(self.views, site_name, f"{site_url.rstrip('/')}/{section.strip('/')}/" if site_url else "", full)
        self._plan: list[tuple[str, Callable[[], Content]]] | None = None

    def _template(self, template: str, /, **values: Any) -> str:
        return self.env.get_template(template).render(**values)

    def _article_pages(self, d: ArticleDigest) -> tuple[Callable[[], str], Callable[[], str]]:
        """The article page and its JSON, sharing one load of the whole digest."""
        loaded: list[ArticleDigest] = []

        def whole() -> ArticleDigest:
            if not loaded:
                loaded.append(self.full(d))
            return loaded[0]

        def page() -> str:
            return self._template("article.md.j2", a=self.views.article(whole()))

        def data() -> str:
            text = to_json(self.views.article_data(whole()))
            loaded.clear()  # the JSON comes right after the page: nothing else needs the whole digest
            return text

        return page, data

    def plan(self) -> list[tuple[str, Callable[[], Content]]]:
        if self._plan is not None:
            return self._plan
        v, t = self.views, self._template
        plan: list[tuple[str, Callable[[], Content]]] = []
        for d in self.corpus.digests:
            page, data = self._article_pages(d)
            plan += [(article_path(d.slug), page), (article_json_path(d.slug), data)]
        plan += [(path, partial(_values, t, "month.md.j2", values)) for path, values in v.month_pages()]
        plan.append(("index.md", lambda: t("index.md.j2", **v.articles_index())))
        for actor in self.corpus.actors:
            plan += [(actor_path(actor.id), partial(lambda a: t("actor.md.j2", v=v.actor(a)), actor)),
                     (actor_json_path(actor.id), partial(lambda a: to_json(v.actor_data(a)), actor))]
        plan.append(("actors/index.md", lambda: t("actors.md.j2", **v.actors_page())))
        plan += [(path, partial(_values, t, "actors.md.j2", values)) for path, values in v.kind_pages()]
        plan += [(path, partial(_values, t, "quotes.md.j2", values)) for path, values in v.quote_pages()]
        plan += [(path, partial(_values, t, "timeline.md.j2", values)) for path, values in v.timeline_pages()]
        plan += [(path, partial(_values, t, "topic.md.j2", values)) for path, values in v.topic_pages()]
        plan.append(("topics/index.md", lambda: t("topics.md.j2", **v.topics_index())))
        plan += list(self.feeds.pages())
        plan.append((HOME_SNIPPET, lambda: t("_home.md.j2", **v.home(self.section))))
        plan.append(("digest.json", lambda: digest_json(self.corpus, self.full)))
        self._plan = plan
        return plan

    def paths(self) -> list[str]:
        return [path for path, _ in self.plan()]

    def pages(self) -> Iterator[tuple[str, Content]]:
        """(path, text) of every page, each rendered only when asked for; digest.json comes in pieces."""
        for path, make in self.plan():
            yield path, make()


def _values(render: Callable[..., str], template: str, values: Callable[[], dict], /) -> str:
    return render(template, **values())


def render(corpus: Corpus, templates: Path = TEMPLATES, section: str = "articles") -> dict[str, str]:
    """Every page and data file of the section, in memory: {path: text} (small sites and tests; build() streams `Site`)."""
    return {path: text if isinstance(text, str) else "".join(text) for path, text in Site(corpus, templates, section).pages()}
