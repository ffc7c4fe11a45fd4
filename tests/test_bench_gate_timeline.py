"""The timeline bench is a gate: a change that lets a caption, source list or a quote's relative
date give an event on the example articles, loses a seed date, or lowers date detection on the
hand gold (tests/fixtures/timeline_gold.jsonl, sentences of ../shared/corpus/plain) cannot land.

Runs bench/timeline.py's own counting with the session's analyser. The floors are the figures
of the commit that added the gate, less one sentence's worth on the gold."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES, ROOT, SEED, SEED_GOLD, load_bench

GOLD = FIXTURES / "timeline_gold.jsonl"
# precision 0.969 and recall 1.0 when the gate was added (31 gold dates, 38 sentences)
GOLD_PRECISION_FLOOR = 0.93
GOLD_RECALL_FLOOR = 0.96


def _bench():
    return load_bench("timeline")


@pytest.fixture(scope="module")
def bench():
    return _bench()


def test_gold_sentences_are_in_their_files():
    records = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(records) >= 30
    for r in records:
        assert r["file"].startswith("plain/") and r["date"], r
        for d in r["dates"]:
            assert d["expression"] in r["sentence"], r


def test_examples_and_seed_give_no_caption_list_or_quote_relative_events(bench, analyser):
    if not SEED.is_file():
        pytest.skip("the shared seed article is not here")
    counts = bench.bench_events(analyser, bench.article_paths(ROOT / "articles") + [SEED], [SEED_GOLD], False)
    assert counts["events"] > 50
    assert (counts["caption_events"], counts["list_events"], counts["quote_relative_events"]) == (0, 0, 0)
    assert counts["seed_timeline_right"] == counts["seed_timeline_gold"] == 9


def test_date_detection_on_the_gold(bench, analyser):
    result = bench.bench_gold(analyser, GOLD, False)
    assert result["gold_precision"] >= GOLD_PRECISION_FLOOR, result
    assert result["gold_recall"] >= GOLD_RECALL_FLOOR, result
    assert result["gold_resolved_right"] >= result["gold_resolved_gold"] - 1, result
