"""Render: Corpus -> {relative path: page text}. Nothing is written here.

Jinja2 renders templates from `templates/` only; article text never becomes
template source (it arrives escaped, as values of view objects).
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.model import Corpus
from generator.render.views import (
    LATEST_ON_INDEX,
    MONTH_PAGE_SIZE,
    Views,
    _names,
    actor_path,
    article_path,
    display_date,
    month_path,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MARKER = "generated_by: digest"


def environment(templates: Path = TEMPLATES) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(templates)),
        undefined=StrictUndefined,
        autoescape=False,  # we emit Markdown; views.py escapes every value
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def month_label(month: str) -> str:
    return "Undated" if month == "undated" else display_date(month + "-01").split(" ", 1)[1]


def render(corpus: Corpus, templates: Path = TEMPLATES) -> dict[str, str]:
    env = environment(templates)
    views = Views(corpus)
    pages: dict[str, str] = {}
    article_t = env.get_template("article.md.j2")
    for d in corpus.digests:
        pages[article_path(d.slug)] = article_t.render(a=views.article(d))
    months = views.months()
    month_t = env.get_template("month.md.j2")
    month_items = []
    for month, digests in months.items():
        chunks = [digests[i : i + MONTH_PAGE_SIZE] for i in range(0, len(digests), MONTH_PAGE_SIZE)]
        for n, chunk in enumerate(chunks, 1):
            pages[month_path(month, n)] = month_t.render(
                label=month_label(month),
                page=n,
                items=[
                    {"date": display_date(x.article.date), "link": views.article_link(x, "../"), "byline": _names(x.article.byline)}
                    for x in chunk
                ],
                pages=[{"number": k, "url": month_path(month, k).removeprefix("months/"), "current": k == n} for k in range(1, len(chunks) + 1)],
            )
        month_items.append({"label": month_label(month), "url": month_path(month), "count": len(digests)})
    latest = sorted(corpus.digests, key=lambda d: (d.article.date or "", d.slug), reverse=True)[:LATEST_ON_INDEX]
    pages["index.md"] = env.get_template("index.md.j2").render(
        total=len(corpus.digests),
        months=month_items,
        latest=[{"date": display_date(d.article.date), "link": views.article_link(d, "")} for d in latest],
    )
    actor_t = env.get_template("actor.md.j2")
    for actor in corpus.actors:
        pages[actor_path(actor.id)] = actor_t.render(v=views.actor(actor))
    pages["actors/index.md"] = env.get_template("actors.md.j2").render(letters=views.actors_index())
    pages["digest.json"] = json.dumps(corpus.to_dict(), sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    return pages
