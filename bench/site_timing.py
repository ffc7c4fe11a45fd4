"""Site timings: a full `mkdocs build --strict`, and save-to-updated-page under `mkdocs serve`.

    .venv/bin/python bench/site_timing.py articles/ [--runs 3]

Works in a temporary copy of the project (mkdocs.yml, docs/ without the
generated section) with ARTICLES as its input folder, so the repository's
own docs/ and cache are never touched. Measures:

- cold build: `mkdocs build --strict` with an empty analysis cache (model
  load + analysis of every article + render + MkDocs), median of --runs;
- warm build: the same with the cache full (nothing analysed);
- serve update: with `mkdocs serve` running on a free loopback port, the time
  from writing a changed article to the served page showing the change
  (one article re-analysed, one MkDocs build), median of --runs.

The machine is shared: quote medians, and expect noise. The last line printed
is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 300
POLL_S = 0.05


def make_project(dest: Path, articles: Path) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("articles"))
    shutil.copytree(articles, dest / "articles")
    return dest


def env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed_build(project: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env(),
                            capture_output=True, text=True, timeout=TIMEOUT_S)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr[-3000:]}")
    return elapsed


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait(check, what: str) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < TIMEOUT_S:
        if check():
            return time.perf_counter() - started
        time.sleep(POLL_S)
    raise SystemExit(f"{what} not seen within {TIMEOUT_S} s")


def serve_updates(project: Path, runs: int) -> list[float]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (project / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project, env=env(),
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait(lambda: bool(fetch(base)), "the first page")
        source = sorted((project / "articles").iterdir())[-1]
        digest = json.loads((project / "docs" / "articles" / "digest.json").read_text(encoding="utf-8"))
        slug = next(d["slug"] for d in digest["digests"] if Path(d["article"]["source"]).name == source.name)
        url = f"{base}articles/{slug}/"
        original = source.read_text(encoding="utf-8")
        times = []
        for n in range(runs):
            token = f"Benchmarkword{n}x{int(time.time())}"
            source.write_text(original.rstrip("\n") + f"\n\nThe {token} line was added.\n", encoding="utf-8")
            times.append(wait(lambda: token in fetch(url), "the changed page"))
            time.sleep(2)  # let the server settle before the next change
        return times
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("articles", type=Path, help="folder of input articles")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="site-timing-") as tmp:
        project = make_project(Path(tmp), args.articles.resolve())
        cold = []
        for _ in range(args.runs):
            shutil.rmtree(project / ".cache", ignore_errors=True)
            cold.append(timed_build(project))
        warm = [timed_build(project) for _ in range(args.runs)]
        pages = sum(1 for _ in (project / "site").rglob("index.html"))
        articles = len(json.loads((project / "docs" / "articles" / "digest.json").read_text(encoding="utf-8"))["digests"])
        updates = serve_updates(project, args.runs)
    result = {
        "articles": articles,
        "html_pages": pages,
        "runs": args.runs,
        "cold_build_s_median": round(statistics.median(cold), 2),
        "cold_build_s": [round(x, 2) for x in cold],
        "warm_build_s_median": round(statistics.median(warm), 2),
        "warm_build_s": [round(x, 2) for x in warm],
        "serve_save_to_page_s_median": round(statistics.median(updates), 2),
        "serve_save_to_page_s": [round(x, 2) for x in updates],
    }
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
