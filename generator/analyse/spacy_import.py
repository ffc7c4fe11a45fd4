"""Analyse: import spaCy without its command-line interface.

spaCy's `__init__` imports `spacy.cli.info` for the one name `spacy.info`, and with it the whole CLI
(`spacy.cli`'s every command: typer, weasel, httpx, requests, jinja2 and more, about 350 modules). The
analysis never runs a spaCy command, and that import was 0.13-0.15 of the 0.45 CPU s `import spacy` takes
in every new process: the one-shot build's worker pays it before the edited article's digest (issue 17).

`import_spacy` imports spaCy with a stand-in for those two modules in place, then takes the stand-ins out
of `sys.modules`: `spacy.info` calls the real one (importing the CLI then), and `spacy.cli` or `import
spacy.cli` later imports the real package. When spaCy's `__init__` wants anything else of its CLI (another version of
spaCy), the stand-in fails that import and spaCy is imported whole, as it is.
"""

from __future__ import annotations

import logging
import sys
import types
from typing import Any

log = logging.getLogger(__name__)

# The modules spaCy's __init__ imports only for `spacy.info` (spaCy 3.8: `from .cli.info import info`).
CLI_PACKAGE = "spacy.cli"
CLI_INFO = "spacy.cli.info"


def info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, as spaCy defines it: the CLI is imported on this first call."""
    from spacy.cli.info import info as real

    return real(*args, **kwargs)


def _stand_ins() -> dict[str, types.ModuleType]:
    package = types.ModuleType(CLI_PACKAGE, "A stand-in while spaCy is imported (generator/analyse/spacy_import.py).")
    package.__path__ = []  # a package with no files: any other module of the CLI fails to import
    module = types.ModuleType(CLI_INFO, package.__doc__)
    module.info = info  # type: ignore[attr-defined]
    return {CLI_PACKAGE: package, CLI_INFO: module}


def import_spacy() -> types.ModuleType:
    """spaCy, imported without its CLI when this is its first import (else as it is)."""
    if "spacy" in sys.modules or CLI_PACKAGE in sys.modules:
        import spacy

        return spacy
    stand_ins = _stand_ins()
    sys.modules.update(stand_ins)
    try:
        import spacy  # noqa: F401 - imported into sys.modules, returned below
    except ImportError as exc:  # its __init__ wants more of the CLI than `info`: imported whole below
        log.debug("spaCy imported with its CLI (%s)", exc)
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    import spacy

    if CLI_PACKAGE not in sys.modules and "__getattr__" not in vars(spacy):
        setattr(spacy, "__getattr__", _cli_on_demand)  # noqa: B010 - a module attribute mypy takes for a method
    return spacy


def _cli_on_demand(name: str) -> Any:
    """`spacy.cli` after only `import spacy`, as spaCy's own import makes it: imported on first use (a
    module's `__getattr__`, PEP 562; importing it binds the attribute, so this runs once)."""
    if name == "cli":
        import importlib

        return importlib.import_module(CLI_PACKAGE)
    raise AttributeError(f"module 'spacy' has no attribute {name!r}")

