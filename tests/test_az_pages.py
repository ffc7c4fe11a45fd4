"""A long A-Z list is split into a page per letter (views.AZ_PAGE_MAX): every name is still found, once,
under its letter, with its link; the list's own page counts each letter; a short list stays one page."""

from __future__ import annotations

import posixpath
import re

import pytest

from generator.render import render, views
from tests.demo_site import demo_corpus

LINK = re.compile(r"\]\(([^)\s]*)\)")
ENTRY = re.compile(r"^- \[(.+?)\]\(([^)\s]+)\) — ", re.M)


@pytest.fixture(scope="module")
def corpus():
    return demo_corpus()


@pytest.fixture(scope="module")
def whole(corpus):
    return render(corpus)


@pytest.fixture(scope="module")
def split(corpus):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(views, "AZ_PAGE_MAX", 3)  # the demo's six actors, four of them people
        return render(corpus)


def entries(pages: dict[str, str], paths: list[str]) -> list[tuple[str, str]]:
    """(name, link resolved against the section root) of every A-Z entry on the pages."""
    found = []
    for path in paths:
        for name, url in ENTRY.findall(pages[path]):
            target, _, anchor = url.partition("#")
            found.append((name, posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) + (f"#{anchor}" if anchor else "")))
    return found


def letter_pages(pages: dict[str, str], name: str) -> list[str]:
    return sorted(p for p in pages if p.startswith(f"az/{name}-"))


def test_a_short_list_is_one_page(whole):
    assert not any(p.startswith("az/") for p in whole)
    assert "## " in whole["actors/index.md"] and "Names by their first letter" not in whole["actors/index.md"]


@pytest.mark.parametrize(("name", "kind", "page"), [("actors", None, "actors/index.md"), ("people", "person", "people.md")])
def test_every_name_is_on_its_letter_page_once_with_the_same_link(whole, split, corpus, name, kind, page):
    letters = letter_pages(split, name)
    assert letters, f"{name} was not split"
    # the same entries, linked to the same places, as the one-page list shows
    assert sorted(entries(split, letters)) == sorted(entries(whole, [page]))
    assert len(entries(split, letters)) == sum(1 for a in corpus.actors if kind is None or a.kind == kind)
    # the list's page names no one: it counts each letter and links to its page
    assert not ENTRY.search(split[page])
    counted = re.findall(r"^- \[(\w+)\]\(([^)]+)\) \((\d+)\)$", split[page], re.M)
    assert sum(int(n) for _l, _u, n in counted) == len(entries(split, letters))
    for letter, url, n in counted:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), url))
        assert target in split and len(entries(split, [target])) == int(n), (letter, target)
        assert f"# {letter}" in split[target] or f": {letter}\"" in split[target]


def test_a_letter_page_links_every_other_letter_and_back(split):
    letters = letter_pages(split, "actors")
    for path in letters:
        text = split[path]
        links = {posixpath.normpath(posixpath.join("az", u)) for u in LINK.findall(text)}
        assert set(letters) - {path} <= links, path  # the other letters
        assert "actors/index.md" in links  # the whole list's page
        for url in links:  # every link lands on a page of the site
            assert url.split("#")[0] in split, (path, url)
        assert "total" not in text.lower()


def test_a_list_short_enough_stays_one_page(split):
    assert not letter_pages(split, "organisations") and "## G" in split["organisations.md"]


def test_a_name_added_under_one_letter_changes_only_that_letter_page(corpus):
    """What the split is for: the other letters' pages (their text, so their keys) stay as they were."""
    from dataclasses import replace

    from generator.model import CorpusActor

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(views, "AZ_PAGE_MAX", 3)
        before = render(corpus)
        added = replace(corpus, actors=(*corpus.actors, CorpusActor(id="hana-quarry", name="Hana Quarry", kind="person")))
        after = render(added)
    changed = {p for p in after if p.startswith("az/") and before.get(p) != after[p]}
    assert changed == {"az/actors-h.md", "az/people-h.md"}
    assert "Hana Quarry" in after["az/people-h.md"] and after["people.md"] != before["people.md"]  # its count


def test_split_lists_build_strict_and_every_link_lands(built_site, tmp_path):
    """A real `mkdocs build` (strict: every link and anchor checked) of the example site with its lists split."""
    import shutil

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    source, _ = built_site
    project = tmp_path / "project"
    shutil.copytree(source, project, ignore=shutil.ignore_patterns("site"))  # its analysis cache included
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(views, "AZ_PAGE_MAX", 3)
        mp.chdir(project)
        config = load_config(str(project / "mkdocs.yml"))
        assert config.strict
        build(config)  # raises on any warning
    site = project / "site" / "articles"
    letters = sorted(p.parent.name for p in (site / "az").glob("*/index.html"))
    assert any(x.startswith("actors-") for x in letters) and any(x.startswith("people-") for x in letters)
    hub = (site / "people" / "index.html").read_text(encoding="utf-8")
    for name in letters:
        if name.startswith("people-"):
            assert f'href="../az/{name}/"' in hub
            page = (site / "az" / name / "index.html").read_text(encoding="utf-8")
            assert 'class="digest-filter"' in page and 'href="../../people/"' in page
