"""Theme blocks shared between pages of one folder (generator/theme_blocks.py) leave the site byte for byte as it was."""

from __future__ import annotations

from types import SimpleNamespace

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from generator import theme_blocks
from generator.theme_blocks import SameBlocks
from tests.conftest import copy_project
from tests.test_listings import build_site, files


def test_shared_blocks_give_the_site_every_page_rendering_its_own(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = copy_project(tmp_path)
    monkeypatch.chdir(project)
    hits: list[int] = []
    real_reset = SameBlocks.reset

    def noting_reset(self, *args, **kwargs):
        real_reset(self, *args, **kwargs)
        hits.append(self)

    monkeypatch.setattr(SameBlocks, "reset", noting_reset)
    build_site(project, "shared")
    [blocks] = hits
    pages = sum(1 for p in (project / "shared").rglob("index.html"))
    assert blocks.hits > 3 * pages  # most pages took most of their five blocks from the store

    monkeypatch.setattr(SameBlocks, "key", lambda self, page: None)  # every page renders every block itself
    build_site(project, "own")
    shared, own = files(project / "shared"), files(project / "own")
    assert shared.keys() == own.keys()
    differ = [name for name in own if shared[name] != own[name]]
    assert not differ, differ[:10]

    # The comparison can fail: a key that ignores the page's folder shares links across folders.
    monkeypatch.setattr(SameBlocks, "key", lambda self, page: "" if page is not None else None)
    build_site(project, "careless")
    careless = files(project / "careless")
    assert [name for name in own if careless[name] != own[name]]


def _page(src: str, meta: dict | None = None) -> Page:
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": "docs"})
    file = File(src, "docs", "site", use_directory_urls=True)
    page = Page(None, file, config)
    page.meta = meta or {}
    return page


def test_a_page_shares_only_when_nothing_it_links_lies_under_its_folder():
    blocks = SameBlocks()
    nav_page = _page("articles/actors/index.md")
    config = SimpleNamespace(extra_css=["stylesheets/digest.css"], extra_javascript=["javascripts/x.js"], extra={})
    blocks.reset(config, SimpleNamespace(pages=[nav_page]))
    article, other = _page("articles/some-article.md"), _page("articles/another.md")
    assert blocks.key(article) == blocks.key(other) == "articles"
    assert blocks.key(_page("articles/actors/jane-doe.md")) == "articles/actors"
    assert blocks.key(nav_page) is None  # in the navigation: its own item is active
    assert blocks.key(_page("articles/x.md", {"hide": ["navigation"]})) is None
    assert blocks.key(_page("articles.md")) is None  # the folder articles/ holds the nav's articles/actors/
    assert blocks.key(_page("stylesheets.md")) is None  # ... and stylesheets/ the extra CSS
    assert blocks.key(None) is None
    assert theme_blocks._folder_parts("articles/a.html") == ["articles"]
    assert theme_blocks._folder_parts("articles/a/") == ["articles", "a"]

