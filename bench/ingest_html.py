#!/usr/bin/env python3
"""HTML reader quality: body F1 and metadata accuracy on a folder of scored pages.

    .venv/bin/python bench/ingest_html.py ../shared/corpus/html/naeb
    .venv/bin/python bench/ingest_html.py ../shared/corpus/html/aeb

FOLDER holds `<id>.html` or `<id>.html.gz` pages, each with `<id>.json` (the
gold). Every page goes through the project's own reader (`read_bytes`, as a
`.html` file), so what is measured is what users get. Scored by
`../shared/eval/score_html.py` (imported, never re-implemented). The last line
is one JSON object: body_f1 (+ precision/recall/exact) and, where the gold has
metadata, date_acc, title_acc, author_acc; `failed` counts pages the reader
refused (scored as empty).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = Path(os.environ.get("DIGEST_SHARED", ROOT.parent / "shared")) / "eval"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(EVAL))

import score_html  # ../shared/eval, on the path above

from generator.errors import InputError
from generator.ingest import ReadOptions, read_bytes


def page_bytes(folder: Path, page_id: str) -> bytes:
    plain = folder / f"{page_id}.html"
    if plain.is_file():
        return plain.read_bytes()
    return gzip.decompress((folder / f"{page_id}.html.gz").read_bytes())


def predict(folder: Path, page_id: str, options: ReadOptions) -> dict:
    items = read_bytes(page_bytes(folder, page_id), f"{page_id}.html", options)
    article = next((x for x in items if not isinstance(x, InputError)), None)
    if article is None:
        return {"id": page_id, "failed": True}
    return {"id": page_id, "text": "\n".join(p.text for p in article.paragraphs), "title": article.title,
            "date": article.date, "authors": list(article.byline)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--show", action="store_true", help="print each metadata miss before the JSON line")
    args = ap.parse_args(argv)
    gold = score_html.load_gold(args.folder)
    ids = sorted(gold)
    options = ReadOptions(max_bytes=50 * 1024 * 1024)
    preds = {i: predict(args.folder, i, options) for i in ids}
    out = score_html.body_scores([(gold[i]["text"], preds[i].get("text") or "") for i in ids])
    if all("title" in gold[i] for i in ids):
        out.update(score_html.meta_scores([gold[i] for i in ids], [preds[i] for i in ids]))
        if args.show:
            norm = score_html.norm
            for i in ids:
                g, p = gold[i], preds[i]
                if norm(g["title"]) != norm(p.get("title")):
                    print(f"title  {i}: {g['title']!r} <> {p.get('title')!r}")
                if g.get("date") != (p.get("date") or "")[:10]:
                    print(f"date   {i}: {g.get('date')} <> {p.get('date')}")
                want = {norm(a) for a in g.get("authors") or []}
                if want and not want & {norm(a) for a in p.get("authors") or []}:
                    print(f"author {i}: {g['authors']} <> {p.get('authors')}")
    out["pages"] = len(ids)
    out["failed"] = sum(1 for p in preds.values() if p.get("failed"))
    print(json.dumps(out, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
