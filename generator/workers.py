"""Worker processes for the analyse stage: Articles in, digests (or InputErrors) out, always ending.

The loaded `Analyser` is forked into `n` worker processes; each receives one
batch of articles at a time over its own pipe, runs the whole analysis on it
in one process (cleaning, `nlp.pipe`, extraction) and sends back one result
per article as soon as it has it. The main process waits on the result pipes
and on the processes themselves (`multiprocessing.connection.wait` on their
sentinels), so a worker that dies, whatever killed it (the out-of-memory
killer, a signal, a crash in a C extension), is seen at once:

- the articles of its batch that had not come back are retried once, each
  alone, in another worker (a new one replaces the dead), so one article
  that kills its worker costs only itself; an article whose retry dies too
  is an InputError naming it;
- a worker that sends nothing for `STALL_SECONDS` is killed and treated the
  same way, so no wait is without a bound;
- when the main process stops early (an error writing a page, the cache or
  the spool, a KeyboardInterrupt, or the caller closing the stream), every
  worker is killed in a `finally`, so the build ends with that error instead
  of waiting on workers blocked writing to a pipe nobody reads (issue 15,
  item 1: spaCy's own multiprocessing `nlp.pipe` joins its workers there);
- a worker whose parent dies is killed with it (PR_SET_PDEATHSIG on Linux),
  and holds no pipe end of any other worker, so none of them waits forever.

Results come out in input order, whatever order the workers finish in.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from generator.errors import InputError
from generator.model import Article, ArticleDigest

log = logging.getLogger(__name__)

Result = ArticleDigest | InputError

# A worker that sends nothing (no result, no end of batch) for this long is
# taken as hung, killed and handled as a dead one. The longest article the
# model takes (spaCy's max_length, 1,000,000 characters) analyses in about a
# minute on one core of this machine; five times that leaves room for a
# loaded machine without letting a stuck worker hold the build for ever.
STALL_SECONDS = 300.0
# How long the main process waits for a killed worker to be reaped.
REAP_SECONDS = 10.0
# Batches handed out ahead of the oldest unfinished one, per worker: results
# are yielded in input order, so this bounds the finished results held back
# while one slow batch (a long article) is still running, and a worker idles
# once the bound is reached. 4 let a fast worker wait on a slow one; 16
# (128 articles at batch_size 4, a few MB of digests) did not: 200 corpus
# articles on 2 workers, analyse stage 20-43 s against 29-48 s at 4 and 42-44 s
# with spaCy's own n_process pipe (interleaved runs, load 4-6 on 2 cores).
LOOKAHEAD_PER_WORKER = 16

_STALLED = f"sent nothing for {STALL_SECONDS:.0f} s and was stopped"


def _label(article: Article) -> str:
    return f"{article.source}#{article.key}" if article.key else article.source


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (a no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # no libc prctl: the parent's finally still kills us
        pass


def analyse_batch(analyser: Any, articles: list[Article]) -> Iterator[Result]:
    """The analysis of one batch: the same code path in a worker and in a one-process run."""
    return analyser.run(articles, total=len(articles))


def analyse_safely(analyser: Any, articles: list[Article]) -> Iterator[Result]:
    """`analyse_batch`, where an exception fails one article, never its batch-mates.

    Our components catch their own errors per article; this catches the rest
    (a spaCy error, an extraction bug): the articles of the batch not yet
    done are analysed again one by one, and the one that raises again is an
    InputError naming it.
    """
    done = 0
    try:
        for result in analyse_batch(analyser, articles):
            yield result
            done += 1
        return
    except Exception as exc:  # noqa: BLE001 - the batch boundary; each article is tried alone below
        log.debug("analysis of a batch failed (%s: %s); trying its articles one by one", type(exc).__name__, exc)
    for article in articles[done:]:
        try:
            [result] = list(analyse_batch(analyser, [article]))
        except Exception as exc:  # noqa: BLE001 - the per-article boundary
            log.debug("analysis of %s failed", _label(article), exc_info=True)
            message = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
            result = InputError(_label(article), f"analysis failed: {type(exc).__name__}: {message}")
        yield result


def analyse_in_batches(analyser: Any, articles: Iterable[Article], batch_size: int) -> Iterator[Result]:
    """`analyse_safely` over a stream, `batch_size` articles at a time, in this process."""
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from analyse_safely(analyser, batch)
            batch = []
    if batch:
        yield from analyse_safely(analyser, batch)


def _serve(analyser: Any, conn: Connection, others: list[Connection], parent: int) -> None:
    """A worker's loop: receive a batch, send back (index, result) per article, then (None, batch id)."""
    die_with_parent()
    for other in others:  # the pipe ends of other workers, inherited through fork
        other.close()
    if os.getppid() != parent:  # the parent died before PDEATHSIG was set
        os._exit(1)
    analyser.processes = 1  # this process is the worker: no nested pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it then kills us
    try:
        warm = getattr(analyser, "warm", None)
        if warm is not None:  # an analyser that loads its model here: load it before the first batch comes
            try:
                warm()
            except Exception:  # noqa: BLE001 - each article of the first batch then fails with the reason
                log.debug("the NLP worker could not load the model ahead", exc_info=True)
        while True:
            try:
                message = conn.recv()
            except EOFError:  # the parent closed our pipe: done
                return
            if message is None:
                return
            batch_id, items = message
            indices = [i for i, _ in items]
            for i, result in zip(indices, analyse_safely(analyser, [a for _, a in items]), strict=True):
                conn.send((i, result))
            conn.send((None, batch_id))
    except (BrokenPipeError, EOFError, KeyboardInterrupt):
        return
    finally:
        conn.close()


@dataclass(slots=True)
class _Batch:
    id: int
    items: list[tuple[int, Article]]
    is_retry: bool = False


@dataclass(slots=True)
class _Worker:
    process: Any
    conn: Connection
    batch: _Batch | None = None
    done: set[int] = field(default_factory=set)  # indices of the current batch already back
    last_heard: float = 0.0


class WorkerPool:
    """Runs `analyser` over articles in `n_process` forked workers, `batch_size` articles a batch."""

    def __init__(self, analyser: Any, n_process: int, batch_size: int) -> None:
        self.analyser = analyser
        self.n_process = max(1, n_process)
        self.batch_size = max(1, batch_size)
        self._context = multiprocessing.get_context("fork")  # the loaded pipeline is shared, not re-loaded
        self._workers: list[_Worker] = []

    def _start(self) -> _Worker:
        ours, theirs = self._context.Pipe(duplex=True)
        others = [w.conn for w in self._workers]
        process = self._context.Process(target=_serve, args=(self.analyser, theirs, others, os.getpid()),
                                        name="digest-nlp-worker", daemon=True)
        process.start()
        theirs.close()  # only the worker holds its end: its death is an EOF here
        worker = _Worker(process=process, conn=ours, last_heard=time.monotonic())
        self._workers.append(worker)
        log.debug("NLP worker pid %d started", process.pid)
        return worker

    def _stop(self, worker: _Worker) -> None:
        self._workers.remove(worker)
        worker.conn.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(REAP_SECONDS)

    def start(self) -> None:
        """Start the workers now, idle until `run` hands them batches (an analyser with `warm()` loads its
        model meanwhile)."""
        while len(self._workers) < self.n_process:
            self._start()

    def close(self) -> None:
        """Kill every worker (they hold nothing worth waiting for) and reap them."""
        for worker in list(self._workers):
            self._stop(worker)

    def run(self, articles: Iterable[Article], meanwhile: Callable[[], None] | None = None) -> Iterator[Result]:
        """A digest or an InputError for every article, in input order; the workers are gone when it ends.

        `meanwhile` runs once in this process when the first batches are handed out, before it
        waits for a result: work of the caller's that needs no analysis overlaps the workers'.
        """
        try:
            yield from self._run(articles, meanwhile)
        finally:
            self.close()

    def _run(self, articles: Iterable[Article], meanwhile: Callable[[], None] | None = None) -> Iterator[Result]:
        source = enumerate(articles)
        pending: deque[_Batch] = deque()  # retries, first in line
        labels: dict[int, Article] = {}  # every article sent and not yet yielded
        ready: dict[int, Result] = {}
        next_out = 0
        next_batch = 0
        exhausted = False

        def take_batch() -> _Batch | None:
            nonlocal next_batch, exhausted
            if pending:
                return pending.popleft()
            if exhausted:
                return None
            items: list[tuple[int, Article]] = []
            for i, article in source:
                labels[i] = article
                items.append((i, article))
                if len(items) == self.batch_size:
                    break
            else:
                exhausted = True
            if not items:
                return None
            next_batch += 1
            return _Batch(next_batch, items)

        def lost(worker: _Worker, what: str) -> None:
            """A worker died or stalled: retry its unfinished articles once each, or fail them."""
            batch = worker.batch
            self._stop(worker)
            if batch is None:
                return
            left = [(i, a) for i, a in batch.items if i not in worker.done]
            if not left:
                return
            if batch.is_retry:
                reason = f"analysis failed: the NLP worker process analysing it {what}, and again when retried alone"
                for i, article in left:
                    ready[i] = InputError(_label(article), reason)
            else:
                log.warning("NLP worker pid %d %s while analysing %s; retrying each alone in another worker",
                            worker.process.pid, what, ", ".join(_label(a) for _, a in left))
                pending.extendleft(reversed([_Batch(-1, [item], is_retry=True) for item in left]))

        while True:
            # hand a batch to every idle worker, starting workers as needed
            while len(labels) < self.batch_size * self.n_process * LOOKAHEAD_PER_WORKER or pending:
                idle = [w for w in self._workers if w.batch is None]
                if not idle and len(self._workers) >= self.n_process:
                    break
                batch = take_batch()
                if batch is None:
                    break
                worker = idle[0] if idle else self._start()
                worker.batch, worker.done, worker.last_heard = batch, set(), time.monotonic()
                log.debug("NLP worker pid %d: %s%s", worker.process.pid, ", ".join(_label(a) for _, a in batch.items),
                          " (retry)" if batch.is_retry else "")
                try:
                    worker.conn.send((batch.id, batch.items))
                except OSError:  # it died while idle: its batch goes the way of a lost worker's
                    worker.process.join(REAP_SECONDS)
                    lost(worker, _died(worker.process.exitcode))
            while next_out in ready:
                labels.pop(next_out)
                yield ready.pop(next_out)
                next_out += 1
            if meanwhile is not None:  # the workers have their batches: the caller's own work, once
                meanwhile()
                meanwhile = None
            busy = [w for w in self._workers if w.batch is not None]
            if not busy:
                if labels:  # cannot happen: every article sent is either back or in a batch
                    raise RuntimeError(f"analysis lost track of {len(labels)} articles")
                return
            by_conn = {w.conn: w for w in busy}
            by_sentinel = {w.process.sentinel: w for w in busy}
            now = time.monotonic()
            timeout = max(0.0, min(w.last_heard for w in busy) + STALL_SECONDS - now)
            for ready_obj in wait([*by_conn, *by_sentinel], timeout=timeout):
                worker = by_conn.get(ready_obj) or by_sentinel.get(ready_obj)  # type: ignore[call-overload,assignment]
                if worker is None or worker not in self._workers:
                    continue  # already handled through its other handle
                self._receive(worker, ready, lost)
            now = time.monotonic()
            for worker in [w for w in self._workers if w.batch is not None and now - w.last_heard > STALL_SECONDS]:
                lost(worker, _STALLED)

    def _receive(self, worker: _Worker, ready: dict[int, Result], lost: Any) -> None:
        """Read everything the worker has sent; a closed pipe or a dead process is a lost worker."""
        try:
            while worker.conn.poll():
                i, result = worker.conn.recv()
                worker.last_heard = time.monotonic()
                if i is None:  # end of its batch
                    worker.batch = None
                    return
                worker.done.add(i)
                ready[i] = result
            if worker.process.is_alive():
                return  # all it has sent so far is read; it is still working
        except (EOFError, OSError):  # its end of the pipe is closed: it exited or is exiting
            pass
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(REAP_SECONDS)
        lost(worker, _died(worker.process.exitcode))


def _died(exitcode: int | None) -> str:
    """How a worker ended, for a user: 'died (killed by SIGKILL, ...)'."""
    return "died" + how_ended(exitcode)


def how_ended(exitcode: int | None) -> str:
    """' (killed by SIGKILL, ...)' or ' (exit status N)' for a process's exit code; '' when unknown."""
    if exitcode is None:
        return ""
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = ", as the out-of-memory killer does" if -exitcode == signal.SIGKILL else ""
        return f" (killed by {name}{hint})"
    return f" (exit status {exitcode})"
