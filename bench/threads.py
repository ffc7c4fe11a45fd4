"""Story threads bench: BCubed and pairwise F1 and look-alike merges on an ECB+-shaped file; and scale.

Usage:
  .venv/bin/python bench/threads.py ../shared/eval/threads_dev.jsonl [--out PRED.jsonl] [--show]
  .venv/bin/python bench/threads.py ../shared/eval/threads_dev.jsonl --scale 100000

FILE is JSON Lines with `id` and `text` (and `cluster` for scoring), like
../shared/eval/threads_dev.jsonl. Each text goes through the real pipeline: ingest's plain-text
reader, the Analyser, then the threads stage (generator/threads). The digests are cached under
.cache/bench/ (bench/threads_data.py), keyed by the file and the ingest and analyse sources, so
a second run only threads. Predictions are scored by importing ../shared/eval/score_threads.py.
`seconds` is the threads stage alone (features and the pass), the analysis being cached.

`--scale N`: the file's digests replicated with light edits into N articles (one word in forty
of each copy changed: copies as another outlet runs a wire story, which the MinHash step
collapses; `copies` counts them), threaded once in full and repaired (generator/threads/repair.py);
`seconds` (`features_seconds` + `pass_seconds` + `repair_seconds`) and `peak_rss_mb` are for that run
(making each copy is not counted), `add_one_seconds` is adding one more article to the saved state and
repairing again (loading the state is reported apart as `load_seconds`). `threads` counts the
threads after the repair, `pass_threads` before. `cpu_seconds` is this process's CPU time for the
run (making the copies included), which a machine shared with other work inflates less than
the wall time; `load_average` is the machine's one-minute load when the run ends.
`features_cpu_seconds` + `pass_cpu_seconds` + `repair_cpu_seconds` = `stage_cpu_seconds`, the stage's own CPU time.
`--workers W`: the features (pure, per article) are computed in W worker processes while this
one runs the pass, so on two cores the stage takes about the longer of the two instead of
their sum; `seconds` is then the wall time of the run, `worker_cpu_seconds` and
`worker_peak_rss_mb` the workers' (`peak_rss_mb` stays this process's).

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import scorers  # noqa: E402  (bench/scorers.py)
from threads_data import digests_of, load_rows  # noqa: E402

SHARED = scorers.SHARED

from generator.model import ArticleDigest, Paragraph  # noqa: E402
from generator.threads import ArticleFeatures, Threader, Weights, article_features, load_weights, run_threads  # noqa: E402


def load_scorer():
    return scorers.load_scorer("score_threads")


def predict(digests: list[ArticleDigest], weights: Weights | None = None) -> dict[str, str]:
    """{article id: thread} for the scorer: the threads after the repair."""
    threader, _ordered = run_threads(digests, weights)
    return {f.id: str(t) for f, t in zip(threader.articles, threader.story_of())}


def show_errors(gold: dict[str, str], pred: dict[str, str], titles: dict[str, str]) -> list[str]:
    """The threads that hold two gold events or split one, topic by topic (most BCubed precision + recall
    lost first): each thread as its gold events' counts, and the first titles of a mixed thread, for
    reading the errors."""
    by_pred: dict[str, list[str]] = defaultdict(list)
    for i in sorted(gold):
        by_pred[pred.get(i, f"__single__{i}")].append(i)
    size = Counter(gold.values())
    lost: dict[str, float] = defaultdict(float)
    for ids in by_pred.values():
        counts = Counter(gold[i] for i in ids)
        for i in ids:
            lost[gold[i].split("-")[0]] += 2 - counts[gold[i]] / len(ids) - counts[gold[i]] / size[gold[i]]
    lines = []
    for topic in sorted(lost, key=lambda t: (-lost[t], t)):
        if lost[topic] < 1e-9:
            continue
        threads = [ids for ids in by_pred.values() if gold[ids[0]].split("-")[0] == topic]
        lines.append(f"topic {topic}: BCubed precision + recall lost {lost[topic] / len(gold):.4f}")
        for ids in sorted(threads, key=lambda ids: (-len(ids), ids[0])):
            counts = dict(sorted(Counter(gold[i] for i in ids).items()))
            mixed = " | ".join(titles[i][:60] for i in ids[:3]) if len(counts) > 1 else ""
            lines.append(f"  {counts} {mixed}")
    return lines


def score_file(path: Path, weights: Weights | None = None, out: Path | None = None, show: bool = False) -> dict:
    scorer = load_scorer()
    rows = load_rows(path)
    digests = digests_of(path)
    start, cpu0 = time.perf_counter(), time.process_time()
    pred = predict(digests, weights)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu0
    if out is not None:
        out.write_text("".join(json.dumps({"id": i, "thread": t}) + "\n" for i, t in pred.items()), encoding="utf-8")
    gold = {str(r["id"]): r["cluster"] for r in rows}
    result = scorer.score(gold, pred)
    if show:
        titles = {d.slug or d.article.source: d.article.title for d in digests}
        print("\n".join(show_errors(gold, pred, titles)), file=sys.stderr)
    return {**result, "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3)}


def light_copy(d: ArticleDigest, r: int) -> ArticleDigest:
    """Replica `r` of a digest: one word in forty of its text and title gets the replica number
    (a light edit, as a wire copy run by another outlet); its actors stay."""
    return _light_copy(d, r, _split(d))


def _split(d: ArticleDigest) -> tuple[list[str], list[list[str]]]:
    """The words (split at spaces) of a digest's title and of each paragraph: what `light_copy` edits."""
    return d.article.title.split(" "), [p.text.split(" ") for p in d.article.paragraphs]


def _edit(ws: list[str], r: int) -> str:
    """The words joined again, the word at every place k with k % 40 == r % 40 suffixed with "r{r}"."""
    out = list(ws)
    m = r % 40
    out[m::40] = [w + f"r{r}" for w in ws[m::40]]
    return " ".join(out)


def _light_copy(d: ArticleDigest, r: int, split: tuple[list[str], list[list[str]]]) -> ArticleDigest:
    title, paras_ws = split
    paras = tuple(Paragraph(index=p.index, text=_edit(ws, r)) for p, ws in zip(d.article.paragraphs, paras_ws))
    article = replace(d.article, source=f"{d.article.source}~{r}", title=_edit(title, r), paragraphs=paras)
    return replace(d, article=article)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# Articles whose features the workers compute ahead of the pass at most (twice this, in two windows).
WINDOW = 4096
_BASE: list[ArticleDigest] = []  # the file's digests, for the feature workers (inherited by fork)
_SPLIT: dict[int, tuple[list[str], list[list[str]]]] = {}  # their words, split once per process


def _copy(k: int) -> ArticleDigest:
    b = k % len(_BASE)
    split = _SPLIT.get(b)
    if split is None:
        split = _SPLIT[b] = _split(_BASE[b])
    return _light_copy(_BASE[b], k // len(_BASE), split)


def _features_of(k: int) -> ArticleFeatures:
    return article_features(_copy(k))


def scale(path: Path, n: int, workers: int = 0) -> dict:
    base = digests_of(path)
    _BASE[:] = base
    _SPLIT.clear()
    rss_before = peak_rss_mb()

    # pass order (date, then id) from the copies' metadata; each copy is made when its turn comes
    def key(k: int) -> tuple[int, str, str]:
        a = base[k % len(base)].article
        return (0, a.date, f"{a.source}~{k // len(base)}") if a.date else (1, "", f"{a.source}~{k // len(base)}")

    order = sorted(range(n - 1), key=key)
    features_s = pass_s = features_cpu = pass_cpu = 0.0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    threader = Threader(load_weights())
    if workers:
        # features (pure, any order) in worker processes while this one runs the pass
        # in windows, the next one queued while this one is threaded: the workers run ahead of the
        # pass by at most two windows, so their results do not pile up in this process's memory
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            windows = [order[s:s + WINDOW] for s in range(0, len(order), WINDOW)]
            pending = pool.imap(_features_of, windows[0], chunksize=256) if windows else iter(())
            for w in range(len(windows)):
                current = pending
                if w + 1 < len(windows):
                    pending = pool.imap(_features_of, windows[w + 1], chunksize=256)
                for f in current:
                    t1, c1 = time.perf_counter(), time.process_time()
                    threader.add(f)
                    pass_s += time.perf_counter() - t1
                    pass_cpu += time.process_time() - c1
    else:
        for k in order:
            d = _copy(k)
            t0, c0 = time.perf_counter(), time.process_time()
            f = article_features(d)
            t1, c1 = time.perf_counter(), time.process_time()
            threader.add(f)
            features_s += t1 - t0
            features_cpu += c1 - c0
            pass_s += time.perf_counter() - t1
            pass_cpu += time.process_time() - c1
    t1, c1 = time.perf_counter(), time.process_time()
    stories = len(set(threader.story_of()))
    repair_s, repair_cpu = time.perf_counter() - t1, time.process_time() - c1
    wall_s = time.perf_counter() - wall0
    cpu_s = time.process_time() - cpu0  # includes making the copies: an upper bound of the stage's CPU time
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "threads.pickle"
        state.write_bytes(threader.to_bytes())
        del threader
        t0 = time.perf_counter()
        threader = Threader.from_bytes(state.read_bytes())
        load_s = time.perf_counter() - t0
        last = _copy(n - 1)
        t0 = time.perf_counter()
        threader.add(article_features(last))
        threader.story_of()
        add_s = time.perf_counter() - t0
    out = {"articles": n, "threads": stories, "pass_threads": len(threader.threads), "pass_seconds": round(pass_s, 2),
           "pass_cpu_seconds": round(pass_cpu, 2), "repair_seconds": round(repair_s, 2),
           "repair_cpu_seconds": round(repair_cpu, 2),
           "cpu_seconds": round(cpu_s, 2), "copies": sum(c is not None for c in threader.copy_of),
           "add_one_seconds": round(add_s, 4), "load_seconds": round(load_s, 2),
           "peak_rss_mb": round(peak_rss_mb(), 1), "rss_before_threads_mb": round(rss_before, 1),
           "load_average": round(os.getloadavg()[0], 2), "workers": workers}
    if workers:
        out.update({"seconds": round(wall_s, 2), "worker_cpu_seconds": round(children.ru_utime + children.ru_stime, 2),
                    "worker_peak_rss_mb": round(children.ru_maxrss / 1024, 1)})
    else:
        out.update({"seconds": round(features_s + pass_s + repair_s, 2), "features_seconds": round(features_s, 2),
                    "features_cpu_seconds": round(features_cpu, 2),
                    "stage_cpu_seconds": round(features_cpu + pass_cpu + repair_cpu, 2)})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--scale", type=int, default=0, help="replicate the file's digests into N articles and time the stage")
    ap.add_argument("--workers", type=int, default=0,
                    help="with --scale: compute features in this many worker processes while the pass runs")
    ap.add_argument("--out", type=Path, help="write the predictions (JSON Lines) here")
    ap.add_argument("--show", action="store_true",
                    help="list the mixed and split threads by topic on stderr (`show_errors`)")
    args = ap.parse_args(argv)
    if args.scale:
        print(json.dumps(scale(args.file, args.scale, args.workers), sort_keys=True))
    else:
        print(json.dumps(score_file(args.file, out=args.out, show=args.show), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
