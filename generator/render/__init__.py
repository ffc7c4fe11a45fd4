"""Render: Corpus -> {relative path: page text}. Nothing is written here.

Jinja2 renders templates from `templates/` only; article text never becomes
template source (it arrives escaped, as values of view objects built in
`views.py`). Paths are relative to the generated section; see `views.py`
for the layout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.model import SCHEMA_VERSION, Corpus
from generator.render.views import Views, actor_json_path, actor_path, article_json_path, article_path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MARKER = "generated_by: digest"
# The snippet a hand-written home page includes (pymdownx.snippets); the
# MkDocs plugin keeps it out of the pages, as its links are relative to docs_dir.
HOME_SNIPPET = "_home.md"


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


def render(corpus: Corpus, templates: Path = TEMPLATES, section: str = "articles") -> dict[str, str]:
    """Every page and data file of the section; `section` (its folder inside docs_dir) only shapes the home snippet's links."""
    env = environment(templates)
    views = Views(corpus)
    pages: dict[str, str] = {}

    article_t = env.get_template("article.md.j2")
    for d in corpus.digests:
        pages[article_path(d.slug)] = article_t.render(a=views.article(d))
        pages[article_json_path(d.slug)] = to_json(views.article_data(d))

    month_t = env.get_template("month.md.j2")
    for path, values in views.month_pages():
        pages[path] = month_t.render(**values)
    pages["index.md"] = env.get_template("index.md.j2").render(**views.articles_index())

    actor_t = env.get_template("actor.md.j2")
    for actor in corpus.actors:
        pages[actor_path(actor.id)] = actor_t.render(v=views.actor(actor))
        pages[actor_json_path(actor.id)] = to_json(views.actor_data(actor))
    pages["actors/index.md"] = env.get_template("actors.md.j2").render(letters=views.actors_index())

    quotes_t = env.get_template("quotes.md.j2")
    for path, values in views.quote_pages():
        pages[path] = quotes_t.render(**values)
    timeline_t = env.get_template("timeline.md.j2")
    for path, values in views.timeline_pages():
        pages[path] = timeline_t.render(**values)
    topic_t = env.get_template("topic.md.j2")
    for path, values in views.topic_pages():
        pages[path] = topic_t.render(**values)
    pages["topics/index.md"] = env.get_template("topics.md.j2").render(**views.topics_index())

    pages[HOME_SNIPPET] = env.get_template("_home.md.j2").render(**views.home(section))
    pages["digest.json"] = json.dumps(corpus.to_dict(), sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    return pages
