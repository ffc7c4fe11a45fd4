"""The smaller failures of issue 15 (item 12): stale temp files, tampered cache entries, forged error lines."""

from __future__ import annotations

import json
import re
import os
import shutil
import time

from click.testing import CliRunner

from generator.cache import DigestCache, sweep_temps
from generator.cli import main_group
from tests.conftest import FIXTURES

ARTICLE = FIXTURES / "articles" / "dateline_run_in.txt"


def build(tmp_path, inp, *extra):
    return CliRunner().invoke(main_group, ["build", str(inp), "--out", str(tmp_path / "docs" / "w"), "--cache-dir",
                                           str(tmp_path / "cache"), "--processes", "1", *extra], catch_exceptions=False)


def test_temp_files_left_by_a_killed_build_are_swept(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(ARTICLE, inp)
    assert build(tmp_path, inp).exit_code == 0
    section = tmp_path / "docs" / "w"
    left = [section / ".tmp-abc123.md", section / "actors" / ".tmp-def456.md"]
    for path in left:
        path.write_text("half a page")
    stale = tmp_path / "cache" / "ab" / ".tmp-old.json"
    fresh = tmp_path / "cache" / "ab" / ".tmp-new.json"  # may belong to a build writing the cache right now
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("{")
    fresh.write_text("{")
    hour_ago = time.time() - 7200
    os.utime(stale, (hour_ago, hour_ago))
    assert build(tmp_path, inp).exit_code == 0
    assert not any(p.exists() for p in left) and not stale.exists() and fresh.exists()
    assert sweep_temps(tmp_path / "cache") == 1  # with no age limit, the fresh one too


def test_tampered_cache_entries_are_recomputed_never_a_crash(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(ARTICLE, inp)
    assert build(tmp_path, inp).exit_code == 0
    entries = [p for p in (tmp_path / "cache").rglob("*.json") if "builds" not in p.parts]
    [entry] = entries
    good = json.loads(entry.read_text())
    cache = DigestCache(tmp_path / "cache")
    key = entry.stem
    for tampered in ("[" * 100_000 + "]" * 100_000, json.dumps({**good, "actors": "not a list"}),
                     json.dumps({**good, "article": 7}), json.dumps([good])):
        entry.write_text(tampered)
        assert cache.get(key) is None
    entry.write_text("[" * 100_000 + "]" * 100_000)
    result = build(tmp_path, inp, "--no-cache")
    assert result.exit_code == 0, result.output
    shutil.rmtree(tmp_path / "cache" / "builds")  # no "nothing changed" shortcut: the entry must be read
    result = build(tmp_path, inp)
    assert result.exit_code == 0 and "1 analysed" in result.output, result.output


def test_a_newline_in_a_file_name_cannot_forge_an_error_line(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(ARTICLE, inp)
    (inp / "x.txt\nforged.txt: everything is fine.txt").write_bytes(b"")
    result = build(tmp_path, inp)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": " in line and " articles (" not in line]
    assert errors == [f"{inp}/x.txt\\nforged.txt: everything is fine.txt: empty file: nothing to read"]


def test_bidi_overrides_go_and_zwnj_zwj_stay():
    from generator.ingest import read_bytes

    text = "Title \u202egnirts\u202c here\n\nمی\u200cخواهم said the minister on Monday, and 👩\u200d💻 too.\n"
    [article] = read_bytes(text.encode("utf-8"), "bidi.txt")
    assert article.title == "Title gnirts here"
    assert "می\u200cخواهم" in article.text and "👩\u200d💻" in article.text


def test_a_write_failure_names_the_path_and_exits_3_with_the_pages_intact(tmp_path, monkeypatch):
    import errno

    import generator.output as output

    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(ARTICLE, inp)
    assert build(tmp_path, inp).exit_code == 0
    section = tmp_path / "docs" / "w"
    before = {p: p.read_bytes() for p in section.rglob("*") if p.is_file()}
    (inp / "second.txt").write_text("Second\n\nThe harbour board said on Monday that the pier would open in May.\n")

    def read_only(src, dst):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(output.os, "replace", read_only)
    result = build(tmp_path, inp)
    assert result.exit_code == 3, result.output
    assert re.search(rf"error: cannot write {re.escape(str(section))}/\S+: Read-only file system; free space or fix "
                     "the folder's permissions, then build again", result.output), result.output
    assert {p: p.read_bytes() for p in section.rglob("*") if p.is_file()} == before  # no temp file left either


def test_an_html_page_over_the_element_budget_is_one_line_not_minutes():
    from generator.errors import InputError
    from generator.ingest import MAX_HTML_ELEMENTS, read_bytes

    for body in ("<p>x" * 190_000, "<div>" * 190_000 + "Deep text." + "</div>" * 190_000):
        data = f"<html><head><title>T</title></head><body>{body}</body></html>".encode()
        try:
            read_bytes(data, "x.html")
        except InputError as exc:
            assert exc.reason.startswith(f"too many HTML elements to read (190,004 > {MAX_HTML_ELEMENTS:,}; ")
        else:
            raise AssertionError("read")
    page = "<html><body><article>" + "<p>The council met on Monday, the chair said.</p>" * 2000 + "</article></body></html>"
    [article] = read_bytes(page.encode(), "ok.html")
    assert len(article.paragraphs) >= 1
