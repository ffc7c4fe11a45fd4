"""Where the shared data is, and its scorers loaded as modules: every bench script scores with
../shared/eval/score_*.py itself (imported, never re-implemented), found the same way."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
# the shared folder next to the project, or wherever DIGEST_SHARED says
SHARED = Path(os.environ.get("DIGEST_SHARED", ROOT.parent / "shared"))


def load_scorer(name: str) -> ModuleType:
    """../shared/eval/<name>.py as a module; a clear error naming the path when it is absent."""
    path = SHARED / "eval" / f"{name}.py"
    if not path.is_file():
        sys.exit(f"error: the scorer is not at {path}; set DIGEST_SHARED to the shared folder")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
