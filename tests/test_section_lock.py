"""One build at a time per section, and a build stamp that never makes a damaged section look done (issue 15, item 2)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main_group
from generator.output import LOCK, MANIFEST, SectionLock
from tests.conftest import FIXTURES, ROOT

BUILD_TIMEOUT = 240


def inputs(tmp_path: Path, name: str, *articles: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for article in articles:
        shutil.copy(FIXTURES / "articles" / article, folder)
    return folder


def test_a_second_build_of_a_locked_section_fails_naming_the_first(tmp_path):
    out = tmp_path / "docs" / "w"
    with SectionLock(out):
        result = CliRunner().invoke(main_group, ["build", str(inputs(tmp_path, "in", "dateline_run_in.txt")),
                                                 "--out", str(out), "--no-cache"], catch_exceptions=False)
    assert result.exit_code == 3, result.output
    assert f"error: cannot write {out}: another build is writing it since " in result.output
    assert f", pid {os.getpid()}; wait for that build to end, then build again" in result.output
    assert [p.name for p in out.iterdir()] == [LOCK]  # nothing written


def test_two_real_builds_into_one_section_never_mix(tmp_path):
    """Build A holds the section (its log says so): build B of other inputs fails; A's section is whole."""
    out = tmp_path / "docs" / "w"
    a = inputs(tmp_path, "a", "dateline_run_in.txt", "byline_and_credit.txt")
    b = inputs(tmp_path, "b", "contributors_line.txt")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", str(a), "--out", str(out), "--cache-dir",
                             str(tmp_path / "cache"), "-v"], cwd=tmp_path, env=env, stderr=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        lines = []
        for line in proc.stderr:  # the event: A has taken the lock (it then loads the model, seconds)
            lines.append(line)
            if "locked" in line and "for this build" in line:
                second = CliRunner().invoke(main_group, ["build", str(b), "--out", str(out), "--cache-dir",
                                                         str(tmp_path / "cache")], catch_exceptions=False)
                break
        rest, _ = proc.communicate(timeout=BUILD_TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, "".join(lines)
    assert second.exit_code == 3, second.output
    assert "another build is writing it since " in second.output and f"pid {proc.pid}" in second.output
    manifest = set(json.loads((out / MANIFEST).read_text())["files"])
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert manifest == on_disk
    assert not any("contributed" in (out / p).read_text() for p in on_disk if p.endswith(".md") and "contributors" in p)
    # then B builds, alone, and replaces A's pages with its own
    third = CliRunner().invoke(main_group, ["build", str(b), "--out", str(out), "--cache-dir", str(tmp_path / "cache")],
                               catch_exceptions=False)
    assert third.exit_code == 0, third.output
    assert "1 articles" in third.output


def test_a_section_not_as_its_manifest_says_is_built_again(tmp_path):
    """A stamp recorded over a mixed section (pages its manifest does not list) does not skip the next build."""
    from generator import build
    from generator.cache import BuildStamp
    from generator.config import make_config

    out = tmp_path / "docs" / "w"
    config = make_config({"inputs": [str(inputs(tmp_path, "in", "dateline_run_in.txt"))], "docs_dir": str(out.parent),
                          "section": "w", "cache_dir": str(tmp_path / "cache"), "processes": 1})
    first = build(config)
    assert build(config).written == 0 and "unchanged" in dict(build(config).stages)
    # what a concurrent build could leave: the other build's manifest, and a stamp taken over both
    manifest = json.loads((out / MANIFEST).read_text())
    dropped = manifest["files"].pop()
    (out / MANIFEST).write_text(json.dumps(manifest))
    stamp = BuildStamp(config.cache_dir, out)
    stamp.record(json.loads(stamp.path.read_text())["fingerprint"])
    again = build(config)
    assert "unchanged" not in dict(again.stages)
    assert again.written + again.unchanged == first.written  # every page rendered again (and found the same)
    assert dropped in json.loads((out / MANIFEST).read_text())["files"]
