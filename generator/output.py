"""The only module that writes into docs/: one section, atomically, if changed.

Rules: the generator owns `docs/<section>/` and nothing else. Every page is
rendered and every path checked before the first byte is written. A page
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
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import OutputError

log = logging.getLogger(__name__)

MANIFEST = ".digest-manifest.json"
MARKER = "generated_by: digest"
# Files we write that carry no front matter (data exports) are recognised by
# name pattern in the manifest instead of by the marker.
DATA_SUFFIXES = (".json",)


@dataclass(frozen=True, slots=True)
class WriteResult:
    written: int
    unchanged: int
    removed: int


def _check_paths(section: Path, pages: dict[str, str]) -> None:
    root = section.resolve()
    for rel in pages:
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts or not pure.parts or any(p.startswith(".") for p in pure.parts):
            raise OutputError(f"refusing to write {rel!r}: not a plain path inside the section")
        target = (root / rel).resolve()
        if root not in target.parents:
            raise OutputError(f"refusing to write {rel!r}: it resolves outside {section}")


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
    foreign = sorted(p for p in section.rglob("*") if p.is_file() and not _ours(p))
    if foreign:
        listing = ", ".join(str(p) for p in foreign[:5])
        raise OutputError(
            f"output section {section} holds files the generator did not write ({listing}); "
            "choose another section or move them"
        )


def atomic_write(path: Path, text: str) -> bool:
    """Write if the bytes differ; return whether the file was written."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def write_section(section: Path, pages: dict[str, str]) -> WriteResult:
    check_section(section)
    _check_paths(section, pages)
    previous = _read_manifest(section)
    written = unchanged = removed = 0
    for rel in sorted(pages):
        if atomic_write(section / rel, pages[rel]):
            written += 1
        else:
            unchanged += 1
    for rel in sorted(set(previous) - set(pages)):
        path = section / rel
        try:
            _check_paths(section, {rel: ""})
        except OutputError:
            continue
        if path.is_file() and _ours(path):
            path.unlink()
            removed += 1
            _prune_empty_dirs(path.parent, section)
    manifest = json.dumps({"files": sorted(pages)}, indent=2, sort_keys=True) + "\n"
    atomic_write(section / MANIFEST, manifest)
    return WriteResult(written=written, unchanged=unchanged, removed=removed)


def _prune_empty_dirs(folder: Path, section: Path) -> None:
    while folder != section and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
