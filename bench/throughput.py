"""Speed and scale of the generator, against raw `nlp.pipe` on the same texts.

    .venv/bin/python bench/throughput.py ../shared/corpus/plain [--with-5000] [--repeat N]

FOLDER holds plain-text articles (first line the title). Everything runs in
one invocation so the floor and the generator meet the same machine load:

- nlp_pipe_words_per_s: raw `nlp.pipe` over the analysed texts (the same
  model as the generator loads it, lemmatizer excluded, without our
  components), same process count and batch size;
- generator_words_per_s: a cold generator run (empty cache, in a child
  process) over the same texts, its analyse stage (the pipe with our
  components, extraction and cache writes; model loading is timed apart);
- cold_s, warm_rebuild_s (second run, nothing changed), one_changed_s (one
  article edited): `build()` seconds from the child's report (--edits-only:
  these alone, with the analysis from a kept cache: a minute, not eight;
  the edited article is always analysed, spaCy's load included, as the
  child builds as `digest build` does; the edited run is made --edits
  times (3) from the same state and one_changed_s is the median, with
  every run in one_changed_s_runs;
  with their CPU seconds, `*_cpu_s`, children included, the figure to
  compare on a busy machine);
- peak_rss_mb: the largest sum of resident memory over the child process
  and all its children (NLP workers), sampled every 50 ms, over the cold,
  warm and one-changed runs;
- site_ms_per_page_100 / _all: `mkdocs build` of the generated pages (the
  digest plugin disabled, so only MkDocs is timed), whole build per page;
- dask_same_output: the Dask engine on a LocalCluster (process workers)
  gives byte-identical pages to the local engine, on the first
  --dask-articles articles.

It writes bench/results/scale.png (time of a cold run, a run with one
article changed and one with nothing changed, and their peak memory,
against archive size: 100, 300, all, and a replicated 5,000 with
--with-5000, which adds about 11 minutes on 2 cores; the rest takes about
8) and scale.json. The last line printed is one JSON object. Timings on a
shared machine are noisy: --repeat N runs the pipe and the cold run N times,
interleaved, and reports medians with every run's figure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SIZES = (100, 300)
REPLICATED = 5000
SAMPLE_SECONDS = 0.05


# --- child: one generator run, report as JSON ------------------------------------------------

def child(config_json: str) -> None:
    import logging

    logging.basicConfig(level=logging.WARNING)
    from generator import build
    from generator.config import make_config

    started, cpu = time.perf_counter(), time.process_time()
    report = build(make_config(json.loads(config_json)), one_shot=True)  # as `digest build` runs it
    done = os.times()
    print(json.dumps({
        # CPU seconds of build(): this process's and its children's (NLP workers, a forked threads stage)
        "cpu_s": round(time.process_time() - cpu + done.children_user + done.children_system, 3),
        "articles": report.articles, "analysed": report.analysed, "cached": report.cached,
        "written": report.written, "unchanged": report.unchanged, "untouched": report.untouched, "errors": len(report.errors),
        "seconds": report.seconds, "stages": dict(report.stages), "child_s": round(time.perf_counter() - started, 3),
    }))


class TreeSampler:
    """Peak of the summed RSS of a process and all its descendants."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peak = 0
        self.peak_with_children = 0  # while NLP workers (or any child) run: the analysis
        self.peak_alone = 0  # the process by itself: reading, corpus, render, write
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            total = 0
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            if len(procs) > 1:
                self.peak_with_children = max(self.peak_with_children, total)
            else:
                self.peak_alone = max(self.peak_alone, total)
            self._stop.wait(SAMPLE_SECONDS)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def compile_package() -> None:
    """Byte-compile the generator's modules before any child runs, as an installed package has them.

    Modules the build imports lazily (its later stages, the analysis in a
    worker) load inside the timed `build()`. A shell with
    PYTHONDONTWRITEBYTECODE set never keeps their bytecode, so every child
    compiled them again: about 0.2-0.3 s of one_changed_s at 921 articles
    that a user's `digest build` pays once after an install, not per edit.
    """
    import compileall

    compileall.compile_dir(ROOT / "generator", quiet=1)


def run_generator(config: dict) -> dict:
    """One generator run in a child process; its report plus peak RSS (MB) and process wall time."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child", json.dumps(config)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid)
    out, err = proc.communicate()
    peak = sampler.stop()
    if proc.returncode != 0:
        raise SystemExit(f"generator run failed ({proc.returncode}):\n{err[-3000:]}")
    report = json.loads(out.strip().splitlines()[-1])
    report["peak_rss_mb"] = round(peak / 2**20, 1)
    report["peak_rss_with_workers_mb"] = round(sampler.peak_with_children / 2**20, 1)
    report["peak_rss_alone_mb"] = round(sampler.peak_alone / 2**20, 1)
    report["process_s"] = round(time.perf_counter() - started, 3)
    return report


# --- inputs --------------------------------------------------------------------------------------

def input_folder(src: list[Path], dest: Path, n: int, *, copy: bool = False) -> Path:
    """`n` articles from `src` in `dest` (replicated with a numbered prefix past len(src))."""
    dest.mkdir(parents=True)
    for i in range(n):
        path = src[i % len(src)]
        name = path.name if i < len(src) else f"r{i // len(src)}-{path.name}"
        if copy:
            shutil.copy(path, dest / name)
        else:
            (dest / name).symlink_to(path.resolve())
    return dest


def edit_one(folder: Path) -> None:
    """Add a sentence to the middle article (a symlink becomes a file first: the source is never touched)."""
    path = sorted(folder.iterdir())[len(list(folder.iterdir())) // 2]
    text = path.read_text(encoding="utf-8")
    path.unlink()
    path.write_text(text.rstrip("\n") + "\n\nThe company declined to comment further.\n", encoding="utf-8")


def config_for(work: Path, name: str, inputs: Path, args: argparse.Namespace, **extra: object) -> dict:
    return {"inputs": [str(inputs)], "docs_dir": str(work / name / "docs"), "section": "articles",
            "cache_dir": str(work / name / "cache"), "processes": args.processes, "batch_size": args.batch_size,
            "follow_symlinks": True, **extra}  # the input folders are links to the corpus (input_folder)


def words_of(folder: Path) -> tuple[list[str], int]:
    from generator.ingest import ReadOptions, read_articles
    from generator.model import Article

    texts = [a.text for a in read_articles([str(folder)], ReadOptions()) if isinstance(a, Article)]
    return texts, sum(len(t.split()) for t in texts)


# --- the floor: raw nlp.pipe ------------------------------------------------------------------------

def nlp_pipe_seconds(texts: list[str], processes: int, batch_size: int) -> float:
    from generator.analyse.nlp import load_base_model
    from generator.config import DEFAULT_MODELS

    nlp = load_base_model(DEFAULT_MODELS)
    started = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(texts, n_process=processes, batch_size=batch_size))
    assert n == len(texts)
    return time.perf_counter() - started


# --- the site --------------------------------------------------------------------------------------

def site_ms_per_page(project: Path, docs: Path) -> tuple[float, int]:
    """`mkdocs build` of already generated pages: ms per page and the page count."""
    project.mkdir(parents=True)
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("articles"))
    shutil.copytree(docs / "articles", project / "docs" / "articles")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"^strict: true\n", "", text, flags=re.M)
    text = text.replace("      section: articles\n", "      section: articles\n      enabled: false\n")
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    pages = sum(1 for _ in (project / "docs").rglob("*.md"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{done.stderr[-3000:]}")
    return round(seconds * 1000 / pages, 2), pages


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the plot ---------------------------------------------------------------------------------------

def plot(points: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [p["articles"] for p in points]
    fig, (t_ax, m_ax) = plt.subplots(1, 2, figsize=(10, 4))
    t_ax.plot(sizes, [p["cold_s"] for p in points], "o-", label="cold (empty cache)")
    t_ax.plot(sizes, [p["one_changed_s"] for p in points], "s-", label="one article changed")
    t_ax.plot(sizes, [p["warm_s"] for p in points], "^-", label="nothing changed")
    t_ax.set(xlabel="articles", ylabel="build() seconds", title="Time against archive size")
    m_ax.plot(sizes, [p["cold_rss_mb"] for p in points], "o-", label="cold")
    m_ax.plot(sizes, [p["one_changed_rss_mb"] for p in points], "s-", label="one article changed")
    m_ax.axhline(1500, color="grey", linestyle="--", linewidth=1, label="1,500 MB budget")
    m_ax.set(xlabel="articles", ylabel="peak RSS, children included (MB)", title="Memory against archive size")
    for ax in (t_ax, m_ax):
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


# --- edits only ------------------------------------------------------------------------------------

EDITS_CACHE = ROOT / ".cache" / "bench" / "site-digest"  # shared with bench/site_timing.py: same keys, same digests


def link_or_copy(src: str, dst: str) -> None:
    """A hard link where the two folders share a file system, else a copy."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def edits_only(args: argparse.Namespace) -> None:
    """warm_rebuild_s and one_changed_s without the NLP floor: the analysis comes from a kept cache."""
    files = sorted(p for p in args.folder.iterdir() if p.is_file() and not p.name.startswith("."))
    work = Path(tempfile.mkdtemp(prefix="digest-bench-"))
    try:
        folder = input_folder(files, work / "in", len(files), copy=True)
        config = {**config_for(work, "all", folder, args), "cache_dir": str(EDITS_CACHE)}
        first = run_generator(config)
        warm = run_generator(config)
        edit_one(folder)
        # The kept cache is put back as it was after the edit's run: it never holds the edited text's
        # analysis, so every run analyses the edit (spaCy's load included), as a user's first build after
        # an edit does; a second run used to find it cached and measured a build without the model. (The
        # same folder, not a copy elsewhere: the cache's path is part of what the reader's record of
        # unchanged input files is keyed by. Hard links, not copies: the generator replaces a cache file, never
        # writes into one, and a copy of hundreds of MB was still being written back to disk during the run.)
        kept, kept_docs = work / "kept-cache", work / "kept-docs"
        docs = work / "all" / "docs"
        shutil.copytree(EDITS_CACHE, kept, symlinks=True, copy_function=link_or_copy)
        shutil.copytree(docs, kept_docs, symlinks=True, copy_function=link_or_copy)
        runs = []
        try:
            for _ in range(args.edits):
                runs.append(run_generator(config))
                # Each run starts from the state the first found: the cache and the pages as before the
                # edit, so the runs are the same edit measured again, not an edit of already edited output.
                for kept_dir, live in ((kept, EDITS_CACHE), (kept_docs, docs)):
                    shutil.rmtree(live)
                    shutil.copytree(kept_dir, live, symlinks=True, copy_function=link_or_copy)
        finally:
            shutil.rmtree(EDITS_CACHE)
            shutil.move(str(kept), str(EDITS_CACHE))
        one = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]  # the median run, with its own stages
        print(f"first {first['seconds']} s {first['stages']}", file=sys.stderr)
        for run in runs:
            print(f"one changed {run['seconds']} s {run['stages']}", file=sys.stderr)
        print(json.dumps({"articles": len(files), "first_s": first["seconds"], "first_analysed": first["analysed"],
                          "warm_rebuild_s": warm["seconds"], "one_changed_s": one["seconds"], "one_changed_stages": one["stages"],
                          "one_changed_s_runs": [r["seconds"] for r in runs],
                          "warm_rebuild_cpu_s": warm["cpu_s"], "one_changed_cpu_s": one["cpu_s"], "one_changed_analysed": one["analysed"],
                          # the whole child process, imports included: what a fresh `digest build` waits
                          "warm_rebuild_process_s": warm["process_s"], "one_changed_process_s": one["process_s"],
                          "one_changed_written": one["written"], "one_changed_unchanged": one["unchanged"],
                          "one_changed_untouched": one["untouched"],
                          "peak_rss_mb": max([first["peak_rss_mb"]] + [r["peak_rss_mb"] for r in runs])},
                         sort_keys=True))
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- main ---------------------------------------------------------------------------------------------

def main() -> None:
    from generator.config import DEFAULT_BATCH_SIZE, machine_cores

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--processes", type=int, default=machine_cores(), help="NLP processes (default: the cores)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--repeat", type=int, default=1, help="pipe and cold runs, interleaved; medians reported")
    parser.add_argument("--with-5000", action="store_true", help="add the replicated 5,000-article point (slow)")
    parser.add_argument("--dask-articles", type=int, default=100, help="articles compared between engines")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--edits-only", action="store_true",
                        help="only the generator's runs after the analysis: a first build with every analysis cached "
                             f"(the cache kept in {EDITS_CACHE.relative_to(ROOT)}), nothing changed, one article edited")
    parser.add_argument("--edits", type=int, default=3,
                        help="--edits-only: the edited run this many times from the same state; one_changed_s is "
                             "their median (a shared host's speed moves single runs by a fifth)")
    args = parser.parse_args()
    compile_package()
    if args.edits_only:
        edits_only(args)
        return

    files = sorted(p for p in args.folder.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise SystemExit(f"{args.folder}: no articles")
    work = Path(tempfile.mkdtemp(prefix="digest-bench-"))
    try:
        main_in = input_folder(files, work / "in-all", len(files), copy=True)
        texts, words = words_of(main_in)

        pipe_s: list[float] = []
        colds: list[dict] = []
        for k in range(args.repeat):
            pipe_s.append(nlp_pipe_seconds(texts, args.processes, args.batch_size))
            shutil.rmtree(work / "all", ignore_errors=True)
            colds.append(run_generator(config_for(work, "all", main_in, args)))
            print(f"run {k + 1}: pipe {pipe_s[-1]:.1f} s, generator analyse {colds[-1]['stages']['analyse']:.1f} s",
                  file=sys.stderr)
        analyse_s = [c["stages"]["analyse"] for c in colds]
        cold = colds[-1]
        warm = run_generator(config_for(work, "all", main_in, args))
        edit_one(main_in)
        one = run_generator(config_for(work, "all", main_in, args))
        site_all, pages_all = site_ms_per_page(work / "site-all", work / "all" / "docs")

        points = []

        def add_point(n: int) -> None:
            if n == len(files):
                c, w, o = cold, warm, one
            else:
                folder = input_folder(files, work / f"in-{n}", n)
                c = run_generator(config_for(work, f"n{n}", folder, args))
                w = run_generator(config_for(work, f"n{n}", folder, args))
                edit_one(folder)
                o = run_generator(config_for(work, f"n{n}", folder, args))
            points.append({"articles": n, "cold_s": c["seconds"], "warm_s": w["seconds"], "one_changed_s": o["seconds"],
                           "cold_rss_mb": c["peak_rss_mb"], "one_changed_rss_mb": o["peak_rss_mb"],
                           "cold_rss_with_workers_mb": c["peak_rss_with_workers_mb"], "cold_rss_alone_mb": c["peak_rss_alone_mb"],
                           "cold_stages": c["stages"], "one_changed_stages": o["stages"]})
            print(f"{n} articles: cold {c['seconds']} s {c['peak_rss_mb']} MB (with workers {c['peak_rss_with_workers_mb']}, "
                  f"alone {c['peak_rss_alone_mb']}), warm {w['seconds']} s, one changed "
                  f"{o['seconds']} s {o['peak_rss_mb']} MB; cold stages {c['stages']}", file=sys.stderr)

        for n in [n for n in SIZES if n < len(files)] + [len(files)]:
            add_point(n)
        first = min(100, len(files))
        site_100, pages_100 = site_ms_per_page(work / "site-100", work / (f"n{first}" if first < len(files) else "all") / "docs")

        # Dask against the local engine on the first articles (a fresh input
        # folder: the 100-point's was edited), each with an empty cache.
        n_dask = min(args.dask_articles, len(files))
        dask_in = input_folder(files, work / "in-dask", n_dask)
        local = run_generator(config_for(work, "dask-local", dask_in, args))
        dask = run_generator(config_for(work, "dask", dask_in, args, engine="dask"))
        dask_same = tree(work / "dask-local" / "docs") == tree(work / "dask" / "docs") and dask["errors"] == local["errors"] == 0
        print(f"dask: same output {dask_same}, {dask['seconds']} s", file=sys.stderr)

        if args.with_5000:
            add_point(REPLICATED)

        args.out.mkdir(parents=True, exist_ok=True)
        plot(points, args.out / "scale.png")
        pipe_wps = words / statistics.median(pipe_s)
        gen_wps = words / statistics.median(analyse_s)
        result = {
            "articles": len(files),
            "words": words,
            "processes": args.processes,
            "batch_size": args.batch_size,
            "repeat": args.repeat,
            "nlp_pipe_words_per_s": round(pipe_wps),
            "generator_words_per_s": round(gen_wps),
            "ratio_vs_nlp_pipe": round(gen_wps / pipe_wps, 3),
            "nlp_pipe_s_runs": [round(s, 2) for s in pipe_s],
            "generator_analyse_s_runs": [round(s, 2) for s in analyse_s],
            "model_load_s": cold["stages"].get("load"),
            "cold_s": cold["seconds"],
            "cold_stages": cold["stages"],
            "warm_rebuild_s": warm["seconds"],
            "warm_stages": warm["stages"],
            "warm_process_s": warm["process_s"],
            "one_changed_s": one["seconds"],
            "one_changed_analysed": one["analysed"],
            "one_changed_written": one["written"],
            "one_changed_untouched": one["untouched"],
            "peak_rss_mb": max([c["peak_rss_mb"] for c in colds] + [warm["peak_rss_mb"], one["peak_rss_mb"]]),
            "one_changed_peak_rss_mb": one["peak_rss_mb"],
            "peak_rss_mb_5000": next((p["cold_rss_mb"] for p in points if p["articles"] == REPLICATED), None),
            "warm_peak_rss_mb": warm["peak_rss_mb"],
            "site_ms_per_page_100": site_100,
            "site_pages_100": pages_100,
            "site_ms_per_page_all": site_all,
            "site_pages_all": pages_all,
            "site_ratio_all_vs_100": round(site_all / site_100, 3),
            "dask_same_output": dask_same,
            "dask_articles": n_dask,
            "dask_cold_s": dask["seconds"],
            "scale": points,
            "plot": str((args.out / "scale.png").relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out / "scale.png"),
        }
        (args.out / "scale.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(json.dumps(result, sort_keys=True))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
