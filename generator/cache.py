"""ArticleDigest cache: an unchanged article is never analysed twice.

Key: the article as ingested (its whole dict, so a changed byte in text or
metadata is a new key) + the pipeline version (a hash of the analyse code,
so a changed rule invalidates without anyone remembering to bump a number) +
the model name and version + SCHEMA_VERSION. Entries are JSON files under
`.cache/digest/`, outside docs/ and articles/. A corrupt entry is a warning
and a recompute, never a crash.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from generator.model import SCHEMA_VERSION, Article, ArticleDigest

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """Hash of every source file of the analyse stage."""
    root = Path(__file__).parent / "analyse"
    h = hashlib.sha256(f"schema-{SCHEMA_VERSION}".encode())
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def article_key(article: Article, model: str) -> str:
    payload = json.dumps(article.to_dict(), sort_keys=True, ensure_ascii=False)
    h = hashlib.sha256(payload.encode())
    h.update(f"|{pipeline_version()}|{model}".encode())
    return h.hexdigest()


class DigestCache:
    def __init__(self, root: str | Path, *, enabled: bool = True) -> None:
        self.root = Path(root)
        self.enabled = enabled

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> ArticleDigest | None:
        if not self.enabled:
            return None
        path = self._path(key)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("cache entry %s unreadable (%s); recomputing", path, exc)
            return None
        try:
            return ArticleDigest.from_dict(json.loads(raw))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:  # AttributeError: JSON of another shape
            log.warning("cache entry %s is corrupt (%s: %s); recomputing", path, type(exc).__name__, exc)
            return None

    def put(self, key: str, digest: ArticleDigest) -> None:
        if not self.enabled:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(digest.to_dict(), sort_keys=True, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("cannot write cache entry %s (%s)", path, exc)
            Path(tmp).unlink(missing_ok=True)
