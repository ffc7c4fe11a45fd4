"""Timeline events on the example articles and the seed, and date detection against a hand gold.

    .venv/bin/python bench/timeline.py [--articles articles] [--seed ../shared/samples]
                                       [--gold tests/fixtures/timeline_gold.jsonl] [-v]

Part 1, events: every article of ARTICLES (*.txt, *.md, ...) and the seed
articles go through the real ingest reader, the cleaning step and the whole
spaCy pipeline. For each event the bench says where its source sentence
stands, judged here with the bench's own tests (not the timeline's filters,
so a filter that misses is counted):

- caption: the sentence or its paragraph is a photo caption or a credit line
  ("... Image: Nick Moreau.", "Pictured: ...", "(left)", a line without a
  finite verb that ends in a credit);
- list: its paragraph is a line of a source or reference list ("Sources:",
  a bullet, a URL, "((it))"-style link notes);
- quote: the date expression lies between quotation marks of its paragraph
  (`quote_relative_events`: of those, the ones relative to the day they
  were said, such as "Today" or "last week" but not "October 7", which
  should only come from a quote whose own day is known).

The seed's gold dates count as right as in bench/facts.py (same date or
range at the gold's precision).

Part 2, detection: GOLD is JSON Lines, one sentence a line, taken from
../shared/corpus/plain (`file` names it), with the article's `date` and the
date expressions a reader would put on a timeline (`dates`: the expression
and, where the article's date places it, its `start`/`end`); `not_dates`
records the numbers and words that look like dates but are not (counts,
ages, quantities, names, durations, relative dates inside quotes). Each
sentence goes through the pipeline alone, with its article's date. A found
event is right when its expression overlaps a gold date; precision and recall
are over expressions, and `resolved_right` counts gold dates with a
`start` whose event has the same start and end.

Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.analyse import Analyser, clean_article, make_doc  # noqa: E402
from generator.analyse.dates import resolve  # noqa: E402
from generator.config import DEFAULT_MODELS  # noqa: E402
from generator.ingest import ReadOptions, read_file  # noqa: E402
from generator.model import Article, Paragraph  # noqa: E402

# The bench's own tests of a source sentence (see the module doc).
_CAPTION = re.compile(
    r"\bImage:\s|\bPhoto(?:graph)?:\s|\bCredit:\s|^Pictured\b|\((?:pictured|left|right|above|below|centre|center|file photo)\)",
    re.IGNORECASE,
)
_LIST = re.compile(r"^\s*(?:sources?|references?|external links|related news)\s*:?\s*$|^\s*(?:[-*•]\s|\d+\.\s)|https?://|^\s*\(\(\w+\)\)\s*$", re.IGNORECASE)
# A calendar date in a quote ("October 7") is not relative to the quote's day: its year is the question.
_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b\.?", re.IGNORECASE)


def is_caption(sentence: str, paragraph: str) -> bool:
    return bool(_CAPTION.search(sentence) or _CAPTION.search(paragraph))


def is_list(paragraph: str) -> bool:
    return any(_LIST.search(line) for line in paragraph.splitlines() or [paragraph])


def in_quote(paragraph: str, offset: int) -> bool:
    """Is `offset` of the paragraph between quotation marks? (Straight marks alternate.)"""
    inside = False
    for ch in paragraph[:offset]:
        if ch == "“":
            inside = True
        elif ch == "”":
            inside = False
        elif ch == '"':
            inside = not inside
    return inside


def paragraph_at(text: str, offset: int) -> tuple[int, str]:
    start = text.rfind("\n\n", 0, offset)
    start = 0 if start < 0 else start + 2
    end = text.find("\n\n", offset)
    return start, text[start : end if end >= 0 else len(text)]


def article_paths(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def event_matches(gold_date: str, start: str, end: str) -> bool:
    if "/" in gold_date:
        return (start, end) == tuple(gold_date.split("/"))
    n = len(gold_date)
    return start[:n] == gold_date == end[:n]


def bench_events(analyser: Analyser, paths: list[Path], seed_gold: list[Path], verbose: bool) -> dict[str, int]:
    counts = {"articles": 0, "events": 0, "caption_events": 0, "list_events": 0, "quote_events": 0, "quote_relative_events": 0,
              "seed_timeline_right": 0, "seed_timeline_gold": 0}
    articles = []
    for path in paths:
        for item in read_file(path, ReadOptions()):
            if hasattr(item, "paragraphs"):
                articles.append((path, clean_article(item)))
    nlp = analyser.nlp
    docs = nlp.pipe(((make_doc(nlp, a), i) for i, (_, a) in enumerate(articles)), as_tuples=True)
    by_name: dict[str, list[dict]] = {}
    for doc, i in docs:
        path, article = articles[i]
        counts["articles"] += 1
        events = list(doc._.digest_events or ())
        by_name[path.name] = events
        for e in events:
            counts["events"] += 1
            s, e_end = e["span"]
            p_start, paragraph = paragraph_at(doc.text, s)
            sentence = doc.text[e["sentence"][0] : e["sentence"][1]]
            kinds = [k for k, hit in (("caption", is_caption(sentence, paragraph)), ("list", is_list(paragraph)),
                                      ("quote", in_quote(paragraph, s - p_start))) if hit]
            for k in kinds:
                counts[f"{k}_events"] += 1
            if "quote" in kinds and resolve(e["expression"], None) is None and not _MONTH.search(e["expression"]):
                counts["quote_relative_events"] += 1  # "Today" in a quote: fine only when the quote's day is known
            if verbose:
                flag = ",".join(kinds) or "-"
                print(f"{path.name}\t{e['start']}/{e['end']}\t{'P' if e['planned'] else ' '}\t{flag}\t{e['expression']!r}\t{e['text'][:110]}")
    for gold_path in seed_gold:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        events = by_name.get(Path(gold["article"]).name, [])
        for g in gold.get("timeline", ()):
            counts["seed_timeline_gold"] += 1
            ok = any(event_matches(g["date"], e["start"], e["end"]) for e in events)
            counts["seed_timeline_right"] += ok
            if verbose and not ok:
                print(f"seed MISS {g['date']} {g['source_text']}")
    return counts


def bench_gold(analyser: Analyser, gold_file: Path, verbose: bool) -> dict[str, float]:
    records = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = analyser.nlp
    tp = fp = fn = resolved = with_start = 0
    # each sentence alone, as the one paragraph of an article of its date (no reader: a line alone would be a title)
    articles = [Article(source=r["file"], key=str(n), title="", date=r["date"], paragraphs=(Paragraph(index=1, text=r["sentence"]),))
                for n, r in enumerate(records)]
    docs = nlp.pipe(((make_doc(nlp, a), i) for i, a in enumerate(articles)), as_tuples=True)
    for doc, i in docs:
        r = records[i]
        text = doc.text
        gold = []
        for g in r.get("dates", ()):
            at = text.find(g["expression"])
            if at < 0:
                raise SystemExit(f"{gold_file}: line {i + 1}: {g['expression']!r} is not in the text as parsed: {text!r}")
            gold.append((at, at + len(g["expression"]), g))
        events = list(doc._.digest_events or ())
        hit: set[int] = set()
        for e in events:
            s, t = e["span"]
            match = [k for k, (a, b, _) in enumerate(gold) if s < b and t > a]
            if match:
                hit.update(match)
                g = gold[match[0]][2]
                if g.get("start") and (e["start"], e["end"]) == (g["start"], g.get("end", g["start"])):
                    resolved += 1
                elif g.get("start") and verbose:
                    print(f"WRONG {r['file']}\t{e['expression']!r}\t{e['start']}/{e['end']} not {g['start']}/{g.get('end', g['start'])}")
            else:
                fp += 1
                if verbose:
                    print(f"FP  {r['file']}\t{e['expression']!r}\t{e['start']}/{e['end']}\t{r['sentence'][:120]}")
        tp += len(hit)
        fn += len(gold) - len(hit)
        with_start += sum(1 for _, _, g in gold if g.get("start"))
        if verbose:
            for k, (_, _, g) in enumerate(gold):
                if k not in hit:
                    print(f"FN  {r['file']}\t{g['expression']!r}\t{r['sentence'][:120]}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"gold_sentences": len(records), "gold_dates": tp + fn, "gold_tp": tp, "gold_fp": fp, "gold_fn": fn,
            "gold_precision": round(precision, 4), "gold_recall": round(recall, 4),
            "gold_resolved_right": resolved, "gold_resolved_gold": with_start}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=Path, default=ROOT / "articles")
    parser.add_argument("--seed", type=Path, default=ROOT.parent / "shared" / "samples", help="folder with articles/ and gold/")
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "fixtures" / "timeline_gold.jsonl")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    analyser = Analyser(DEFAULT_MODELS)
    paths = article_paths(args.articles)
    seed_gold = sorted((args.seed / "gold").glob("*.json")) if (args.seed / "gold").is_dir() else []
    paths += [args.seed / "articles" / Path(json.loads(g.read_text(encoding="utf-8"))["article"]).name for g in seed_gold]
    result: dict[str, float] = dict(bench_events(analyser, paths, seed_gold, args.verbose))
    if args.gold.is_file():
        result.update(bench_gold(analyser, args.gold, args.verbose))
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
