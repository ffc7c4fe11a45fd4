"""The package passes ruff's checks of pyproject.toml ([tool.ruff.lint]): no undefined name, no
unused import, no syntax a newer Python would refuse. An undefined name in a branch no test
reaches is a crash waiting for an article that takes it."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def test_generator_is_clean_under_ruff():
    ruff = shutil.which("ruff", path=str(ROOT / ".venv" / "bin")) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (./dev test installs it from requirements.lock)")
    done = subprocess.run([ruff, "check", "--output-format", "concise", "generator"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sys.version_info >= (3, 11)
