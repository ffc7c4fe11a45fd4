"""output._check_paths: every page path is a plain relative one inside the section, checked before any write."""

from __future__ import annotations

import pytest

from generator.errors import OutputError
from generator.output import _check_paths, write_pages


@pytest.mark.parametrize("rel", ["a.md", "actors/jane-doe.md", "data/articles/2024-01-02-title.json", "feeds/actors/x.xml",
                                 "index.md", "a..b.md"])
def test_a_plain_path_is_accepted(tmp_path, rel):
    _check_paths(tmp_path, [rel])


@pytest.mark.parametrize("rel", ["../escape.md", "a/../../escape.md", "/etc/passwd", "a//b.md", "a/./b.md", "./a.md",
                                 ".hidden.md", "a/.git/config", "", "a/", "a\0b.md", ".."])
def test_a_path_that_is_not_plain_is_refused_before_any_write(tmp_path, rel):
    section = tmp_path / "s"
    with pytest.raises(OutputError, match="not a plain path"):
        write_pages(section, ["ok.md", rel], iter([("ok.md", "x")]))
    assert not section.exists()


def test_a_folder_that_links_outside_the_section_is_refused(tmp_path):
    section = tmp_path / "s"
    section.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (section / "actors").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(OutputError, match="resolves outside"):
        _check_paths(section, ["index.md", "actors/x.md"])
