"""Input files unchanged since the last build are not read again: their articles' cache keys are known.

After an edit, with every other analysis cached, reading was a fifth of a
rebuild: each input read, decoded, its dates parsed and its text cleaned,
only to hash it into the cache key that finds its digest (1.5 s of 7.2 s at
921 articles). A file whose size and mtime (nanoseconds) are the ones it had
when last read gives the articles it gave then: for each, its key inside the
file and its cache key (`Known`). The digest comes from the cache as before.

A file is read again when
- its size or mtime differ, or a digest it gave is no longer in the cache;
- it was modified within RACY_S of the record being made (a second write in
  the same clock tick would leave its stat unchanged: git's "racy clean");
- it gave an InputError (the error is then reported on every build);
- the reading code, the analysis code, the model or the read options changed
  (they name the record file: `version`).
The records live in one JSON file per version in `cache_dir/builds/`; a
file no longer among the inputs is dropped from it. They are kept by
`generator.cache.KnownFiles` (the cache writes files; ingest reads only).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator.errors import InputError
from generator.model import Article


@dataclass(frozen=True, slots=True)
class Known:
    """An article of an unchanged file, standing for the Article: where it is and the key of its digest."""

    source: str
    key: str | None  # the article's key inside its file (a record or feed item), as Article.key
    cache_key: str


def read_version(*parts: object) -> str:
    """What a record depends on besides the file: the reading code and the given parts (options, model, analysis code)."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted([*root.glob("*.py"), root.parent / "model.py"]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    return h.hexdigest()[:16]


class FileRecords(Protocol):
    """What read_articles asks of the records (generator.cache.KnownFiles)."""

    def look(self, path: Path) -> list[Known] | None: ...

    def read(self, path: Path, items: list[Article | InputError]) -> None: ...
