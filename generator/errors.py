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

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # pickled by its fields: it crosses from the NLP worker processes (generator/workers.py)
        return (type(self), (self.path, self.reason))


class ConfigError(DigestError):
    """The configuration is unusable; the message names key, value and what is allowed."""


class OutputError(DigestError):
    """The output section cannot be written safely (a clash, a path escaping it)."""


class WriteError(DigestError):
    """A file could not be written (a full or read-only disk, a missing folder): the path and the OS reason.

    The CLI exits 3 on it: nothing about the inputs was wrong, and what was
    already written stays as it was (every write is atomic).
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return (type(self), (self.path, self.reason))

    @classmethod
    def from_os(cls, path: object, exc: OSError, hint: str = "") -> WriteError:
        """From an OSError: its strerror ('No space left on device'), plus what to do."""
        reason = exc.strerror or str(exc)
        return cls(str(path), f"{reason}{'; ' + hint if hint else ''}")


class ModelNotFoundError(DigestError):
    """No spaCy model could be loaded; the message says how to install one."""


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F)} | {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}


def printable(text: str) -> str:
    """`text` on one line: a newline in a file name must not forge an error line of its own (issue 15)."""
    text = text.translate(_CONTROL)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")  # a lone surrogate from an undecodable name
