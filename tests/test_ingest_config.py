"""The reader options from mkdocs.yml reach the readers: field_map and max_file_mb, end to end through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main_group
from generator.config import make_config
from generator.errors import ConfigError
from tests.conftest import FIXTURES, ROOT, SHARED


def test_field_map_from_mkdocs_yml_reaches_the_json_reader(tmp_path, monkeypatch):
    config = {"site_name": "t", "docs_dir": "docs",
              "plugins": [{"digest": {"inputs": ["in"], "field_map": {"authors": ["writers"]}, "max_file_mb": 1}}]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "records.jsonl").write_bytes((FIXTURES / "formats" / "records.jsonl").read_bytes())
    (tmp_path / "in" / "big.json").write_text(json.dumps({"title": "Big", "body": "word " * 300_000}))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main_group, ["build", "--no-cache"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "big.json: file too large (1.5 MB > limit 1.0 MB)" in result.output
    pages = {p.name: p.read_text() for p in (tmp_path / "docs" / "articles").glob("2020-*.md")}
    assert sorted(pages) == ["2020-10-03-museum-reopens-its-east-wing.md", "2020-10-05-ferry-timetable-changes.md"]
    assert "By Kim Oduya" in pages["2020-10-05-ferry-timetable-changes.md"]


def test_unknown_field_map_key_is_a_config_error():
    with pytest.raises(ConfigError, match="field_map: unknown field 'bodyy'; expected some of title, body, summary"):
        make_config({"field_map": {"bodyy": ["story"]}})


def test_bench_prints_one_json_line(tmp_path):
    """bench/ingest_html.py on a two-page folder in the naeb layout (page + gold JSON)."""
    page = (FIXTURES / "formats" / "page.html").read_bytes()
    (tmp_path / "a.html").write_bytes(page)
    import gzip

    (tmp_path / "b.html.gz").write_bytes(gzip.compress(page))
    gold = {"text": "The harbour at Port Elm reopened to fishing boats on Tuesday, three months after a winter storm",
            "title": "Harbour reopens to fishing boats after three months of storm repairs",
            "date": "2021-03-03", "authors": ["Ana Ruiz"]}
    for name in ("a", "b"):
        (tmp_path / f"{name}.json").write_text(json.dumps(gold))
    shared_eval = SHARED / "eval" / "score_html.py"
    if not shared_eval.is_file():
        pytest.skip("../shared/eval/score_html.py is not here")
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "ingest_html.py"), str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["pages"] == 2 and result["failed"] == 0
    assert result["title_acc"] == 1.0 and result["date_acc"] == 1.0 and result["author_acc"] == 1.0
    assert 0.2 < result["body_f1"] < 1.0  # the gold holds only the first sentence: recall full, precision not
