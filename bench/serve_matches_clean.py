"""At archive scale: the site `mkdocs serve --dirty` serves after an edit and a deletion is a clean build's.

    .venv/bin/python bench/serve_matches_clean.py FOLDER [--articles N]

tests/test_serve.py checks this on 30 articles, where no A-Z list is long
enough to be split by letter (views.AZ_PAGE_MAX); this runs it on FOLDER
(all 921 articles of ../shared/corpus/plain: the letter pages, the quote
pages' own ends). In a temporary copy of the project (bench/site_timing.py's,
its analysis cache shared), with site_url set to the served address: serve,
append a sentence naming a new organisation and person to one article, wait
for the rebuild, delete another, wait, then `mkdocs build --strict` the same
project into another folder and fetch every file of it from the server. The
last line is one JSON object: files compared and those that differ (none, when
the preview is right).
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_timing import TIMEOUT_S, env, make_project, stop_server  # noqa: E402 - the bench's own project copy

INJECTED = re.compile(rb"<script>[^<]*livereload[^<]*</script>(?=</body>)")  # serve adds it to every page
SENTENCE = "\n\nThe Quokkaville Heritage Trust will appeal, its chair Ottoline Brisbane-Vance said.\n"


def served(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return INJECTED.sub(b"", r.read())
    except urllib.error.HTTPError:
        return None
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return b""


def wait(check, what: str) -> None:  # noqa: ANN001
    started = time.monotonic()
    while time.monotonic() - started < TIMEOUT_S:
        if check():
            return
        time.sleep(0.2)
    raise SystemExit(f"{what} not seen within {TIMEOUT_S} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="serve-check-") as tmp, socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        project = make_project(Path(tmp), args.folder.resolve(), args.articles)
        config = project / "mkdocs.yml"
        config.write_text(f"site_url: http://127.0.0.1:{port}/\n"
                          + re.sub(r"(?m)^site_url:.*$", "", config.read_text(encoding="utf-8")), encoding="utf-8")
        log_path = project / "serve.log"
        with log_path.open("w") as log:
            proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                                    cwd=project, env=env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        base = f"http://127.0.0.1:{port}/"

        def reloads() -> int:
            return log_path.read_text(encoding="utf-8", errors="replace").count("Reloading browsers")

        try:
            wait(lambda: served(base) not in (None, b""), "the first page")
            names = sorted(p.name for p in (project / "articles").iterdir())
            edited = project / "articles" / names[len(names) // 9]
            before = reloads()
            edited.write_text(edited.read_text(encoding="utf-8").rstrip("\n") + SENTENCE, encoding="utf-8")
            wait(lambda: reloads() > before, "the edit's rebuild")
            before = reloads()
            (project / "articles" / names[2 * len(names) // 9]).unlink()
            wait(lambda: reloads() > before, "the deletion's rebuild")
            done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "clean")],
                                  cwd=project, env=env(), capture_output=True, text=True, timeout=TIMEOUT_S)
            if done.returncode != 0:
                raise SystemExit(f"clean build failed:\n{done.stderr[-3000:]}")
            differ, compared = [], 0
            for path in sorted((project / "clean").rglob("*")):
                rel = path.relative_to(project / "clean").as_posix()
                if not path.is_file() or rel.endswith(".gz"):  # a gzip header holds a time
                    continue
                compared += 1
                if served(base + rel) != path.read_bytes():
                    differ.append(rel)
            preview = [line for line in log_path.read_text(encoding="utf-8").splitlines() if "digest: preview:" in line][-2:]
            for line in preview:
                print(line, file=sys.stderr)
        finally:
            stop_server(proc)
    print(json.dumps({"articles": len(names), "files_compared": compared, "files_differ": len(differ), "differ": differ[:20]},
                     sort_keys=True))


if __name__ == "__main__":
    main()
