"""Input discovery is safe (issue 15, items 5, 6 and 12): no link out of an input folder, no output read back,
each file once, a missing input a usage error that leaves the section untouched."""

from __future__ import annotations

import json
import os
import shutil

from click.testing import CliRunner

from generator.cli import main_group
from generator.errors import InputError
from generator.ingest import ReadOptions, discover, read_articles
from tests.conftest import FIXTURES

ARTICLE = FIXTURES / "articles" / "dateline_run_in.txt"


def names(found):
    return [f"error {x.path}: {x.reason}" if isinstance(x, InputError) else str(x) for x in found]


def test_a_symlink_out_of_the_input_folder_is_not_followed(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(ARTICLE, inp / "a.txt")
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret\n\nAWS_SECRET_ACCESS_KEY=digest-secret-value is in the environment of the build.\n")
    (inp / "env.txt").symlink_to("/proc/self/environ")
    (inp / "secret.txt").symlink_to(secret)
    (inp / "outside").symlink_to(tmp_path, target_is_directory=True)
    (inp / "again.txt").symlink_to(inp / "a.txt")  # inside: the same file, read once
    found = names(discover([inp]))
    assert found == [
        str(inp / "a.txt"),
        f"error {inp / 'env.txt'}: a symbolic link to /proc/{os.getpid()}/environ, outside the input folder {inp}; "
        "not followed (set follow_symlinks: true, or pass --follow-symlinks, to read it)",
        f"error {inp / 'outside'}: a symbolic link to {tmp_path}, outside the input folder {inp}; not followed "
        "(set follow_symlinks: true, or pass --follow-symlinks, to read it)",
        f"error {inp / 'secret.txt'}: a symbolic link to {secret}, outside the input folder {inp}; not followed "
        "(set follow_symlinks: true, or pass --follow-symlinks, to read it)",
    ]
    followed = list(discover([inp], follow_symlinks=True))  # "outside" holds "in" again: a cycle, walked once
    assert not any(isinstance(f, InputError) for f in followed)
    real = [p.resolve() for p in followed]  # type: ignore[union-attr]
    assert secret in real and len(real) == len(set(real)) == 3  # a.txt, environ, secret.txt


def test_the_environment_is_never_published(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(ARTICLE, inp / "a.txt")
    (inp / "env.txt").symlink_to("/proc/self/environ")
    out = tmp_path / "docs" / "w"
    env = {"DIGEST_CANARY_SECRET": "canary-7f3a9"}
    result = CliRunner(env=env).invoke(main_group, ["build", str(inp), "--out", str(out), "--no-cache",
                                                    "--processes", "1"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert f"{inp / 'env.txt'}: a symbolic link to /proc/" in result.output
    for path in out.rglob("*"):
        if path.is_file():
            assert "canary-7f3a9" not in path.read_text(errors="replace"), path


def test_output_cache_site_and_hidden_folders_inside_an_input_are_never_read(tmp_path):
    project = tmp_path / "p"
    (project / "docs" / "articles").mkdir(parents=True)
    (project / "site").mkdir()
    (project / ".cache" / "digest").mkdir(parents=True)
    (project / "notes").mkdir()
    shutil.copy(ARTICLE, project / "notes" / "a.txt")
    for folder in ("docs/articles", "site", ".cache/digest"):
        shutil.copy(ARTICLE, project / folder / "copy.txt")
        (project / folder / "page.md").write_text("---\ntitle: generated\n---\n\nA generated page, not an article.\n")
    skip = (project / "docs" / "articles", project / "site", project / ".cache" / "digest")
    assert names(discover([project], skip_dirs=skip)) == [str(project / "notes" / "a.txt")]


def test_building_twice_with_the_output_inside_the_input_reads_the_same_articles(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(ARTICLE, tmp_path / "a.txt")
    counts = []
    for _ in range(3):
        result = CliRunner().invoke(main_group, ["build", ".", "--out", "docs/articles", "--cache-dir", ".cache/digest",
                                                 "--processes", "1"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        counts.append(result.output.splitlines()[-1].split(" articles")[0])
    assert counts == ["1", "1", "1"]


def test_overlapping_inputs_are_read_once(tmp_path):
    inp = tmp_path / "in"
    (inp / "sub").mkdir(parents=True)
    shutil.copy(ARTICLE, inp / "a.txt")
    shutil.copy(ARTICLE, inp / "sub" / "b.txt")
    found = names(discover([inp, inp / "a.txt", inp / "sub", str(inp) + "/"]))
    assert found == [str(inp / "a.txt"), str(inp / "sub" / "b.txt")]
    articles = [a for a in read_articles([inp, inp / "a.txt"], ReadOptions()) if not isinstance(a, InputError)]
    assert len(articles) == 2


def test_a_missing_input_is_a_usage_error_that_leaves_the_section_untouched(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(ARTICLE, inp / "a.txt")
    out = tmp_path / "docs" / "w"
    args = ["build", str(inp), "--out", str(out), "--cache-dir", str(tmp_path / "cache"), "--processes", "1"]
    assert CliRunner().invoke(main_group, args, catch_exceptions=False).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    manifest = json.loads((out / ".digest-manifest.json").read_text())
    typo = tmp_path / "inn"
    result = CliRunner().invoke(main_group, ["build", str(typo), "--out", str(out), "--cache-dir", str(tmp_path / "cache")],
                                catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert f"error: inputs: {str(typo)!r} does not exist; expected files or folders of articles (nothing was built, " \
           "the section is untouched)" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert json.loads((out / ".digest-manifest.json").read_text()) == manifest
