"""The README stays true: every CLI option and every config key is documented."""

from __future__ import annotations

from click.testing import CliRunner

from generator.cli import main_group
from generator.mkdocs_plugin import DigestPluginConfig
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_every_cli_option_in_readme():
    command = main_group.commands["build"]
    for param in command.params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert f"`{opt}" in README, opt


def test_every_config_key_in_readme():
    for key in DigestPluginConfig._schema_keys if hasattr(DigestPluginConfig, "_schema_keys") else dict(DigestPluginConfig._schema):
        assert f"{key}:" in README, key


def test_readme_commands_exist():
    assert "./dev site" in README and "./dev test" in README
    assert "./dev test" in (ROOT / ".ci" / "run").read_text()
    assert CliRunner().invoke(main_group, ["--help"]).exit_code == 0
