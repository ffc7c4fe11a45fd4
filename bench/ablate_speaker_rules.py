"""Does each speaker rule earn its place? Every rule of `speakers.RULES` off in turn, on train and dev.

Usage: .venv/bin/python bench/ablate_speaker_rules.py [TRAIN] [--dev DEV]

The docs are parsed once and cached as bench/fit_speakers.py does; then, for the rules as they
are and for each source of candidates and each carrying rule of `speakers.RULES` taken out
alone, the quotes are attributed again (with the installed ranking) and scored by
../shared/eval/score_quotes.py on both files. Per rule it prints what the figures lose when the
rule is off (positive: the rule helps), as the sum of the named, full-name and all-resolved
speaker accuracies and quote F1, and how many right speakers (named and all-resolved tiers,
counted) it gives: an accuracy is over the quotes found, so a rule that keeps a quote more with
its right speaker can lower it. A rule earns its place when it helps the training file (either
way, without losing quote F1) and hurts neither dev figure. The last line is one JSON object: {rule: {"train": delta, "dev": delta,
"earns": bool}}.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import quotes as bench_quotes  # noqa: E402  (bench/quotes.py)
from fit_speakers import load_records, parsed_docs, predict, score  # noqa: E402

from generator.analyse.speakers import RULES  # noqa: E402

KEYS = ("speaker_acc_named", "speaker_acc_fullname", "speaker_acc_all", "quote_f1")


def total(figures: dict) -> float:
    return sum(figures[k] for k in KEYS)


def right(figures: dict) -> int:
    """Right speakers of the named and all-resolved tiers, counted: an accuracy is over the quotes
    found, so a rule that finds a quote more (and names its speaker right) can lower it."""
    pairs = figures["pairs"]
    return round(figures["speaker_acc_named"] * pairs["strict"]) + round(figures["speaker_acc_all"] * pairs["resolved"])


def main(argv: list[str] | None = None) -> int:
    shared = bench_quotes.SHARED / "eval"
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train", type=Path, nargs="?", default=shared / "quotes_train.jsonl")
    ap.add_argument("--dev", type=Path, default=shared / "quotes_dev.jsonl")
    args = ap.parse_args(argv)
    scorer = bench_quotes.load_scorer()
    files = {"train": args.train, "dev": args.dev}
    data = {part: (load_records(path), parsed_docs(path)) for part, path in files.items()}
    base = {part: score(scorer, recs, predict(docs, recs)) for part, (recs, docs) in data.items()}
    out = {}
    for rule in RULES:
        off = frozenset({rule})
        without = {part: score(scorer, recs, predict(docs, recs, disabled=off)) for part, (recs, docs) in data.items()}
        delta = {part: round(total(base[part]) - total(without[part]), 4) for part in data}
        gained = {f"{part}_right": right(base[part]) - right(without[part]) for part in data}
        # earns: helps train (accuracies, or right speakers counted without losing quote F1) and hurts no dev figure
        helps = delta["train"] > 0 or (gained["train_right"] > 0 and base["train"]["quote_f1"] >= without["train"]["quote_f1"])
        out[rule] = {**delta, **gained, "earns": helps and delta["dev"] >= 0 and gained["dev_right"] >= 0}
        print(f"{rule:18s} train {delta['train']:+.4f} ({gained['train_right']:+d} right)  "
              f"dev {delta['dev']:+.4f} ({gained['dev_right']:+d} right)", flush=True)
    print(json.dumps(out, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
