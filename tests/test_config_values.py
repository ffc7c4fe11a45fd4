"""Unusual config values are usage errors naming the key, alike in the CLI and the plugin (issue 15, items 7 and 8)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main_group
from tests.conftest import FIXTURES, ROOT

CASES = [
    ({"inputs": 5}, "inputs: expected a string or a list of strings, got 5"),
    ({"cache_dir": ""}, "cache_dir: expected a non-empty string, got ''"),
    ({"encoding": "nope"}, "encoding: 'nope' is not an encoding Python knows; expected a name such as 'utf-8'"),
    ({"model": "does_not_exist_model"}, "model: 'does_not_exist_model' could not be loaded; no spaCy model could be "
                                        "loaded; tried does_not_exist_model"),
]


def project_with(tmp_path, options: dict):
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "digest" in entry:
            entry["digest"] = {**(entry["digest"] or {}), **options}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("articles"))
    (tmp_path / "articles").mkdir()
    shutil.copy(FIXTURES / "articles" / "dateline_run_in.txt", tmp_path / "articles")
    return tmp_path


@pytest.mark.parametrize(("options", "message"), CASES, ids=[next(iter(c[0])) for c in CASES])
def test_the_cli_refuses_it_naming_the_key(tmp_path, monkeypatch, options, message):
    project = project_with(tmp_path, options)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main_group, ["build", "--config", "mkdocs.yml", "--processes", "1"], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not (project / ".cache").exists() or options.get("cache_dir") != ""
    assert not any(p.name.endswith(".json") and len(p.stem) == 64 for p in project.iterdir())  # no cache in the root


@pytest.mark.parametrize(("options", "message"), CASES, ids=[next(iter(c[0])) for c in CASES])
def test_the_plugin_refuses_it_naming_the_key(tmp_path, options, message):
    project = project_with(tmp_path, options)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode != 0, done.stderr[-2000:]
    assert message in done.stderr, done.stderr[-2000:]
    assert not (project / "site" / "articles").exists()


def test_the_encoding_flag_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main_group, ["build", str(FIXTURES / "articles"), "--out", str(tmp_path / "d" / "w"),
                                             "--encoding", "nope"], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert "encoding: 'nope' is not an encoding Python knows" in result.output
