"""The digests of a threads file (shaped like ../shared/eval/threads_dev.jsonl), analysed once and cached.

Analysing 496 articles takes minutes; threading them takes well under a second. So the
real pipeline (ingest: `read_text` on the row's text, as `digest build` reads a .txt; analyse:
the `Analyser`) runs once per file and the digests are kept as JSON under .cache/bench/,
keyed by the file's bytes and the sources of ingest and analyse (a change there analyses
anew). bench/threads.py and bench/fit_threads.py both read them from here.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.model import ArticleDigest  # noqa: E402

CACHE = ROOT / ".cache" / "bench"


def load_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def _cache_key(path: Path) -> str:
    h = hashlib.sha256(path.read_bytes())
    for folder in ("analyse", "ingest"):
        for src in sorted((ROOT / "generator" / folder).rglob("*.py")):
            h.update(src.read_bytes())
    return h.hexdigest()[:16]


def article_of(row: dict):
    """The row as `digest build` would read it from a .txt file: ingest's own reader."""
    from generator.ingest.normalise import clean_text
    from generator.ingest.text import read_text

    text = row["text"]
    return read_text(clean_text(text), str(row["id"]), content_hash=hashlib.sha256(text.encode()).hexdigest())


def digests_of(path: Path, *, quiet: bool = False) -> list[ArticleDigest]:
    """One digest per row of FILE, in file order (analysed once, then read from the cache)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cache = CACHE / f"threads-{path.stem}-{_cache_key(path)}.json"
    if cache.is_file():
        return [ArticleDigest.from_dict(d) for d in json.loads(cache.read_text(encoding="utf-8"))]
    from generator.analyse import Analyser
    from generator.config import DEFAULT_MODELS
    from generator.errors import InputError
    from generator.model import Article

    rows = load_rows(path)
    analyser = Analyser(DEFAULT_MODELS, processes=1)
    out: list[ArticleDigest] = []
    for i, result in enumerate(analyser.run([article_of(r) for r in rows])):
        if isinstance(result, InputError):  # an article that failed keeps its text, without analysis
            art = article_of(rows[i])
            result = ArticleDigest(article=Article.from_dict(art.to_dict()))
        out.append(result)
        if not quiet and (i + 1) % 50 == 0:
            print(f"analysed {i + 1}/{len(rows)}", file=sys.stderr)
    cache.write_text(json.dumps([d.to_dict() for d in out]), encoding="utf-8")
    return out


if __name__ == "__main__":
    print(len(digests_of(Path(sys.argv[1]))))
