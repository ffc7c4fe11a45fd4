"""ArticleDigest cache: an unchanged article is never analysed twice.

Key: the article as ingested (its whole dict, so a changed byte in text or
metadata is a new key) + the pipeline version (a hash of the analyse code,
so a changed rule invalidates without anyone remembering to bump a number) +
the model name and version + SCHEMA_VERSION. Entries are JSON files under
`.cache/digest/`, outside docs/ and articles/. A corrupt entry is a warning
and a recompute, never a crash.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import json
import logging
import os
import pickle
from stat import S_ISREG
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from generator.heap import steady_heap
from generator.errors import DigestError, InputError, WriteError
from generator.ingest.known import Known
from generator.model import SCHEMA_VERSION, Actor, Article, ArticleDigest, Event, Mention, Quote
from generator.output import LOCK, MANIFEST, atomic_write

log = logging.getLogger(__name__)

T = TypeVar("T")


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
    """The cache key of one article: its content and metadata, the analysis code and the model.

    Not where it was read from: `source` is the path as the user gave it, and a project moved,
    copied or built with another working directory would otherwise analyse everything again.
    The analysis never reads it; a hit is given the current source (generator.analyse_all)."""
    fields = article.to_dict()
    fields.pop("source", None)
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False)
    h = hashlib.sha256(payload.encode())
    h.update(f"|{pipeline_version()}|{model}".encode())
    return h.hexdigest()


class DigestCache:
    def __init__(self, root: str | Path, *, enabled: bool = True) -> None:
        self.root = Path(root)
        self.enabled = enabled
        self._prefix = os.path.join(self.root, "")  # the folder as text: entries are stated by their path as a string

    def _file(self, key: str) -> str:
        """Where entry `key` is, as text (`stat` is asked for every article: a Path object cost as much as the stat)."""
        return f"{self._prefix}{key[:2]}/{key}.json"

    def _path(self, key: str) -> Path:
        return Path(self._file(key))

    def stat(self, key: str) -> os.stat_result | None:
        """The stat of entry `key` (None when there is none): asked twice for every article of an edit's build
        (`has`, `SlimDigests.get`)."""
        try:
            return os.stat(self._file(key))
        except (OSError, ValueError):
            return None

    def check_writable(self) -> None:
        """Raise WriteError now if the cache folder cannot be written, rather than warn once per article later."""
        if not self.enabled:
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(dir=self.root, prefix=".tmp-", suffix=".json")
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise WriteError.from_os(self.root, exc, "the cache folder; pass --cache-dir with a writable folder, or --no-cache") from exc
        sweep_temps(self.root, older_than=STALE_TEMP_SECONDS)

    def has(self, key: str) -> bool:
        """An entry is there (it may still turn out unreadable: `get` says)."""
        if not self.enabled:
            return False
        st = self.stat(key)
        return st is not None and S_ISREG(st.st_mode)

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
        except RecursionError:  # a tampered entry nested 100,000 deep
            log.warning("cache entry %s is corrupt (nested too deeply); recomputing", path)
            return None
        except Exception as exc:  # noqa: BLE001 - the per-entry boundary: JSON of any other shape is a recompute
            log.warning("cache entry %s is corrupt (%s: %s); recomputing", path, type(exc).__name__, str(exc)[:200])
            return None

    def put(self, key: str, digest: ArticleDigest) -> None:
        if not self.enabled:
            return
        path = self._path(key)
        data = json.dumps(digest.to_dict(), sort_keys=True, ensure_ascii=False)
        _write_quietly(path, data)


# A temporary file of ours older than this is left by a build that was killed
# mid-write: no write takes an hour, and another build may be writing the
# cache folder right now (a section's own temps are swept under its lock).
STALE_TEMP_SECONDS = 3600.0


def sweep_temps(root: Path, *, older_than: float = 0.0) -> int:
    """Remove our temporary files (`.tmp-*`) under `root` older than `older_than` seconds; return how many."""
    import time

    removed = 0
    now = time.time()
    if not root.is_dir():
        return 0
    for path in root.rglob(".tmp-*"):
        try:
            if path.is_file() and not path.is_symlink() and now - path.stat().st_mtime >= older_than:
                path.unlink()
                removed += 1
        except OSError:
            continue
    if removed:
        log.info("removed %d temporary files left in %s by an interrupted build", removed, root)
    return removed


@lru_cache(maxsize=1)
def generator_version() -> str:
    """Hash of every source file of the generator and every template: all a page depends on besides its inputs."""
    package = Path(__file__).parent
    h = hashlib.sha256(f"schema-{SCHEMA_VERSION}".encode())
    for root in (package, package.parent / "templates"):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


class BuildStamp:
    """What the last build of one section was made from, so a build that would write nothing is skipped.

    It matches only when the files on disk are the files the stamp lists and
    the pages the section's manifest lists, so a section that a failed or
    concurrent build left mixed is built again, never taken as unchanged.

    The fingerprint covers every article's cache key (article, analysis code,
    model), the generator's code and templates, and the options that shape
    pages; the stamp also lists every file of the section with its size and
    mtime, so a page deleted or edited by hand since then means a full build
    (which restores it). Lives in the cache folder, keyed by the section path.
    """

    def __init__(self, root: str | Path, section: Path, *, enabled: bool = True) -> None:
        where = hashlib.sha256(str(section.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
        self.path = Path(root) / "builds" / f"{where}.json"
        self.section = section
        self.enabled = enabled

    def _files(self, known: dict[str, list] | None = None) -> dict[str, list[int]]:
        """Every file of the section (relative POSIX path -> [size, mtime_ns]), but the lock.

        os.walk and plain strings, not Path.rglob: 13,000 files at 921 articles, where
        pathlib's objects cost a second of every build (a stamp is checked and recorded
        on each one). `known`: page records as `PageRecords.save` left them ([key, size,
        mtime_ns] by path, each stated by this build, after its write): a file listed there
        is not stated again (8,300 pages at 921 articles, 0.03 s of an edit's build).
        """
        known = known or {}
        out: dict[str, list[int]] = {}
        base = str(self.section)
        if not os.path.isdir(base):
            return out
        for folder, _dirs, names in os.walk(base, followlinks=True):  # as rglob: into linked folders too
            rel = os.path.relpath(folder, base).replace(os.sep, "/")
            prefix = "" if rel == "." else rel + "/"
            for name in names:
                if name == LOCK:  # the lock file changes with every build
                    continue
                rec = known.get(prefix + name)
                if rec is not None:
                    out[prefix + name] = rec[1:]
                    continue
                try:
                    st = os.stat(os.path.join(folder, name))
                except OSError:  # gone, or a dangling link: not a file of the section
                    continue
                if S_ISREG(st.st_mode):
                    out[prefix + name] = [st.st_size, st.st_mtime_ns]
        return out

    def matches(self, fingerprint: str) -> int | None:
        """The number of files in the section when it is as the last build with this fingerprint left it, else None."""
        if not self.enabled:
            return None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("fingerprint") != fingerprint:
                return None
            files = self._files()
            if files != data.get("files"):
                return None
            pages = {name for name in files if not name.startswith(".")}  # pages and data, not our manifest
            manifest = json.loads((self.section / MANIFEST).read_text(encoding="utf-8"))
            if set(manifest.get("files", ())) != pages:  # a section the last build did not leave whole
                return None
            return len(pages)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, AttributeError) as exc:
            log.warning("build stamp %s unreadable (%s); building in full", self.path, exc)
            return None

    def record(self, fingerprint: str, known: dict[str, list] | None = None) -> None:
        """Called only after a build that wrote every page and its manifest, under the section's lock;
        `known`: the pages' records that build saved (`PageRecords.pages` after `save`), whose sizes and
        mtimes are taken as they are instead of stated again."""
        if not self.enabled:
            return
        _write_json(self.path, {"fingerprint": fingerprint, "files": self._files(known)})

    def forget(self) -> None:
        """Drop the stamp before writing pages, so an interrupted build is never taken as done."""
        self.path.unlink(missing_ok=True)


class PageRecords:
    """What each page of a section was made from, so a page whose inputs are unchanged is not rendered.

    One file per section in the cache folder (beside its BuildStamp): for
    every page its key (render.Site.keys: a hash of the digests, actors and
    names it shows) with the size and mtime of the file the build left, and
    the key of each record line of digest.json (render.Lines). A page is left
    unrendered only when its key is the recorded one and its file is still the
    one recorded (a page edited or deleted by hand is rendered again). The
    records are used only when `version` (the generator's code and templates,
    and the options that shape pages) is the one they were made with, and the
    section's manifest lists exactly the recorded pages (a section another
    build left mixed is rendered whole).
    """

    def __init__(self, root: str | Path, section: Path, version: str, *, enabled: bool = True) -> None:
        where = hashlib.sha256(str(section.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
        self.path = Path(root) / "builds" / f"{where}.pages.json"
        self.section = section
        self.version = version
        self.enabled = enabled
        self.pages: dict[str, list] = {}
        self.lines: list[str] = []
        self.slugs: dict[str, str] = {}  # slug bases of names the pages' ids were made from (slugs.remember)
        self.slugs_made_by = ""
        self._prefix = os.path.join(section, "")

    @steady_heap()
    def load(self) -> PageRecords:
        if not self.enabled:
            return self
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") != self.version:
                return self
            pages = data["pages"]
            manifest = json.loads((self.section / MANIFEST).read_text(encoding="utf-8"))
            if set(manifest.get("files", ())) != set(pages):
                return self
            self.pages, self.lines = pages, list(data.get("digest_lines", []))
            self.slugs, self.slugs_made_by = dict(data.get("slugs", {})), str(data.get("slugs_made_by", ""))
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("page records %s unreadable (%s); rendering every page", self.path, exc)
        return self

    def on_disk(self, rel: str, key: str) -> bool:
        """Whether the file at `rel` was made from `key` and is still as that build left it."""
        rec = self.pages.get(rel)
        if rec is None or rec[0] != key:
            return False
        try:
            st = os.stat(self._prefix + rel)  # the section's path as text: asked for every page of the section
        except OSError:
            return False
        return len(rec) == 3 and st.st_size == rec[1] and st.st_mtime_ns == rec[2]

    def save(self, keys: dict[str, str], untouched: set[str], lines: list[str], slugs: tuple[dict[str, str], str] = ({}, "")) -> None:
        """Called after a build wrote every page and its manifest, under the section's lock. `slugs`: slug bases
        of names its pages' ids were made from, and what made them (`slugs.bases_made_by`), for the next build."""
        if not self.enabled:
            return
        pages: dict[str, list] = {}
        for rel, key in keys.items():
            if rel in untouched:
                pages[rel] = self.pages[rel]
                continue
            try:
                st = (self.section / rel).stat()
            except OSError:
                continue
            pages[rel] = [key, st.st_size, st.st_mtime_ns]
        self.pages = pages  # each page as stated by this build: the stamp takes them (`BuildStamp.record`)
        _write_json(self.path, {"version": self.version, "pages": pages, "digest_lines": lines,
                                "slugs": slugs[0], "slugs_made_by": slugs[1]})

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)


def build_fingerprint(keys: list[str], sources: list[str], options: dict[str, object]) -> str:
    """All a build's pages depend on: the articles' cache keys and where they were read from
    (a page names its source file, and the key leaves it out), the options and the code."""
    h = hashlib.sha256(generator_version().encode())
    h.update(json.dumps(options, sort_keys=True, default=str).encode("utf-8", "surrogateescape"))
    for key, source in zip(keys, sources, strict=True):
        h.update(key.encode())
        h.update(b"\0" + source.encode("utf-8", "surrogateescape") + b"\0")
    return h.hexdigest()


def _write_json(path: Path, data: object) -> None:
    _write_quietly(path, json.dumps(data, sort_keys=True))


def _write_quietly(path: Path, text: str) -> None:
    """The one atomic writer (output.atomic_write), where a failure is a warning: the cache is an optimisation."""
    try:
        atomic_write(path, text)
    except WriteError as exc:
        log.warning("cannot write cache entry %s (%s)", path, exc.reason)


# The per-user cache folder's name, under $XDG_CACHE_HOME or ~/.cache (`user_cache_dir`).
USER_CACHE_NAME = "article-digest"


def user_cache_dir() -> Path:
    """The user's cache folder, for what is made from installed libraries alone (no article, no project),
    and so shared by every project: `$XDG_CACHE_HOME/article-digest`, else `~/.cache/article-digest`."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / USER_CACHE_NAME


# A sealed file (`write_sealed`) opens with the sha256 of the rest.
_SEAL_BYTES = 32


def read_sealed(path: Path) -> bytes | None:
    """What `write_sealed` put in `path`; None when there is no such file, or it is cut short or altered
    (its sha256 is not the seal's: a warning, and the caller makes it again)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    payload = data[_SEAL_BYTES:]
    if len(data) < _SEAL_BYTES or hashlib.sha256(payload).digest() != data[:_SEAL_BYTES]:
        log.warning("cache file %s is corrupt; making it again", path)
        return None
    return payload


# A file of the user's cache of another version (`write_sealed`'s `stale`) is removed once it is this old:
# two projects on two versions of the generator each keep theirs, and each is made again at most once a day.
STALE_SEALED_SECONDS = 86400.0


def write_sealed(path: Path, payload: bytes, *, stale: str | None = None) -> bool:
    """Write `payload` to `path` behind its sha256 (atomic); return whether it was saved. `stale`: a glob of
    the folder's files of other versions, removed once this one is saved if not written for a day. A
    failure (a read-only home) is a debug line: the caller has what it made, and the next process makes it
    again."""
    try:
        atomic_write(path, hashlib.sha256(payload).digest() + payload)
    except WriteError as exc:
        log.debug("cache file %s not saved (%s)", path, exc.reason)
        return False
    now = time.time()
    for old in path.parent.glob(stale) if stale else ():
        try:
            if old != path and not old.name.startswith(".tmp-") and now - old.stat().st_mtime >= STALE_SEALED_SECONDS:
                old.unlink()
        except OSError:  # gone meanwhile, or another user's file: only space
            pass
    return True


class StageState:
    """What a stage keeps for its next build of one section, as bytes (the threads pass: generator/thread_stage.py).

    One file per section and `version` (the stage's code): a state of other code is never read, and is
    removed when this one is saved. Reading or writing it failing only costs time, so neither raises.
    """

    def __init__(self, root: str | Path, section: Path, name: str, version: str, *, enabled: bool = True) -> None:
        where = hashlib.blake2b(str(Path(section).resolve()).encode(), digest_size=8).hexdigest()
        self.folder = Path(root) / name
        self.prefix = f"{where}-"
        self.path = self.folder / f"{where}-{version}.pickle"
        self.enabled = enabled

    def load(self) -> bytes | None:
        if not self.enabled:
            return None
        try:
            return self.path.read_bytes()
        except OSError:
            return None

    def restore(self, kind: type[T]) -> T | None:
        """The state of type `kind` saved here: the object this process holds (`recall`), else the file
        unpickled (and kept); None when there is none, or it is unreadable or of another type."""
        kept = self.recall()
        if isinstance(kept, kind):
            return kept
        data = self.load()
        if data is None:
            return None
        try:
            state = pickle.loads(data)  # noqa: S301 - written by `save`, in the project's own cache
        except Exception:  # noqa: BLE001 - a damaged state file is only a slower build
            log.debug("%s: saved state %s unreadable, starting from scratch", self.folder.name, self.path)
            return None
        if not isinstance(state, kind):
            return None
        self.keep(state)
        return state

    def recall(self) -> object | None:
        """What this process last saved or loaded here (`keep`), while the file is the one it then saw.

        `mkdocs serve` builds in one process: the threads pass (16 MB at 921 articles) is not read
        and unpickled again on every edit. Another process writing the file changes its size or
        mtime, and the file is read again.
        """
        if not self.enabled:
            return None
        kept = _KEPT_STATES.get(str(self.path))
        return kept[1] if kept is not None and kept[0] == _file_stat(self.path) else None

    def keep(self, state: object) -> None:
        """Remember `state` as what this process holds for the file as it is now (read, saved or held)."""
        if self.enabled:
            _KEPT_STATES[str(self.path)] = (_file_stat(self.path), state)

    def save(self, data: bytes | Callable[[], bytes], state: object | None = None) -> None:
        """Write `data` (or what `data()` makes); with `state`, the object it was made from is kept for `recall`.

        While states are held (`hold_states`: under `mkdocs serve`), a save with its object is only
        kept in memory, and written when the hold ends (`release_states`, when the server stops).
        A state is only a head start, never part of what a page shows: a file older than the
        memory, or none, costs the next process time, not correctness.
        """
        if not self.enabled:
            return
        if state is not None and _HOLD[0]:
            self.keep(state)
            _HELD[str(self.path)] = (self, data)
            return
        _HELD.pop(str(self.path), None)
        _KEPT_STATES.pop(str(self.path), None)
        try:
            atomic_write(self.path, data() if callable(data) else data)
            for old in self.folder.glob(f"{self.prefix}*.pickle"):
                if old != self.path:
                    old.unlink(missing_ok=True)
        except (OSError, WriteError) as exc:
            log.warning("cannot save the %s state %s (%s)", self.folder.name, self.path, exc)
            return
        if state is not None:
            self.keep(state)


def hold_states() -> None:
    """From now on this process keeps stage states in memory and writes them at `release_states` (or exit).

    Under `mkdocs serve` every edit saved the threads pass again: pickling and writing 16 MB at 921
    articles, about 0.3 s of CPU an edit, for a file only the next process reads.
    """
    if not _HOLD[0]:
        _HOLD[0] = True
        atexit.register(release_states)


def release_states() -> None:
    """Write every held state and stop holding (the plugin's on_shutdown)."""
    _HOLD[0] = False
    held = list(_HELD.values())
    _HELD.clear()
    for store, data in held:
        kept = _KEPT_STATES.get(str(store.path))
        store.save(data, kept[1] if kept is not None else None)


# What this process last saved or read of each stage's state (StageState.keep): path -> (the file's stat, the object);
# the states held unwritten (hold_states): path -> (where, its bytes to be).
_KEPT_STATES: dict[str, tuple[list[int] | None, object]] = {}
_HELD: dict[str, tuple[StageState, bytes | Callable[[], bytes]]] = {}
_HOLD = [False]


@dataclass(frozen=True, slots=True)
class Parked:
    """A cache hit in its slim form (`SlimDigests`): the whole digest stays in the cache entry `key`."""

    light: ArticleDigest
    key: str


class SlimDigests:
    """The slim form of every cached digest of the last build, in one file: a hit costs a stat, not a parse.

    A cache hit used to read its whole entry (paragraphs, mentions, facts),
    build the digest, cut it down to its slim form and pickle the whole into
    the spool: about a third of an edit's rebuild once reading was skipped.
    Here each hit's slim form is kept with the size and mtime of its entry;
    while the entry is unchanged the slim form is taken from here and the
    spool refers to the entry (`DigestSpool.refer`), read whole only for the
    few pages rendered again. An entry changed or gone (rewritten, corrupt)
    is looked up as before, so a corrupt entry is still a warning and a
    recompute. `version` (the generator's code, model.py included) names the
    file; it holds the entries of the last build only.

    The file is a pickle of the slim digests themselves (in the project's own
    cache, like the threads pass), not JSON of their dicts: a fresh process
    read 7 MB of JSON and made 921 digests again with `from_dict`, and wrote
    the JSON again after every edit, about 0.3 s of CPU an edit at 921
    articles (bench/throughput.py --edits-only); unpickling makes the objects
    in C. Pickle keeps the sharing of `_at_paragraph`'s mentions within the file.
    """

    @steady_heap()
    def __init__(self, cache: DigestCache, version: str) -> None:
        self.cache = cache
        self.path = cache.root / "builds" / f"slim-{version}.pickle"
        self.delta_path = cache.root / "builds" / f"slim-{version}.delta.pickle"
        self.base: dict[str, tuple[int, int, ArticleDigest]] = {}  # the records of the file at `path`
        self.old: dict[str, tuple[int, int, ArticleDigest]] = {}  # those with the delta applied: the last build's
        self.new: dict[str, tuple[int, int, ArticleDigest]] = {}  # key -> (size, mtime_ns of the entry, slim digest)
        if cache.enabled:
            stats = [_file_stat(self.path), _file_stat(self.delta_path)]
            kept = _KEPT_SLIMS.get(str(self.path))
            if kept is not None and kept[0] == stats:  # the files this process wrote last: not read again
                self.base, self.old = kept[1], kept[2]
                return
            self.base = self.old = _load_records(self.path)
            delta = _load_records(self.delta_path) if stats[1] is not None else {}
            # the delta applies to the base file it was written against, and to no other
            if delta.get("base") == stats[0] and isinstance(delta.get("changed"), dict) and isinstance(delta.get("gone"), list):
                self.old = {k: v for k, v in self.base.items() if k not in delta["gone"]} | delta["changed"]

    def _stat(self, key: str) -> list[int] | None:
        st = self.cache.stat(key)
        return None if st is None else [st.st_size, st.st_mtime_ns]

    def get(self, key: str) -> ArticleDigest | None:
        """The slim digest of entry `key`, when the entry is the one it was made from."""
        rec = self.old.get(key)
        if (not isinstance(rec, tuple) or len(rec) != 3 or not isinstance(rec[2], ArticleDigest)
                or self._stat(key) != [rec[0], rec[1]]):
            return None
        self.new[key] = rec
        return rec[2]

    def add(self, key: str, light: ArticleDigest) -> None:
        """Keep the slim form of entry `key` (just read whole, or just written)."""
        stat = self._stat(key)
        if stat is not None:
            self.new[key] = (stat[0], stat[1], light)

    def save(self) -> None:
        """Write the records of this build, and keep them in this process for the next build: `mkdocs
        serve` builds in one process, and reading the file again cost time on every edit. Digests are
        frozen, so the next build may share them; the records are reused only while the file's size
        and mtime are the ones written.

        A build that changes a few records (an edit, an addition, a deletion) writes only what
        changed since the whole file was written, as a delta beside it (`DELTA_MAX` records at most):
        pickling every slim digest again cost about 0.1 s of CPU an edit at 921 articles."""
        if not self.cache.enabled:
            return
        if self.new.keys() == self.old.keys() and all(self.old[k] is v for k, v in self.new.items()):
            self._keep(self.base, self.old)
            return
        changed = {k: v for k, v in self.new.items() if self.base.get(k) is not v}
        gone = [k for k in self.base if k not in self.new]
        try:
            base_stat = _file_stat(self.path)
            if base_stat is not None and len(changed) + len(gone) <= DELTA_MAX:
                atomic_write(self.delta_path, _dumps({"base": base_stat, "changed": changed, "gone": gone}))
                self._keep(self.base, self.new)
                return
            atomic_write(self.path, _dumps(self.new))
            self.delta_path.unlink(missing_ok=True)
        except (OSError, WriteError) as exc:  # only a speed-up: the next build reads the entries
            log.debug("slim digests not saved (%s)", exc)
            return
        for old in self.path.parent.glob("slim-*"):  # another version's file is never read again
            if old not in (self.path, self.delta_path):
                old.unlink(missing_ok=True)
        self._keep(self.new, self.new)

    def _keep(self, base: dict[str, tuple[int, int, ArticleDigest]], records: dict[str, tuple[int, int, ArticleDigest]]) -> None:
        _KEPT_SLIMS.clear()
        _KEPT_SLIMS[str(self.path)] = ([_file_stat(self.path), _file_stat(self.delta_path)], base, records)


# The model classes of a slim digest (slotted dataclasses), and their fields in order: the slim digests' file writes
# each of their objects as its class and its values (`_dumps`), made again by `_remade` through the slots' setters.
_SLIM_FIELDS: dict[type, tuple[str, ...]] = {cls: tuple(f.name for f in fields(cls))
                                              for cls in (ArticleDigest, Article, Actor, Mention, Quote, Event)}
_SLOT_SETTERS: dict[type, tuple[Callable[[object, object], None], ...]] = {
    cls: tuple(vars(cls)[name].__set__ for name in names) for cls, names in _SLIM_FIELDS.items()}


def _remade(cls: type, values: tuple, _new: Callable[[type], object] = object.__new__) -> object:
    """An object of the slim digests' file, made again from its values by its slots' setters (which a frozen
    dataclass's own __setattr__ does not stop). Unpickled the dataclasses' way, each object called
    `dataclasses.fields`: the file's load at 921 articles (23,000 objects) goes from 0.08 to 0.05 s."""
    made = _new(cls)
    for setter, value in zip(_SLOT_SETTERS[cls], values):  # noqa: B905 - the values are the fields, as written
        setter(made, value)
    return made


class _SlimPickler(pickle.Pickler):
    def reducer_override(self, obj: object) -> Any:  # a reduce tuple, or NotImplemented: pickled as usual
        names = _SLIM_FIELDS.get(type(obj))
        if names is None:
            return NotImplemented
        return _remade, (type(obj), tuple(getattr(obj, name) for name in names))


def _dumps(records: object) -> bytes:
    """The slim digests' records as a pickle whose model objects are made again by `_remade`."""
    out = io.BytesIO()
    _SlimPickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(records)
    return out.getvalue()


def _load_records(path: Path) -> dict:
    try:
        data = pickle.loads(path.read_bytes())  # noqa: S301 - written by SlimDigests.save, in the project's own cache
    except Exception:  # noqa: BLE001 - a missing or damaged file is only a slower build: the entries are read
        return {}
    return data if isinstance(data, dict) else {}


# The most records a delta of the slim digests holds (SlimDigests.save); past it the whole file is written again.
DELTA_MAX = 64


# What the last build of this process read and wrote (SlimDigests.save): path -> (its stat, the records).
# path -> (the stats of the file and its delta, the file's records, the records with the delta applied).
_KEPT_SLIMS: dict[str, tuple[list[list[int] | None], dict[str, tuple[int, int, ArticleDigest]],
                             dict[str, tuple[int, int, ArticleDigest]]]] = {}


def _file_stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


class DigestSpool:
    """Whole digests parked on disk while the cross-article stage works with slim ones.

    build() keeps in memory only what the corpus and its cross-article pages
    need (`slim`) and puts each whole digest here as it comes back from
    analysis; rendering reads one back for its article page and the data
    exports. An anonymous temporary file (pickled records, removed when
    closed), so it works with the cache disabled too and costs one write and
    one read per article. A digest still whole in its cache entry is not
    copied: the spool refers to the entry (`refer`).
    """

    def __init__(self, cache: DigestCache | None = None) -> None:
        try:
            self._file = tempfile.TemporaryFile(prefix="digest-spool-")
        except OSError as exc:
            raise self._error(exc) from exc
        self.cache = cache
        self._where: dict[Article, tuple[int, int] | str] = {}

    @staticmethod
    def _error(exc: OSError) -> WriteError:
        return WriteError.from_os(f"the spool file in {tempfile.gettempdir()}", exc,
                                  "free space there or set TMPDIR to a folder with room")

    def put(self, digest: ArticleDigest) -> ArticleDigest:
        """Park `digest`; return its slim form, the key to get it back. A full temp folder is a WriteError."""
        data = pickle.dumps(digest, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self._file.seek(0, os.SEEK_END)
            at = self._file.tell()
            self._file.write(data)
            self._file.flush()  # a full disk shows here, naming the spool, not later at a read
        except OSError as exc:
            raise self._error(exc) from exc
        light = slim(digest)
        self._where[light.article] = (at, len(data))
        return light

    def refer(self, parked: Parked) -> ArticleDigest:
        """Note where the whole digest of a slim cache hit is (its entry); return the slim one."""
        self._where[parked.light.article] = parked.key
        return parked.light

    def get(self, light: ArticleDigest) -> ArticleDigest:
        """The whole digest of a slim one (its source, slug and topics as the corpus gave the slim one)."""
        where = self._where[light.article]
        if isinstance(where, str):
            whole = self.cache.get(where) if self.cache is not None else None
            if whole is None:
                raise DigestError(f"{light.article.source}: its cached analysis became unreadable during the build; "
                                  "build again")
            return replace(whole, article=replace(whole.article, source=light.article.source), slug=light.slug,
                           topics=light.topics)
        at, size = where
        # a positional read, not seek() then read(): the file's offset is left alone, so a reader
        # never depends on where the last one stopped
        data = os.pread(self._file.fileno(), size, at)
        return replace(pickle.loads(data), slug=light.slug, topics=light.topics)

    def close(self) -> None:
        try:
            self._file.close()
        except OSError:  # the rest of a write that already failed (a full disk): the file is dropped anyway
            pass

    def __enter__(self) -> DigestSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def slim(digest: ArticleDigest) -> ArticleDigest:
    """What the corpus and the cross-article pages need of a digest.

    They show titles, dates, actors (names, roles, the paragraphs that
    mention them and how often), quotes, events and topics. The article's
    paragraphs, key facts and figures appear only on its own page, which
    reads the whole digest back, and a mention is kept as its paragraph
    only (one shared object per paragraph number: see `_at_paragraph`).
    Paragraph text and mentions are most of a digest's memory.
    tests/test_streaming.py renders a corpus of slim digests and checks
    every page is byte-identical to the whole corpus's.
    """
    actors = tuple(replace(a, mentions=tuple(_at_paragraph(m.paragraph) for m in a.mentions)) for a in digest.actors)
    return replace(digest, article=replace(digest.article, paragraphs=()), actors=actors, facts=(), figures=())


@lru_cache(maxsize=4096)
def _at_paragraph(paragraph: int) -> Mention:
    return Mention(paragraph=paragraph, start=0, end=0, text="")


# Input files unchanged since the last build (generator/ingest/known.py).
RACY_S = 2.0


class KnownFiles:
    """The records of the last build's reads, consulted and remade by this one (see generator/ingest/known.py).

    A file modified within RACY_S of the record being made is not recorded: a second write in the
    same clock tick would leave its stat unchanged (git's "racy clean")."""

    def __init__(self, cache_dir: str | Path, version: str, key: Callable[[Article], str],
                 has: Callable[[str], bool], *, enabled: bool = True) -> None:
        self.path = Path(cache_dir) / "builds" / f"reads-{version}.json"
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
        try:
            atomic_write(self.path, json.dumps(data, sort_keys=True))
        except WriteError as exc:  # only a speed-up: the next build reads every file
            log.debug("read records not saved (%s)", exc.reason)
