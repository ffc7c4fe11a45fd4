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


@lru_cache(maxsize=1 << 16)
def slug_base(name: str) -> str:
    """The slug of a name before clashes are numbered: slugify is slow, names recur (every article's
    actors, every build of a preview), and the slug is a pure function of the name."""
    return slugify(name, max_length=MAX_ID_CHARS, word_boundary=True) or "x"
