"""Ids of actors inside one article: readable, stable, never colliding."""

from __future__ import annotations

from slugify import slugify

MAX_ID_CHARS = 60


def slugify_id(name: str, used: set[str]) -> str:
    """A slug of `name` not in `used` (added to it); "-2", "-3" on clashes."""
    base = slugify(name, max_length=MAX_ID_CHARS, word_boundary=True) or "x"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate
