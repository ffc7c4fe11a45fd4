"""The package passes ruff's checks ([tool.ruff.lint]: no undefined name, no unused import, no
syntax a newer Python would refuse) and mypy ([tool.mypy]) as pyproject.toml configures them. An
undefined name or a wrong type in a branch no test reaches is a crash waiting for an article
that takes it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize("tool, args", [("ruff", ["check", "--output-format", "concise", "generator"]),
                                        ("mypy", ["--no-error-summary"])])
def test_generator_is_clean(tool, args):
    exe = shutil.which(tool, path=str(ROOT / ".venv" / "bin")) or shutil.which(tool, path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip(f"{tool} is not installed (./dev test installs it from requirements.lock)")
    done = subprocess.run([exe, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
