"""Bytes to clean text: encoding detection and Unicode normalisation.

Every reader goes through `decode` and `clean_text`, so "what counts as a
character" is decided once. Curly quotes are kept as they are (they are text,
and the quote finder understands both kinds); no-break and zero-width spaces,
control characters and stray line endings are not.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from charset_normalizer import from_bytes

from generator.errors import InputError

# Share of undecodable/control bytes above which a file is called binary rather
# than text in an odd encoding. Chosen so a PNG or a zip is refused while a
# cp1252 file full of curly quotes is not.
BINARY_CONTROL_SHARE = 0.02

# Invisible characters removed: zero-width space, word joiner, BOM, soft hyphen, and the bidi
# embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069), which can make a
# title or byline display as other text than it is. Kept: ZWNJ and ZWJ (U+200C, U+200D) between
# two non-ASCII characters, which Persian and Indic spelling and emoji sequences need (elsewhere,
# as in "would\u200d meet", they are stray and removed: _STRAY_JOINER), and the direction marks LRM/RLM.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None)
_STRAY_JOINER = re.compile(r"(?<![^\x00-\x7f\s])[\u200c\u200d]|[\u200c\u200d](?![^\x00-\x7f\s])")
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Decode file bytes; return (text, notes). Raises InputError when it is not text.

    UTF-8 (with or without BOM) and BOM-marked UTF-16/32 are taken as they
    are; anything else is handed to charset-normalizer, and the note says
    which encoding was assumed so the user can check.
    """
    if not data.strip():
        raise InputError(path, "empty file: nothing to read")
    if encoding:
        try:
            return data.decode(encoding), ()
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(path, f"cannot decode as {encoding}: {exc}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ("decoded as UTF-16",)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    if b"\x00" not in data:
        match = from_bytes(data, cp_isolation=["cp1252", "latin_1", "utf_16", "cp1251", "iso8859_15"]).best()
        if match is not None:
            text = str(match)
            controls = len(_CONTROL.findall(text))
            if controls <= BINARY_CONTROL_SHARE * max(len(text), 1):
                return text, (f"not UTF-8; decoded as {match.encoding}",)
    elif _looks_utf16(data):
        try:
            return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"), ("decoded as UTF-16",)
        except UnicodeDecodeError:
            pass
    raise InputError(
        path,
        "binary or unknown encoding: not UTF-8, UTF-16, Windows-1252 or Latin-1; "
        "save it as UTF-8 text or pass --encoding",
    )


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    return half > 0 and (odd > 0.4 * half or even > 0.4 * half)


def clean_text(text: str) -> str:
    """NFC, one kind of space, no invisible characters, `\\n` line endings."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_ZERO_WIDTH)
    text = _STRAY_JOINER.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def squash_spaces(line: str) -> str:
    return re.sub(r" {2,}", " ", line).strip()


# UTF-16 halves with no partner: JSON and YAML escapes ("\\ud800"), a file
# name that is not UTF-8 (Python's surrogateescape) or a bad entity can
# produce them, and no UTF-8 file can hold them (issue 15, item 3).
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def replace_surrogates(value: Any) -> tuple[Any, set[str]]:
    """`value` (str, list, tuple or dict of them) with lone surrogates replaced by U+FFFD; the keys where any was."""
    where: set[str] = set()

    def scrub(v: Any, key: str) -> Any:
        if isinstance(v, str):
            if _SURROGATE.search(v):
                where.add(key)
                return _SURROGATE.sub(REPLACEMENT, v)
            return v
        if isinstance(v, dict):
            return {k: scrub(x, key or str(k)) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return type(v)(scrub(x, key) for x in v)
        return v

    return scrub(value, ""), where
