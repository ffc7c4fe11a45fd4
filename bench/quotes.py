"""Quote boxes and speakers against people's annotations.

Usage: .venv/bin/python bench/quotes.py FILE [--dev DEV_FILE] [--out PRED.jsonl] [--errors] [--limit N]

FILE is shaped like ../shared/eval/quotes_dev.jsonl (one article a line with
"id" and "text"). Each text goes through the real pipeline (the plain-text
reader, then the Analyser), the quotes are written as {"id", "quotes":
[{"quote", "speaker"}]} lines and scored by ../shared/eval/score_quotes.py
(imported, unchanged) with --gold FILE. The seed article is scored against
the 18 quotes of ../shared/samples/gold/*.json with the same scorer's
matching. The last line printed is one flat JSON object.

--errors prints, before the summary, every unmatched and wrong-speaker pair
(for reading, not for the record); a FULLNAME line is a pair right by the
lenient name match but wrong on the first name ("Bill" for "Hillary Clinton").

`speaker_acc_fullname` is the scorer's `speaker_accuracy.full_name`: only
quotes whose annotated source is itself a full name, and the first names must
agree. `speaker_acc_named_first_names` (a diagnostic) applies the scorer's
`same_person` to both named tiers. --dev DEV_FILE also runs DEV_FILE and adds its figures with the prefix
`dev_`, and `train_dev_gap`: FILE's named / full-name figures minus DEV_FILE's
(a large positive gap means rules fitted to FILE that do not carry over).
--limit N scores the first N articles only (the gate's fixed slice).

The `*_annotated` figures (and `articles_annotated`, how many articles that
is) score the same predictions, with the same scorer, on the articles whose
gold lists at least one quoted span (attributed or not); the keys without
the suffix are the official figures on the whole file. In quotes_dev.jsonl seven NYT pieces write quotation marks as doubled
apostrophes (''like this'') and list no quote at all, although they are full
of quotations: every quote we find there counts as a false positive. The
headline figures keep them; the annotated ones show the rest.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import scorers  # noqa: E402  (bench/scorers.py)
sys.path.insert(0, str(ROOT))
SHARED = scorers.SHARED

from generator.analyse import Analyser  # noqa: E402
from generator.config import DEFAULT_MODELS  # noqa: E402
from generator.ingest import ReadOptions, read_file  # noqa: E402
from generator.ingest.normalise import clean_text  # noqa: E402
from generator.ingest.text import read_text  # noqa: E402


def load_scorer():
    return scorers.load_scorer("score_quotes")


def predictions(analyser: Analyser, records: list[dict]) -> list[dict]:
    articles = [
        read_text(clean_text(r["text"]), r["id"], content_hash=hashlib.sha256(r["text"].encode()).hexdigest())
        for r in records
    ]
    out = []
    for record, digest in zip(records, analyser.run(articles)):
        quotes = [] if isinstance(digest, Exception) else [
            {"quote": q.text, "speaker": q.speaker_name or ""} for q in digest.quotes
        ]
        if isinstance(digest, Exception):
            print(f"{record['id']}: {digest}", file=sys.stderr)
        out.append({"id": record["id"], "quotes": quotes})
    return out


def named_first_names(scorer, records: list[dict], preds: list[dict]) -> float:
    """The named tiers (gold-name, name-expansion) scored with the scorer's own `same_person`
    (first names must agree), a diagnostic beside `speaker_acc_named`, whose surname match
    counts "Bill Clinton" right for "Hillary Clinton" on the name-expansion tier."""
    by_id = {p["id"]: p["quotes"] for p in preds}
    right = total = 0
    for r in records:
        gold, pred = r.get("quotes", []), by_id.get(r["id"], [])
        for gi, pi in scorer.match([scorer.words(g["quote"]) for g in gold], [scorer.words(p["quote"]) for p in pred], 0.5):
            if gold[gi]["speaker_resolution"] in scorer.STRICT:
                total += 1
                right += scorer.same_person(gold[gi]["speaker"], pred[pi]["speaker"])
    return round(right / total, 4) if total else 0.0


def score_file(scorer, pred_path: Path, gold_path: Path) -> dict:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        scorer.main([str(pred_path), "--gold", str(gold_path)])
    return json.loads(buf.getvalue())


def score_seed(scorer, analyser: Analyser) -> dict:
    seed = SHARED / "samples" / "articles" / "2015-09-18-kerry-russia-syria.txt"
    gold_path = SHARED / "samples" / "gold" / "2015-09-18-kerry-russia-syria.json"
    if not seed.is_file() or not gold_path.is_file():
        return {}
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["quotes"]
    [digest] = list(analyser.run(read_file(seed, ReadOptions())))
    pred = [{"quote": q.text, "speaker": q.speaker_name} for q in digest.quotes]
    pairs = scorer.match([scorer.words(g["quote"]) for g in gold], [scorer.words(p["quote"]) for p in pred], 0.5)
    right = sum(scorer.same_speaker(gold[gi]["speaker"], pred[pi]["speaker"]) for gi, pi in pairs)
    return {
        "seed_gold": len(gold),
        "seed_quotes_found": len(pairs),
        "seed_speakers_right": right,
        "seed_invented": len(pred) - len(pairs),
    }


def print_errors(scorer, records: list[dict], preds: list[dict]) -> None:
    by_id = {p["id"]: p["quotes"] for p in preds}
    for r in records:
        gold, pred = r.get("quotes", []), by_id.get(r["id"], [])
        pairs = scorer.match([scorer.words(g["quote"]) for g in gold], [scorer.words(p["quote"]) for p in pred], 0.5)
        mg, mp = {g for g, _ in pairs}, {p for _, p in pairs}
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            if g["speaker_resolution"] in scorer.RESOLVED and not scorer.same_speaker(g["speaker"], p["speaker"]):
                print(f"SPEAKER {r['id']} [{g['speaker_resolution']}] gold={g['speaker']!r} pred={p['speaker']!r} :: {g['quote'][:70]!r}")
            elif g["speaker_resolution"] == "gold-name" and not scorer.same_person(g["speaker"], p["speaker"]):
                print(f"FULLNAME {r['id']} gold={g['speaker']!r} pred={p['speaker']!r} :: {g['quote'][:70]!r}")
        for gi, g in enumerate(gold):
            if gi not in mg:
                print(f"MISSED {r['id']} :: {g['quote'][:90]!r}")
        for pi, p in enumerate(pred):
            if pi not in mp:
                print(f"EXTRA {r['id']} speaker={p['speaker']!r} :: {p['quote'][:90]!r}")


def evaluate(scorer, analyser: Analyser, path: Path, *, out: Path | None = None, errors: bool = False,
             limit: int | None = None, seed: bool = True) -> dict:
    """The flat summary of one file: the scorer's figures on the whole file and on its annotated articles."""
    records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    if limit is not None:
        records = records[:limit]
    preds = predictions(analyser, records)
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        pred_path = out or tmp / "quotes_pred.jsonl"
        pred_path.write_text("".join(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n" for p in preds), encoding="utf-8")
        gold_path = tmp / "gold.jsonl"
        gold_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        result = score_file(scorer, pred_path, gold_path)
        annotated_path = tmp / "gold_annotated.jsonl"
        annotated_path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records
                    if r.get("quotes") or r.get("unattributed_quoted_spans")),
            encoding="utf-8",
        )
        annotated = score_file(scorer, pred_path, annotated_path)
    if errors:
        print_errors(scorer, records, preds)
    summary = {
        "articles": len(records),
        "quote_f1": result["quotes"]["f1"],
        "quote_precision": result["quotes"]["precision"],
        "quote_recall": result["quotes"]["recall"],
        "quote_tp": result["quotes"]["tp"],
        "quote_fp": result["quotes"]["fp"],
        "quote_fn": result["quotes"]["fn"],
        "speaker_acc_named": result["speaker_accuracy"]["strict"],
        "speaker_acc_named_first_names": named_first_names(scorer, records, preds),
        "speaker_acc_fullname": result["speaker_accuracy"]["full_name"],
        "speaker_acc_all": result["speaker_accuracy"]["resolved"],
        "e2e_f1": result["end_to_end"]["f1"],
        "articles_annotated": sum(1 for r in records if r.get("quotes") or r.get("unattributed_quoted_spans")),
        "quote_f1_annotated": annotated["quotes"]["f1"],
        "quote_precision_annotated": annotated["quotes"]["precision"],
        "quote_recall_annotated": annotated["quotes"]["recall"],
        "quote_tp_annotated": annotated["quotes"]["tp"],
        "quote_fp_annotated": annotated["quotes"]["fp"],
        "quote_fn_annotated": annotated["quotes"]["fn"],
        "speaker_acc_named_annotated": annotated["speaker_accuracy"]["strict"],
        "speaker_acc_fullname_annotated": annotated["speaker_accuracy"]["full_name"],
        "speaker_acc_all_annotated": annotated["speaker_accuracy"]["resolved"],
        "e2e_f1_annotated": annotated["end_to_end"]["f1"],
    }
    if seed:
        summary.update(score_seed(scorer, analyser))
    return summary


# The figures whose train-minus-dev gap --dev reports: the speaker figures the issue gates.
GAP_KEYS = ("speaker_acc_named", "speaker_acc_fullname", "speaker_acc_named_annotated", "speaker_acc_fullname_annotated")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--dev", type=Path, help="a second file (the dev file): its figures as dev_*, and train_dev_gap")
    ap.add_argument("--out", type=Path, help="where to write the predictions (default: a temporary file)")
    ap.add_argument("--errors", action="store_true", help="print every error pair before the summary")
    ap.add_argument("--limit", type=int, help="score only the first N articles of FILE")
    args = ap.parse_args(argv)

    scorer = load_scorer()
    analyser = Analyser(DEFAULT_MODELS)
    summary = evaluate(scorer, analyser, args.file, out=args.out, errors=args.errors, limit=args.limit)
    if args.dev:
        dev = evaluate(scorer, analyser, args.dev, seed=False)
        summary.update({f"dev_{k}": v for k, v in dev.items()})
        summary["train_dev_gap"] = {k: round(summary[k] - dev[k], 4) for k in GAP_KEYS}
    print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
