"""Every article's actors (name, kind, role) as JSON lines, and what changed against an earlier list.

Usage: .venv/bin/python bench/actor_list.py [FOLDER] --out NEW.jsonl [--against OLD.jsonl]

The scored files hold few of the shapes a change to the names layer is written for (an owner run
into a name, a person tagged a place, a word in capitals alone), so a change is also read on
articles nobody tuned on: list the actors of FOLDER (default ../shared/corpus/plain) before the
change (`git stash` or a worktree of the earlier commit, with PYTHONPATH pointing at it), again
after, and read every line that went or came. The diff is printed as "- " and "+ " lines; the last
line is one JSON object: {"articles", "actors", "went", "came"}.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from actors import SHARED  # noqa: E402  (bench/actors.py)

from generator.analyse import Analyser  # noqa: E402
from generator.config import DEFAULT_MODELS  # noqa: E402
from generator.ingest import ReadOptions, read_articles  # noqa: E402
from generator.model import Article, ArticleDigest  # noqa: E402


def actor_rows(folder: Path) -> tuple[int, list[tuple[str, str, str, str | None]]]:
    """(file name, actor name, kind, role) for every actor of every article, in file order."""
    articles = [a for a in read_articles([str(folder)], ReadOptions()) if isinstance(a, Article)]
    rows: list[tuple[str, str, str, str | None]] = []
    for article, result in zip(articles, Analyser(DEFAULT_MODELS, processes=1).run(articles)):
        if isinstance(result, ArticleDigest):
            rows += [(Path(article.source).name, a.name, a.kind, a.role) for a in result.actors]
    return len(articles), rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path, nargs="?", default=SHARED / "corpus" / "plain")
    ap.add_argument("--out", type=Path, required=True, help="write the list here (JSON lines)")
    ap.add_argument("--against", type=Path, help="an earlier list: print what went and what came")
    args = ap.parse_args(argv)
    n, rows = actor_rows(args.folder)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    went: list[tuple] = []
    came: list[tuple] = []
    if args.against:
        old = {tuple(json.loads(line)) for line in args.against.open(encoding="utf-8")}
        new = set(rows)
        went, came = sorted(old - new, key=str), sorted(new - old, key=str)
        for sign, lines in (("-", went), ("+", came)):
            for row in lines:
                print(sign, json.dumps(row, ensure_ascii=False))
    print(json.dumps({"articles": n, "actors": len(rows), "went": len(went), "came": len(came)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
