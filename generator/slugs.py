"""Ids of actors inside one article: readable, stable, never colliding."""

from __future__ import annotations

from functools import lru_cache

from slugify import slugify

MAX_ID_CHARS = 60


def slugify_id(name: str, used: set[str]) -> str:
    """A slug of `name` not in `used` (added to it); "-2", "-3" on clashes."""
    return number_slug(slug_base(name), used)


def number_slug(base: str, used: set[str]) -> str:
    """`base` (a `slug_base`), or on a clash with `used` the first of "-2", "-3"... that is free; added to `used`."""
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


def slug_base(name: str) -> str:
    """The slug of a name before clashes are numbered: slugify is slow, names recur (every article's
    actors, every build of a preview), and the slug is a pure function of the name (`remember`)."""
    known = _REMEMBERED.get(name)
    return known if known is not None else _slug_base(name)


@lru_cache(maxsize=1 << 16)
def _slug_base(name: str) -> str:
    return slugify(name, max_length=MAX_ID_CHARS, word_boundary=True) or "x"


# Slug bases a last build made, given back by `remember`: a new process has none cached, and slugify took
# 0.03-0.07 s of an edit at 921 articles on the 600 topic names and 120 story threads' ids it slugs again.
_REMEMBERED: dict[str, str] = {}


def bases_made_by() -> str:
    """What `slug_base` depends on besides the name: the slugify release and the length limit (the
    generator's own code is in the version of whatever keeps the bases)."""
    return f"python-slugify {_SLUGIFY_VERSION} {MAX_ID_CHARS}"


def remember(bases: dict[str, str], made_by: str) -> None:
    """Take the slug bases a last build made (`{name: slug_base(name)}`), when made as `bases_made_by()` says
    now: another slugify release may slug a name otherwise."""
    if made_by == bases_made_by() and isinstance(bases, dict):
        _REMEMBERED.update((k, v) for k, v in bases.items() if isinstance(k, str) and isinstance(v, str))


def _version() -> str:
    try:
        from slugify import __version__

        return str(__version__)
    except ImportError:  # pragma: no cover - every release we pin has it
        return "?"


_SLUGIFY_VERSION = _version()
