"""generator/heap.py: the objects alive when a stage starts are left out of its collections, and only for the stage."""

from __future__ import annotations

import gc

from generator.heap import settle, steady_heap


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def test_a_stage_skips_what_was_alive_before_it_and_the_heap_is_whole_again_after():
    assert gc.get_freeze_count() == 0
    before = Node()
    with steady_heap():
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with steady_heap():  # nested: the outer block decides
            made = [Node() for _ in range(10)]
            settle()
            assert gc.get_freeze_count() > frozen
        assert gc.get_freeze_count() > frozen
        del made
    assert gc.get_freeze_count() == 0
    del before


def test_garbage_made_inside_a_stage_is_still_collected_there():
    with steady_heap():
        Node()
        assert gc.collect() >= 1  # the new cycle is found: only the objects from before the stage are skipped
