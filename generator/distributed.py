"""Analyse on Dask: the analyse stage spread over a `dask.distributed` cluster.

Articles in, digests (or InputErrors) out, in input order: the same contract
and the same `Analyser` as the local engine, so the pages are byte-identical.
Each worker loads the spaCy pipeline once, when it joins (a WorkerPlugin),
and then analyses batches of `config.batch_size` articles sent as plain dicts.
Only the analyse stage runs remotely; reading, the cache, the corpus and the
pages stay on the machine that runs `digest build`.

A real cluster: start `dask scheduler` on one machine and `dask worker
tcp://HOST:8786` on each of the others (each with this project and the spaCy
model installed), then set `scheduler: tcp://HOST:8786`. Without a scheduler
address a LocalCluster with `config.processes` single-threaded workers runs
on this machine.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any

from generator.config import DigestConfig
from generator.errors import ConfigError, InputError
from generator.model import Article, ArticleDigest

log = logging.getLogger(__name__)

PLUGIN_NAME = "digest-analyser"
# Batches queued per worker: two keep a worker busy while the next batch
# travels; more would only hold articles in memory on the client.
BATCHES_IN_FLIGHT_PER_WORKER = 2
# How long to wait for a scheduler that does not answer before saying so.
CONNECT_TIMEOUT = "20s"

try:
    from distributed import Client, LocalCluster, WorkerPlugin, get_worker
except ImportError:  # the optional extra is not installed
    Client = LocalCluster = get_worker = None  # type: ignore[assignment,misc]
    WorkerPlugin = object  # type: ignore[assignment,misc]

# Worker address -> its Analyser. Keyed by address rather than kept on the
# plugin object, because in-process workers (LocalCluster(processes=False))
# may share one plugin instance.
_ANALYSERS: dict[str, Any] = {}


class AnalyserPlugin(WorkerPlugin):  # type: ignore[misc,valid-type]
    """Loads the pipeline once per worker, when the worker starts or joins."""

    name = PLUGIN_NAME

    def __init__(self, model_names: Sequence[str], batch_size: int) -> None:
        self.model_names = tuple(model_names)
        self.batch_size = batch_size

    def setup(self, worker: Any) -> None:
        from generator.analyse import Analyser

        _ANALYSERS[worker.address] = Analyser(self.model_names, processes=1, batch_size=self.batch_size)
        log.info("dask worker %s loaded %s", worker.address, _ANALYSERS[worker.address].model_id)

    def teardown(self, worker: Any) -> None:
        _ANALYSERS.pop(worker.address, None)


def analyse_batch(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The task: Article dicts in, {"digest": dict} or {"error": [path, reason]} out, in order."""
    worker = get_worker()
    if worker.address not in _ANALYSERS:  # a worker that missed the plugin's setup
        worker.plugins[PLUGIN_NAME].setup(worker)
    analyser = _ANALYSERS[worker.address]
    out: list[dict[str, Any]] = []
    for result in analyser.run([Article.from_dict(r) for r in rows]):
        if isinstance(result, InputError):
            out.append({"error": [result.path, result.reason]})
        else:
            out.append({"digest": result.to_dict()})
    return out


def _collect(future: Any, batch: Sequence[Article]) -> Iterator[ArticleDigest | InputError]:
    """The results of one batch; a batch lost with its worker fails its articles, not the run."""
    from generator.analyse import article_label

    try:
        rows = future.result()
    except Exception as exc:  # noqa: BLE001 - per-batch boundary: the rest of the run goes on
        log.warning("a Dask batch of %d articles failed (%s: %s)", len(batch), type(exc).__name__, exc)
        for article in batch:
            yield InputError(article_label(article), f"analysis failed on the Dask cluster: {type(exc).__name__}: {exc}")
        return
    for row in rows:
        if "error" in row:
            yield InputError(*row["error"])
        else:
            yield ArticleDigest.from_dict(row["digest"])


def connect(config: DigestConfig) -> tuple[Any, Any]:
    """(client, cluster or None): the configured scheduler, or a LocalCluster."""
    if Client is None:
        raise ConfigError(
            "engine: 'dask' needs dask.distributed, which is not installed; "
            "install it with: .venv/bin/pip install 'article-digest[dask]' (or use engine: local)"
        )
    if not log.isEnabledFor(logging.DEBUG):
        # The scheduler of a LocalCluster logs every worker's coming and going
        # at INFO; that belongs to --verbose, not to a build's output.
        logging.getLogger("distributed").setLevel(logging.WARNING)
    if config.scheduler:
        try:
            return Client(config.scheduler, timeout=CONNECT_TIMEOUT), None
        except OSError as exc:
            raise ConfigError(f"scheduler: cannot reach the Dask scheduler at {config.scheduler!r} ({exc})") from None
    cluster = LocalCluster(n_workers=max(config.processes, 1), threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster), cluster


def check_single_threaded(client: Any, config: DigestConfig) -> None:
    """Refuse workers that run more than one thread: the analysis keeps per-process state (a Doc memo in
    analyse/doccache.py) that two tasks on one worker's threads would share (issue 15)."""
    workers = client.scheduler_info().get("workers", {})
    threaded = sorted(f"{address} ({info.get('nthreads')} threads)" for address, info in workers.items()
                      if (info.get("nthreads") or 1) > 1)
    if threaded:
        raise ConfigError(f"scheduler: the Dask workers at {config.scheduler!r} must run one thread each; "
                          f"{', '.join(threaded[:3])} run more; start them with `dask worker --nthreads 1 ...` "
                          "(more processes, not threads, for more speed)")


def analyse_with_dask(articles: Sequence[Article], config: DigestConfig) -> Iterator[ArticleDigest | InputError]:
    """Digests for `articles` in their order, analysed on the configured Dask cluster.

    Batches of `config.batch_size` articles are submitted a few per worker
    ahead of the one being read, so memory holds the batches in flight only.
    """
    client, cluster = connect(config)
    try:
        check_single_threaded(client, config)
        client.register_plugin(AnalyserPlugin(config.model_names, config.batch_size), name=PLUGIN_NAME)
        workers = max(len(client.scheduler_info().get("workers", {})), 1)
        window = BATCHES_IN_FLIGHT_PER_WORKER * workers
        size = config.batch_size
        pending: deque = deque()
        for start in range(0, len(articles), size):
            batch = articles[start : start + size]
            pending.append((client.submit(analyse_batch, [a.to_dict() for a in batch], pure=False), batch))
            while len(pending) >= window:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
