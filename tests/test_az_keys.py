"""A split A-Z list's letter pages and the quote pages after the first are keyed by what they are made from
(render.Site._az_letter_key, _quote_key), not by their values: a page whose key is unchanged has unchanged text, and an
incremental build equals a clean one."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from generator import build
from generator.config import make_config
from generator.model import CorpusActor
from generator.render import Site, render, views
from tests.conftest import ROOT
from tests.demo_site import demo_corpus

BUNDLED = sorted((ROOT / "articles").glob("*.txt"))


def letter_pages(corpus) -> tuple[dict[str, str], dict[str, str]]:
    keys = Site(corpus).keys()
    pages = render(corpus)
    return {p: keys[p] for p in pages if p.startswith("az/")}, {p: t for p, t in pages.items() if p.startswith("az/")}


def test_a_letter_page_key_moves_exactly_when_its_text_does():
    corpus = demo_corpus()
    first = corpus.actors[0]
    variants = [
        replace(corpus, actors=(*corpus.actors, CorpusActor(id="hana-quarry", name="Hana Quarry", kind="person"))),
        replace(corpus, actors=(replace(first, name=first.name + " Junior"), *corpus.actors[1:])),  # a name, same letter
    ]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(views, "AZ_PAGE_MAX", 3)
        keys, texts = letter_pages(corpus)
        assert texts
        for n, variant in enumerate(variants):
            keys2, texts2 = letter_pages(variant)
            moved = {p for p in keys2 if keys.get(p) != keys2[p]}
            changed = {p for p in texts2 if texts.get(p) != texts2[p]}
            assert changed, variant
            assert changed <= moved  # never a changed page left unrendered
            if n == 0:  # a name added under one letter moves that letter's pages only (an actor's articles,
                # through their signatures, may move more: a page rendered again for nothing, never one missed)
                assert moved == changed == {"az/actors-h.md", "az/people-h.md"}


def test_incremental_builds_with_split_lists_equal_clean_builds(tmp_path: Path):
    inp = tmp_path / "in"
    inp.mkdir()
    for path in BUNDLED:
        shutil.copy(path, inp)

    def run(docs: str):
        return build(make_config({"inputs": [str(inp)], "docs_dir": str(tmp_path / docs), "cache_dir": str(tmp_path / "cache"),
                                  "processes": 1}))

    def tree(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(views, "AZ_PAGE_MAX", 5)
        mp.setattr(views, "QUOTES_PAGE_SIZE", 4)  # quote pages after the first are keyed by their inputs too
        run("docs")
        assert len(list((tmp_path / "docs" / "articles" / "quotes").glob("*.md"))) > 3
        assert any((tmp_path / "docs" / "articles" / "az").glob("people-*.md"))
        clock = inp / "2015-09-22-clock.txt"
        clock.write_text(clock.read_text(encoding="utf-8") + "\nThe clock was later shown to Hana Quarry in Zanzibar.\n",
                         encoding="utf-8")
        edited = run("docs")
        assert edited.untouched > 0
        run("clean1")
        assert tree(tmp_path / "docs" / "articles") == tree(tmp_path / "clean1" / "articles")
        (inp / "2011-03-08-ie9.txt").unlink()
        run("docs")
        run("clean2")
        assert tree(tmp_path / "docs" / "articles") == tree(tmp_path / "clean2" / "articles")
