"""Article digest generator: a folder of news articles -> a browsable MkDocs site.

`build(config)` is the one public entry point: ingest -> analyse (cached) ->
corpus -> render -> output. The CLI and the MkDocs plugin both call it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from generator.cache import DigestCache, article_key
from generator.config import DigestConfig
from generator.errors import InputError
from generator.ingest import ReadOptions, read_articles
from generator.model import Article, ArticleDigest, BuildReport

log = logging.getLogger(__name__)

__all__ = ["build", "DigestConfig", "BuildReport"]

_ANALYSERS: dict[tuple, object] = {}

Progress = Callable[[int, int], None]


def get_analyser(config: DigestConfig):  # -> Analyser, imported lazily: a warm run never loads spaCy
    from generator.analyse import Analyser

    key = (config.model_names, config.processes, config.batch_size)
    if key not in _ANALYSERS:
        _ANALYSERS[key] = Analyser(config.model_names, processes=config.processes, batch_size=config.batch_size)
    return _ANALYSERS[key]


def model_cache_tag(config: DigestConfig) -> str:
    """The model part of the cache key, without loading the model."""
    from importlib.metadata import PackageNotFoundError, version

    for name in config.model_names:
        try:
            return f"{name}-{version(name.replace('_', '-'))}"
        except PackageNotFoundError:
            continue
    return "+".join(config.model_names)


def analyse_all(articles: list[Article], config: DigestConfig, progress: Progress | None = None) -> tuple[list[ArticleDigest], list[InputError], int]:
    """Digests for all articles, from the cache where possible; returns (digests, errors, analysed)."""
    cache = DigestCache(config.cache_dir, enabled=config.use_cache)
    tag = model_cache_tag(config)
    digests: list[ArticleDigest] = []
    errors: list[InputError] = []
    todo: list[tuple[Article, str]] = []
    for article in articles:
        key = article_key(article, tag)
        hit = cache.get(key)
        if hit is not None and hit.article == article:
            digests.append(hit)
        else:
            todo.append((article, key))
    if todo:
        if config.engine == "dask":
            from generator.distributed import analyse_with_dask

            results = analyse_with_dask([a for a, _ in todo], config)
        else:
            results = get_analyser(config).run([a for a, _ in todo])
        for n, ((article, key), result) in enumerate(zip(todo, results, strict=True), 1):
            if isinstance(result, InputError):
                errors.append(result)
            else:
                cache.put(key, result)
                digests.append(result)
            if progress:
                progress(n, len(todo))
    return digests, errors, len(todo)


def build(config: DigestConfig, progress: Progress | None = None) -> BuildReport:
    from generator.corpus import build_corpus
    from generator.output import write_section
    from generator.render import render

    started = time.perf_counter()
    options = ReadOptions(encoding=config.encoding, max_bytes=config.max_bytes, field_map=config.field_map)
    articles: list[Article] = []
    errors: list[InputError] = []
    for item in read_articles(config.inputs, options):
        if isinstance(item, InputError):
            errors.append(item)
        else:
            articles.append(item)
    digests, analyse_errors, analysed = analyse_all(articles, config, progress)
    errors.extend(analyse_errors)
    corpus = build_corpus(digests)
    pages = render(corpus, section=config.section)
    result = write_section(Path(config.output_dir), pages)
    for err in errors:
        # the CLI and the plugin print each failure once, from the report
        log.debug("failed: %s: %s", err.path, err.reason)
    return BuildReport(
        articles=len(digests),
        analysed=analysed,
        cached=len(articles) - analysed,
        written=result.written,
        unchanged=result.unchanged,
        removed=result.removed,
        errors=tuple(sorted((e.path, e.reason) for e in errors)),
        seconds=round(time.perf_counter() - started, 3),
    )
