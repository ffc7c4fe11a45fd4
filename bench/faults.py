"""Fault stress: the failures of issue 15 on a real archive, each in real processes with a bound on every wait.

    .venv/bin/python bench/faults.py ../shared/corpus/plain [--articles 40]

Takes the first N articles (default 40) of FOLDER and runs, each in child
processes of `digest build`:

- worker_kill: a build with 2 NLP workers; the first worker is killed
  (SIGKILL) as soon as it is handed a batch (the build's own -v log line);
- concurrent: two builds of different halves of the articles into one
  section, started together;
- full_tmpdir: a build whose TMPDIR is a 64 KB tmpfs (needs root to mount;
  reported as skipped otherwise);
- kill_mid_write: a build killed (SIGKILL) once its first page is on disk,
  then the same build again.

Counted over all scenarios: hangs (a build that did not end within
TIMEOUT), crashes (a traceback, or an exit status other than 0-3), lost
pages (an article neither built nor named on an error line), mixed sections
(files on disk other than those the section's manifest lists, or pages of
the wrong build after a rebuild), torn pages (a page not whole after a kill
-9) and stale temps. The last line printed is one JSON object; all zero is
the goal.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 600  # seconds for one build of 40 articles; they take under a minute here


def digest(args: list[str], cwd: Path, env: dict | None = None, verbose: bool = False) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "generator", "build", *args, *(["-v"] if verbose else [])]
    return subprocess.Popen(cmd, cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, counts: dict, lines: list[str] | None = None) -> tuple[int | None, str]:
    """Wait for a build with a bound; count a hang or a crash."""
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        counts["hangs"] += 1
        return None, err
    err = "".join(lines or []) + err
    if "Traceback" in err or proc.returncode not in (0, 1, 2, 3):
        counts["crashes"] += 1
    return proc.returncode, out + err


def article_pages(section: Path) -> set[str]:
    """The article pages of a section: the top-level pages other than the index."""
    return {p.name for p in section.glob("*.md") if p.name not in ("index.md", "_home.md")}


def is_mixed(section: Path) -> bool:
    try:
        manifest = set(json.loads((section / ".digest-manifest.json").read_text())["files"])
    except (OSError, ValueError, KeyError):
        return True
    on_disk = {p.relative_to(section).as_posix() for p in section.rglob("*") if p.is_file() and not p.name.startswith(".")}
    return manifest != on_disk


def named_errors(output: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"^(\S+\.txt): ", output, re.M)}


def lost(reference: set[str], section: Path, output: str, sources: dict[str, str]) -> int:
    """Reference pages missing whose source article is not named on an error line."""
    errors = named_errors(output)
    return sum(1 for page in reference - article_pages(section) if sources.get(page) not in errors)


def reference_build(work: Path, inputs: Path, name: str, counts: dict) -> tuple[set[str], dict[str, str]]:
    out = work / "ref" / name
    code, output = finish(digest([str(inputs), "--out", str(out), "--no-cache", "--processes", "2"], work), counts)
    assert code == 0, output[-2000:]
    data = json.loads((out / "digest.json").read_text())
    sources = {f"{a['slug']}.md": a["article"]["source"] for a in data["digests"]}
    return article_pages(out), sources


def worker_kill(work: Path, inputs: Path, reference: set[str], sources: dict, counts: dict) -> dict:
    out = work / "wk" / "w"
    proc = digest([str(inputs), "--out", str(out), "--no-cache", "--processes", "2"], work, verbose=True)
    lines, killed = [], None
    assert proc.stderr is not None
    for line in proc.stderr:
        lines.append(line)
        m = re.search(r"NLP worker pid (\d+): ", line)
        if m and killed is None:
            killed = int(m.group(1))
            os.kill(killed, signal.SIGKILL)
    code, output = finish(proc, counts, lines)
    counts["lost_pages"] += lost(reference, out, output, sources)
    counts["mixed_sections"] += is_mixed(out)
    return {"exit": code, "killed_pid": killed, "retried": "retrying each alone" in output}


def concurrent(work: Path, halves: list[Path], counts: dict) -> dict:
    out = work / "cc" / "w"
    procs = [digest([str(h), "--out", str(out), "--no-cache", "--processes", "1"], work) for h in halves]
    results = [finish(p, counts) for p in procs]
    codes = [c for c, _ in results]
    counts["mixed_sections"] += is_mixed(out)
    winner = [i for i, c in enumerate(codes) if c == 0]
    refused = [i for i, (c, o) in enumerate(results) if c == 3 and "another build is writing it" in o]
    # the pages on disk are those of the last build that ran to the end
    if winner:
        expected = article_pages(work / "ref" / f"half{winner[-1]}")
        if article_pages(out) != expected:
            counts["mixed_sections"] += 1
    # a later build of the first half alone is whole and not taken as "unchanged" from a mixed state
    code, output = finish(digest([str(halves[0]), "--out", str(out), "--cache-dir", str(work / "cc-cache"),
                                  "--processes", "1"], work), counts)
    if code != 0 or article_pages(out) != article_pages(work / "ref" / "half0") or is_mixed(out):
        counts["mixed_sections"] += 1
    return {"exits": codes, "refused": len(refused), "rebuild_exit": code}


def full_tmpdir(work: Path, inputs: Path, counts: dict) -> dict:
    mount = work / "tmpfs"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        return {"skipped": f"cannot mount a tmpfs ({done.stderr.strip()[:80]})"}
    try:
        out = work / "tmp" / "w"
        code, output = finish(digest([str(inputs), "--out", str(out), "--no-cache", "--processes", "2"], work,
                                     env={"TMPDIR": str(mount)}), counts)
        return {"exit": code, "named_tmpdir": "spool file" in output and "No space left" in output}
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def kill_mid_write(work: Path, inputs: Path, reference: set[str], sources: dict, counts: dict) -> dict:
    out = work / "km" / "w"
    cache = work / "km-cache"
    # a first complete build of edited copies, so the killed build has every article page to replace
    edited = work / "edited"
    edited.mkdir()
    for path in sorted(inputs.iterdir()):
        (edited / path.name).write_text(path.read_text() + "\n\nA paragraph added for the first build.\n")
    finish(digest([str(edited), "--out", str(out), "--cache-dir", str(cache), "--processes", "2"], work), counts)
    before = max(p.stat().st_mtime_ns for p in out.rglob("*.md"))
    proc = digest([str(inputs), "--out", str(out), "--cache-dir", str(cache), "--processes", "2"], work)
    started = time.monotonic()
    while proc.poll() is None and time.monotonic() - started < TIMEOUT:
        newest = max((p.stat().st_mtime_ns for p in out.rglob("*.md")), default=0)
        if newest > before:
            break
        time.sleep(0.01)  # a bench, not a test: polling the disk for the first new page
    proc.kill()
    proc.communicate()
    killed = proc.returncode == -signal.SIGKILL  # it was still writing when killed
    torn = 0
    for page in out.rglob("*.md"):
        text = page.read_text(errors="replace")
        if not (text.startswith("---\n") or page.name.startswith("_")) or not text.endswith("\n"):
            torn += 1
    counts["torn_pages"] += torn
    code, output = finish(digest([str(inputs), "--out", str(out), "--cache-dir", str(cache), "--processes", "2"], work),
                          counts)
    counts["lost_pages"] += lost(reference, out, output, sources)
    counts["mixed_sections"] += is_mixed(out)
    stale = [p for p in out.rglob(".tmp-*")]
    counts["stale_temps"] += len(stale)
    return {"killed_while_writing": killed, "exit_after": code, "torn": torn}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=40)
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.txt"))[: args.articles]
    counts = {"hangs": 0, "lost_pages": 0, "crashes": 0, "mixed_sections": 0, "torn_pages": 0, "stale_temps": 0}
    report: dict = {}
    with tempfile.TemporaryDirectory(prefix="digest-faults-") as tmp:
        work = Path(tmp)
        inputs = work / "in"
        halves = [work / "half0", work / "half1"]
        for folder in (inputs, *halves):
            folder.mkdir()
        for n, path in enumerate(files):
            shutil.copy(path, inputs)
            shutil.copy(path, halves[n * 2 // len(files)])
        began = time.monotonic()
        reference, sources = reference_build(work, inputs, "all", counts)
        for n, half in enumerate(halves):
            reference_build(work, half, f"half{n}", counts)
        report["worker_kill"] = worker_kill(work, inputs, reference, sources, counts)
        report["concurrent"] = concurrent(work, halves, counts)
        report["full_tmpdir"] = full_tmpdir(work, inputs, counts)
        report["kill_mid_write"] = kill_mid_write(work, inputs, reference, sources, counts)
        report["seconds"] = round(time.monotonic() - began, 1)
    for name, value in report.items():
        print(f"{name}: {value}")
    print(json.dumps({**counts, "articles": len(files), **{k: v for k, v in report.items() if k == "seconds"}}))


if __name__ == "__main__":
    main()
