"""Does each actor rule earn its place? Every rule of the registries off in turn, on train and dev.

Usage: .venv/bin/python bench/ablate_actor_rules.py [TRAIN] [--dev DEV]

The texts are parsed once; then, for the rules as they are and for each rule of
`actor_rules.NON_ENTITY_RULES` and `actor_rules.GROUP_RULES` taken out alone, the actors are found again
(`actor_groups`, then the fitted `coref.decide`) and scored by ../shared/eval/score_actors.py on
both files (names only, as bench/actors.py submits). Per rule it prints what the figures lose
when the rule is off (positive: the rule helps). A rule earns its place when it helps the
training file (people/organisation F1 + merge precision + merge recall) and does not hurt dev.
The last line is one JSON object: {rule: {"train": delta, "dev": delta, "earns": bool}}.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from actors import SHARED, load_scorer  # noqa: E402  (bench/actors.py)
from fit_actors import objective, parsed  # noqa: E402

from generator.analyse import actor_rules as rules  # noqa: E402
from generator.analyse import actors as act  # noqa: E402
from generator.analyse import coref  # noqa: E402


def score(scorer, rows: list[dict], data) -> dict:
    preds = {}
    for row, doc, _groups in data:
        groups = coref.decide(doc, act.actor_groups(doc))
        preds[str(row["id"])] = [{"kind": g.kind, "mentions": [{"start": m.start_char, "end": m.end_char} for m in g.members]}
                                 for g, _r in groups]
    return scorer.score_gum(rows, preds)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train", type=Path, nargs="?", default=SHARED / "eval" / "actors_train.jsonl")
    ap.add_argument("--dev", type=Path, default=SHARED / "eval" / "actors_dev.jsonl")
    args = ap.parse_args(argv)
    scorer = load_scorer()
    files = {}
    for key, path in (("train", args.train), ("dev", args.dev)):
        rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        files[key] = (rows, parsed(rows))
    base = {k: objective(score(scorer, rows, data)) for k, (rows, data) in files.items()}
    out = {}
    for registry in (rules.NON_ENTITY_RULES, rules.GROUP_RULES):
        for k, rule in enumerate(list(registry)):
            registry.pop(k)
            try:
                off = {key: objective(score(scorer, rows, data)) for key, (rows, data) in files.items()}
            finally:
                registry.insert(k, rule)
            delta = {key: round(base[key] - off[key], 4) for key in files}
            out[rule.__name__] = {**delta, "earns": delta["train"] > 0 and delta["dev"] >= 0}
            print(f"{rule.__name__:28} train {delta['train']:+.4f}  dev {delta['dev']:+.4f}", file=sys.stderr)
    print(json.dumps(out, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
