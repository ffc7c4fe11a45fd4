"""Dirty builds made whole, for the live preview (`./dev serve` runs `mkdocs serve --dirty`).

MkDocs' `--dirty` rebuilds only the pages whose source is newer than their
HTML: exactly what the generator's writes say changed (it rewrites a page
only when its bytes change). What it leaves wrong, as its maintainers and
Material's say (mkdocs/mkdocs#1705, #2220; squidfunk/mkdocs-material#7638,
#8360), is what spans pages, and each is put right here:

- the search index holds only the rebuilt pages (Material's own merge keeps
  the previous entries of one page only): each page's entries are kept from
  the build that last built it, and the index is written whole, in the
  order a clean build writes it;
- the tags export, the topic pages' tag listings and the tag links of every
  page are made from the pages read in this build: an unread page gets back
  the front matter, title and listings it had, before the tags plugin lists
  them;
- a page whose source is gone keeps its HTML: the files of the last build
  that this one no longer has are removed;
- the hand-written home page includes the generated snippet, whose change
  does not touch the page's own source: its HTML is dropped so it is rebuilt;
- navigation is built from every file on every build; should it differ from
  the last build's (a page added to the nav, a title changed), every page is
  rebuilt, as when mkdocs.yml or the theme's custom_dir change.

State lives in the plugin object, which MkDocs keeps across serve's rebuilds
(the plugin defines on_startup). A `mkdocs build --dirty` in a fresh process
has no state, so it builds in full. A full `mkdocs build` never comes here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from pathlib import Path
from typing import Any

from mkdocs import utils

from generator.render.compiled import TemplateCode

log = logging.getLogger("mkdocs.plugins.digest")

DIRTY_WARNING = "A 'dirty' build is being performed"
# The preview's summary line names the rebuilt pages that took longest (at most this many, each this long or longer).
SLOWEST_SHOWN = 3
SLOWEST_MIN_S = 0.1


class _WithoutDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be wrong; here it is not (and the
    warning would stop every rebuild of a `strict: true` site)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def _find(config: Any, attribute: str) -> Any:  # noqa: ANN401 - another plugin's object
    for plugin in config.plugins.values():
        if hasattr(plugin, attribute):
            return plugin
    return None


def _nav_signature(items: Any) -> list:  # noqa: ANN401
    return [(type(x).__name__, x.title, getattr(x, "url", None), _nav_signature(getattr(x, "children", None) or []))
            for x in items]


class DirtyBuilds:
    """What the last build made, kept for the next dirty one (see the module docstring)."""

    def __init__(self) -> None:
        self.signature: str | None = None
        self.nav: list | None = None
        self.entries: dict[str, list[dict]] = {}  # page url -> its search entries, from the build that built it
        self.encoded: dict[str, str] = {}  # page url -> its search entries as JSON, joined by commas
        self.joined_ok: bool | None = None  # whether joining `encoded` gives Material's own index (checked once)
        self.read: dict[str, tuple[dict, str | None]] = {}  # src_uri -> (front matter, title) when last read
        self.listings: dict[str, list[tuple[str, Any]]] = {}  # src_uri -> (id, options) of its tags listings, when last read
        self.outputs: set[str] = set()  # every file (page or static) the last build put in site_dir
        self.built: set[str] = set()
        self.new_entries: dict[str, list[dict]] = {}
        self.seen = 0
        self.files: Any = None
        self.started = 0.0
        self.templates = TemplateCode()
        self.page_seconds: dict[str, float] = {}  # page url -> seconds MkDocs spent on it in this build
        self._page_started: dict[str, float] = {}

    @staticmethod
    def quiet_mkdocs_warning() -> None:
        logging.getLogger("mkdocs.commands.build").addFilter(_WithoutDirtyWarning())

    def pre_build(self, config: Any) -> None:  # noqa: ANN401
        """Before MkDocs looks at site_dir: a first build, or one after mkdocs.yml or the theme changed, is full."""
        self.started = time.perf_counter()
        self.built, self.new_entries, self.seen, self.files = set(), {}, 0, None
        self.page_seconds, self._page_started = {}, {}
        signature = _config_signature(config)
        if signature != self.signature or not self.outputs:
            utils.clean_directory(config.site_dir)
            self.entries.clear()
            self.encoded.clear()
            self.read.clear()
            self.outputs = set()
            self.nav = None
            self.signature = signature

    def snippet_changed(self, files: Any, snippet: Any) -> None:  # noqa: ANN401
        """A page including the generated snippet is rebuilt when the snippet is newer than its HTML."""
        try:
            changed = os.path.getmtime(snippet.abs_src_path)
        except OSError:
            return
        section = snippet.src_uri.rsplit("/", 1)[0] + "/"
        for file in files.documentation_pages():
            if file.src_uri.startswith(section) or not file.abs_src_path:
                continue
            try:
                if snippet.src_uri in Path(file.abs_src_path).read_text(encoding="utf-8", errors="replace") \
                        and os.path.getmtime(file.abs_dest_path) < changed:
                    os.remove(file.abs_dest_path)
            except OSError:
                continue

    def check_nav(self, nav: Any, files: Any) -> None:  # noqa: ANN401
        signature = _nav_signature(nav.items)
        if self.nav is not None and signature != self.nav:
            log.info("digest: the navigation changed: every page is rebuilt")
            for file in files.documentation_pages():
                try:
                    os.remove(file.abs_dest_path)
                except OSError:
                    pass
        self.nav = signature

    def keep_compiled(self, env: Any) -> None:  # noqa: ANN401
        """This build's theme environment takes its compiled templates from the last builds'."""
        if env.bytecode_cache is None:
            env.bytecode_cache = self.templates

    def restore_unread(self, config: Any, files: Any) -> None:  # noqa: ANN401
        """Give each page MkDocs skipped its last front matter and title, and hand it to the tags plugin.

        A skipped page that holds a tags listing gets back the listing it had (its id and options, as
        the tags plugin read them): the tags of every page link to their listing. Its listing is not
        filled (generator/listings.py): the page is not written.
        """
        self.files = files
        tags = _find(config, "mappings")
        use_tags = tags is not None and tags.config.enabled
        if use_tags:  # the listings of the pages read in this build, as the tags plugin just made them
            from material.plugins.tags.structure.listing import Listing

            read: dict[str, list[tuple[str, Any]]] = {}
            for listing in tags.listings.data:
                read.setdefault(listing.page.file.src_uri, []).append((listing.id, listing.config))
            for file in files.documentation_pages():
                if file.page is not None and file.page.markdown is not None:
                    self.listings[file.src_uri] = sorted(read.get(file.src_uri, []), key=lambda x: x[0])
        order = []
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            order.append(page.url)
            if page.markdown is not None:  # read in this build
                continue
            cached = self.read.get(file.src_uri)
            if cached is None:
                continue
            page.meta, page.title = dict(cached[0]), cached[1]
            if use_tags and tags.filter(file):
                tags.mappings.add(page, "")
                for listing_id, options in self.listings.get(file.src_uri, []):  # a tag links to its listing
                    tags.listings.data.add(Listing(page, listing_id, options))
        if use_tags:  # a clean build adds the pages in file order
            data = tags.mappings.data
            tags.mappings.data = {url: data[url] for url in order if url in data}

    @staticmethod
    def read_now(listing: Any) -> bool:  # noqa: ANN401
        """A listing on a page read in this build: the only ones a dirty build fills (the others are not written)."""
        return listing.page.markdown is not None

    def page_started(self, page: Any) -> None:  # noqa: ANN401
        """MkDocs starts on a page (reading its Markdown, or laying it in the theme): see `slowest`."""
        self._page_started[page.url] = time.perf_counter()

    def page_done(self, page: Any) -> None:  # noqa: ANN401
        started = self._page_started.pop(page.url, None)
        if started is not None:
            self.page_seconds[page.url] = self.page_seconds.get(page.url, 0.0) + time.perf_counter() - started

    def slowest(self, n: int = SLOWEST_SHOWN) -> str:
        """The rebuilt pages that took longest (Markdown and theme), for the log: where an edit's seconds went."""
        worst = sorted(self.page_seconds.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        return ", ".join(f"{url or '/'} {sec:.1f} s" for url, sec in worst if sec >= SLOWEST_MIN_S)

    def page_built(self, page: Any, config: Any) -> None:  # noqa: ANN401
        search = _find(config, "search_index")
        if search is not None:
            entries = search.search_index.entries
            self.new_entries[page.url] = entries[self.seen:]
            self.seen = len(entries)
        self.built.add(page.url)
        self.read[page.file.src_uri] = (dict(page.meta), page.title)

    def post_build(self, config: Any) -> None:  # noqa: ANN401
        files = self.files
        if files is None:
            return
        docs = [f for f in files.documentation_pages() if f.page is not None]
        search = _find(config, "search_index")
        if search is not None and search.config.enabled:
            self._write_search_index(search, docs, config)
        sources = {f.src_uri for f in docs}
        self.read = {k: v for k, v in self.read.items() if k in sources}
        self.listings = {k: v for k, v in self.listings.items() if k in sources}
        outputs = {f.abs_dest_path for f in files if f.abs_dest_path}
        removed = 0
        for gone in sorted(self.outputs - outputs):
            try:
                os.remove(gone)
                removed += 1
            except OSError:
                continue
            _prune_empty(Path(gone).parent, Path(config.site_dir))
        self.outputs = outputs
        slowest = self.slowest()
        log.info("digest: preview: %d pages rebuilt%s, %d kept from the last build, %d files removed in %.1f s",
                 len(self.built), f" (slowest: {slowest})" if slowest else "", len(docs) - len(self.built), removed,
                 time.perf_counter() - self.started)


    def _write_search_index(self, search: Any, docs: list, config: Any) -> None:  # noqa: ANN401 - Material's plugin
        """The whole index, each page's entries from the build that last built it, in a clean build's order.

        A page's entries are encoded to JSON once, when it is built, and the index is their join: JSON
        encodes a list as its items' encodings joined by commas, so this is Material's own
        `json.dumps(..., separators=(",", ":"))` of the whole index without encoding the unchanged
        pages again (about a second of every edit at 921 articles). The first build of a serve
        session checks the join against Material's own output; should they ever differ (another
        Material), every build uses Material's.
        """
        entries: dict[str, list[dict]] = {}
        encoded: dict[str, str] = {}
        for file in docs:
            url = file.page.url
            if url in self.built:
                entries[url] = self.new_entries[url]
                encoded[url] = ",".join(_search_json(e) for e in entries[url])
            else:
                entries[url] = self.entries.get(url, [])
                encoded[url] = self.encoded.get(url) or ",".join(_search_json(e) for e in entries[url])
        self.entries, self.encoded = entries, encoded
        search.search_index.entries = [e for page in entries.values() for e in page]
        search.search_index_prev = None
        setting = {key: search.search_index.config[key] for key in SEARCH_CONFIG_KEYS}
        data = f'{{"config":{_search_json(setting)},"docs":[{",".join(x for x in encoded.values() if x)}]}}'
        if self.joined_ok is None:
            self.joined_ok = data == search.search_index.generate_search_index(None)
            if not self.joined_ok:
                log.info("digest: preview: the search index is encoded whole on every build (Material's format differs)")
        if not self.joined_ok:
            data = search.search_index.generate_search_index(None)
        utils.write_file(data.encode("utf-8"), os.path.join(config.site_dir, "search", "search_index.json"))


# What Material's search index holds besides its entries (material/plugins/search/plugin.py generate_search_index).
SEARCH_CONFIG_KEYS = ("lang", "separator", "pipeline", "fields")


def _search_json(value: object) -> str:
    """JSON as Material's search index writes it."""
    return json.dumps(value, separators=(",", ":"), default=str)


def _config_signature(config: Any) -> str:  # noqa: ANN401
    """mkdocs.yml's bytes and the theme's custom_dir files (size, mtime): what every page depends on."""
    h = hashlib.sha256()
    path = config.config_file_path
    if path and os.path.isfile(path):
        h.update(Path(path).read_bytes())
    custom = config.theme.custom_dir
    if custom and os.path.isdir(custom):
        for p in sorted(Path(custom).rglob("*")):
            if p.is_file():
                st = p.stat()
                h.update(f"{p}\0{st.st_size}\0{st.st_mtime_ns}\0".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
