"""The article page shows key facts first, the figures box and the timeline; an actor's page shows their events."""

from __future__ import annotations

import pytest

from generator.corpus import build_corpus
from generator.render import render
from generator.render.views import actor_path, article_path


@pytest.fixture(scope="module")
def seed_pages(seed_digest):
    corpus = build_corpus([seed_digest])
    return corpus, render(corpus)


def test_article_page_order_and_boxes(seed_pages):
    corpus, pages = seed_pages
    [digest] = corpus.digests
    page = pages[article_path(digest.slug)]
    assert page.index("## Key facts") < page.index('!!! info "Figures"') < page.index("## Actors") < page.index("## Timeline")
    assert "    - **200** marines [¶&#8239;" in page
    assert "    - more than **20** Condor transport plane flights in 10 days [¶&#8239;" in page
    assert "- **19 September 2015** (planned) — " in page and "- **20 September 2015** (planned) — " in page
    assert "- **7–13 September 2015** (about) — " in page
    assert "- **February 2015** (about) — " in page
    assert "\ntags:" not in page  # one article alone: no topic connects it to another (corpus_topics.MIN_ARTICLES)


def test_actor_page_lists_their_events(seed_pages):
    corpus, pages = seed_pages
    [kerry] = [a for a in corpus.actors if a.name == "John Kerry"]  # quoted: a page of his own (one article)
    page = pages[actor_path(kerry.id)]
    assert "## Timeline" in page
    row = next(line for line in page.splitlines() if line.startswith("- **19 September 2015**"))
    assert "(planned)" in row and "plans to meet on Saturday" in row
    assert f"](../{article_path(corpus.digests[0].slug)}#p-" in row
