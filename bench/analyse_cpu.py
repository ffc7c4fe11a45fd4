"""Where the analyse stage spends CPU time, beyond raw `nlp.pipe`.

    .venv/bin/python bench/analyse_cpu.py ../shared/corpus/plain [--articles N] [--processes 2]

Wall-clock ratios are noisy on a shared machine, CPU seconds much less so.
For N articles of FOLDER (after --skip K, in name order) (plain text, first line the title) it
measures, in one invocation:

- pipe: raw `nlp.pipe` (the model as the generator loads it, without our
  components), same process count and batch size: CPU seconds of this
  process and of the NLP workers, and wall seconds;
- generator: `Analyser.run` (cleaning, the pipe with our components,
  extraction) over the same articles, the same figures;
- stages: one process, each pipeline component timed on its own (CPU
  seconds), plus cleaning, the bytes that cross the process boundary and
  turning them back into Docs, and extraction;
- cpu_ratio: pipe CPU over generator CPU (all processes), the CPU-time
  analogue of bench/throughput.py's ratio_vs_nlp_pipe.

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def cpu_children() -> float:
    """CPU of waited-for children (multiprocessing joins spaCy's workers when the pipe ends)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure(run) -> dict:
    s0, c0, w0 = cpu_self(), cpu_children(), time.perf_counter()
    run()
    s1, c1, w1 = cpu_self(), cpu_children(), time.perf_counter()
    return {"main_cpu_s": round(s1 - s0, 2), "workers_cpu_s": round(c1 - c0, 2),
            "cpu_s": round(s1 - s0 + c1 - c0, 2), "wall_s": round(w1 - w0, 2)}


def stage_times(analyser, articles) -> dict:
    """One process: every component timed alone, plus cleaning, Doc bytes and extraction."""
    from generator.analyse import article_meta, clean_article
    from generator.analyse.extract import extract

    nlp = analyser.nlp
    times: dict[str, float] = {"clean": 0.0, "make_doc": 0.0, "to_bytes": 0.0, "from_bytes": 0.0, "extract": 0.0}
    sent_bytes = 0
    for name in nlp.pipe_names:
        times[name] = 0.0
    from spacy.tokens import Doc

    for raw in articles:
        t = time.process_time()
        article = clean_article(raw)
        times["clean"] += time.process_time() - t
        t = time.process_time()
        doc = nlp.make_doc(article.text)
        doc._context = (0, article_meta(article))
        times["make_doc"] += time.process_time() - t
        for name, proc in nlp.pipeline:
            t = time.process_time()
            doc = proc(doc)
            times[name] += time.process_time() - t
        t = time.process_time()
        data = doc.to_bytes()
        times["to_bytes"] += time.process_time() - t
        sent_bytes += len(data)
        t = time.process_time()
        back = Doc(nlp.vocab).from_bytes(data)
        times["from_bytes"] += time.process_time() - t
        t = time.process_time()
        extract(back, article)
        times["extract"] += time.process_time() - t
    out = {k: round(v, 3) for k, v in times.items()}
    out["bytes_per_article"] = round(sent_bytes / max(len(articles), 1))
    return out


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from generator.analyse import Analyser
    from generator.analyse.extract import extract  # noqa: F401 - loaded before timing
    from generator.analyse.nlp import load_base_model
    from generator.config import DEFAULT_BATCH_SIZE, DEFAULT_MODELS, machine_cores
    from generator.ingest import ReadOptions, read_articles
    from generator.model import Article

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--skip", type=int, default=0, help="start after this many articles (sorted by name)")
    parser.add_argument("--processes", type=int, default=machine_cores())
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--no-stages", action="store_true", help="skip the one-process per-component timing")
    args = parser.parse_args()

    files = sorted(p for p in args.folder.iterdir() if p.is_file() and not p.name.startswith("."))[args.skip : args.skip + args.articles]
    articles = [a for a in read_articles([str(p) for p in files], ReadOptions()) if isinstance(a, Article)]
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)

    base = load_base_model(DEFAULT_MODELS)
    analyser = Analyser(DEFAULT_MODELS, processes=args.processes, batch_size=args.batch_size)
    # warm both in this process (first-call costs such as dateparser's import are not throughput)
    list(base.pipe(texts[:2]))
    analyser.processes = 1
    list(analyser.run(articles[:2]))
    analyser.processes = args.processes

    pipe = measure(lambda: sum(1 for _ in base.pipe(texts, n_process=args.processes, batch_size=args.batch_size)))
    gen = measure(lambda: sum(1 for _ in analyser.run(articles)))
    result = {
        "articles": len(articles), "words": words, "processes": args.processes, "batch_size": args.batch_size,
        "pipe": pipe, "generator": gen,
        "cpu_ratio": round(pipe["cpu_s"] / gen["cpu_s"], 3) if gen["cpu_s"] else None,
        "wall_ratio": round(pipe["wall_s"] / gen["wall_s"], 3) if gen["wall_s"] else None,
    }
    if not args.no_stages:
        result["stages_cpu_s"] = stage_times(analyser, articles)
        base_times = {name: 0.0 for name in base.pipe_names}
        for text in texts:
            doc = base.make_doc(text)
            for name, proc in base.pipeline:
                t = time.process_time()
                doc = proc(doc)
                base_times[name] += time.process_time() - t
        result["pipe_stages_cpu_s"] = {k: round(v, 3) for k, v in base_times.items()}
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
