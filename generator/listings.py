"""Material's tag listings filled from an index of the pages' tags, not by offering every page to every listing.

Material's tags plugin fills a listing (a `<!-- material/tags -->` directive;
the generated topic pages hold one each) by offering it every tagged page in
turn (`ListingManager.populate_all`): listings x tagged pages. With one topic
page per topic that grows with the square of the archive (300 articles: 744
listings x 300 pages, 5 s of a 10 s rebuild; 921 articles: several times
that), on every full build and on every dirty one.

A listing that names the tags it `include`s only ever takes pages carrying
one of those tags or a child of one (`exclude` and `scope` only narrow that):
`Listing.add` ignores any other page. So each such listing is offered just
those pages, in the order the plugin would offer them, and `Listing.add`
applies its own rules to each as before: the result is the same listing.
Any other listing is offered every page, as the plugin does.
The listings are then held back while the tags plugin's own pass runs (it
finds nothing left to fill) and given back right after it, before any page
asks for its tag links.

A page's tag links are found the same way (`tag_links`): Material's tags
plugin tries every listing for every tagged page (`ListingManager.closest`);
here the page is offered only the listings that include one of its tags, and
the listings that take any page. The tags plugin keeps links already made.

A dirty build fills only the listings of pages read in this build: the
others are not written (see generator/preview.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def tags_plugin(config: Any) -> Any:  # noqa: ANN401 - Material's plugin, when it is on
    """The Material tags plugin of this build, when enabled and listing, else None."""
    for plugin in config.plugins.values():
        if hasattr(plugin, "listings") and hasattr(plugin, "mappings"):
            enabled = plugin.config.enabled and plugin.config.listings and plugin.listings is not None
            return plugin if enabled else None
    return None


class TagListings:
    """Fill the listings before the tags plugin (`fill`), hand them back after it (`give_back`)."""

    def __init__(self) -> None:
        self.held: Any = None
        self.filled = 0
        self.by_tag: dict[Any, set[Any]] = {}  # tag -> the listings that include it
        self.general: set[Any] = set()  # the listings that may take any page

    def fill(self, config: Any, env: Any, wanted: Callable[[Any], bool] | None = None) -> None:  # noqa: ANN401
        """Populate every listing (or those `wanted`), then hold them all back from the tags plugin's pass."""
        tags = tags_plugin(config)
        self.held, self.filled = None, 0
        if tags is None:
            return
        from material.plugins.tags.renderer import Renderer

        mappings = list(tags.mappings)
        index: dict[Any, list[int]] = {}  # tag (and each of its parents) -> positions of the pages that carry it
        for n, mapping in enumerate(mappings):
            for leaf in mapping.tags:
                for tag in leaf:
                    positions = index.setdefault(tag, [])
                    if not positions or positions[-1] != n:
                        positions.append(n)
        renderer = Renderer(env, config)
        manager = tags.listings
        for listing in manager.data:
            if wanted is not None and not wanted(listing):
                continue
            own = listing.config
            if own.include:
                picked = sorted({n for tag in own.include for n in index.get(tag, ())})
                manager.populate(listing, [mappings[n] for n in picked], renderer)
            else:
                manager.populate(listing, mappings, renderer)
            self.filled += 1
        self.held, manager.data = manager.data, set()

    def give_back(self, config: Any) -> None:  # noqa: ANN401
        """Every listing back in the tags plugin, so each page's tags link to theirs."""
        tags = tags_plugin(config)
        if tags is not None and self.held is not None:
            tags.listings.data = self.held | tags.listings.data
        self.held = None
        self.by_tag, self.general = {}, set()
        if tags is None:
            return
        for listing in tags.listings.data:
            own = listing.config
            if own.include:
                for tag in own.include:
                    self.by_tag.setdefault(tag, set()).add(listing)
            else:
                self.general.add(listing)

    def tag_links(self, context: Any, page: Any, config: Any) -> None:  # noqa: ANN401
        """A page's tag links, as the tags plugin makes them, trying only the listings that can hold the page."""
        tags = tags_plugin(config)
        if tags is None or not tags.config.tags or not tags.filter(page.file):
            return
        mapping = tags.mappings.get(page)
        name = tags.config.tags_name_variable
        if not mapping or name in context:
            return
        manager = tags.listings
        every = manager.data
        candidates = set(self.general)
        for leaf in mapping.tags:
            for tag in leaf:
                candidates |= self.by_tag.get(tag, set())
        manager.data = candidates
        try:
            context[name] = list(manager & mapping)
        finally:
            manager.data = every
