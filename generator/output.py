"""The only module that writes into docs/: one section, atomically, if changed.

Rules: the generator owns `docs/<section>/` and nothing else. Every path is
checked before the first byte is written; the pages themselves stream in
(`write_pages` takes the list of paths first, then an iterator of pages it
writes one at a time), so the site is never held in memory whole. A page
whose bytes are unchanged is not touched (so `mkdocs serve` does not loop and
mtimes say what changed). A file is removed only when our previous manifest
lists it and it still carries our marker; a file we did not write is never
touched, and a section holding such files is refused on the first run.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

try:
    import fcntl
except ImportError:  # not a POSIX system: builds are not locked
    fcntl = None  # type: ignore[assignment]

from generator.errors import OutputError, WriteError
from generator.model import Untouched

log = logging.getLogger(__name__)

MANIFEST = ".digest-manifest.json"
# The lock file of a section (SectionLock): neither a page nor in the manifest.
LOCK = ".digest-lock"
MARKER = "generated_by: digest"
# Files we write that carry no front matter (data exports) are recognised by
# name pattern in the manifest instead of by the marker.
DATA_SUFFIXES = (".json",)


@dataclass(frozen=True, slots=True)
class WriteResult:
    written: int  # rendered, and its bytes differed: replaced
    unchanged: int  # rendered, and found byte-identical to the file: not touched
    removed: int
    untouched: int = 0  # not even rendered: its inputs are what made the file on disk (render.PageRecords)


# A page is its text, or its text in pieces (a large data export streams to
# disk piece by piece and is compared with the old file without being joined),
# or UNTOUCHED.
Content = str | Iterable[str | bytes | memoryview]  # pieces: text, or bytes written as they are (digest.json's reused lines)
# Bytes compared at a time when a streamed page meets the file it replaces.
COMPARE_CHUNK = 1 << 20
# What to do about a page that cannot be written; every page written so far is whole (old or new).
WRITE_HINT = "free space or fix the folder's permissions, then build again"
# Mode of every file written, less the umask: what open() would give a new file.
FILE_MODE = 0o666


def _check_paths(section: Path, pages: Iterable[str]) -> None:
    """Every path is a plain relative one whose folder resolves inside the section.

    Folders are resolved once each (a site has a handful and tens of thousands of pages;
    resolving every page was a fifth of a one-article rebuild at 921 articles). The page itself
    may be a symlink: it is replaced, never written through (atomic_write). A plain path is
    checked as a string, part by part: no empty part (a leading, doubled or trailing "/"), none
    starting with "." ("." and ".." included), no NUL; a PurePosixPath per page cost 0.07 s of an
    edit's rebuild at 921 articles (8,204 paths)."""
    root = section.resolve()
    folders: dict[str, bool] = {}
    for rel in pages:
        parts = rel.split("/")
        if "\0" in rel or any(not part or part[0] == "." for part in parts):
            raise OutputError(f"refusing to write {rel!r}: not a plain path inside the section")
        parent = rel.rpartition("/")[0]
        inside = folders.get(parent)
        if inside is None:
            folder = (root / parent).resolve()
            inside = folders[parent] = folder == root or root in folder.parents
        if not inside:
            raise OutputError(f"refusing to write {rel!r}: it resolves outside {section}")


class SectionLock:
    """One build at a time per section: an exclusive `flock` on `.digest-lock` inside it.

    Two builds writing one section at once mixed and pruned each other's
    pages (issue 15, item 2). The lock is taken before the build looks at the
    section (its build stamp included) and held until its last write; a second
    build fails at once with a WriteError naming the holder's pid and start
    time. The kernel drops the lock when its process ends, however it ends, so
    a killed build never leaves a stale lock. The file is empty and never
    written after it is made; it is not a page, not in the manifest and not in
    the build stamp. The section is checked for
    user files first, so a refused folder is left without a lock file.
    Without fcntl (not a POSIX system) builds are not locked.
    """

    def __init__(self, section: Path) -> None:
        self.section = section
        self.fd: int | None = None

    def __enter__(self) -> SectionLock:
        check_section(self.section)
        path = self.section / LOCK
        try:
            self.section.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE & ~_umask())
        except OSError as exc:
            raise WriteError.from_os(path, exc, WRITE_HINT) from exc
        if fcntl is None:
            os.close(fd)
            return self
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _lock_holder(fd)
            os.close(fd)
            raise WriteError(str(self.section), f"another build is writing it{holder}; "
                             "wait for that build to end, then build again") from None
        except OSError as exc:
            os.close(fd)
            raise WriteError.from_os(path, exc, WRITE_HINT) from exc
        self.fd = fd
        log.debug("locked %s for this build (pid %d)", self.section, os.getpid())
        _sweep_section_temps(self.section)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)  # type: ignore[union-attr]
            os.close(self.fd)
            self.fd = None


def _sweep_section_temps(section: Path) -> None:
    """Remove the temporary files (`.tmp-*`) a build killed mid-write left in the section.

    Called under the section's lock: no other build is writing here, so every one is stale.
    """
    for path in section.rglob(".tmp-*"):
        if path.is_file() and not path.is_symlink():
            try:
                path.unlink()
                log.info("removed %s, left by an interrupted build", path)
            except OSError:
                pass


def _lock_holder(fd: int) -> str:
    """' since <time>, pid <n>' of the process holding the lock on `fd`'s file, or '' where that is unknown.

    Read from Linux's /proc/locks (the lock's inode) and the holder's start
    time, so the lock file itself is never written: its mtime would change
    with every build, and a build that changes nothing touches nothing.
    """
    try:
        inode = os.fstat(fd).st_ino
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 6 and parts[1] == "FLOCK" and parts[5].rsplit(":", 1)[-1] == str(inode):
                    pid = int(parts[4])
                    break
            else:
                return ""
    except (OSError, ValueError):
        return ""
    try:
        import psutil

        since = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(psutil.Process(pid).create_time()))
        return f" since {since}, pid {pid}"
    except Exception:  # noqa: BLE001 - no psutil, or the process just ended: the pid alone
        return f", pid {pid}"


def _ours(path: Path) -> bool:
    if path.suffix in DATA_SUFFIXES:
        return True
    try:
        with path.open(encoding="utf-8") as fh:
            head = fh.read(400)
    except (OSError, UnicodeDecodeError):
        return False
    return MARKER in head


def _read_manifest(section: Path) -> list[str]:
    try:
        data = json.loads((section / MANIFEST).read_text(encoding="utf-8"))
        return [str(x) for x in data.get("files", [])]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, AttributeError) as exc:
        log.warning("manifest %s unreadable (%s); no old page will be removed", section / MANIFEST, exc)
        return []


def check_section(section: Path) -> None:
    """Refuse a section that holds files we did not write (first run only)."""
    if not section.exists():
        return
    if not section.is_dir():
        raise OutputError(f"output section {section} exists and is not a folder")
    if (section / MANIFEST).exists():
        return
    foreign = sorted(p for p in section.rglob("*") if p.is_file() and p.name != LOCK and not _ours(p))
    if foreign:
        listing = ", ".join(str(p) for p in foreign[:5])
        raise OutputError(
            f"output section {section} holds files the generator did not write ({listing}); "
            "choose another section or move them"
        )


def atomic_write(path: Path, text: Content | bytes, begun: Begun | None = None) -> bool:
    """Write if the bytes differ; return whether the file was written. The one writer of pages, digest.json,
    the manifest, cache entries and build stamps: a temporary file in the same folder, then `os.replace`;
    the temporary file is removed on every failure, and a failure is a WriteError naming the path.

    `text` in pieces goes to the temporary file piece by piece and is then
    compared with the old file in chunks, so a large export never sits in
    memory whole. `begun`: the file's temporary file with its first pieces
    written ahead (`WriteAhead.begin`); used when `text` starts with those
    very pieces (the same objects), else dropped and the file written whole.
    """
    if begun is not None:
        if not isinstance(text, (str, bytes)):
            pieces = iter(text)
            first = list(islice(pieces, len(begun.pieces)))
            if len(first) == len(begun.pieces) and all(a is b for a, b in zip(first, begun.pieces, strict=True)):
                return _finish(path, begun.fd, begun.tmp, pieces)
            text = chain(first, pieces)
        begun.drop()
    if isinstance(text, (str, bytes)):
        data = text.encode("utf-8") if isinstance(text, str) else text
        try:  # the old file is read only when its size is the new one's (the threads' state, 16 MB, changes each edit)
            if os.stat(path).st_size == len(data) and path.read_bytes() == data:
                return False
        except OSError:  # missing or unreadable: written anew (a real problem shows at the write, named)
            pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    except OSError as exc:
        raise WriteError.from_os(path, exc, WRITE_HINT) from exc
    return _finish(path, fd, tmp, [data] if isinstance(text, (str, bytes)) else text, whole=isinstance(text, (str, bytes)))


def _finish(path: Path, fd: int, tmp: str, pieces: Iterable[str | bytes | memoryview], *, whole: bool = False) -> bool:
    """Write `pieces` to the open temporary file `tmp` and put it in place of `path` unless the bytes are the
    old file's (`whole`: they were compared already); the temporary file is removed on every failure."""
    try:
        with os.fdopen(fd, "ab") as fh:
            for piece in pieces:  # str, or bytes as they are (digest.json's lines reused from the old file)
                fh.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
        if not whole and _same_bytes(Path(tmp), path):
            Path(tmp).unlink()
            return False
        # mkstemp makes the file 0600; a page is as readable as any file the user creates
        os.chmod(tmp, FILE_MODE & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise WriteError.from_os(path, exc, WRITE_HINT) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        with a.open("rb") as fa, b.open("rb") as fb:
            while True:
                x, y = fa.read(COMPARE_CHUNK), fb.read(COMPARE_CHUNK)
                if x != y:
                    return False
                if not x:
                    return True
    except FileNotFoundError:
        return False


@dataclass(slots=True)
class Begun:
    """A file's temporary file, open, with its first pieces written (`WriteAhead.begin`)."""

    fd: int
    tmp: str
    pieces: list[str | bytes | memoryview]

    def drop(self) -> None:
        os.close(self.fd)
        Path(self.tmp).unlink(missing_ok=True)


class WriteAhead:
    """What `write_pages` can do before the pages are known whole, done ahead: paths checked (`check`), and a
    file's first pieces written to its temporary file (`begin`). build() does while the story threads are
    made beside it: digest.json's 23 MB before its threads' records (at 921 articles) were written after
    them. A context manager: leaving it removes the temporary files of files never written."""

    def __init__(self, section: Path) -> None:
        self.section = section
        self.checked: set[str] = set()
        self.begun: dict[str, Begun] = {}

    def check(self, paths: Iterable[str]) -> None:
        """Check the paths as `write_pages` checks its own (an OutputError for a bad one); it then skips them."""
        paths = list(paths)
        _check_paths(self.section, paths)
        self.checked.update(paths)

    def begin(self, rel: str, pieces: list[str | bytes | memoryview]) -> None:
        """Write `pieces` to a temporary file for the file at `rel`; `write_pages` goes on from there when the
        file's text starts with these very pieces. On any failure nothing is begun (the write then meets it)."""
        self.check([rel])
        path = self.section / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        except OSError:
            return
        begun = Begun(fd, tmp, pieces)
        try:
            with os.fdopen(os.dup(fd), "wb") as fh:
                for piece in pieces:
                    fh.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
        except OSError:
            begun.drop()
            return
        self.begun[rel] = begun

    def take(self, rel: str) -> Begun | None:
        return self.begun.pop(rel, None)

    def close(self) -> None:
        for begun in self.begun.values():
            begun.drop()
        self.begun.clear()

    def __enter__(self) -> WriteAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_section(section: Path, pages: Mapping[str, str]) -> WriteResult:
    """Write a whole site given as {path: text} (small sites and tests; build() streams with `write_pages`)."""
    return write_pages(section, list(pages), ((rel, pages[rel]) for rel in sorted(pages)))


def write_pages(section: Path, paths: Sequence[str], pages: Iterable[tuple[str, Content | Untouched]],
                ahead: WriteAhead | None = None) -> WriteResult:
    """Write a site whose pages stream in, one at a time.

    `paths` names every page before any is made: all are checked (plain
    relative paths inside the section, none twice) and the section is checked
    for files we did not write, before the first byte is written. `pages`
    then yields (path, text) in any order, each path of `paths` exactly
    once; a page is written (or found unchanged) before the next is asked
    for, so memory holds one page at a time. Old pages are pruned and the
    manifest written only when every page is in. `ahead`: what was done
    ahead (`WriteAhead`): paths checked, files begun.
    """
    check_section(section)
    twice = sorted(rel for rel, n in Counter(paths).items() if n > 1)
    if twice:
        raise OutputError(f"two pages map to one path: {', '.join(twice[:5])}")
    _check_paths(section, paths if ahead is None else [rel for rel in paths if rel not in ahead.checked])
    expected = set(paths)
    previous = _read_manifest(section)
    written = unchanged = removed = untouched = 0
    done: set[str] = set()
    for rel, text in pages:
        if rel not in expected or rel in done:
            raise OutputError(f"refusing to write {rel!r}: not announced, or announced once and given twice")
        done.add(rel)
        if isinstance(text, Untouched):
            untouched += 1
        elif atomic_write(section / rel, text, ahead.take(rel) if ahead is not None else None):
            written += 1
        else:
            unchanged += 1
    if done != expected:
        missing = sorted(expected - done)
        raise OutputError(f"{len(missing)} announced pages were never given ({', '.join(missing[:5])})")
    for rel in sorted(set(previous) - expected):
        path = section / rel
        try:
            _check_paths(section, [rel])
        except OutputError:
            continue
        if path.is_file() and _ours(path):
            path.unlink()
            removed += 1
            _prune_empty_dirs(path.parent, section)
    manifest = json.dumps({"files": sorted(expected)}, indent=2, sort_keys=True) + "\n"
    atomic_write(section / MANIFEST, manifest)
    return WriteResult(written=written, unchanged=unchanged, removed=removed, untouched=untouched)


def _prune_empty_dirs(folder: Path, section: Path) -> None:
    while folder != section and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
