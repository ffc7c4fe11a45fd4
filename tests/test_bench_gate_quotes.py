"""The quote bench as a gate: speaker and quote figures on a fixed slice of the training file
and on the dev file must not fall more than GATE_TOLERANCE below the floors committed in
bench/floors_quotes.json.

It runs bench/quotes.py's own `evaluate` (the real pipeline, the shared scorer imported
unchanged) on the first TRAIN_SLICE articles of ../shared/eval/quotes_train.jsonl and on
the whole of quotes_dev.jsonl; without ../shared it is skipped. Raise a floor in the same
commit as the change that earns it (bench/quotes.py FILE --limit N prints the figures).
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT, SHARED, load_bench

FLOORS = ROOT / "bench" / "floors_quotes.json"
# A drop this large is a regression, not run-to-run noise (the pipeline is deterministic,
# so the margin covers model or dependency upgrades that move a quote or two).
GATE_TOLERANCE = 0.01


def _bench():
    return load_bench("quotes")


@pytest.fixture(scope="module")
def floors() -> dict:
    return json.loads(FLOORS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def figures(analyser, floors) -> dict:
    train = SHARED / "eval" / "quotes_train.jsonl"
    dev = SHARED / "eval" / "quotes_dev.jsonl"
    if not train.is_file() or not dev.is_file():
        pytest.skip(f"the shared evaluation files are not here ({SHARED / 'eval'}); run inside the workplace with ../shared")
    bench = _bench()
    scorer = bench.load_scorer()
    return {
        "train_slice": bench.evaluate(scorer, analyser, train, limit=floors["train_slice_articles"], seed=False),
        "dev": bench.evaluate(scorer, analyser, dev, seed=False),
    }


@pytest.mark.parametrize("part", ["train_slice", "dev"])
def test_quote_figures_hold_their_floors(figures, floors, part):
    got = figures[part]
    low = {k: (got[k], floor) for k, floor in floors[part].items() if got[k] < floor - GATE_TOLERANCE}
    assert not low, f"{part}: figures below their floors (got, floor): {low}"
