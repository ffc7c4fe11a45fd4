"""Site timings: a full `mkdocs build`, a dirty one, and save-to-served-page under `./dev serve`.

    .venv/bin/python bench/site_timing.py FOLDER [--articles N] [--runs 3] [--serve-args=--dirty] [--pause 2]
        [--serve-only | --no-serve]

Works in a temporary copy of the project (mkdocs.yml, docs/ without the
generated section) whose input folder holds the first N articles of FOLDER
(sorted by name; all when --articles is not given), so the repository's own
docs/ is never touched. The analysis cache is kept between runs in
`.cache/bench/site-digest` (the cache is keyed by content and pipeline
version, so a stale entry is never used): this bench times the site, not the
NLP (bench/throughput.py does). Measures:

- full_build_s (and full_build_cpu_s, its CPU seconds, steadier on a
  shared machine; likewise dirty_build_cpu_s): `mkdocs build --strict` into an empty site/ (generator with
  every analysis cached, then every page), with `pages` (HTML pages written)
  and `md_pages` (Markdown pages in docs/);
- dirty_build_s: `mkdocs build --dirty` after one article was edited;
- serve_save_to_page_s: under `mkdocs serve` (with --serve-args, by default
  what `./dev serve` runs), the median over --runs edits of different
  articles of the time from writing the file until the served page shows the
  change; serve_build_s: the same edits' build time as the server logs it,
  serve_build_cpu_s the server's CPU seconds for each (median);
- serve_delete_to_gone_s: from deleting an article until its page is a 404;
- serve_steps_s (one per edit) and serve_delete_steps_s: seconds from the
  save to each step's line in the server's log: the watcher saw the change
  (`detected`), the generator began to analyse the changed article
  (`analysing`: all before it is the watcher, MkDocs' config and the
  generator's look at the inputs), the generator finished (`generator`), MkDocs' dirty pass
  finished (`mkdocs`, after which the plugin's line names the slowest
  rebuilt pages), the server serves the new site (`reloaded`). The plugin's
  lines of each change are printed on stderr with their offsets. `<step>_cpu`
  is the server's CPU seconds from the save to that step (steadier than the
  wall time on a shared machine): `mkdocs_cpu - generator_cpu` is MkDocs'
  share of an edit.

Each edit waits for the server to finish its build ("Reloading browsers" in
its log) before the next, never on a fixed sleep; then --pause seconds pass
(2 by default; 0 before 4 December's eighth session), as a reader looks at
the page before the next save: what the server does while it waits (under
`./dev serve`, the garbage of the last build is collected a second after it)
is not counted in the next edit. The machine is shared:
quote medians, and expect noise. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "bench" / "site-digest"
TIMEOUT_S = 1800
POLL_S = 0.02
DEFAULT_SERVE_ARGS = "--dirty"  # what ./dev serve passes


def make_project(dest: Path, folder: Path, n: int | None) -> Path:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = "      section: articles\n"
    if block not in text:
        raise SystemExit("mkdocs.yml has no `section: articles` line in the digest block")
    (dest / "mkdocs.yml").write_text(text.replace(block, block + f"      cache_dir: {json.dumps(str(CACHE))}\n"),
                                     encoding="utf-8")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("articles"))
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    (dest / "articles").mkdir()
    for path in files[:n] if n else files:
        shutil.copy(path, dest / "articles" / path.name)
    return dest


def env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(project: Path, *extra: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `mkdocs build`: on a shared machine the CPU time is the steadier figure."""
    started, cpu = time.perf_counter(), children_cpu()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", *extra], cwd=project, env=env(),
                            capture_output=True, text=True, timeout=TIMEOUT_S)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr[-3000:]}")
    return elapsed, children_cpu() - cpu


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a running process has used so far."""
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait(check: Callable[[], bool], what: str) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < TIMEOUT_S:
        if check():
            return time.perf_counter() - started
        time.sleep(POLL_S)
    raise SystemExit(f"{what} not seen within {TIMEOUT_S} s")


def slugs(project: Path) -> dict[str, str]:
    """Input file name -> article slug, from the generated digest.json."""
    data = json.loads((project / "docs" / "articles" / "digest.json").read_text(encoding="utf-8"))
    return {Path(d["article"]["source"]).name: d["slug"] for d in data["digests"]}


def edit(path: Path, token: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\nThe {token} line was added.\n", encoding="utf-8")


# Where each edit's seconds go: the server's log lines that mark a step, by what they start with.
STEPS = (("detected", "Detected file changes"), ("analysing", "digest: analysing"), ("generator", "digest: %d articles"),
         ("mkdocs", "digest: preview:"), ("reloaded", "Reloading browsers"))


def step_pattern(start: str) -> re.Pattern[str]:
    return re.compile(re.escape(start).replace(re.escape("%d"), r"\d+"))


def stamp_lines(stream: Any, log_path: Path, lines: list[tuple[float, str, float]], pid: int) -> None:  # noqa: ANN401 - a pipe
    """Copy the server's output to its log as it comes, noting when each line came (perf_counter) and the
    server's CPU seconds then (steadier than wall time on a shared machine)."""
    with log_path.open("w", encoding="utf-8") as log:
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", errors="replace")
            try:
                cpu = process_cpu(pid)
            except psutil.Error:
                cpu = float("nan")
            lines.append((time.perf_counter(), line, cpu))
            log.write(line)
            log.flush()


def steps_after(lines: list[tuple[float, str, float]], saved: float, cpu: float) -> dict[str, float]:
    """Seconds from the save to each step's log line (the first one after the save), and the server's CPU
    seconds from the save to that line (`<step>_cpu`)."""
    found: dict[str, float] = {}
    for name, start in STEPS:
        pattern = step_pattern(start)
        at = next(((t, c) for t, line, c in list(lines) if t >= saved and pattern.search(line)), None)
        if at is not None:
            found[name] = round(at[0] - saved, 2)
            found[f"{name}_cpu"] = round(at[1] - cpu, 2)
    return found


def stop_server(proc: subprocess.Popen) -> None:
    """Stop a server started in its own process group: Ctrl-C first, so it saves what it keeps
    in memory, then a kill if it has not ended in 30 s."""
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def serve(project: Path, runs: int, serve_args: list[str], pause: float = 0.0) -> dict:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log_path = project / "serve.log"
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *serve_args, "-a", f"127.0.0.1:{port}"],
                            cwd=project, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    lines: list[tuple[float, str, float]] = []
    reader = threading.Thread(target=stamp_lines, args=(proc.stdout, log_path, lines, proc.pid), daemon=True)
    reader.start()
    base = f"http://127.0.0.1:{port}/"

    def reloads() -> int:
        return sum(1 for _t, line, _c in list(lines) if "Reloading browsers" in line)

    def built_in() -> list[float]:
        return [float(x) for _t, line, _c in list(lines) for x in re.findall(r"Documentation built in ([0-9.]+) seconds", line)]

    def told(saved: float) -> None:
        """The server's lines for one change, with their seconds from the save, on stderr: where the time went."""
        for t, line, _c in list(lines):
            if t >= saved and "digest:" in line:
                print(f"  +{t - saved:5.2f} s {line.strip()}", file=sys.stderr)

    try:
        wait(lambda: fetch(base)[0] == 200, "the first page")
        by_file = slugs(project)
        names = sorted(by_file)
        picks = [names[(k + 1) * len(names) // (runs + 2)] for k in range(runs)]  # different articles, spread out
        saves, builds, cpus, steps = [], [], [], []
        for n, name in enumerate(picks):
            time.sleep(pause)  # the reader looks at the last change (or the first page) before saving the next
            token = f"Benchmarkword{n}x{int(time.time())}"
            url = f"{base}articles/{by_file[name]}/"
            before, cpu = reloads(), process_cpu(proc.pid)
            saved = time.perf_counter()
            edit(project / "articles" / name, token)
            saves.append(wait(lambda: token in fetch(url)[1], "the changed page"))
            wait(lambda: reloads() > before, "the end of the build")
            cpus.append(process_cpu(proc.pid) - cpu)  # the server's own CPU for this edit, polling included
            builds.append(built_in()[-1])
            steps.append(steps_after(lines, saved, cpu))
            print(f"edit {n + 1} ({name}): {saves[-1]:.2f} s to the served page", file=sys.stderr)
            told(saved)
        gone_name = names[-1]
        url = f"{base}articles/{by_file[gone_name]}/"
        assert fetch(url)[0] == 200, url
        time.sleep(pause)
        before, cpu = reloads(), process_cpu(proc.pid)
        saved = time.perf_counter()
        (project / "articles" / gone_name).unlink()
        gone = wait(lambda: fetch(url)[0] == 404, "the deleted page gone")
        wait(lambda: reloads() > before, "the end of the build")
        print(f"deletion ({gone_name}): {gone:.2f} s to a 404", file=sys.stderr)
        told(saved)
        return {"serve_save_to_page_s_runs": [round(x, 2) for x in saves],
                "serve_steps_s": steps, "serve_delete_steps_s": steps_after(lines, saved, cpu),
                "serve_save_to_page_s": round(statistics.median(saves), 2),
                "serve_build_s": round(statistics.median(builds), 2),
                "serve_build_cpu_s": round(statistics.median(cpus), 2),
                # each edit's CPU seconds in the generator (save to its summary line) and in MkDocs (the rest of the build)
                "serve_generator_cpu_s": _median([x["generator_cpu"] for x in steps if "generator_cpu" in x]),
                "serve_mkdocs_cpu_s": _median([x["mkdocs_cpu"] - x["generator_cpu"] for x in steps
                                               if "mkdocs_cpu" in x and "generator_cpu" in x]),
                "serve_delete_to_gone_s": round(gone, 2)}
    finally:
        stop_server(proc)
        reader.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", type=Path, help="folder of input articles")
    parser.add_argument("--articles", type=int, default=None, help="use the first N articles of FOLDER (default: all)")
    parser.add_argument("--runs", type=int, default=3, help="edits under serve (median reported)")
    parser.add_argument("--serve-args", default=DEFAULT_SERVE_ARGS, help=f"arguments to mkdocs serve (default {DEFAULT_SERVE_ARGS!r})")
    parser.add_argument("--pause", type=float, default=2.0,
                        help="seconds between the end of one served change and the next save (default 2)")
    parser.add_argument("--no-serve", action="store_true", help="time the builds only")
    parser.add_argument("--serve-only", action="store_true",
                        help="time the serve edits and the deletion only (the server's own first build fills the cache)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="site-timing-") as tmp:
        project = make_project(Path(tmp), args.folder.resolve(), args.articles)
        if args.serve_only:
            result = {"articles": len(list((project / "articles").iterdir())), "serve_args": args.serve_args, "runs": args.runs,
                      **serve(project, args.runs, shlex.split(args.serve_args), args.pause), "pause_s": args.pause,
                      "load_average": [round(x, 2) for x in os.getloadavg()]}
            print(json.dumps(result, sort_keys=True))
            return
        timed_build(project, "--strict")  # fills the analysis cache when it is cold: not timed
        shutil.rmtree(project / "site")
        full, full_cpu = timed_build(project, "--strict")
        pages = sum(1 for _ in (project / "site").rglob("*.html")) - 1  # less 404.html
        md_pages = sum(1 for _ in (project / "docs").rglob("*.md"))
        articles = len(slugs(project))
        name = sorted(slugs(project))[len(slugs(project)) // 2]
        edit(project / "articles" / name, f"Dirtyword{int(time.time())}")
        dirty, dirty_cpu = timed_build(project, "--dirty", "--no-strict")  # MkDocs warns on every dirty build
        result = {"articles": articles, "full_build_s": round(full, 2), "full_build_cpu_s": round(full_cpu, 2), "pages": pages,
                  "md_pages": md_pages, "dirty_build_s": round(dirty, 2), "dirty_build_cpu_s": round(dirty_cpu, 2),
                  "load_average": [round(x, 2) for x in os.getloadavg()]}
        if not args.no_serve:
            result.update(serve(project, args.runs, shlex.split(args.serve_args), args.pause))
            result["pause_s"] = args.pause
            result["serve_args"] = args.serve_args
            result["runs"] = args.runs
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
