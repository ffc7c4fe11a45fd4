"""Work run beside the build: one function called in a forked child process while this process goes on.

A one-shot build (`digest build`) of a large archive runs the threads stage
(generator/thread_stage.py) in a child forked once the digests are in: the
stage needs only the articles and their slugs, which the child has as the
fork left them, while this process merges the actors (generator/corpus.py)
and keys every page that does not show the threads (render.Site.keys_apart)
on the other core (issue 17). The child sends back the function's result,
pickled, and exits; what the function saves (the threads' pass) it saves
itself.

The build never depends on the child ending well. `result()` gives the
child's result, raises the child's exception, or gives None, and then the
caller does the work in this process:

- an exception in the child is sent back and raised here, the same error
  the function raises in this process (with the child's traceback as a
  note); one that does not come back from pickling the same gives None;
- a child that dies (the out-of-memory killer, a signal) closes its end of
  the pipe, so the wait here ends at once, with None;
- a child whose parent dies is killed with it (PR_SET_PDEATHSIG on Linux),
  and this process kills and reaps its child however it leaves the block
  (`close`), an error or Ctrl-C included.

Where fork is missing (Windows), there is one core, no core is idle (the
child would only add its costs), or other threads run in this process (a
fork copies none of them, and could copy a lock one of them holds), nothing
is forked and `result()` is None.
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from generator.workers import die_with_parent, how_ended

log = logging.getLogger(__name__)

T = TypeVar("T")


def can_fork() -> bool:
    """Whether a child can be forked to run beside this process: fork exists, this process may run on two
    cores or more, and it runs no other thread."""
    return hasattr(os, "fork") and threading.active_count() == 1 and _cores() >= 2


# A core counts as free for the child when the other processes of the machine used less than this many
# cores on average since the build began (`others_load`). With a whole core taken by other work, the child
# and this process share the one left with it, and the fork adds its own costs (pages copied on write, the
# slugs made twice) for no overlap: at 921 articles with other work on both cores, the corpus stage took
# 2.5 s beside against 2.1 s in this process (medians of 12). A short, light task (a monitor sampling the
# build every 50 ms, a process ending) takes a small share and leaves a core free.
OTHERS_MAX_CORES = 0.5
# Below this many seconds since the build began, the CPU counters say too little (they count in ticks of
# 10 ms, per core), and the runnable tasks now (`/proc/loadavg`) decide instead.
WINDOW_MIN_SECONDS = 0.25


@dataclass(frozen=True, slots=True)
class Usage:
    """The machine's CPU use at one moment (`usage()`), to compare with a later one (`others_load`)."""

    at: float  # time.monotonic()
    cores: int  # the cores this process may run on, as /proc/stat lists them
    idle: float  # seconds those cores sat idle since boot (idle and waiting for I/O)
    ours: float  # CPU seconds of this process and of its children reaped (os.times counts no child before)


def usage(stat: str = "/proc/stat") -> Usage | None:
    """The CPU use of the cores this process may run on (Linux's /proc/stat) and of this process with its
    children reaped, now; None where it cannot be read. A build's analysis worker is reaped as the analysis
    ends (workers.WorkerPool.run), before the threads stage is forked: its CPU is this build's."""
    allowed = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    idle = cores = 0
    try:
        with open(stat, encoding="ascii") as f:
            for line in f:
                if not line.startswith("cpu"):
                    break
                name, *values = line.split()
                if name == "cpu" or (allowed is not None and int(name[3:]) not in allowed):
                    continue
                idle += int(values[3]) + int(values[4])  # idle, iowait
                cores += 1
    except (OSError, ValueError, IndexError):
        return None
    if not cores:
        return None
    spent = os.times()
    ours = time.process_time() + spent.children_user + spent.children_system
    return Usage(at=time.monotonic(), cores=cores, idle=idle / _TICKS, ours=ours)


def others_load(since: Usage, now: Usage) -> float | None:
    """How many cores, on average, the machine's other processes used between two `usage()` readings: the
    time its cores were not idle less what this process and its children used (the share another system
    took from this machine's cores counts as used). None when the window is too short to tell."""
    wall = now.at - since.at
    if wall < WINDOW_MIN_SECONDS or now.cores != since.cores:
        return None
    busy = wall * now.cores - (now.idle - since.idle)
    return max(0.0, busy - (now.ours - since.ours)) / wall


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def core_free(since: Usage | None = None, loadavg: str = "/proc/loadavg", stat: str = "/proc/stat") -> bool:
    """Whether a core is idle for a child to run on. With `since` (a `usage()` taken as the build began):
    the other processes of the machine used less than OTHERS_MAX_CORES cores on average since then.
    Without it, or when that cannot be told: fewer tasks are runnable now (Linux's /proc/loadavg, this
    process included) than there are cores. Yes where neither can be read.

    The runnable tasks now are one moment's view: a task that runs for a few milliseconds (a monitor
    sampling the build, the analysis worker as it ends) made one quiet build in five keep the threads
    stage here (2.58 s instead of about 2.2). The use since the build began (about a second after an
    edit) tells a busy machine from a passing task, and leaves out this build's own use, the analysis
    worker's included."""
    if since is not None and (now := usage(stat)) is not None and (load := others_load(since, now)) is not None:
        log.debug("the other processes used %.2f cores since the build began", load)
        return load < OTHERS_MAX_CORES
    try:
        with open(loadavg, encoding="ascii") as f:
            running = int(f.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return True
    return running < _cores()


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Beside(Generic[T]):
    """`fn(*args)` running in a forked child from here on, when `fork` is true, `can_fork()` and `core_free(since)`
    (`since`: a `usage()` taken as the build began).

    `fn` must return something other than None (None is `result()`'s "not sent"). Use as a context
    manager: leaving the block kills a child still running and reaps it.
    """

    def __init__(self, what: str, fn: Callable[..., T], *args: object, fork: bool = True, since: Usage | None = None) -> None:
        self.what = what  # for the log: "the threads stage"
        self.pid: int | None = None
        self._read: int | None = None
        if fork and can_fork():
            if core_free(since):
                self._fork(fn, args)
            else:
                log.debug("%s runs here: no core is idle", what)

    @property
    def forked(self) -> bool:
        return self._read is not None

    def _fork(self, fn: Callable[..., T], args: tuple[object, ...]) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run, send, and leave without unwinding the parent's stack (its locks, its files)
            try:
                os.close(read)
                _child(fn, args, write)
            finally:
                os._exit(0)
        os.close(write)  # only the child holds the writing end: its exit, however it comes, is an EOF here
        self.pid, self._read = pid, read
        log.debug("%s runs in process %d", self.what, pid)

    def finished(self) -> bool:
        """Whether the child has sent its result or ended (its pipe has something to read, or is closed), without
        waiting; False when nothing was forked. Work this process could do later goes first only while the
        child still runs, so that it never holds back the child's result."""
        if self._read is None:
            return False
        return bool(select.select([self._read], [], [], 0)[0])

    def result(self) -> T | None:
        """The child's result; its exception, raised; None when nothing was forked or the child sent no
        result (it died, or its result or error does not pickle): then the caller does the work itself."""
        if self._read is None:
            return None
        chunks = []
        with os.fdopen(self._read, "rb") as pipe:  # until the child's end closes: when it exits or dies
            self._read = None
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        status = self._reap()
        try:
            ok, value = pickle.loads(b"".join(chunks))  # noqa: S301 - this process's own child's bytes
        except Exception:  # noqa: BLE001 - nothing, or a part: the child died before it sent everything
            log.warning("%s's process %s; running it here", self.what, _ended(status))
            return None
        if ok:
            return value
        if value is None:
            log.debug("%s failed in its process with an error that does not pickle; running it here", self.what)
            return None
        exc, tb = value
        exc.add_note(f"(raised in the process that ran {self.what} beside the build:\n{tb.rstrip()})")
        raise exc

    def _reap(self) -> int | None:
        """Wait for the child (its pipe is closed, or it was killed) and return its wait status."""
        pid, self.pid = self.pid, None
        if pid is None:
            return None
        try:
            return os.waitpid(pid, 0)[1]
        except ChildProcessError:
            return None

    def close(self) -> None:
        """Kill the child if it still runs, reap it and close the pipe."""
        if self._read is not None:
            os.close(self._read)
            self._read = None
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._reap()

    def __enter__(self) -> Beside[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _child(fn: Callable[..., object], args: tuple[object, ...], write: int) -> None:
    """In the child: run `fn` and write (True, result), (False, (exception, traceback)) or (False, None)."""
    parent = os.getppid()
    die_with_parent()
    if os.getppid() != parent:  # the parent died before PDEATHSIG was set
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it then kills us
    try:
        value = fn(*args)
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent, which raises it
        message = _raised(exc)
    else:
        try:
            message = pickle.dumps((True, value), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - a result that cannot be sent: the parent does the work itself
            message = pickle.dumps((False, None), protocol=pickle.HIGHEST_PROTOCOL)
    with os.fdopen(write, "wb") as out:
        out.write(message)


def _raised(exc: BaseException) -> bytes:
    """The message for an exception: (False, (the exception, the child's traceback)), or (False, None) when
    the exception does not come back from pickling as the same type with the same text."""
    try:
        back = pickle.loads(pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL))  # noqa: S301 - just made
        if type(back) is type(exc) and str(back) == str(exc):
            tb = "".join(traceback.format_exception(exc))
            return pickle.dumps((False, (back, tb)), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - any failure to pickle: the parent does the work itself
        pass
    return pickle.dumps((False, None), protocol=pickle.HIGHEST_PROTOCOL)


def _ended(status: int | None) -> str:
    """How a child ended, from its wait status: 'died (killed by SIGKILL, ...)', 'ended (exit status 0)'."""
    if status is None:
        return "ended"
    code = os.waitstatus_to_exitcode(status)
    return ("died" if code < 0 else "ended") + how_ended(code)
