"""The project's errors: one family, so callers can catch ours and only ours."""

from __future__ import annotations


class DigestError(Exception):
    """Base of every error the generator raises on purpose."""


class InputError(DigestError):
    """One input file (or one record inside it) cannot be used.

    Carries the path as the user gave it and a reason a user can act on; the
    batch goes on without that input.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(DigestError):
    """The configuration is unusable; the message names key, value and what is allowed."""


class OutputError(DigestError):
    """The output section cannot be written safely (a clash, a path escaping it)."""


class ModelNotFoundError(DigestError):
    """No spaCy model could be loaded; the message says how to install one."""
