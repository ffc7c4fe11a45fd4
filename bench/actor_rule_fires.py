"""What each actor rule keeps out of unseen articles: how often it fires and on what.

Usage: .venv/bin/python bench/actor_rule_fires.py [FOLDER] [--every N] [--show K]

The ablation (`bench/ablate_actor_rules.py`) says whether a rule moves the scores of the two
annotated files; a rule written for a pattern those files hardly hold ("a NASA T-shirt", "9 a.m.
EST") moves neither. This reads plain-text articles nobody tuned on (default: every 3rd of
../shared/corpus/plain), asks each registered `NON_ENTITY_RULES` rule which entity spans it keeps
out (the first rule that fires, as the pipeline asks them), and prints per rule the count, the
articles, and K spans in their context for a reader to judge. The last line is one JSON object:
{rule: {"spans": n, "articles": n}}.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from actors import SHARED  # noqa: E402  (bench/actors.py)
from fit_actors import OURS  # noqa: E402

from generator.analyse import actor_rules as rules  # noqa: E402
from generator.analyse.mentions import KINDS  # noqa: E402
from generator.analyse.nlp import load_pipeline  # noqa: E402
from generator.config import DEFAULT_MODELS  # noqa: E402

CONTEXT = 6  # tokens either side of a span in the listing


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path, nargs="?", default=SHARED / "corpus" / "plain")
    ap.add_argument("--every", type=int, default=3, help="read every N-th article (sorted by name)")
    ap.add_argument("--show", type=int, default=5, help="spans listed per rule")
    args = ap.parse_args(argv)
    files = sorted(args.folder.glob("*.txt"))[::args.every]
    nlp = load_pipeline(DEFAULT_MODELS)
    fired: dict[str, list[tuple[str, str]]] = defaultdict(list)
    texts = (f.read_text(encoding="utf-8", errors="replace") for f in files)
    with nlp.select_pipes(disable=[p for p in OURS if p in nlp.pipe_names]):
        for f, doc in zip(files, nlp.pipe(texts, batch_size=16)):
            for e in doc.ents:
                if e.label_ not in KINDS:
                    continue
                rule = next((r for r in rules.NON_ENTITY_RULES if r(doc, e.start, e.end)), None)
                if rule is not None:
                    context = " ".join(doc[max(0, e.start - CONTEXT):e.end + CONTEXT].text.split())
                    fired[rule.__name__].append((f.name, f"{e.text} | {context}"))
    out = {}
    for rule in rules.NON_ENTITY_RULES:
        spans = fired.get(rule.__name__, [])
        out[rule.__name__] = {"spans": len(spans), "articles": len({name for name, _ in spans})}
        print(f"{rule.__name__}: {len(spans)} spans in {out[rule.__name__]['articles']} articles", file=sys.stderr)
        for name, line in spans[:args.show]:
            print(f"    {name}: {line}", file=sys.stderr)
    print(json.dumps({"articles": len(files), "rules": out}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
