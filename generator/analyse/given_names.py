"""Analyse: gender-guesser's answer for every given name it knows, as one table read from the user's cache.

In: a word ("Hillary"). Out: the library's own `Detector(case_sensitive=False).get_gender(word)`
("female", "male", "mostly_female", "mostly_male", "andy" or "unknown"), from a table of its answers.

Why a table: the library parses its 48,000-line name file (Jörg Michael's `nam_dict`) in every new
process, 0.07-0.12 CPU s, which the one-shot build's worker paid before the edited article's digest
came back (issue 17). The first process that needs the table asks the library for the answer of each of
its 61,000 names and saves them in the user's cache folder (generator/cache.py: `user_cache_dir`,
`write_sealed`); later processes read them back (about 0.01 s). The file is keyed by the library's
version, this module's code and Python's marshal format, so any of them changing makes it again; a file
cut short or altered fails its seal and is made again, never trusted. The table is not committed: it is
the library's data (GPLv3, its name list GFDL), installed with the library on the user's machine.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from generator.cache import read_sealed, user_cache_dir, write_sealed

LIBRARY = "gender-guesser"
# The table's file in the user's cache folder: one per key (`table_key`); the others are removed.
TABLE_PREFIX = "given-names-"


def library_version() -> str:
    return version(LIBRARY)


@lru_cache(maxsize=1)
def code_hash() -> str:
    """A hash of this module's source: a change to how the table is made or read makes it again."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def table_key() -> str:
    """What the saved table depends on: the library's version, this code, the marshal format it is in."""
    return f"{library_version()}-{code_hash()}-py{sys.version_info[0]}{sys.version_info[1]}m{marshal.version}"


def table_path(folder: Path) -> Path:
    return folder / f"{TABLE_PREFIX}{table_key()}.marshal"


def build_table() -> dict[str, str]:
    """The library's answer for every name of its file, by the name as it looks it up (lower case)."""
    import gender_guesser.detector as gender_guesser

    detector = gender_guesser.Detector(case_sensitive=False)
    return {name: detector.get_gender(name) for name in sorted(detector.names)}


def load_table(folder: Path) -> dict[str, str]:
    """The table saved in `folder` under the current key; made (and saved there) when it is missing,
    of another key, or corrupt."""
    path = table_path(folder)
    payload = read_sealed(path)
    if payload is not None:
        try:
            table = marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            table = None
        if isinstance(table, dict):
            return table
    table = build_table()
    write_sealed(path, marshal.dumps(table), stale=f"{TABLE_PREFIX}*")
    return table


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    return load_table(user_cache_dir())


def gender_answer(word: str) -> str:
    """gender-guesser's answer for `word`, case-insensitive, "unknown" for a word it does not list."""
    return _table().get(word.lower(), "unknown")
