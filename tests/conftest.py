"""Shared fixtures: the real spaCy pipeline (loaded once), the shared data, goldens."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = Path(os.environ.get("DIGEST_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "samples" / "articles" / "2015-09-18-kerry-russia-syria.txt"
SEED_GOLD = SHARED / "samples" / "gold" / "2015-09-18-kerry-russia-syria.json"
ECB_THREADS = SHARED / "eval" / "threads_dev.jsonl"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def load_bench(name: str):
    """bench/<name>.py as a module (bench/ is scripts, not a package), for the bench gates: they
    score with the bench's own code, so the gate and the printed figure cannot disagree."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(f"bench_{name}", module)
    spec.loader.exec_module(module)
    return module


def ecb_rows(ids) -> dict[str, dict]:
    """The rows of the ECB+ threads file with these ids, by id; the test skips when the file is absent."""
    if not ECB_THREADS.is_file():
        pytest.skip(f"the ECB+ threads file is not here ({ECB_THREADS})")
    want = set(ids)
    return {r["id"]: r for r in map(json.loads, ECB_THREADS.read_text(encoding="utf-8").splitlines()) if r["id"] in want}


def ecb_article(row: dict):
    """A threads-file row as an Article: its first line the title, each non-blank line a paragraph."""
    from generator.model import Article, Paragraph

    paras = [p for p in row["text"].split("\n") if p.strip()]
    return Article(source=row["id"], title=paras[0][:80],
                   paragraphs=tuple(Paragraph(index=k, text=t) for k, t in enumerate(paras, 1)))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/fixtures/expected from the current output")


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline with our components, loaded once for the session."""
    from generator.analyse.nlp import load_pipeline
    from generator.config import DEFAULT_MODELS

    return load_pipeline(DEFAULT_MODELS)


@pytest.fixture(scope="session")
def analyser():
    from generator.analyse import Analyser
    from generator.config import DEFAULT_MODELS

    return Analyser(DEFAULT_MODELS)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip(f"the shared seed article is not here ({SEED}); run inside the workplace with ../shared")
    return SEED


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    if not SEED_GOLD.is_file():
        pytest.skip(f"the shared gold reading is not here ({SEED_GOLD})")
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_article(seed_path: Path):
    from generator.ingest import ReadOptions, read_file

    [article] = read_file(seed_path, ReadOptions())
    return article


@pytest.fixture(scope="session")
def seed_digest(seed_article, analyser):
    [digest] = list(analyser.run([seed_article]))
    return digest


def copy_project(dest: Path) -> Path:
    """The files a site build needs, without generated pages, cache or site/."""
    import shutil

    for name in ("mkdocs.yml", "docs", "articles"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("articles") if name == "docs" else None)
        else:
            shutil.copy(src, dest / name)
    return dest


def mkdocs_build(project: Path, *args: str):
    import subprocess
    import sys

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The example site, built once per session by `mkdocs build --strict` in a copy of the project."""
    project = copy_project(tmp_path_factory.mktemp("site"))
    first = mkdocs_build(project)
    assert first.returncode == 0, first.stderr[-3000:]
    return project, first


def fixture_article(name: str):
    from generator.ingest import ReadOptions, read_file

    [article] = read_file(FIXTURES / "articles" / name, ReadOptions())
    return article


@pytest.fixture
def adds(monkeypatch) -> list[str]:
    """The id of every article the threading pass took in, in this test."""
    from generator.threads import Threader

    seen: list[str] = []
    real = Threader.add

    def counting(self, f, **kw):
        seen.append(f.id)
        return real(self, f, **kw)

    monkeypatch.setattr(Threader, "add", counting)
    return seen
