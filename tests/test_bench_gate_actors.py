"""The actors bench is a gate: a change that lowers people/organisation F1 or the merge figures on
the training slice or the dev file, or loses a seed person or role, cannot land.

Runs bench/actors.py's own scoring (the shared scorer, imported) on every third article of
../shared/eval/actors_train.jsonl, on actors_dev.jsonl and on the seed, against the floors
committed in bench/floors_actors.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED, SEED_GOLD, SHARED, load_bench

FLOORS = json.loads((ROOT / "bench" / "floors_actors.json").read_text(encoding="utf-8"))
TRAIN = SHARED / "eval" / "actors_train.jsonl"
DEV = SHARED / "eval" / "actors_dev.jsonl"

pytestmark = pytest.mark.skipif(not (TRAIN.is_file() and DEV.is_file() and SEED.is_file()),
                                reason=f"the shared evaluation data is not at {SHARED}")


def _bench():
    return load_bench("actors")


@pytest.fixture(scope="module")
def bench():
    return _bench()


@pytest.mark.parametrize("path, every, floors", [(TRAIN, 3, "train_every_3"), (DEV, 1, "dev")])
def test_actor_figures_hold_their_floors(bench, analyser, path: Path, every: int, floors: str):
    result, _preds = bench.score_file(bench.load_scorer(), analyser, path, every=every)
    low = {k: (result[k], floor) for k, floor in FLOORS[floors].items() if result[k] < floor - FLOORS["tolerance"]}
    assert not low, f"{path.name}: below the committed floors (figure, floor): {low}"


def test_the_seed_keeps_its_people_and_roles(bench, analyser):
    from generator.ingest import ReadOptions, read_file

    scorer = bench.load_scorer()
    [seed] = read_file(SEED, ReadOptions())
    [digest] = bench.run(analyser, [seed])
    result = scorer.score_seed(json.loads(SEED_GOLD.read_text(encoding="utf-8")), bench.predictions(digest, names_only=True))
    floors = FLOORS["seed"]
    assert result["seed_people_found"] >= floors["seed_people_found"]
    assert result["seed_roles_right"] >= floors["seed_roles_right"]
    assert result["seed_staff_as_actors"] <= floors["seed_staff_as_actors"]
    assert result["seed_non_entities_as_actors"] <= floors["seed_non_entities_as_actors"]
