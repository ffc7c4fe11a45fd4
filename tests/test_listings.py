"""Tag listings filled from an index (generator/listings.py) make the site Material's own pass makes, byte for byte."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import listings
from tests.conftest import copy_project


def build_site(project: Path, site: str) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project / site))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_listings_from_the_index_are_the_tags_plugins_own(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = copy_project(tmp_path)
    monkeypatch.chdir(project)
    filled: list[int] = []
    real_fill = listings.TagListings.fill

    def counting_fill(self, *args, **kwargs):
        real_fill(self, *args, **kwargs)
        filled.append(self.filled)

    monkeypatch.setattr(listings.TagListings, "fill", counting_fill)
    build_site(project, "indexed")
    assert filled and filled[0] > 3  # the example site's topic pages each hold a listing

    for name in ("fill", "give_back", "tag_links"):  # Material's tags plugin alone: every listing offered every page
        monkeypatch.setattr(listings.TagListings, name, lambda self, *args, **kwargs: None)
    build_site(project, "plain")
    indexed, plain = files(project / "indexed"), files(project / "plain")
    assert indexed.keys() == plain.keys()
    differ = [name for name in plain if indexed[name] != plain[name]]
    assert not differ, differ[:10]
    topic_pages = [name for name in plain if name.startswith(os.path.join("articles", "topics", "")) and name.endswith(".html")]
    assert any(b'class="md-tag' in plain[name] for name in topic_pages) or pytest.fail("no topic page lists a tagged page")
