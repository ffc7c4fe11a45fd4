"""Theme blocks that come out the same on many pages, rendered once per build and reused.

Material renders the navigation tabs, the primary navigation, the footer, the
theme's JSON config and the script tags into every page. On a page that is not
in the navigation (every generated page: mkdocs.yml `not_in_nav`), these
blocks read nothing of the page but its address: no navigation item is
active, there is no previous or next page, and their links are relative to
the page's folder. At 921 articles they were about a seventh of the theme's
time, repeated on 6,400 pages for the same few dozen results.

So `docs/overrides/main.html` asks `SameBlocks.render` for them. A page gets a
key only when it is safe to share: not in the navigation, no `hide` in its
front matter, and no link target of these blocks lies under its own folder.
Pages with the same key link every target by the same relative address
(`mkdocs.utils.get_relative_url` compares the folders part by part; the only
part two siblings differ in is their own, and nothing they link lies under
it), so the block's HTML is the same for each; every other page renders the
block itself. The store lives for one build (`reset` at each `on_env`), so a
changed navigation or config is never served from an old one.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

# Where the blocks link besides the navigation: the theme's assets, the search worker, the home page.
THEME_TARGETS = ("assets/", "search/")


class SameBlocks:
    """One build's store of shared theme blocks, keyed by (block, the folder holding the page's folder)."""

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}
        self.nav_sources: frozenset[str] = frozenset()
        self.targets: list[list[str]] = []  # the path parts of every address these blocks link to
        self.hits = 0

    def reset(self, config: Any, nav: Any = None) -> None:  # noqa: ANN401 - MkDocs' objects
        """A new build: forget the last one's blocks and note what this one's blocks link to."""
        self.store.clear()
        self.hits = 0
        pages = list(nav.pages) if nav is not None else []
        self.nav_sources = frozenset(p.file.src_uri for p in pages)
        extra = [str(getattr(x, "path", x)) for x in (*config.extra_css, *config.extra_javascript)]
        home = [str(config.extra["homepage"])] if config.extra.get("homepage") else []
        self.targets = [_parts(t) for t in (*THEME_TARGETS, *(p.url for p in pages), *extra, *home)]

    def key(self, page: Any) -> str | None:  # noqa: ANN401
        """The folder the page's folder is in; None when the page must render the blocks itself."""
        if page is None or page.file is None or page.file.src_uri in self.nav_sources:
            return None
        if (page.meta and page.meta.get("hide")) or page.previous_page is not None or page.next_page is not None:
            return None
        folder = _folder_parts(page.url)
        if not folder or any(t[:len(folder)] == folder for t in self.targets):
            return None
        return "/".join(folder[:-1])

    def render(self, name: str, page: Any, caller: Callable[[], str]) -> Markup:  # noqa: ANN401
        """The block `name` for this page: made by `caller` (the template's own block) once per key."""
        key = self.key(page)
        if key is None:
            return Markup(caller())
        slot = (name, key)
        html = self.store.get(slot)
        if html is None:
            html = self.store[slot] = str(caller())
        else:
            self.hits += 1
        return Markup(html)


def _parts(url: str) -> list[str]:
    """A site URL's path parts, as `mkdocs.utils.get_relative_url` compares them."""
    path = posixpath.normpath("/" + url)[1:]
    return path.split("/") if path else []


def _folder_parts(url: str) -> list[str]:
    """The parts of the folder a page's relative links start from (a last part with a dot is a file)."""
    head, _, last = url.rpartition("/")
    return _parts(head if "." in last else url)
