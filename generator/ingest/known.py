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
The records live in one JSON file per version under `cache_dir/reads/`; a
file no longer among the inputs is dropped from it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import InputError, WriteError
from generator.model import Article

log = logging.getLogger(__name__)

RACY_S = 2.0


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


class KnownFiles:
    """The records of the last build's reads, consulted and remade by this one (see the module docstring)."""

    def __init__(self, cache_dir: str | Path, version: str, key: Callable[[Article], str],
                 has: Callable[[str], bool], *, enabled: bool = True) -> None:
        self.path = Path(cache_dir) / "reads" / f"{version}.json"
        self.key_of = key
        self.has = has
        self.enabled = enabled
        self.old: dict[str, list] = {}
        self.new: dict[str, list] = {}  # path -> [size, mtime_ns, [[key in file, cache key], ...]]
        self.keys: dict[tuple[str, str | None], str] = {}
        self.skipped = 0
        if enabled:
            try:
                self.old = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.old = {}
            if not isinstance(self.old, dict):
                self.old = {}

    def look(self, path: Path) -> list[Known] | None:
        """The articles of `path` when it is unchanged since it was recorded, else None (read it)."""
        if not self.enabled:
            return None
        try:
            st = path.stat()
        except OSError:
            return None
        name = str(path)
        stat = [st.st_size, st.st_mtime_ns]
        self.new[name] = [*stat, None]  # the stat as seen before any read: a later write shows next time
        rec = self.old.get(name)
        try:
            if rec is None or rec[:2] != stat or not all(self.has(cache_key) for _k, cache_key in rec[2]):
                return None
            items = [Known(name, k, cache_key) for k, cache_key in rec[2]]
        except (TypeError, ValueError, IndexError):  # a record of another shape: read the file
            return None
        self.new[name][2] = rec[2]
        self.skipped += 1
        return items

    def read(self, path: Path, items: list[Article | InputError]) -> None:
        """What reading `path` gave: recorded when it gave articles only."""
        if not self.enabled:
            return
        entry = self.new.get(str(path))
        if entry is None or not items or any(isinstance(i, InputError) for i in items):
            return
        entry[2] = [[a.key, self.key(a)] for a in items if isinstance(a, Article)]

    def forget(self, paths: Iterable[str]) -> None:
        """Read these files again next time (an article of theirs failed after reading)."""
        for path in paths:
            self.new.pop(path, None)

    def key(self, item: Article | Known) -> str:
        """The cache key of an article (computed once) or of a Known."""
        if isinstance(item, Known):
            return item.cache_key
        at = (item.source, item.key)
        if at not in self.keys:
            self.keys[at] = self.key_of(item)
        return self.keys[at]

    def save(self) -> None:
        """Keep the records of this build's files, but those written too recently to trust their stat."""
        if not self.enabled:
            return
        recent = time.time_ns() - int(RACY_S * 1e9)
        data = {name: rec for name, rec in self.new.items() if rec[2] is not None and rec[1] < recent}
        if data == self.old:
            return
        from generator.output import atomic_write

        try:
            atomic_write(self.path, json.dumps(data, sort_keys=True))
        except WriteError as exc:  # only a speed-up: the next build reads every file
            log.debug("read records not saved (%s)", exc.reason)
