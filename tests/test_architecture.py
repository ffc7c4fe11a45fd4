"""The stage rules of STYLE.md, checked on the source with `ast`."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PKG = ROOT / "generator"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def modules(folder: str) -> list[Path]:
    base = PKG / folder
    return sorted(base.rglob("*.py")) if base.is_dir() else [PKG / f"{folder}.py"]


def test_only_analyse_imports_spacy():
    for path in PKG.rglob("*.py"):
        if "analyse" in path.parts or path.name == "distributed.py":
            continue
        assert not any(n.split(".")[0] == "spacy" for n in imports_of(path)), path


def test_only_render_imports_jinja():
    for path in PKG.rglob("*.py"):
        if "render" in path.parts:
            continue
        assert not any(n.split(".")[0] == "jinja2" for n in imports_of(path)), path


def test_stages_never_import_later_ones():
    order = ["ingest", "analyse", "corpus", "render", "output"]
    for i, stage in enumerate(order):
        later = {f"generator.{s}" for s in order[i + 1 :]}
        for path in modules(stage):
            bad = {n for n in imports_of(path) if any(n == l or n.startswith(l + ".") for l in later)}
            assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_only_output_and_cache_write_files():
    writers = {"output.py", "cache.py"}
    for path in PKG.rglob("*.py"):
        if path.name in writers:
            continue
        src = path.read_text()
        for call in ("os.replace(", ".write_text(", ".write_bytes(", "open(\"w", "mkstemp("):
            assert call not in src, f"{path.relative_to(ROOT)} writes files ({call})"


def test_pipeline_is_consistent(nlp):
    analysis = nlp.analyze_pipes(pretty=False)
    assert not any(analysis["problems"].values()), analysis["problems"]
    for name in ("digest_paragraphs", "digest_actors", "digest_quotes", "digest_timeline", "digest_facts"):
        assert name in nlp.pipe_names
