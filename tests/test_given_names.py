"""The given-name table in the user's cache (analyse/given_names.py, cache.read_sealed / write_sealed):
made when absent, read when present, made again when the library's version or the code changes, or the
file is damaged; a folder that cannot be written still gives the table."""

from __future__ import annotations

import marshal
import os
import time

import pytest

from generator import cache
from generator.analyse import given_names


@pytest.fixture(scope="module")
def library_table() -> dict[str, str]:
    return given_names.build_table()


@pytest.fixture
def builds(monkeypatch, library_table):
    """Counts the tables made from the library (each made in full the first time, then copied)."""
    made: list[int] = []

    def counted() -> dict[str, str]:
        made.append(1)
        return dict(library_table)

    monkeypatch.setattr(given_names, "build_table", counted)
    return made


def table_files(folder):
    return sorted(p.name for p in folder.glob(f"{given_names.TABLE_PREFIX}*"))


def test_an_absent_table_is_made_and_saved(tmp_path, builds, library_table):
    assert given_names.load_table(tmp_path) == library_table
    assert len(builds) == 1
    assert table_files(tmp_path) == [given_names.table_path(tmp_path).name]
    assert marshal.loads(cache.read_sealed(given_names.table_path(tmp_path))) == library_table


def test_a_saved_table_is_read_not_made(tmp_path, builds):
    given_names.load_table(tmp_path)
    # a table unlike the library's, saved under the current key: read as it is, so the file is what is used
    cache.write_sealed(given_names.table_path(tmp_path), marshal.dumps({"hillary": "male"}))
    assert given_names.load_table(tmp_path) == {"hillary": "male"}
    assert len(builds) == 1


@pytest.mark.parametrize("changed", ["library_version", "code_hash"])
def test_a_new_library_version_or_new_code_makes_it_again(tmp_path, monkeypatch, builds, library_table, changed):
    given_names.load_table(tmp_path)
    old = given_names.table_path(tmp_path)
    day_ago = time.time() - cache.STALE_SEALED_SECONDS - 60
    os.utime(old, (day_ago, day_ago))
    monkeypatch.setattr(given_names, changed, lambda: "0.0-other")
    assert given_names.table_path(tmp_path) != old
    assert given_names.load_table(tmp_path) == library_table
    assert len(builds) == 2
    assert table_files(tmp_path) == [given_names.table_path(tmp_path).name]  # the other version's file, unused for a day, is gone


def test_another_versions_recent_table_is_kept(tmp_path, monkeypatch, builds):
    """Two projects on two versions of the generator each keep their table: neither makes it on every run."""
    given_names.load_table(tmp_path)
    monkeypatch.setattr(given_names, "library_version", lambda: "0.0-other")
    given_names.load_table(tmp_path)
    assert len(table_files(tmp_path)) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1000],  # cut short
        lambda data: data[:40] + bytes([data[40] ^ 1]) + data[41:],  # one bit flipped in the table
        lambda data: bytes([data[0] ^ 1]) + data[1:],  # one bit flipped in the seal
        lambda data: data[:10],  # shorter than the seal
        lambda data: b"",
    ],
    ids=["cut", "table-bit", "seal-bit", "stub", "empty"],
)
def test_a_damaged_table_is_made_again_not_trusted(tmp_path, builds, library_table, damage, caplog):
    given_names.load_table(tmp_path)
    path = given_names.table_path(tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    assert given_names.load_table(tmp_path) == library_table
    assert len(builds) == 2
    assert given_names.load_table(tmp_path) == library_table  # the file was made whole again, and is read
    assert len(builds) == 2
    assert "corrupt" in caplog.text


def test_a_sealed_file_that_is_no_table_is_made_again(tmp_path, builds, library_table):
    path = given_names.table_path(tmp_path)
    cache.write_sealed(path, marshal.dumps(["not", "a", "table"]))
    assert given_names.load_table(tmp_path) == library_table
    cache.write_sealed(path, b"\xff not marshal")
    assert given_names.load_table(tmp_path) == library_table
    assert len(builds) == 2


def test_a_folder_that_cannot_be_written_still_gives_the_table(tmp_path, builds, library_table):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    assert given_names.load_table(blocked / "cache") == library_table
    assert given_names.load_table(blocked / "cache") == library_table
    assert len(builds) == 2  # nothing saved: made each time, never an error


def test_the_user_cache_folder_follows_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.user_cache_dir() == tmp_path / cache.USER_CACHE_NAME
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.user_cache_dir() == tmp_path / "home" / ".cache" / cache.USER_CACHE_NAME


def test_the_key_names_the_library_version_and_the_code(monkeypatch):
    key = given_names.table_key()
    assert given_names.library_version() in key and given_names.code_hash() in key
    monkeypatch.setattr(given_names, "code_hash", lambda: "feedface")
    assert given_names.table_key() != key
