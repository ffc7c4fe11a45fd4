"""Paginated indexes end their pages where the items say (views.stable_chunks): an item added or removed
changes its own page, not every page after it; only the first page counts the whole list."""

from __future__ import annotations

import pytest

from generator.render import render, views
from generator.render.views import stable_chunks
from tests.demo_site import demo_corpus

ITEMS = [f"2023-article-{n:04d}" for n in range(2000)]


def pages_of(items: list[str], size: int) -> list[tuple[str, ...]]:
    return [tuple(p) for p in stable_chunks(items, size, lambda x: x)]


@pytest.mark.parametrize("size", [4, 50, 100, 200])
def test_pages_hold_every_item_once_in_order_and_about_size_each(size):
    parts = pages_of(ITEMS, size)
    assert [x for p in parts for x in p] == ITEMS
    assert all(size // 2 <= len(p) <= 2 * size for p in parts[:-1]) and 1 <= len(parts[-1]) <= 2 * size
    assert 0.6 * len(ITEMS) / size <= len(parts) <= 1.6 * len(ITEMS) / size
    assert pages_of(list(ITEMS), size) == parts  # the same items, the same pages


@pytest.mark.parametrize("removed", [0, 7, 500, 1234, 1999])
def test_removing_an_item_changes_its_own_page_not_the_pages_after_it(removed):
    before = pages_of(ITEMS, 100)
    after = pages_of(ITEMS[:removed] + ITEMS[removed + 1:], 100)
    kept = set(before) & set(after)
    assert len(before) - len(kept) <= 2 and len(after) - len(kept) <= 2
    # against pages of a fixed count, which move every page from the removed item on
    fixed = [tuple(ITEMS[i:i + 100]) for i in range(0, len(ITEMS), 100)]
    fixed_after = [tuple(x) for x in views.chunks(ITEMS[:removed] + ITEMS[removed + 1:], 100)]
    assert len(set(fixed) - set(fixed_after)) == len(fixed) - removed // 100


def test_one_item_a_page_and_an_empty_list():
    assert pages_of(ITEMS[:3], 1) == [(x,) for x in ITEMS[:3]]
    assert pages_of([], 100) == [()]


def test_only_the_first_page_counts_the_whole_list():
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(views, "QUOTES_PAGE_SIZE", 1)
        mp.setattr(views, "EVENTS_PAGE_SIZE", 2)
        pages = render(demo_corpus())
    assert "4 quotes, newest article first" in pages["quotes/index.md"]
    assert "\nQuotes, newest article first" in pages["quotes/page-2.md"] and "4 quot" not in pages["quotes/page-2.md"]
    assert "dated events from all articles" in pages["timeline/index.md"]
    assert "\nDated events from all articles" in pages["timeline/page-2.md"]
