"""Refit the weights of the actor decisions (`generator/analyse/coref.py`) on the training file.

Usage: .venv/bin/python bench/fit_actors.py [../shared/eval/actors_train.jsonl] [--dev ../shared/eval/actors_dev.jsonl]
                                            [--write]

Each training text goes through the real pipeline up to the rules' mention groups
(`actors.actor_groups`). Every group is labelled by the gold entities its mentions overlap,
through the scorer's own `owner` (../shared/eval/score_actors.py): a candidate pair of groups
(`coref.join_candidates`, hard constraints excluded) is positive when both groups' mentions
belong mostly to one gold entity. The decision is a logistic regression (scikit-learn, lbfgs,
standardised features), which is deterministic. The threshold is then chosen on the training
file by the scorer's own figures (people/organisation F1 + merge precision + merge recall). `--dev` prints the same figures on the dev file with the chosen weights, for the
record only: nothing is chosen on it. `--write` saves generator/analyse/coref_weights.json.
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from actors import SHARED, load_scorer  # noqa: E402  (bench/actors.py)

from generator.analyse import actors as act  # noqa: E402
from generator.analyse import coref  # noqa: E402
from generator.analyse.nlp import load_pipeline  # noqa: E402
from generator.config import DEFAULT_MODELS  # noqa: E402

OURS = ("digest_actors", "digest_quotes", "digest_timeline", "digest_facts", "digest_release")
JOIN_GRID = [round(x, 2) for x in np.arange(0.30, 0.96, 0.05)]


def parsed(rows: list[dict]) -> list[tuple[dict, object, list]]:
    """(row, doc, groups) per article; the groups are the rules' proposal."""
    nlp = load_pipeline(DEFAULT_MODELS)
    out = []
    with nlp.select_pipes(disable=[p for p in OURS if p in nlp.pipe_names]):
        for row in rows:
            doc = nlp(row["text"])
            out.append((row, doc, act.actor_groups(doc)))
    return out


def owner_of(scorer, group, gold: list[dict]) -> int | None:
    """The gold entity most of the group's mentions belong to (None when none overlaps)."""
    owners = [scorer.owner({"start": m.start_char, "end": m.end_char}, gold) for m in group.members]
    votes = Counter(o for o in owners if o is not None)
    return min(votes, key=lambda o: (-votes[o], o)) if votes else None


def samples(scorer, data) -> tuple[list[dict], list[int]]:
    jx, jy = [], []
    for row, doc, groups in data:
        gold = row["entities"]
        only = [g for g, _r in groups]
        owners = [owner_of(scorer, g, gold) for g in only]
        places = coref.place_words(only)
        for i, j, alternatives in coref.join_candidates(only):
            if coref.conflict(only[i], only[j], places) or owners[i] is None or owners[j] is None:
                continue
            jx.append(coref.join_features(doc, only[i], only[j], alternatives))
            jy.append(int(owners[i] == owners[j]))
    return jx, jy


def fit(x: list[dict], y: list[int]) -> dict:
    names = sorted(x[0])
    matrix = np.array([[row[n] for n in names] for row in x])
    scaler = StandardScaler().fit(matrix)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=1.0, max_iter=5000).fit((matrix - scaler.mean_) / scale, y)
    return {"features": names, "coef": [round(float(c), 6) for c in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6),
            "mean": [round(float(m), 6) for m in scaler.mean_], "scale": [round(float(s), 6) for s in scale],
            "samples": len(y), "positives": int(sum(y))}


def predict(data, model: dict) -> dict[str, list[dict]]:
    """Predictions in the scorer's format (names only, as bench/actors.py submits by default)."""
    preds = {}
    for row, doc, groups in data:
        decided = coref.decide(doc, copy.deepcopy(groups), model)
        preds[str(row["id"])] = [{"kind": g.kind, "mentions": [{"start": m.start_char, "end": m.end_char} for m in g.members]}
                                 for g, _r in decided]
    return preds


def objective(result: dict) -> float:
    return result["people_org_f1"] + result["merge_precision"] + result["merge_recall"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", type=Path, nargs="?", default=SHARED / "eval" / "actors_train.jsonl")
    ap.add_argument("--dev", type=Path, help="print the dev file's figures with the fitted weights (nothing is chosen on it)")
    ap.add_argument("--write", action="store_true", help=f"save the weights to {coref.WEIGHTS.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    scorer = load_scorer()
    rows = [json.loads(line) for line in args.file.open(encoding="utf-8") if line.strip()]
    data = parsed(rows)
    model: dict = {"source": f"fitted by bench/fit_actors.py on {args.file.name} (GUM annotations, CC BY 4.0)"}
    settled = []
    for row, doc, groups in data:  # the join is fitted on groups whose kinds are settled as at run time
        groups = copy.deepcopy(groups)
        coref.settle_kinds(doc, groups)
        settled.append((row, doc, groups))
    jx, jy = samples(scorer, settled)
    model["join"] = fit(jx, jy)
    before = scorer.score_gum(rows, predict(data, {}))
    # the highest threshold among the best: a wrong merge is worse than a split
    best = max(JOIN_GRID, key=lambda t: (objective(scorer.score_gum(rows, predict(data, {**model, "join": {**model["join"], "threshold": t}}))), t))
    model["join"]["threshold"] = best
    after = scorer.score_gum(rows, predict(data, model))
    out = {"train_before": before, "train_after": after, "join_threshold": best, "join_samples": len(jy)}
    if args.dev:
        dev_rows = [json.loads(line) for line in args.dev.open(encoding="utf-8") if line.strip()]
        dev_data = parsed(dev_rows)
        out["dev_before"] = scorer.score_gum(dev_rows, predict(dev_data, {}))
        out["dev_after"] = scorer.score_gum(dev_rows, predict(dev_data, model))
    print("join", ", ".join(f"{n}={c:+.2f}" for n, c in sorted(zip(model["join"]["features"], model["join"]["coef"]),
                                                               key=lambda nc: -abs(nc[1]))), file=sys.stderr)
    if args.write:
        coref.WEIGHTS.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {coref.WEIGHTS}", file=sys.stderr)
    print(json.dumps(out, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
