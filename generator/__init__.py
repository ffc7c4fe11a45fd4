"""Article digest generator: a folder of news articles -> a browsable MkDocs site.

`build(config)` is the one public entry point: ingest -> analyse (cached) ->
corpus -> render -> output. The CLI and the MkDocs plugin both call it.
"""

from __future__ import annotations

import logging
import pickle
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from generator.cache import (BuildStamp, DigestCache, DigestSpool, KnownFiles, PageRecords, Parked, SlimDigests, StageState,
                             article_key, build_fingerprint, generator_version, pipeline_version, slim)
from generator.config import DigestConfig
from generator.errors import ConfigError, InputError, ModelNotFoundError
from generator.ingest import ReadOptions, read_articles, reread
from generator.ingest.known import Known, read_version
from generator.model import Article, ArticleDigest, BuildReport, Corpus, corpus_order

if TYPE_CHECKING:
    from generator.threads import Thread
    from generator.workers import WorkerPool

log = logging.getLogger(__name__)

__all__ = ["build", "DigestConfig", "BuildReport"]

_ANALYSERS: dict[tuple, object] = {}

Progress = Callable[[int, int], None]
T = TypeVar("T")


def pack(article: Article) -> bytes:
    """An article as compressed bytes, a fifth of its size as objects.

    Articles wait in the main process from reading until the pipe asks for
    them, and the NLP workers are forked from that process: whatever it
    holds then is counted again in each worker's resident memory. Packed,
    5,000 articles are about 10 MB instead of 45 MB (bench/throughput.py
    peak_rss_mb at the replicated 5,000 point).
    """
    return zlib.compress(pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(data: bytes) -> Article:
    return pickle.loads(zlib.decompress(data))


def unpacked(item: bytes | Known) -> Article | Known:
    """An article packed by `pack`, or a Known (an unread article of an unchanged file) as it is."""
    return item if isinstance(item, Known) else unpack(item)


def drain(items: list[T]) -> Iterator[T]:
    """Yield the items of a list in order, letting go of each: the list is empty at the end.

    Articles are the bulk of the read stage's memory; handed on this way,
    each one is freed once analysed instead of when the whole run ends.
    """
    items.reverse()
    while items:
        yield items.pop()


def _timed(items: Iterable[T], spent: list[float]) -> Iterator[T]:
    """Pass items through, adding the seconds spent making them to spent[0]."""
    it = iter(items)
    while True:
        began = time.perf_counter()
        try:
            item = next(it)
        except StopIteration:
            return
        finally:
            spent[0] += time.perf_counter() - began
        yield item


def get_analyser(config: DigestConfig):  # -> Analyser, imported lazily: a warm run never loads spaCy
    from generator.analyse import Analyser

    key = config.model_names
    if key not in _ANALYSERS:
        try:
            _ANALYSERS[key] = Analyser(config.model_names)
        except ModelNotFoundError as exc:  # name the key and the value given, then what was tried and how to install
            raise ModelNotFoundError(f"model: {config.model!r} could not be loaded; {exc}") from None
    analyser = _ANALYSERS[key]
    analyser.processes, analyser.batch_size = config.processes, config.batch_size  # type: ignore[attr-defined]
    return analyser


class AnalyserInWorker:
    """An analyser that loads the model in the process that runs it: the worker of a build analysing ahead.

    A build that finds a few changed articles and has no model loaded (a new
    process: `digest build` after an edit) sends them to one worker process
    that loads the model itself (import and load: about 0.75 s) and analyses
    them, while this process reads what the archive's later stages kept
    (`Ahead.meanwhile`). The model is then never loaded here, so a
    process that builds again and again (`mkdocs serve`, which loads it while
    it waits) keeps the in-process path.
    """

    def __init__(self, config: DigestConfig) -> None:
        self.config = config
        self.processes = 1  # set by the worker too: a worker never starts a pool of its own

    def _analyser(self):  # -> Analyser: loaded on first use in the worker, kept for the next batch
        analyser = get_analyser(self.config)  # which sets the configured processes: the worker runs alone
        analyser.processes = 1
        return analyser

    def warm(self) -> None:
        """Load the model (the worker does as it starts, before its first batch comes)."""
        self._analyser()

    def run(self, articles: Iterable[Article], *, total: int | None = None) -> Iterator[ArticleDigest | InputError]:
        return self._analyser().run(articles, total=total)


@dataclass(slots=True)
class Ahead:
    """A one-shot build's worker, started with the build so the model loads while the input is read, and
    what this process does while it analyses (see `AnalyserInWorker`)."""

    pool: WorkerPool
    meanwhile: Callable[[], None]


def start_ahead(config: DigestConfig) -> WorkerPool | None:
    """The worker of a one-shot build, already loading the model; None where the in-process path is kept
    (another engine, a model loaded here, a model not installed)."""
    if config.engine != "local" or config.model_names in _ANALYSERS or not model_found(config):
        return None
    from generator.workers import WorkerPool

    pool = WorkerPool(AnalyserInWorker(config), 1, config.batch_size)
    pool.start()
    return pool


def model_found(config: DigestConfig) -> bool:
    """Whether one of the model names is an installed package or an existing path, without loading it.

    A worker that cannot find the model would fail each article alone; this
    process loading it instead raises the one ModelNotFoundError that says how to install it.
    """
    from importlib.util import find_spec

    for name in config.model_names:
        if Path(name).exists():
            return True
        try:
            if name.isidentifier() and find_spec(name) is not None:
                return True
        except (ImportError, ValueError):
            continue
    return False


def model_cache_tag(config: DigestConfig) -> str:
    """The model part of the cache key, without loading the model."""
    from importlib.metadata import PackageNotFoundError, version

    for name in config.model_names:
        try:
            return f"{name}-{version(name.replace('_', '-'))}"
        except PackageNotFoundError:
            continue
    return "+".join(config.model_names)


def run_analyser(analyser, articles: Iterable[Article], total: int) -> Iterator[ArticleDigest | InputError]:  # noqa: ANN001
    """The analyser over the articles: in this process for a few, else in worker processes that always end.

    spaCy's own `nlp.pipe(n_process=...)` waits for ever on a worker that
    died, and joins workers blocked on a full pipe when the main process
    fails (issue 15); generator/workers.py detects both.
    """
    from generator.analyse import plan_workers
    from generator.workers import WorkerPool, analyse_in_batches

    n_process, batch_size = plan_workers(total, analyser.processes, analyser.batch_size)
    if n_process <= 1:
        return analyse_in_batches(analyser, articles, batch_size)
    return WorkerPool(analyser, n_process, batch_size).run(articles)


def _in_one_process(config: DigestConfig, total: int) -> bool:
    """Whether `total` articles are few enough to be analysed in one process (analyse.plan_workers)."""
    from generator.analyse import plan_workers

    return plan_workers(total, config.processes, config.batch_size)[0] <= 1


# spaCy refuses a text longer than the model's `nlp.max_length` (1,000,000
# characters by default; its parser and NER need about 1 GB a 100,000
# characters, spaCy's E088). An article over it is refused with one line
# naming it, before it reaches a batch: never a crash, never its batch-mates
# (issue 15, item 3). The metadata header sent with the text counts too.
MAX_ANALYSED_CHARS = 1_000_000


def too_long(article: Article) -> InputError | None:
    """An InputError for an article too long for the model, else None."""
    if len(article.text) + 1000 < MAX_ANALYSED_CHARS:  # the header is short: most articles need no exact count
        return None
    from generator.analyse import article_label, article_meta  # spaCy, loaded only for a very long article
    from generator.analyse.nlp import with_meta

    size = len(with_meta(article.text, {**article_meta(article), "index": 0}))
    if size <= MAX_ANALYSED_CHARS:
        return None
    return InputError(article_label(article), f"too long to analyse: {len(article.text):,} characters of text, over the "
                      f"model's limit of {MAX_ANALYSED_CHARS:,} (spaCy's max_length); split it into smaller articles")


@dataclass(slots=True)
class AnalyseStats:
    """What `analyse_all` did, filled in as it streams."""

    cached: int = 0
    analysed: int = 0
    read_seconds: float = 0.0  # reading the input and looking up the cache
    load_seconds: float = 0.0  # loading the model (0 when already loaded or all cached)
    analyse_seconds: float = 0.0  # the NLP pipe, extraction and cache writes


def analyse_all(
    articles: Iterable[Article | Known | InputError],
    config: DigestConfig,
    progress: Progress | None = None,
    stats: AnalyseStats | None = None,
    keys: Iterable[str] | None = None,
    options: ReadOptions | None = None,
    slims: SlimDigests | None = None,
    ahead: Ahead | None = None,
) -> Iterator[ArticleDigest | Parked | InputError]:
    """Digests for all articles, from the cache where possible, as a stream.

    Cache hits are yielded while the input is read; misses are collected
    until the input is read, then stream through one `nlp.pipe` (or Dask)
    and each digest is cached as soon as it is back, so an interrupted run
    keeps what it finished. InputErrors from ingest pass through. A `Known`
    (an unread article of an unchanged file) whose entry cannot be read is
    read again from its file, with `options`. With `slims`, a hit whose slim
    form is known comes as `Parked` (slim; the whole stays in its entry).
    `keys`,
    when given, are the articles' cache keys in order (build() has them).
    `ahead`, when given, is a worker loading the model (`start_ahead`): a few
    misses go to it, and its `meanwhile` (work that needs no analysis) runs
    here while it analyses them; with no misses or many it is closed unused
    (many go to the usual pool, which shares this process's model).
    """
    stats = stats if stats is not None else AnalyseStats()
    started = time.perf_counter()
    cache = DigestCache(config.cache_dir, enabled=config.use_cache)
    tag = model_cache_tag(config)
    todo: list[bytes] = []  # the misses, packed until the pipe asks for them
    todo_keys: list[str] = []
    known = iter(keys) if keys is not None else None  # the articles' keys, when the caller has them
    for article in articles:
        if isinstance(article, InputError):
            yield article
            continue
        key = next(known) if known is not None else article.cache_key if isinstance(article, Known) else article_key(article, tag)
        light = slims.get(key) if slims is not None else None
        if light is not None:
            stats.cached += 1
            if light.article.source != article.source:
                light = replace(light, article=replace(light.article, source=article.source))
            yield Parked(light, key)
            continue
        hit = cache.get(key)
        if hit is not None and slims is not None:
            slims.add(key, slim(hit))
        if hit is not None:
            # The key hashes the article as read, which ingest has cleaned
            # (ingest/clean.py); the source is left out of the key, so a moved
            # or copied input takes the new source.
            stats.cached += 1
            if hit.article.source != article.source:  # the key leaves the source out: moved or copied input
                hit = replace(hit, article=replace(hit.article, source=article.source))
            yield hit
        elif isinstance(article, Known):  # an unread file whose cache entry is unreadable: read it after all
            again = reread(article, options)
            if isinstance(again, InputError):
                yield again
            else:
                todo.append(pack(again))
                todo_keys.append(article_key(again, tag))
        elif (refused := too_long(article)) is not None:
            yield refused
        else:
            todo.append(pack(article))
            todo_keys.append(key)
    stats.read_seconds = time.perf_counter() - started
    if ahead is not None and (not todo or not _in_one_process(config, len(todo))):  # start_ahead: a local engine
        ahead.pool.close()
        ahead = None
    if not todo:
        return
    total = stats.analysed = len(todo)
    if progress:
        progress(0, total)  # the bar starts before the model loads, so its rate and ETA are honest
    if config.engine == "dask":
        from generator.distributed import analyse_with_dask

        results: Iterable[ArticleDigest | InputError] = analyse_with_dask([unpack(b) for b in drain(todo)], config)
    elif ahead is not None:  # the model's load is the worker's, in "analyse" with the wait for its results
        results = ahead.pool.run(map(unpack, drain(todo)), meanwhile=ahead.meanwhile)
    else:
        loading = time.perf_counter()
        analyser = get_analyser(config)
        stats.load_seconds = time.perf_counter() - loading
        results = run_analyser(analyser, map(unpack, drain(todo)), total)  # each article is let go once analysed
    began = time.perf_counter()
    try:
        for n, (key, result) in enumerate(zip(todo_keys, results, strict=True), 1):
            if not isinstance(result, InputError):
                cache.put(key, result)
                if slims is not None:
                    slims.add(key, slim(result))
            yield result
            if progress:
                progress(n, total)
    finally:
        stats.analyse_seconds = time.perf_counter() - began


# A one-shot build of at least this many articles runs the threads stage in a forked child beside the actor
# merge and the page keys (generator/beside.py). The child costs CPU the in-process stage does not: pages
# copied on write by either process, the slugs made twice (CPU seconds of the corpus stage after an edit: +0.02
# at 100 articles, +0.07 at 300, +0.05 to 0.1 at 600 and 0.2 to 0.35 at 921), and wins the overlap only when a
# core is free (the stage's wall time then, from the parts' CPU: 100 articles 0.10 -> 0.09 s, 300 0.34 -> 0.25,
# 600 0.82-0.92 -> 0.55-0.57, 921 measured 1.40 -> 0.91-0.94). Below 200 the gain is a few hundredths at best.
THREADS_BESIDE_MIN = 200

# Options that change no page: a build differing only in these is the same build.
RUN_ONLY_OPTIONS = ("processes", "batch_size", "engine", "scheduler", "cache_dir", "use_cache", "site_dir", "follow_symlinks")


def build(config: DigestConfig, progress: Progress | None = None, *, one_shot: bool = False) -> BuildReport:
    """Read, analyse (cached), merge, render and write; skip all but the reading when nothing changed.

    `one_shot`: this process builds once and ends (`digest build`, `mkdocs build`), so a worker starts
    loading the model as soon as the reading meets an article to analyse, a few changed articles are
    analysed there, and this process reads meanwhile what the later stages kept (`AnalyserInWorker`);
    a process that builds again and again keeps the model.
    """
    early: list[WorkerPool] = []  # the one-shot build's worker, gone however the build ends
    try:
        return _build(config, progress, one_shot, early)
    finally:
        for pool in early:
            pool.close()


def _build(config: DigestConfig, progress: Progress | None, one_shot: bool, early: list[WorkerPool]) -> BuildReport:
    from generator.beside import Beside, usage
    from generator.corpus import build_corpus, merge_state
    from generator.heap import steady_heap
    from generator.corpus import preload as preload_merge
    from generator.output import SectionLock, WriteAhead, write_pages
    from generator.render import Site, warm_templates
    from generator.slugs import bases_made_by
    from generator.thread_stage import preload as preload_threads
    from generator.thread_stage import state as thread_state
    from generator.thread_stage import thread_corpus

    started = time.perf_counter()
    machine = usage() if one_shot else None  # what the machine's other processes use meanwhile decides the fork
    missing = [p for p in config.inputs if not Path(p).exists()]
    if missing:  # a usage error: building from nothing would empty the section
        raise ConfigError(f"inputs: {', '.join(map(repr, missing))} {'does' if len(missing) == 1 else 'do'} not exist; "
                          "expected files or folders of articles (nothing was built, the section is untouched)")
    DigestCache(config.cache_dir, enabled=config.use_cache).check_writable()  # a WriteError before any work
    pool: WorkerPool | None = None  # a one-shot build's worker, started at the first article to analyse
    looking = one_shot
    # what the generator writes is never read back, even when it lies inside an input folder
    skip = (config.output_dir, config.cache_dir, config.site_dir)
    options = ReadOptions(encoding=config.encoding, max_bytes=config.max_bytes, field_map=config.field_map,
                          follow_symlinks=config.follow_symlinks, skip_dirs=skip)
    tag = model_cache_tag(config)
    articles: list[bytes | Known] = []  # packed: see pack()
    keys: list[str] = []
    sources: list[str] = []
    errors: list[InputError] = []
    made_from: dict[tuple[str, str | None], str] = {}  # (source, key in the file) -> cache key: what a digest was made from
    cache = DigestCache(config.cache_dir, enabled=config.use_cache)
    known = KnownFiles(config.cache_dir, read_version(options.signature(), tag, pipeline_version()),
                       lambda a: article_key(a, tag), cache.has, enabled=config.use_cache)
    for item in read_articles(config.inputs, options, known):
        if isinstance(item, InputError):
            errors.append(item)
        else:
            keys.append(known.key(item))
            sources.append(item.source)
            made_from[(item.source, item.key)] = keys[-1]
            articles.append(item if isinstance(item, Known) else pack(item))
            if looking and not isinstance(item, Known) and not cache.has(keys[-1]):
                # the first article that needs the model: it loads in the worker while the rest is read (a build
                # that finds nothing to analyse starts none)
                looking = False
                pool = start_ahead(config)
                early += [pool] if pool is not None else []
    mark = time.perf_counter()
    stages = [("read", mark - started)]

    section = Path(config.output_dir)
    with SectionLock(section):  # one build at a time per section: a second one fails, naming this one
        stamp = BuildStamp(config.cache_dir, section, enabled=config.use_cache)
        shaping = {f.name: getattr(config, f.name) for f in fields(config) if f.name not in RUN_ONLY_OPTIONS}
        fingerprint = build_fingerprint(keys, sources, shaping)
        files = stamp.matches(fingerprint)
        if files is not None:
            # Same articles, same code, same options, section untouched: every
            # page would come out byte-identical, so none is rendered.
            _stage(stages, "unchanged", mark)
            known.save()
            return _report(started, stages, errors, articles=len(articles), analysed=0, cached=len(articles),
                           written=0, unchanged=0, removed=0, untouched=files)
        stamp.forget()

        # Whole digests are parked on disk as they come back; memory keeps the
        # slim form the corpus needs, and pages are rendered and written one at
        # a time (generator/cache.py DigestSpool, generator/render Site).
        digests: list[ArticleDigest] = []
        stats = AnalyseStats()
        slims = SlimDigests(cache, generator_version())
        threads_store = thread_state(config.cache_dir, section, enabled=config.use_cache)
        merge_store = merge_state(config.cache_dir, section, enabled=config.use_cache)

        def identity(d: ArticleDigest) -> str:
            return f"{made_from[(d.article.source, d.article.key)]}|{d.article.source}"

        previous = _WrittenBefore(PageRecords(config.cache_dir, section, build_fingerprint([], [], shaping), enabled=config.use_cache),
                                 identity)

        def prepare() -> None:
            """What the later stages read that no analysis changes, read while a worker analyses (analyse_all)."""
            preload_merge(merge_store)
            preload_threads(threads_store)
            warm_templates()
            previous.read()

        with DigestSpool(cache) as spool, WriteAhead(section) as ahead:  # ahead: files begun before their pages are known
            # closing: an error here (a full disk under the spool) stops the NLP workers at once
            # (analyse_all is a generator, which has close(); its annotation says Iterator)
            with closing(analyse_all(map(unpacked, drain(articles)), config, progress, stats, keys=keys, options=options, slims=slims,
                                     ahead=Ahead(pool, prepare) if pool is not None else None)) as stream:  # type: ignore[type-var]
                for got in stream:
                    if isinstance(got, InputError):
                        errors.append(got)
                    elif isinstance(got, Parked):
                        digests.append(spool.refer(got))
                    else:
                        digests.append(spool.put(got))
            slims.save()
            stages += [("lookup", stats.read_seconds), ("load", stats.load_seconds), ("analyse", stats.analyse_seconds)]
            mark = time.perf_counter()
            n_digests = len(digests)

            # The threads stage reads only the articles and their slugs: in a one-shot build of a large archive
            # it runs in a child on the other core (generator/beside.py) while this process merges the actors
            # and keys the pages that do not show the threads. Frozen (generator/heap.py): a full collection here
            # would write to every object the child shares, copying the whole heap page by page.
            with steady_heap(), Beside("the threads stage", _threads_apart, digests, spool.get, identity, threads_store,
                                       merge_store, fork=one_shot and len(digests) >= THREADS_BESIDE_MIN, since=machine) as apart:
                records = previous.read()  # read ahead when a worker analysed (prepare): its slug bases serve the merge too
                corpus = build_corpus(digests, identity, merge_store)
                del digests  # the corpus holds them from here on
                # the old digest.json's lines, for the new one (unused when it is not made again)
                site = Site(corpus, section=config.section, full=spool.get, identity=identity, site_url=config.site_url,
                            site_name=config.site_name, threads=None, lines=previous.lines())
                apart_keys = site.keys_apart()
                # What the write needs that the threads do not change, made while they are made beside: each step
                # only while the child still runs (it never holds back the threads; what is not done ahead is done
                # as the pages are written). Done here in full when the stage runs in this process.
                kept: dict[str, bool] = {}
                if not apart.finished():
                    site.ready_apart()
                if not apart.finished():
                    kept = {rel: records.on_disk(rel, key) for rel, key in apart_keys.items()}
                if not apart.finished():
                    ahead.check(apart_keys)
                if not apart.finished() and (head := site.digest_head()) is not None:  # unused when digest.json is unchanged
                    ahead.begin("digest.json", head)
                sent = apart.result()
                if sent is not None and sent[1] != _pass_keys(corpus, identity):  # cannot be: slugs are the corpus's
                    log.warning("the threads stage beside the build slugged the articles otherwise; running it here")
                    sent = None
                site.add_threads(sent[0] if sent is not None else thread_corpus(corpus, spool.get, identity, threads_store))
            paths = site.paths()
            page_keys = site.keys()
            mark = _stage(stages, "corpus", mark)
            # the pages whose files are as made from their keys: not rendered (those keyed apart were stated then)
            untouched = {rel for rel, on_disk in kept.items() if on_disk}
            untouched.update(rel for rel, key in page_keys.items() if rel not in kept and records.on_disk(rel, key))
            rendering = [0.0]
            result = write_pages(section, paths, _timed(site.pages(untouched.__contains__), rendering), ahead)
            # "render" is the time spent making pages, "write" the rest (digest.json is made as it is written)
            stages += [("render", rendering[0]), ("write", time.perf_counter() - mark - rendering[0])]
            lines = site.lines.file_keys(corpus) if "digest.json" not in untouched else records.lines
            records.save(page_keys, untouched, lines, (site.slugs_made(), bases_made_by()))
            del site, corpus
        known.forget(e.path for e in errors)  # a file that gave an error is read again next time
        known.save()
        if n_digests == len(keys):  # an article whose analysis failed is retried next time, so never stamped
            stamp.record(fingerprint, records.pages)  # the pages as the records stated them: not stated again
        return _report(started, stages, errors, articles=n_digests, analysed=stats.analysed, cached=stats.cached,
                       written=result.written, unchanged=result.unchanged, removed=result.removed,
                       untouched=result.untouched)


def _threads_apart(digests: list[ArticleDigest], full: Callable[[ArticleDigest], ArticleDigest],
                   identity: Callable[[ArticleDigest], str], store: StageState | None,
                   merge_store: StageState | None = None) -> tuple[list[Thread], list[str]]:
    """The threads stage (`thread_corpus`) over the digests slugged as the corpus stage slugs them, without
    the actor merge, and the articles as it keyed them (`_pass_keys`), for the build to check.

    Run beside the build (generator/beside.py): the stage reads the digests' articles, slugs and
    whole digests (`full`), never their actors or topics, which the corpus stage decides."""
    from generator.corpus import assign_slugs
    from generator.thread_stage import thread_corpus

    corpus = Corpus(digests=tuple(sorted(assign_slugs(digests, identity, merge_store), key=corpus_order)))
    return thread_corpus(corpus, full, identity, store), _pass_keys(corpus, identity)


def _pass_keys(corpus: Corpus, identity: Callable[[ArticleDigest], str]) -> list[str]:
    """Each article of the corpus as the threads stage knows it: what its digest was made from, and its slug."""
    return [f"{identity(d)}|{d.slug}" for d in corpus.digests]


class _WrittenBefore:
    """What the last build left in the section that this one's write reads, each read once: the page
    records (generator/cache.py PageRecords), ahead when it can be (build()'s `prepare`, while a worker
    analyses), and the record lines of the digest.json on disk (render.Lines), read and split when the corpus
    stage asks (0.05 s of an edit's write at 921 articles, 23 MB). Not in `prepare`: read before the threads
    stage is forked, those 23 MB were counted in the child's resident memory too (the bench's peak RSS of
    the process tree, 394 -> 435 MB)."""

    def __init__(self, records: PageRecords, identity: Callable[[ArticleDigest], str]) -> None:
        self.records = records
        self.identity = identity
        self._read = False
        self._lines = None  # render.Lines of the digest.json on disk, once asked for

    def read(self) -> PageRecords:
        """The page records, read on the first call; the slug bases they keep are given to `slugs.slug_base`."""
        from generator.slugs import remember

        if not self._read:
            self._read = True
            self.records.load()
            remember(self.records.slugs, self.records.slugs_made_by)
        return self.records

    def lines(self):  # noqa: ANN201 - render.Lines, imported lazily
        """The lines of the old digest.json, for the one about to be made (none when there is nothing to reuse)."""
        from generator.render import Lines

        if self._lines is None:
            self._lines = _old_digest_lines(self.read(), self.identity) or Lines(self.identity)
        return self._lines


def _old_digest_lines(records: PageRecords, identity: Callable[[ArticleDigest], str]):  # noqa: ANN202 - render.Lines, imported lazily
    """The record lines of the digest.json on disk (render.Lines), when the records hold their keys and the
    file is the one they recorded; else None."""
    from generator.render import Lines

    rel = "digest.json"
    rec = records.pages.get(rel)
    if not records.lines or rec is None:  # nothing to reuse
        return None
    try:
        st = (records.section / rel).stat()
        if [st.st_size, st.st_mtime_ns] != rec[1:]:
            return None
        text = (records.section / rel).read_bytes()  # its lines are written back as they are: never decoded (render.Lines)
    except OSError:
        return None
    return Lines(identity, records.lines, text)


def _report(started: float, stages: list[tuple[str, float]], errors: list[InputError], **counts: int) -> BuildReport:
    for err in errors:
        # the CLI and the plugin print each failure once, from the report
        log.debug("failed: %s: %s", err.path, err.reason)
    return BuildReport(
        **counts,
        errors=tuple(sorted((e.path, e.reason) for e in errors)),
        seconds=round(time.perf_counter() - started, 3),
        stages=tuple((name, round(sec, 3)) for name, sec in stages),
    )


def _stage(stages: list[tuple[str, float]], name: str, since: float) -> float:
    now = time.perf_counter()
    stages.append((name, now - since))
    return now
