"""Ingest: files and folders in, Articles (or InputErrors) out.

One reader per format, chosen by suffix. A reader gets decoded, cleaned text
(or the raw bytes, for formats that carry their own encoding) and returns one
or more Articles, raising InputError for anything it cannot use. This module
only walks paths, guards sizes and turns failures into per-file errors, so the
batch always goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from generator.errors import InputError
from generator.ingest.normalise import clean_text, content_hash, decode
from generator.ingest.text import read_text
from generator.model import Article

log = logging.getLogger(__name__)

Reader = Callable[[bytes, str, "ReadOptions"], list[Article]]


class ReadOptions:
    """What readers may need from the configuration."""

    def __init__(self, *, encoding: str | None = None, max_bytes: int = 20 * 1024 * 1024) -> None:
        self.encoding = encoding
        self.max_bytes = max_bytes


def _read_plain(data: bytes, path: str, options: ReadOptions) -> list[Article]:
    text, notes = decode(data, path, options.encoding)
    return [read_text(clean_text(text), path, content_hash=content_hash(data), notes=notes)]


READERS: dict[str, Reader] = {
    ".txt": _read_plain,
    ".text": _read_plain,
}


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted(READERS))


def discover(inputs: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files to read, in a stable order; a missing path is an error, not a crash.

    Inside a folder only known suffixes are taken (hidden files and folders
    skipped); a file named on the command line is always tried, so a wrong
    suffix gets a clear message instead of silence.
    """
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.is_file() and child.suffix.lower() in READERS:
                    yield child
        elif path.is_file():
            yield path
        else:
            yield InputError(str(item), "no such file or folder")


def read_file(path: Path, options: ReadOptions) -> list[Article]:
    """All articles of one file; raises InputError."""
    name = str(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(name, f"unsupported format {path.suffix or '(no suffix)'!r}; supported: {', '.join(supported_suffixes())}")
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise InputError(
                name,
                f"file too large ({size / 1e6:.1f} MB > limit {options.max_bytes / 1e6:.1f} MB); "
                "raise max_file_mb if it is really one article",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
    return reader(data, name, options)


def read_articles(inputs: Iterable[str | Path], options: ReadOptions | None = None) -> Iterator[Article | InputError]:
    """Every article of every input, or one InputError per file that failed."""
    options = options or ReadOptions()
    for found in discover(inputs):
        if isinstance(found, InputError):
            yield found
            continue
        try:
            yield from read_file(found, options)
        except InputError as exc:
            yield exc
        except Exception as exc:  # noqa: BLE001 - the per-file boundary: report and go on
            log.debug("reader crashed on %s", found, exc_info=True)
            yield InputError(str(found), f"could not be read ({type(exc).__name__}: {exc})")
