"""The threads stage inside build(): the corpus's articles in story threads, without rethreading from scratch.

The pass (generator/threads) is one deterministic run in date order, then id, and its state
can be saved and extended (`Threader.to_bytes`, `from_bytes`, `add`). So the build keeps, per
section, the pass order of the last build (each article by what its digest was made from and
its slug), its features and the pass state at a few checkpoints. The next build resumes from
the last checkpoint inside the prefix of articles whose features did not change (the pass
reads nothing else of an article, so an edit the threads do not read costs no pass): an article added at
the end of the order (the usual case: today's article) costs one `add`; an edited older one
reruns the pass from the checkpoint before it, where each later article whose inputs provably did
not change takes the last build's vector and decision again (`_Replay`: weighed and scored are only
the articles the edit reaches), and each later checkpoint is saved as the last build's with a patch of
what the edit changed (`_checkpoint`). The repair takes the last build's merge and rejoin scores of the
threads the edit left as they were (`_seed_repair`). Either way the result is the one a full run in the
same order gives, so a preview equals a clean build (tests/test_incremental.py, tests/test_thread_replay.py,
tests/test_thread_rejoin_kept.py). The saved pass keeps its large bytes in files of their own (`_Blobs`),
so an edit writes what it made, not the whole pass.
"""

from __future__ import annotations

import hashlib
import logging
import math
import pickle
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from itertools import chain
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache import StageState
from generator.heap import settle, steady_heap
from generator.model import ArticleDigest, Corpus

if TYPE_CHECKING:  # the threads code is imported only when a pass runs
    from generator.threads import ArticleFeatures, Novelty, Thread, Threader
    from generator.threads.cluster import Decision, Vector

log = logging.getLogger(__name__)

# A thread page is made for a story told by at least this many articles (issue 19).
MIN_THREAD_ARTICLES = 2
# Checkpoints of the pass state: one every this many articles at least, and no more than
# MAX_CHECKPOINTS in all, so the saved state stays a small multiple of one state.
CHECKPOINT_EVERY = 256
MAX_CHECKPOINTS = 8
# Below the first of those, more at its half, quarter, ... down to this many articles: an early state is
# small (about 4.5 kB an article: 1.2 MB at 256), so it costs little to write when an edit before it makes
# it new, while an edit after it replays from there, not from nothing (0.5 ms of CPU an article replayed,
# 0.05 ms an article of state pickled). Together they weigh less than the first checkpoint.
FIRST_CHECKPOINT = 32
THREADS_CODE = Path(__file__).resolve().parent / "threads"
# The layout of SavedPass: a saved pass of another layout is not read (it is in the state's version).
SAVED_FORMAT = "9"
# The saved features are pickled in runs of about this many articles (`_runs`): an edit pickles one run
# again. Fewer articles a run cost more runs to read; more, more bags pickled again an edit.
FEATURE_RUN = 32

# A checkpoint after an edit is saved as the last build's checkpoint at that place and a patch of what
# differs from it (`_checkpoint`: the threads and postings the edit changed, the frequencies of its words,
# the per-article lists): about a tenth of a whole state to pickle. While the threads the patch holds
# stay under this share of all threads; past it, or where the edit's account stopped, the state is whole.
PATCH_SHARE = 0.25
# The bytes of a saved pass at least this long (a checkpoint's state, a run of features: 12 and 5 of its 21 MB
# at 921 articles) are kept in files of their own beside it, named by their content (`_Blobs`): an edit
# writes the few it made (a run, the patches), not the 17 MB it kept, and pickles the rest, about 4 MB.
BLOB_BYTES = 64 * 1024

Full = Callable[[ArticleDigest], ArticleDigest]
# A saved state of the pass: Threader.to_bytes(), or (such bytes, a pickled patch of them: `_checkpoint`)
Checkpoint = bytes | tuple[bytes, bytes]
# An article's vector and headline words (cluster.Vector) as kept between builds: every channel's keys, then
# the headline's, in one tuple, their weights in one array, and each part's size (`_pack`): a quarter of
# the memory of the dicts, and quicker to pickle
Packed = tuple[tuple[str, ...], array, tuple[int, ...]]


def _pack(vec: tuple[dict[str, float], ...], headline: dict[str, float]) -> Packed:
    parts = (*vec, headline)
    return (tuple(chain.from_iterable(parts)), array("d", chain.from_iterable(p.values() for p in parts)),
            tuple(map(len, parts)))


def _unpack(packed: Packed) -> Vector:
    """The vector and headline words `_pack` packed, each dict in its order, the same floats."""
    keys, weights, sizes = packed
    parts, at = [], 0
    for n in sizes:
        parts.append(dict(zip(keys[at:at + n], weights[at:at + n])))
        at += n
    return tuple(parts[:-1]), parts[-1]


@dataclass(slots=True)
class SavedPass:
    """What one build leaves for the next: the pass order, each article's features, checkpoints of the state."""

    order: list[str] = field(default_factory=list)
    features: dict[str, ArticleFeatures] = field(default_factory=dict)  # not pickled: see `runs`
    # the features as pickled, in runs of the pass order (`_runs`): each run's bytes are written again as
    # they are while its articles stay, so an edit pickles one run, not the whole archive's bags
    runs: dict[tuple[str, ...], bytes] = field(default_factory=dict)
    checkpoints: dict[int, Checkpoint] = field(default_factory=dict)  # articles passed -> the state (`restore`)
    # what each article of a thread adds (novelty), by the thread's members: `_novelty_key`
    novelty: dict[str, tuple[Novelty, ...]] = field(default_factory=dict)
    # the repair's probability of each pair of pass threads, by their stamps, from the last repair
    # (`Threader.repair_scored`): the pairs of threads an edit left as they were are not scored again
    repair_scored: dict[tuple[tuple[int, ...], tuple[int, ...]], float] = field(default_factory=dict)
    # the rejoin's probability of each (fragment, thread) pair, by their stamps, from the last repair
    # (`Threader.rejoin_scored`): kept like `repair_scored`, for the same threads
    rejoin_scored: dict[tuple[tuple[int, ...], tuple[int, ...]], float] = field(default_factory=dict)
    # the pass's last decisions, in pass order: each article's thread and the article it is a wire copy of
    # (`_clean_threads`: which threads an edit left as they were, so their repair scores stand)
    thread_of: list[int] = field(default_factory=list)
    copy_of: list[int | None] = field(default_factory=list)
    # each pass thread's index keys for the repair (`Threader.pass_groups`): a thread an edit left as it was
    # (`_clean_threads`: the same summed vectors) has the same ones, and they are not ranked again
    repair_keys: list[list[str] | None] = field(default_factory=list)
    # the dot products each article's join read (`Threader.add`'s `Decision`), CHANNELS a article in pass
    # order, NaN for none (it opened its thread, or is a wire copy): with `thread_of`, the decisions a
    # resumed pass takes again where it sees what this one saw (`_Replay`)
    dots: array = field(default_factory=lambda: array("d"))
    # each article's vector and headline words in pass order (None: a wire copy), packed (`_pack`), which a
    # resumed pass takes again for an article none of whose keys changed frequency (`_Replay.vector`)
    vectors: list[Packed | None] = field(default_factory=list)
    # the large bytes above (`runs`, `checkpoints`) this pass holds as read from or written to their own files,
    # by id: (the bytes, the file's name), so a save writes none of them again (`_Blobs`); not pickled
    blobs: dict[int, tuple[bytes, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Blob:
    """In a saved pass as pickled: bytes kept in a file of their own (`_Blobs`), by its name."""

    name: str


class _Blobs:
    """The large bytes of a saved pass (BLOB_BYTES and more) in files of their own beside the pass's file
    (`StageState.folder`, named with its section's prefix and the bytes' content hash), the pass's file
    holding their names (`_Blob`).

    The bytes a pass kept from the last build (the runs of features and checkpoints an edit left) are the
    objects read from those files, known by identity (`SavedPass.blobs`), so a save writes only the bytes
    the build made, and pickles no large bytes. A file of the same name holds the same bytes (content
    named, written whole by `atomic_write`), so it is never written twice. Files no saved pass names are
    removed at each save. A missing or damaged file makes the pass unreadable, which only costs a pass from
    the start (`_load`)."""

    def __init__(self, store: StageState, known: dict[int, tuple[bytes, str]]) -> None:
        self.store, self.known = store, known
        self.used: dict[int, tuple[bytes, str]] = {}

    def _path(self, name: str) -> Path:
        return self.store.folder / f"{self.store.prefix}{name}.blob"

    def put(self, data: bytes) -> bytes | _Blob:
        """`data` as the pass's file keeps it: itself when short, else the name of its own file, written if new."""
        if len(data) < BLOB_BYTES:
            return data
        entry = self.known.get(id(data))
        if entry is not None and entry[0] is data:
            name = entry[1]
        else:
            name = hashlib.blake2b(data, digest_size=16).hexdigest()
        path = self._path(name)
        if not path.exists():
            from generator.output import atomic_write

            atomic_write(path, data)
        self.used[id(data)] = (data, name)
        return _Blob(name)

    def get(self, kept: bytes | _Blob) -> bytes:
        """The bytes `put` kept: read from their file (and known from now on), or as they were."""
        if not isinstance(kept, _Blob):
            return kept
        data = self._path(kept.name).read_bytes()
        self.used[id(data)] = (data, kept.name)
        return data

    def sweep(self) -> None:
        """Remove the files of this section's blobs that `put` did not name (the last pass's, or another
        code version's)."""
        names = {name for _data, name in self.used.values()}
        for path in self.store.folder.glob(f"{self.store.prefix}*.blob"):
            if path.name[len(self.store.prefix):-len(".blob")] not in names:
                path.unlink(missing_ok=True)


def _pickled(passed: SavedPass, store: StageState) -> bytes:
    """The pass's file: the pass pickled, without its features (kept as `runs`), its large bytes in their own
    files (`_Blobs`, written here when new); `passed.blobs` then knows them all, for the next save."""
    blobs = _Blobs(store, passed.blobs)
    runs = {keys: blobs.put(data) for keys, data in passed.runs.items()}
    checkpoints = {p: blobs.put(c) if isinstance(c, bytes) else (blobs.put(c[0]), blobs.put(c[1]))
                   for p, c in passed.checkpoints.items()}
    data = pickle.dumps((replace(passed, features={}, runs={}, checkpoints={}, blobs={}), runs, checkpoints),
                        protocol=pickle.HIGHEST_PROTOCOL)
    passed.blobs = blobs.used
    blobs.sweep()
    return data


def _still_known(known: dict[int, tuple[bytes, str]], passed: SavedPass) -> dict[int, tuple[bytes, str]]:
    """Of the bytes the last pass knew in their own files (`SavedPass.blobs`), those this pass still holds."""
    held = chain(passed.runs.values(), *((c,) if isinstance(c, bytes) else c for c in passed.checkpoints.values()))
    return {id(data): entry for data in held if (entry := known.get(id(data))) is not None and entry[0] is data}


def _unpickled(data: bytes, store: StageState) -> SavedPass | None:
    """The pass `_pickled` made (the pass, then its runs and checkpoints with `_Blob`s for the bytes in their own
    files), those bytes read back; None when any part is unreadable."""
    try:
        saved, runs, checkpoints = pickle.loads(data)  # noqa: S301 - written by `_pickled`, in the project's own cache
        if not isinstance(saved, SavedPass):
            return None
        blobs = _Blobs(store, {})
        saved.runs = {keys: blobs.get(kept) for keys, kept in runs.items()}
        saved.checkpoints = {p: blobs.get(c) if not isinstance(c, tuple) else (blobs.get(c[0]), blobs.get(c[1]))
                             for p, c in checkpoints.items()}
    except Exception:  # noqa: BLE001 - a damaged or partial saved pass only costs a pass from the start
        log.debug("threads: saved pass %s unreadable, starting from scratch", store.path)
        return None
    saved.blobs = blobs.used
    return saved


def code_tag() -> str:
    """A hash of the threads code and its fitted weights: a saved pass of other code is not resumed."""
    h = hashlib.blake2b(digest_size=8)
    for path in sorted(THREADS_CODE.glob("*.py")) + sorted(THREADS_CODE.glob("*.json")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def state(cache_dir: str | Path, section: str | Path, *, enabled: bool = True) -> StageState:
    """Where the pass of one section is saved (generator/cache.py): per section and version of the threads code."""
    return StageState(cache_dir, Path(section), "threads", f"{code_tag()}{SAVED_FORMAT}", enabled=enabled)


def _load(store: StageState | None) -> SavedPass:
    """The saved pass: the one this process saved or read last while its file is unchanged (under serve), else read."""
    if store is None:
        return SavedPass()
    saved = store.recall()
    if not isinstance(saved, SavedPass):
        data = store.load()
        saved = _unpickled(data, store) if data is not None else None
        if saved is None:
            return SavedPass()
        store.keep(saved)
    if not saved.features:  # read from the file, where the features are pickled in runs (`_runs`); a pass this
        for run, data in saved.runs.items():  # process holds has them already
            saved.features.update(zip(run, pickle.loads(data)))  # noqa: S301 - the same file's bytes
    return saved


def preload(store: StageState | None) -> None:
    """Read the saved pass ahead, for `thread_corpus` to recall (build() does while a worker analyses the
    changed articles: unpickling it, 16 MB at 921 articles, and importing the threads code overlap the
    model's load there)."""
    import generator.threads  # noqa: F401 - the pass's classes: unpickling imports them anyway

    _load(store)


def _runs(order: list[str], features: dict[str, ArticleFeatures], saved: SavedPass) -> dict[tuple[str, ...], bytes]:
    """The features of `order` pickled in runs: a run ends after an article whose key's CRC-32 is a
    multiple of FEATURE_RUN, so runs are cut by what the articles are, not where they stand (an article
    added or deleted changes its own run, not every run after it). A run of the saved pass with the same
    keys has the same features (an article's key says what its digest was made from), so its bytes are
    kept; the others are pickled (all 921 articles' bags: about 0.05 s of CPU an edit)."""
    out: dict[tuple[str, ...], bytes] = {}
    run: list[str] = []
    for i, k in enumerate(order):
        run.append(k)
        if zlib.crc32(k.encode("utf-8", "surrogateescape")) % FEATURE_RUN == 0 or i == len(order) - 1:
            keys = tuple(run)
            data = saved.runs.get(keys)
            out[keys] = data if data is not None else pickle.dumps([features[k] for k in keys],
                                                                   protocol=pickle.HIGHEST_PROTOCOL)
            run = []
    return out


def _checkpoint_positions(n: int) -> set[int]:
    """Where the pass of `n` articles is saved: every `step` articles, at the end, and at half, a quarter,
    ... of the first step (down to FIRST_CHECKPOINT articles).

    An edit at position p replays the articles from the checkpoint before p and pickles again every
    checkpoint after p, each at a cost that grows with its position: a checkpoint in the first step
    costs an edit before it a small state, and saves an edit after it up to half a step of replay
    (with an edit anywhere equally likely, a net gain down to a few articles; FIRST_CHECKPOINT keeps
    the count small). The later steps are left as they were: a checkpoint at 384 of 921 articles
    would cost an earlier edit about as much as it saves a later one."""
    step = max(CHECKPOINT_EVERY, -(-n // MAX_CHECKPOINTS))
    early: set[int] = set()
    half = step // 2
    while half >= FIRST_CHECKPOINT:
        if half < n:
            early.add(half)
        half //= 2
    return {p for p in range(step, n, step)} | early | {n}


def _same_inputs(saved: SavedPass, order: list[str], features: dict[str, ArticleFeatures]) -> int:
    """How many articles at the head of the pass order are what the saved pass took in.

    The pass reads nothing of an article but its features (`Threader.add`), so an article
    whose digest changed (another key) with the same features, at the same place, needs no
    rethreading: an edit of what threads do not read (a byline, a tag, an analysis that
    found the same names) or new analysis code costs no pass.
    """
    same = 0
    for old, new in zip(saved.order, order):
        if old != new and saved.features.get(old) != features[new]:
            break
        same += 1
    return same


@steady_heap()
def thread_corpus(corpus: Corpus, full: Full, identity: Callable[[ArticleDigest], str],
                  store: StageState | None = None) -> list[Thread]:
    """The threads of two or more articles of `corpus`, largest and latest first.

    `full` gives the whole digest of a slim one (the features read the text, novelty the
    sentences, quotes and figures), `identity` what a digest was made from; `store`, when
    given, is where the pass is saved to and resumed from.
    """
    from generator.threads import Threader, article_features, load_weights, novelty, order_key, threads_of

    saved = _load(store)
    settle()  # the saved pass (features and checkpoints) lives to the end of the stage: no collection walks it
    keyed = {f"{identity(d)}|{d.slug}": d for d in corpus.digests}
    features = {k: saved.features.get(k) or article_features(full(d)) for k, d in keyed.items()}
    order = sorted(keyed, key=lambda k: order_key(features[k]))
    same = _same_inputs(saved, order, features)
    start = max((p for p in saved.checkpoints if p <= same), default=0)
    threader = restore(saved.checkpoints[start]) if start else Threader(load_weights())
    final = len(order)
    keep = _checkpoint_positions(final)
    checkpoints = {p: b for p, b in saved.checkpoints.items() if p <= start and p in keep}
    watch = _TermWatch(saved, order, features, same)
    replay = _Replay(threader, saved, order, features, same, watch)
    for n, k in enumerate(order[start:], start + 1):
        replay.begin(len(threader.threads), start)
        threader.add(features[k], recall=replay, trace=replay.trace)
        replay.added(n - 1)
        watch.added(threader, n - 1)
        if n in keep and n != final:  # the last one is saved after the repair, with its scores
            checkpoints[n] = _checkpoint(threader, saved.checkpoints.get(n), replay)
    log.debug("threads: %d articles, resumed after %d, %d decisions taken again", final, start, replay.recalled)
    digests = [keyed[k] for k in order]
    clean = _clean_threads(threader, saved, order, features, same, watch.kept)
    _seed_repair(threader, saved.repair_scored, same, clean, rejoin=saved.rejoin_scored)
    _seed_keys(threader, saved.repair_keys, clean)
    groups = threader.groups()  # the threads after the repair (generator/threads/repair.py)
    if final and final not in checkpoints:
        # after the repair: a build resuming here (an article added at the end) scores again only
        # the pairs of the threads it changed, and finds each unchanged thread's repair keys made
        checkpoints[final] = _checkpoint(threader, saved.checkpoints.get(final), replay)
    threshold = threader.weights.novel_sentence
    novelties: dict[str, tuple[Novelty, ...]] = {}

    def novelty_of(members: Sequence[int]) -> Sequence[Novelty]:
        """What each member adds, from the saved pass when the same articles made the same thread:
        novelty reads the whole digests (sentences, quotes, figures), so an edit loads and
        compares only the edited article's thread."""
        key = _novelty_key(threshold, [order[i] for i in members])
        news = saved.novelty.get(key)
        if news is None:
            news = tuple(novelty([full(digests[i]) for i in members], threshold))
        novelties[key] = news
        return news

    threads = threads_of(threader, digests, min_articles=MIN_THREAD_ARTICLES, groups=groups, novelty_of=novelty_of)
    if store is not None and (order != saved.order or novelties.keys() != saved.novelty.keys()):
        # the same order and threads: the saved pass is this one already
        passed = SavedPass(order=order, features=features, checkpoints=checkpoints, novelty=novelties,
                           repair_scored=dict(threader.repair_scored), rejoin_scored=dict(threader.rejoin_scored),
                           thread_of=list(threader.thread_of),
                           copy_of=list(threader.copy_of), repair_keys=[th.repair_keys for th in threader.threads],
                           runs=_runs(order, features, saved), dots=replay.dots(start),
                           vectors=replay.vectors(start))
        passed.blobs = _still_known(saved.blobs, passed)
        # never changed after: kept as it is, and pickled when written (under serve, when the server stops),
        # its features as the runs' bytes, the bytes it kept from the last build not written again
        store.save(lambda: _pickled(passed, store), passed)
    return threads


def restore(checkpoint: Checkpoint) -> Threader:
    """The pass state a checkpoint holds (`SavedPass.checkpoints`): whole, or a base patched (`_checkpoint`)."""
    from generator.threads import Threader

    if isinstance(checkpoint, bytes):
        return Threader.from_bytes(checkpoint)
    base, data = checkpoint
    state = Threader.from_bytes(base)
    patch = pickle.loads(data)  # noqa: S301 - bytes of `_checkpoint`, in the project's own cache
    threads = state.threads
    if len(threads) != patch["threads_count"]:
        raise ValueError("a checkpoint's patch of another state")
    for t, thread in patch["threads"].items():
        threads[t] = thread
    index = state.index
    for key, posting in patch["index"].items():
        if posting is None:
            index.pop(key, None)
        else:
            index[key] = posting
    for df, counts in zip(state.df, patch["df"]):
        for key, count in counts.items():
            if count:
                df[key] = count
            else:
                df.pop(key, None)
    for name, value in patch["whole"].items():
        setattr(state, name, value)
    for name, items in patch["at"].items():
        kept = getattr(state, name)
        for i, value in items.items():
            kept[i] = value
    for (band, value), first in patch["bands"].items():
        if first is None:
            state.bands.first[band].pop(value, None)
        else:
            state.bands.first[band][value] = first
    return state


# The parts of the pass state a patch holds whole (`_checkpoint`): small beside the rest.
WHOLE = ("thread_of", "copy_of", "originals", "repair_scored", "rejoin_scored")


def _checkpoint(threader: Threader, before: Checkpoint | None, replay: _Replay) -> Checkpoint:
    """The state to save at a checkpoint of a resumed pass: `before`, the last build's checkpoint at
    the same place, with a patch of what differs, when the replay's account holds here (`_Replay.on`:
    the two passes number their threads alike, and a thread or posting outside the account is the last
    build's at this place, float for float); else the whole state.

    The patch holds the threads and postings of the account as this pass has them, each changed
    word's document frequencies (`_changed_keys`; 0: none), the titles of the edited articles and the
    headline words of those weighed (`_Replay.edited`, `weighed`: the others are the last build's),
    the wire-copy bands of the edited articles' MinHashes before and after (a band's first article is
    the same for any other value), and a few small parts whole (`WHOLE`), over those of `before`'s own
    patch, if any: its base stays the state it patches. Restoring the base and applying the patch
    gives this state (`restore`); only thread repair keys may be found unmade where this state has
    them made (or the other way round), which the repair makes the same."""
    changed = replay.watch.changed
    if before is None or not replay.on or changed is None:
        return threader.to_bytes()
    base, prior = (before, None) if isinstance(before, bytes) else (before[0], pickle.loads(before[1]))  # noqa: S301
    threads = dict(prior["threads"]) if prior is not None else {}
    live = threader.threads
    threads.update((t, live[t]) for t in replay.threads)
    if len(threads) > PATCH_SHARE * len(live):
        return threader.to_bytes()
    index = dict(prior["index"]) if prior is not None else {}
    index.update((key, threader.index.get(key)) for key in replay.keys)
    df = [dict(d) for d in prior["df"]] if prior is not None else [{} for _ in changed]
    for counts, words, now in zip(df, changed, threader.df):
        counts.update((k, now.get(k, 0)) for k in words)
    at: dict[str, dict[int, object]] = ({name: dict(items) for name, items in prior["at"].items()} if prior is not None
                                        else {"articles": {}, "headline_terms": {}})
    at["articles"].update((i, threader.articles[i]) for i in replay.edited)
    at["headline_terms"].update((i, threader.headline_terms[i]) for i in replay.weighed)
    bands = dict(prior["bands"]) if prior is not None else {}
    first, ranges = threader.bands.first, threader.bands.ranges
    for i in replay.edited:
        for f in (replay.features[replay.order[i]], replay.saved.features[replay.saved.order[i]]):
            if f.minhash is not None:
                bands.update(((b, f.minhash[s:e]), first[b].get(f.minhash[s:e])) for b, (s, e) in enumerate(ranges))
    patch = {"threads_count": len(live), "threads": threads, "index": index, "df": df, "at": at, "bands": bands,
             "whole": {name: getattr(threader, name) for name in WHOLE}}
    return base, pickle.dumps(patch, protocol=pickle.HIGHEST_PROTOCOL)


def _changed_keys(saved: SavedPass, order: list[str], features: dict[str, ArticleFeatures],
                  same: int) -> list[set[str]] | None:
    """Per channel, the keys whose document frequency differs at some position from the last build's,
    when the pass order has the same length (an edit: every position holds the same count of articles
    before it); None otherwise (an addition or a deletion shifts every later article's count).

    An article counts each key of its bags once (`Threader.add`, wire copies too), so the document
    frequency of a key at any position differs only if the key is in one and not the other of the
    old and new bags at a changed position: their symmetric difference."""
    if len(saved.order) != len(order):
        return None
    from generator.threads.cluster import CHANNELS

    changed: list[set[str]] = [set() for _ in CHANNELS]
    for old, new in zip(saved.order[same:], order[same:]):
        a, b = saved.features.get(old), features[new]
        if old == new or a == b:
            continue
        if a is None:
            return None
        for c, (x, y) in enumerate(zip(a.bags, b.bags)):
            changed[c] |= x.keys() ^ y.keys()
    return changed


def _holds(words: set[str], bag: dict[str, float]) -> bool:
    """Whether the bag holds one of the words, looking up the fewer (an edit's few words, an article's hundreds)."""
    if len(words) < len(bag):
        return any(map(bag.__contains__, words))
    return not words.isdisjoint(bag)


def _held(words: set[str], bag: dict[str, float]) -> set[str]:
    """The words the bag holds (`words & bag.keys()`), looking up the fewer."""
    if len(words) < len(bag):
        return set(filter(bag.__contains__, words))
    return words.intersection(bag)


# `_TermWatch.rankings` of an article whose two rankings `_ranked_alike` tells are the same: equal, and empty.
ALIKE: tuple[list[tuple[str, float]], list[tuple[str, float]]] = ([], [])


def _ranked_alike(terms: dict[str, float], df: Counter[str], own: int, shift: Counter[str], hit: set[str],
                  n: int) -> bool:
    """Whether an article's VECTOR_TERMS weightiest words, with their weights, are the same weighed with
    this pass's document frequencies (`df`, less `own` for its own words already counted) and with the
    last build's (less `shift` for the changed words in `hit`), told without ranking both (`_TermWatch.rankings`).

    `Threader._weigh` weighs each word alone (its tf times the idf of its own frequency) and ranks by
    weight, ties in the bag's order. Only the words whose frequency moved (`hit` with a shift) weigh
    otherwise in the two; the rest weigh the same float in both. So the two top lists are the same when
    each moved word, in both weighings, ranks after VECTOR_TERMS of the others (then both lists are
    those others' first VECTOR_TERMS, alike); when one ranks among them, its weight differs in the two
    and the lists differ, but this answers no (the caller ranks both) rather than rely on that. The
    weights are made as `_weigh` makes them, float for float (the same products, numpy or not)."""
    import numpy as np

    from generator.threads.cluster import VECTOR_TERMS, _log1p_array

    moved = [k for k in hit if shift[k]]
    if not moved:
        return True
    keys = list(terms)
    if len(keys) - len(moved) < VECTOR_TERMS:
        return False
    d = np.fromiter(map(df.__getitem__, keys), dtype=np.intp, count=len(keys)) + (1 - own)
    at = {k: j for j, k in enumerate(keys)}
    spots = [at[k] for k in moved]
    before = d[spots] - np.fromiter((shift[k] for k in moved), dtype=np.intp, count=len(moved))
    if d.max() > n or d.min() < 0 or before.max() > n or before.min() < 0:
        return False
    logs = _log1p_array(n)
    top = math.log(1.0 + n) + 1.0
    tf = np.fromiter(terms.values(), dtype=np.float64, count=len(keys))
    w = tf * (top - logs[d])
    others = np.ones(len(keys), dtype=bool)
    others[spots] = False
    rest, place = w[others], np.flatnonzero(others)
    for j, b in zip(spots, before.tolist()):
        for x in (w[j], tf[j] * (top - logs[b])):
            if np.count_nonzero(rest > x) + np.count_nonzero((rest == x) & (place < j)) < VECTOR_TERMS:
                return False
    return True


class _TermWatch:
    """Which articles replayed after an edit kept their word vector although a word of theirs changed
    its document frequency (`_changed_keys`): `kept`, their pass positions, for `_clean_threads`.

    A word vector is the article's VECTOR_TERMS weightiest words (`Threader._weigh`), so a common word
    added by the edit ("company") changes the vector of a later article holding it only when the word
    is or becomes one of those: in a long article it mostly is not. After the pass adds the article,
    the state's document frequencies are those it was weighed with; the last build's differ only in
    the changed words, by how many more of this order's articles up to here hold them than of the
    last order's (`shift`). Both rankings are made by `_weigh` itself from those counts, so "the same"
    is float for float, and anything else leaves the article to the coarser test (any changed word)."""

    def __init__(self, saved: SavedPass, order: list[str], features: dict[str, ArticleFeatures], same: int) -> None:
        self.changed = _changed_keys(saved, order, features, same)
        self.words: set[str] = self.changed[0] if self.changed is not None else set()
        self.saved, self.order, self.features, self.same = saved, order, features, same
        self.shift: Counter[str] = Counter()
        self.kept: set[int] = set()
        self._ranked: tuple[int, tuple[list[tuple[str, float]], list[tuple[str, float]]] | None] = (-1, None)

    def rankings(self, threader: Threader, i: int, *, counted: bool = True) -> tuple[list[tuple[str, float]],
                                                                                   list[tuple[str, float]]] | None:
        """The words of the unchanged article at `i` ranked as this pass weighs them (VECTOR_TERMS, the
        state's frequencies being those it was weighed with: right after its weighing, or right before
        it when not `counted`) and as the last build did; None when it holds no changed word (both are
        the same); `ALIKE` (two empty lists) when both are provably the same without ranking them
        (`_ranked_alike`)."""
        if self._ranked[0] == i:
            return self._ranked[1]
        from generator.threads.cluster import VECTOR_TERMS

        f = self.features[self.order[i]]
        hit = _held(self.words, f.terms)
        out = None
        if hit and _ranked_alike(f.terms, threader.df[0], int(counted), self.shift, hit, threader.originals):
            out = ALIKE
        elif hit:
            df, own = threader.df[0], int(counted)
            now = Counter({k: df[k] - own for k in f.terms})  # `_weigh` counts the article's own words again
            before = now.copy()
            for k in hit:
                before[k] -= self.shift[k]
            n = threader.originals
            out = threader._weigh(f.terms, now, n, VECTOR_TERMS), threader._weigh(f.terms, before, n, VECTOR_TERMS)
        self._ranked = (i, out)
        return out

    def old_ranking(self, threader: Threader, i: int) -> list[tuple[str, float]]:
        """The words of the last build's article at `i`, an edited one, ranked as the last build weighed
        them (VECTOR_TERMS); right after this pass added the article, before `added`."""
        from generator.threads.cluster import VECTOR_TERMS

        f, old = self.features[self.order[i]], self.saved.features[self.saved.order[i]]
        df = threader.df[0]
        # the last build's frequencies before it: this pass's, less this article's words and the edits' shift
        before = Counter({k: df[k] - (k in f.terms) - self.shift[k] for k in old.terms})
        return threader._weigh(old.terms, before, threader.originals, VECTOR_TERMS)

    def added(self, threader: Threader, i: int) -> None:
        """Called right after the pass added the article at position `i`."""
        if i < self.same or not self.words:
            return
        f, old = self.features[self.order[i]], self.saved.features.get(self.saved.order[i])
        if old != f:  # a changed article: its thread is not clean whatever its vector
            self.shift.update(self.words.intersection(f.terms))
            self.shift.subtract(self.words.intersection(old.terms) if old is not None else ())
            return
        if threader.copy_of[i] is not None:  # no vector (a wire copy)
            return
        ranked = self.rankings(threader, i)
        if ranked is not None and ranked[0] == ranked[1]:
            self.kept.add(i)


class _Replay:
    """The decisions of the last build taken again where this pass provably sees what it saw
    (`Threader.add`'s `recall`), so an edit scores the candidates of the articles it reaches, not of
    every article after it.

    An article's decision reads its vector and index keys, the index postings of those keys (its
    ranked candidate threads) and those threads' states (`Threader._best_thread`); its join then
    changes its thread and its keys' postings. Before `same` (the unchanged head of the order, from a
    checkpoint of the last build's pass) the state is the last build's: every decision is taken
    again. After it, when the order has the same length (an edit in place: `_changed_keys`), this
    keeps account of what differs from the last build's state at the same point: `threads`, whose
    state may differ; `keys`, whose posting may; the document frequencies of the changed words,
    which only reach an article through its vector (`_TermWatch`: same or not, float for float).
    An unchanged article with the same vector, none of whose keys nor ranked candidates differ, reads
    what the last build read: its decision is taken again, and its join changes nothing the account
    does not hold. Any other is scored, and what it changed is added: its thread when it joined it
    otherwise (another thread, another vector, other dot products), the thread it left, its keys in
    one build and not the other (all of them when it went elsewhere). The two passes number their
    threads alike while the same articles open threads: when one opens a thread the other does not,
    or an unchanged article turns into a wire copy or back, the account stops (`on`) and every later
    article is scored."""

    def __init__(self, threader: Threader, saved: SavedPass, order: list[str], features: dict[str, ArticleFeatures],
                 same: int, watch: _TermWatch) -> None:
        from generator.threads.cluster import CHANNELS

        self.threader, self.saved, self.order, self.features, self.same, self.watch = (
            threader, saved, order, features, same, watch)
        self.width = len(CHANNELS)
        # the last build's decisions, when it recorded them for its whole order
        self.known = (len(saved.thread_of) == len(saved.copy_of) == len(saved.order)
                      and len(saved.dots) == self.width * len(saved.order))
        self.on = self.known and watch.changed is not None
        self.vectors_known = len(saved.vectors) == len(saved.order)
        self._made: dict[int, tuple[dict[str, float], ...]] = {}  # this pass's vectors, from where it resumed
        self._packed: dict[int, Packed] = {}  # of those, the last build's as it kept them
        self.threads: set[int] = set()
        self.keys: set[str] = set()
        # the index keys whose postings may hold a thread of `threads`: the keys of its members, which put it
        # there (`_reach`); an article with none of them has none of `threads` among its candidates
        self.reach: set[str] = set()
        self.reach_known = True
        self.edited: list[int] = []  # the edited articles' positions, so far (`_checkpoint`)
        self.weighed: list[int] = []  # the positions whose headline words may differ (weighed, or wire copies), so far
        self._keys_of: dict[int, list[str]] = {}  # this pass's index keys of its originals, from where it resumed
        self.start = 0  # where the pass resumed (`begin`)
        self.trace: list[Decision] = []  # this pass's decisions, from where it resumed
        self.recalled = 0  # decisions taken again (for the log and tests)
        self.n_threads = 0  # the pass's threads before the article being added (`begin`)
        self._keys: list[str] = []  # the index keys of the article being added, when an original
        self._same_vector = False
        self._old_keys: list[str] = []
        self._took = False

    def begin(self, n_threads: int, start: int) -> None:
        """Called before the pass adds an article, with its count of threads and where the pass resumed."""
        self.n_threads, self.start, self._took, self._same_vector, self._keys = n_threads, start, False, False, []

    def _decision(self, i: int) -> Decision:
        w = self.width
        row = self.saved.dots[w * i:w * i + w]
        return self.saved.thread_of[i], None if row[0] != row[0] else row.tolist()

    def _edited(self, i: int) -> bool:
        return self.order[i] != self.saved.order[i] and self.features[self.order[i]] != self.saved.features.get(
            self.saved.order[i])

    def vector(self, i: int) -> Vector | None:
        """The last build's vector and headline words of the original article at `i`, when provably this
        pass's: an unchanged article at the same place none of whose keys changed frequency (its vector
        reads only its bags, the count of articles before it and those frequencies: `Threader._weigh`)."""
        if not self.vectors_known:
            self.weighed.append(i)
            return None
        made = self._vector(i)
        if made is None:
            self.weighed.append(i)
        return made

    def _vector(self, i: int) -> Vector | None:
        if i >= self.same:
            changed = self.watch.changed
            bags = self.features[self.order[i]].bags
            if changed is None or self._edited(i) or any(_holds(c, bag) for c, bag in zip(changed[1:], bags[1:])):
                return None
            if _holds(changed[0], bags[0]):  # its words ranked as they were (`_TermWatch`)
                ranked = self.watch.rankings(self.threader, i, counted=False)
                if ranked is not None and ranked[0] != ranked[1]:
                    return None
        packed = self.saved.vectors[i]
        if packed is None:
            return None
        self._packed[i] = packed
        return _unpack(packed)

    def decision(self, i: int, vec: tuple[dict[str, float], ...], keys: list[str]) -> Decision | None:
        """The last build's decision for the original article at `i`, when it provably reads the same."""
        self._made[i] = vec
        self._keys_of[i] = keys
        self._keys, self._took, self._same_vector = keys, False, False
        if i < self.same:
            if not self.known:
                return None
            self._took = True
            self.recalled += 1
            return self._decision(i)
        if not self.on or self.saved.copy_of[i] is not None or self._edited(i):
            return None
        from generator.threads.cluster import index_keys

        f = self.features[self.order[i]]
        changed = self.watch.changed
        assert changed is not None  # noqa: S101 - `on` says so
        self._same_vector = not any(_holds(c, bag) for c, bag in zip(changed[1:], f.bags[1:]))
        self._old_keys = keys
        ranked = self.watch.rankings(self.threader, i)
        if ranked is not None and ranked[0] != ranked[1]:
            self._same_vector = False
            self._old_keys = index_keys((k for k, _x in ranked[1]), f.people)
        if not self._same_vector or not self.keys.isdisjoint(keys) or (
                (not self.reach_known or not self.reach.isdisjoint(keys))
                and not self.threads.isdisjoint(self.threader.ranked(keys))):
            return None
        self._took = True
        self.recalled += 1
        return self._decision(i)

    def added(self, i: int) -> None:
        """Called right after the pass added the article at `i` (before `_TermWatch.added`): the account."""
        if i >= self.same and self.threader.copy_of[i] is not None:  # its original's headline words
            self.weighed.append(i)
        if i < self.same or not self.on or self._took:
            return
        t, dots = self.trace[-1]
        n, saved = self.n_threads, self.saved
        t_old, copy, copy_old = saved.thread_of[i], self.threader.copy_of[i], saved.copy_of[i]
        if t_old > n or (t == n) != (t_old == n):  # one pass opened a thread here, the other did not
            self.on = False
            return
        self._added(i, t, dots, t_old, copy, copy_old)
        if t in self.threads and copy is None:  # its keys put its thread in their postings
            self.reach.update(self._keys)

    def _mark(self, *threads: int) -> None:
        """The threads differ from the last build's at this point: their members' keys join `reach`."""
        from generator.threads.cluster import index_keys

        for t in threads:
            if t in self.threads:
                continue
            self.threads.add(t)
            for j in self.threader.threads[t].members:
                if self.threader.copy_of[j] is not None:
                    continue
                keys = self._keys_of.get(j)
                if keys is None:  # before where the pass resumed: the last build's article and keys
                    packed = self.saved.vectors[j] if j < self.start and self.vectors_known else None
                    if packed is None:  # not known: every article's candidates are looked at
                        self.reach_known = False
                        continue
                    keys = index_keys(packed[0][:packed[2][0]], self.features[self.order[j]].people)
                self.reach.update(keys)

    def _added(self, i: int, t: int, dots: list[float] | None, t_old: int, copy: int | None, copy_old: int | None) -> None:
        from generator.threads.cluster import index_keys

        saved = self.saved
        if self._edited(i):
            self.edited.append(i)
            self._mark(t, t_old)
            keys = set(self._keys) if copy is None else set()
            old = set(index_keys((k for k, _x in self.watch.old_ranking(self.threader, i)), saved.features[saved.order[i]].people)
                      if copy_old is None else ())
            self.keys |= keys ^ old if t == t_old and copy is None and copy_old is None else keys | old
            return
        if copy is not None or copy_old is not None:
            if copy is None or copy_old is None:  # a wire copy now and not before, or the other way round
                self.on = False
            elif t != t_old:  # a copy of an article threaded elsewhere
                self._mark(t, t_old)
            return
        if t != t_old:
            self._mark(t, t_old)
            self.keys.update(self._keys, self._old_keys)
            return
        if not self._same_vector or dots != self._decision(i)[1]:
            self._mark(t)
        if self._keys != self._old_keys:
            self.keys |= set(self._keys) ^ set(self._old_keys)

    def vectors(self, start: int) -> list[Packed | None]:
        """Every article's vector and headline words in pass order, packed (`SavedPass.vectors`): the last
        build's before `start` and where taken again."""
        made, packed, headlines = self._made, self._packed, self.threader.headline_terms
        head = self.saved.vectors[:start] if self.vectors_known else [None] * start
        return head + [packed.get(i) or (_pack(made[i], headlines[i]) if i in made else None)
                       for i in range(start, len(headlines))]

    def dots(self, start: int) -> array:
        """Every article's dot products in pass order (`SavedPass.dots`): the last build's before `start`."""
        out = array("d", self.saved.dots[:self.width * start])
        nan = [math.nan] * self.width
        for _t, dots in self.trace:
            out.extend(nan if dots is None else dots)
        return out


def _clean_threads(threader: Threader, saved: SavedPass, order: list[str], features: dict[str, ArticleFeatures],
                   same: int, kept: Collection[int] = frozenset()) -> set[int]:
    """The pass threads that are, article for article, the last build's: the same members, each the
    same article taken the same way (a wire copy of the same article or not) with the same vector.

    An article's vector reads only its bags, the count of articles before it and the document
    frequencies of its bags' keys (`Threader._weigh`), so after an edit (`_changed_keys`) an
    unchanged article none of whose keys changed frequency has the vector it had, and so has one
    whose word vector `_TermWatch` found the same (`kept`: its pass positions) when only words changed
    among its keys. A wire copy adds no vector. A thread built of the same such articles in the same
    order has the same summed vectors and norms: the repair reads nothing else of it (threads/repair.py
    `merge_features`), so the last repair's score of a pair of such threads is the score this repair
    would compute. Empty when nothing can be told."""
    changed = _changed_keys(saved, order, features, same)
    if changed is None or len(saved.thread_of) != len(order) or len(saved.copy_of) != len(order):
        return set()
    old_of, new_of = saved.thread_of, threader.thread_of
    dirty = {new_of[i] for i in range(same, len(order)) if new_of[i] != old_of[i]}
    dirty |= {old_of[i] for i in range(same, len(order)) if new_of[i] != old_of[i]}
    for i in range(same, len(order)):
        t = new_of[i]
        if t in dirty:
            continue
        if (threader.copy_of[i] != saved.copy_of[i] or
                (order[i] != saved.order[i] and saved.features.get(saved.order[i]) != features[order[i]])):
            dirty.add(t)
        elif threader.copy_of[i] is None and any(
                _holds(keys, bag) and not (c == 0 and i in kept)
                for c, (keys, bag) in enumerate(zip(changed, features[order[i]].bags))):
            dirty.add(t)
    return set(range(len(threader.threads))) - dirty


def _seed_keys(threader: Threader, keys: list[list[str] | None], clean: set[int]) -> None:
    """Give each clean pass thread (`_clean_threads`) the repair keys the last build ranked for it: they
    read only its summed words and people (repair.group_keys), which are the last build's."""
    threads = threader.threads
    for t in clean:
        if t < len(keys) and keys[t] is not None and threads[t].repair_keys is None:
            threads[t].repair_keys = keys[t]


def _seed_repair(threader: Threader, scored: dict[tuple[tuple[int, ...], tuple[int, ...]], float], same: int,
                 clean: set[int] | frozenset[int] = frozenset(),
                 rejoin: dict[tuple[tuple[int, ...], tuple[int, ...]], float] | None = None) -> None:
    """Give the repair the last build's scores of the pairs of threads this build left as they were:
    the merge model's (`scored`) and the rejoin's (`rejoin`, read by `Threader.kept_rejoin_scorer`).

    A pair's score reads only the two threads' summed vectors, norms and sizes; a merged thread's
    are those of the threads in its stamp, merged in its order, so it is as unchanged as they are. The pass state after
    the first `same` articles (the unchanged head of the pass order, `_same_inputs`) is the last
    build's, so a thread whose members all stand before `same` and whose size is the one in its
    stamp (thread, size) was not extended after `same` in either build: it is the thread the last
    repair scored. A thread extended after `same`, or opened after it, is scored again, even when
    its stamp happens to match (the same index and size from other articles), unless it is in
    `clean` (`_clean_threads`: the same articles with the same vectors as in the last build). Scores
    the state holds itself (a checkpoint saved after a repair) are of its own history, and kept as they are.
    A rejoin score reads of its two threads only what a merge score reads, and their counts of members
    (their stamps' sizes): it stands under the same test.
    """
    if not scored and not rejoin:
        return
    from generator.threads.repair import MERGED

    threads = threader.threads

    memo: dict[tuple[int, ...], bool] = {}

    def unchanged(stamp: tuple[int, ...]) -> bool:
        known = memo.get(stamp)
        if known is None:
            known = memo[stamp] = _unchanged(stamp)
        return known

    def _unchanged(stamp: tuple[int, ...]) -> bool:
        if len(stamp) > 2:  # a merge in the repair (repair._merged): the same when every thread in it is
            i = 0
            while i < len(stamp):
                if stamp[i] == MERGED:
                    i += 1
                elif not unchanged(stamp[i:i + 2]):
                    return False
                else:
                    i += 2
            return True
        t, size = stamp
        if t >= len(threads):
            return False
        members = threads[t].members
        return len(members) == size and (not members or members[-1] < same or t in clean)

    for last, own in ((scored, threader.repair_scored), (rejoin or {}, threader.rejoin_scored)):
        for key, p in last.items():
            if key not in own and unchanged(key[0]) and unchanged(key[1]):
                own[key] = p


def _novelty_key(threshold: float, members: list[str]) -> str:
    """A thread's novelty inputs: its members (what each digest was made from, in thread order) and the threshold."""
    return hashlib.blake2b(repr((threshold, members)).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
