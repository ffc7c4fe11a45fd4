"""The plugin's options in mkdocs.yml: every problem reported at once, naming key, value and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ConfigError
from generator.mkdocs_plugin import digest_config
from tests.conftest import mkdocs_build


@pytest.mark.parametrize(
    ("options", "lines"),
    [
        ({"processes": "two"}, ["processes: 'two' is not allowed; expected an integer >= 0 (0 = one per CPU core)"]),
        ({"batch_size": 0}, ["batch_size: 0 is not allowed; expected an integer >= 1"]),
        ({"engine": "spark"}, ["engine: 'spark' is not allowed; expected one of local, dask"]),
        ({"language": "fr"}, ["language: 'fr' is not supported; expected 'en' (the only language with rules so far)"]),
        ({"inputs": 5}, ["inputs: expected a string or a list of strings, got 5"]),
        ({"use_cache": "yes"}, ["use_cache: 'yes' is not allowed; expected true or false"]),
        ({"max_file_mb": -1}, ["max_file_mb: -1 is not allowed; expected a number of megabytes > 0"]),
        ({"enabled": "no"}, ["enabled: 'no' is not allowed; expected true or false"]),
        ({"section": "../out"}, ["section: '../out' is not allowed; expected a folder name inside"]),
        # All problems at once, not only the first.
        ({"processes": -1, "engine": "spark", "enabled": 1},
         ["processes: -1 is not allowed", "engine: 'spark' is not allowed", "enabled: 1 is not allowed"]),
    ],
)
def test_bad_values_are_named(tmp_path, options, lines):
    with pytest.raises(ConfigError) as err:
        digest_config(options, tmp_path, str(tmp_path / "docs"))
    message = str(err.value)
    for line in lines:
        assert line in message
    assert message.count("\n  ") == len(lines)


def test_paths_are_relative_to_mkdocs_yml(tmp_path):
    config = digest_config({"inputs": ["news", "/abs/feed.xml"], "cache_dir": ".c", "processes": 2}, tmp_path, str(tmp_path / "docs"))
    assert config.inputs == (str(tmp_path / "news"), "/abs/feed.xml")
    assert config.cache_dir == str(tmp_path / ".c")
    assert config.processes == 2 and config.output_dir == tmp_path / "docs" / "articles"


def test_unknown_key_is_left_to_mkdocs(tmp_path):
    # MkDocs warns about it by name; the generator does not repeat or refuse it.
    config = digest_config({"bogus": 1}, tmp_path, str(tmp_path / "docs"))
    assert config.section == "articles"


def write_project(root: Path, block: str) -> Path:
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(f"site_name: t\nstrict: true\nplugins:\n  - digest:\n{block}", encoding="utf-8")
    return root


def test_mkdocs_reports_the_plugin_problems(tmp_path):
    project = write_project(tmp_path, "      inputs: []\n      processes: two\n      engine: spark\n")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert f"digest plugin options in {project / 'mkdocs.yml'}: invalid configuration:" in result.stderr
    assert "processes: 'two' is not allowed; expected an integer >= 0" in result.stderr
    assert "engine: 'spark' is not allowed; expected one of local, dask" in result.stderr


def test_mkdocs_names_an_unknown_key(tmp_path):
    project = write_project(tmp_path, "      inputs: []\n      sectoin: news\n")
    result = mkdocs_build(project)
    assert result.returncode != 0  # strict: a configuration warning aborts
    assert "Plugin 'digest' option 'sectoin': Unrecognised configuration name: sectoin" in result.stderr
