"""Golden pages: the seed article's page and one actor page, compared byte for byte.

The seed (../shared/samples) goes through the real pipeline and the real
templates; the pages are kept in tests/fixtures/expected/. A change to what a
page shows is then a diff a person reviews: run `pytest
tests/test_render_goldens.py --update-goldens`, read `git diff
tests/fixtures/expected`, commit it with the change.
"""

from __future__ import annotations

import pytest

from generator.corpus import build_corpus
from generator.render import render
from tests.conftest import FIXTURES

EXPECTED = FIXTURES / "expected"
# The seed's main speaker: an actor page with roles, quotes, events and co-actors.
SEED_ACTOR = "actors/john-kerry.md"


@pytest.fixture(scope="module")
def seed_pages(seed_digest) -> dict[str, str]:
    return render(build_corpus([seed_digest]))


def golden(name: str, text: str, update: bool) -> None:
    path = EXPECTED / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if not path.is_file():
        pytest.fail(f"{path} is missing; run pytest {__file__} --update-goldens and review the new file")
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} changed; if the change is meant, run with --update-goldens and review the diff"


def test_seed_article_page_is_the_golden_one(seed_pages, seed_digest, update_goldens):
    [article] = [p for p in seed_pages if p.startswith("2015-09-18-") and p.endswith(".md")]
    golden("seed-article.md", seed_pages[article], update_goldens)


def test_seed_actor_page_is_the_golden_one(seed_pages, update_goldens):
    assert SEED_ACTOR in seed_pages, sorted(p for p in seed_pages if p.startswith("actors/"))[:20]
    golden("seed-actor-john-kerry.md", seed_pages[SEED_ACTOR], update_goldens)


def test_goldens_render_the_same_twice(seed_digest):
    """The pages the goldens hold are deterministic: a second render gives the same bytes."""
    first, second = render(build_corpus([seed_digest])), render(build_corpus([seed_digest]))
    assert first == second


def test_readers_see_no_input_file_name(seed_pages, seed_path):
    """Which file an article was read from is the builder's business (it stays in the JSON)."""
    [article] = [p for p in seed_pages if p.startswith("2015-09-18-") and p.endswith(".md")]
    assert seed_path.name not in seed_pages[article] and "Source file" not in seed_pages[article]
    assert seed_path.name in seed_pages[article.replace(".md", ".json").replace("2015", "data/articles/2015", 1)]
