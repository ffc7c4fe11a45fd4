"""Key facts against editors' highlights, Lead-3 in the same run, and the seed's timeline.

    .venv/bin/python bench/facts.py ../shared/corpus/summaries_dev.jsonl [--seed ../shared/samples] [-v]

FILE is JSON Lines with `id`, `text` and `reference` (highlights, one a line).
Each text goes in as a user's plain-text file would (the plain-text reader),
then through the real analyse stage (its cleaning step and the whole spaCy
pipeline). The top 3 key facts are scored against `reference` with the
`rouge-score` package (Porter stemming, F-measure x 100; rougeL is
rouge-score's rougeLsum with one sentence a line). Two baselines in the same
run: Lead-3, the first three sentences of the same cleaned Doc as the same
pipeline split them, with no other filtering; and clean_lead3, the first three
sentences that can be key facts at all (body paragraphs only, no furniture,
captions or verbless labels: bench/fit_facts.py's `clean_lead`), so that
`*_minus_clean_lead3` measures choosing well and not only cleaning.

The seed's timeline: a gold event of `SEED/gold/*.json` counts as right when
a produced event of the same article has the same date, or the same range, at
the gold's precision ("2014-03" month, "2015-09-15" day, "a/b" range).

Last line: one JSON object (rouge1, rouge2, rougeL, lead3_*, clean_lead3_*,
rouge{1,2,L}_minus_lead3, rouge{1,2,L}_minus_clean_lead3, seed_timeline_right,
seed_timeline_gold, articles).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rouge_score import rouge_scorer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generator.analyse import Analyser, clean_article, make_doc  # noqa: E402
from generator.analyse.extract import extract  # noqa: E402
from generator.config import DEFAULT_MODELS  # noqa: E402
from generator.ingest import ReadOptions, read_file  # noqa: E402
from generator.ingest.normalise import clean_text, content_hash  # noqa: E402
from generator.ingest.text import read_text  # noqa: E402
from generator.model import Event  # noqa: E402
from fit_facts import candidates, clean_lead  # noqa: E402

TOP = 3
METRICS = ("rouge1", "rouge2", "rougeLsum")


def score_summaries(analyser: Analyser, records: list[dict], verbose: bool) -> dict[str, float]:
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    articles = [
        clean_article(read_text(clean_text(r["text"]), f"{r['id']}.txt", content_hash=content_hash(r["text"].encode())))
        for r in records
    ]
    sums = {f"{who}{m}": 0.0 for who in ("", "lead3_", "clean_lead3_") for m in METRICS}
    docs = analyser.nlp.pipe(((make_doc(analyser.nlp, a), i) for i, a in enumerate(articles)), as_tuples=True)
    for doc, i in docs:
        if doc._.digest_errors:
            print(f"{records[i]['id']}: {doc._.digest_errors}", file=sys.stderr)
        digest = extract(doc, articles[i])
        facts = [f.text for f in digest.facts[:TOP]]
        lead = [s.text.strip() for s in doc.sents if s.text.strip()][:TOP]
        reference = records[i]["reference"].strip()
        clean = clean_lead(doc.text, candidates(doc), TOP)
        for who, picked in (("", facts), ("lead3_", lead), ("clean_lead3_", clean)):
            scores = scorer.score(reference, "\n".join(picked))
            for m in METRICS:
                sums[f"{who}{m}"] += scores[m].fmeasure
        if verbose:
            print(f"## {records[i]['id']}\nREF  " + reference.replace("\n", "\nREF  "))
            for f in digest.facts[:TOP]:
                print(f"FACT [{f.score:.3f}] {f.text}")
            print()
    n = max(len(records), 1)
    out = {k.replace("rougeLsum", "rougeL"): round(100 * v / n, 2) for k, v in sums.items()}
    for m in ("rouge1", "rouge2", "rougeL"):
        out[f"{m}_minus_lead3"] = round(out[m] - out[f"lead3_{m}"], 2)
        out[f"{m}_minus_clean_lead3"] = round(out[m] - out[f"clean_lead3_{m}"], 2)
    out["articles"] = len(records)
    return out


def event_matches(gold_date: str, event: Event) -> bool:
    if "/" in gold_date:
        start, end = gold_date.split("/")
        return event.start == start and event.end == end
    n = len(gold_date)  # 4 year, 7 month, 10 day
    return event.start[:n] == gold_date and event.end[:n] == gold_date


def score_seed_timeline(analyser: Analyser, seed: Path, verbose: bool) -> tuple[int, int]:
    right = total = 0
    for gold_path in sorted((seed / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        article_path = seed / "articles" / Path(gold["article"]).name
        [digest] = list(analyser.run(read_file(article_path, ReadOptions())))
        events = getattr(digest, "events", ())
        for g in gold.get("timeline", ()):
            total += 1
            ok = any(event_matches(g["date"], e) for e in events)
            right += ok
            if verbose:
                print(f"timeline {'ok ' if ok else 'MISS'} {g['date']} {g['source_text']}")
    return right, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--seed", type=Path, default=ROOT.parent / "shared" / "samples", help="folder with articles/ and gold/")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    records = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    analyser = Analyser(DEFAULT_MODELS)
    result = score_summaries(analyser, records, args.verbose)
    right, total = score_seed_timeline(analyser, args.seed, args.verbose) if (args.seed / "gold").is_dir() else (0, 0)
    result.update(seed_timeline_right=right, seed_timeline_gold=total)
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
