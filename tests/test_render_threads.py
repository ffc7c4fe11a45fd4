"""Story thread pages (issue 19): the thread pages, the Threads index, each article's place in its story,
escaping, and the threads stage inside build(): resumed, never rethreaded from scratch, and equal to a clean build.

Real articles (the example site's ECB+ files: two rehab stories, Tara Reid's and Lindsay Lohan's),
real spaCy analysis, the real threads stage."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator import build, thread_stage
from generator.config import make_config
from generator.model import SCHEMA_VERSION
from generator.render.escape import escape_md
from tests.conftest import ROOT

ECB = ROOT / "articles" / "ecbplus"
# every article of each ECB+ event the example site bundles
REID = ["1_11ecb.txt", "1_19ecb.txt", "1_2ecb.txt", "1_6ecb.txt"]
LOHAN = ["1_11ecbplus.txt", "1_13ecbplus.txt", "1_19ecbplus.txt", "1_8ecbplus.txt"]
N = len(REID)
HOSTILE = '<script>alert(1)</script> {{ 7*7 }} [x](javascript:alert(1))'


def config(project: Path, docs: str = "docs"):
    return make_config({"inputs": [str(project / "in")], "docs_dir": str(project / docs), "cache_dir": str(project / "cache")})


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    for name in REID + LOHAN:
        shutil.copy(ECB / name, tmp_path / "in")
    return tmp_path


def section(project: Path, docs: str = "docs") -> Path:
    return project / docs / "articles"


def thread_pages(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "threads").glob("*.md") if p.name != "index.md")


def links(text: str) -> list[str]:
    return re.findall(r"\]\(([^)#]+)", text)


def test_two_stories_two_thread_pages_with_their_articles_in_order(project):
    report = build(config(project))
    assert report.errors == ()
    out = section(project)
    pages = thread_pages(out)
    assert len(pages) == 2
    by_slug = {d["slug"]: d for d in json.loads((out / "digest.json").read_text(encoding="utf-8"))["digests"]}
    index = (out / "threads" / "index.md").read_text(encoding="utf-8")
    # how many articles each story holds is the threads stage's decision (bench/threads.py measures it);
    # here: the pages show exactly what the stage decided
    sizes = [len(re.findall(r"^### \d+\. ", p.read_text(encoding="utf-8"), flags=re.M)) for p in pages]
    assert all(k >= 2 for k in sizes)
    assert f"2 stories told by more than one article ({sum(sizes)} articles)" in index
    by_person = {}
    for page, k in zip(pages, sizes, strict=True):
        text = page.read_text(encoding="utf-8")
        assert f"]({page.name})" in index
        person = "Tara Reid" if "Tara Reid" in text.split("## Who is involved")[0] else "Lindsay Lohan"
        by_person[person] = (page, text)
        # the articles in order, each linking to its page; the first opens the story, the later ones say what they add
        heads = re.findall(r"^### (\d)\. \[.*\]\(\.\./(.+?\.md)\)$", text, flags=re.M)
        assert [n for n, _ in heads] == [str(i + 1) for i in range(k)]
        assert all((out / slug).is_file() for _, slug in heads)
        assert text.count("The first article of the story.") == 1
        assert text.count('!!! note "New in this article"') == k - 1
        assert "## Who is involved" in text
        # each article page names the story and its neighbours, in the thread page's order
        for n, (_, slug) in enumerate(heads):
            article = (out / slug).read_text(encoding="utf-8")
            assert f"](threads/{page.name}), article {n + 1} of {k}." in article
            earlier = re.search(r"Earlier in this story: \[.*?\]\((.+?)\)", article)
            later = re.search(r"Later in this story: \[.*?\]\((.+?)\)", article)
            assert (earlier.group(1) if earlier else None) == (heads[n - 1][1] if n else None)
            assert (later.group(1) if later else None) == (heads[n + 1][1] if n < k - 1 else None)
    assert set(by_person) == {"Tara Reid", "Lindsay Lohan"}
    # digest.json lists the same stories: page id, title, article slugs in the page's order, date span
    data = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    by_id = {t["id"]: t for t in data["threads"]}
    assert sorted(by_id) == sorted(p.stem for p in pages)
    for page in pages:
        record, text = by_id[page.stem], page.read_text(encoding="utf-8")
        heads = re.findall(r"^### \d\. \[.*\]\(\.\./(.+?)\.md\)$", text, flags=re.M)
        assert record["articles"] == heads
        assert record["title"] and escape_md(record["title"]) in text
        dates = sorted(d for s in heads if (d := by_slug[s]["article"]["date"]))
        assert (record["start"], record["end"]) == ((dates[0], dates[-1]) if dates else (None, None))
    reid = by_person["Tara Reid"][1]
    assert "Lindsay Lohan" not in reid and "Tara Reid" not in by_person["Lindsay Lohan"][1]


def test_an_article_in_no_story_gets_no_thread_link_and_the_index_says_so(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(ROOT / "articles" / "2015-09-22-clock.txt", tmp_path / "in")
    shutil.copy(ECB / REID[0], tmp_path / "in")
    build(config(tmp_path))
    out = section(tmp_path)
    assert thread_pages(out) == []
    assert "No story is told by more than one article yet." in (out / "threads" / "index.md").read_text(encoding="utf-8")
    assert not any("Part of the story" in p.read_text(encoding="utf-8") for p in out.glob("*.md"))


def test_article_text_on_a_thread_page_is_escaped(tmp_path):
    """A wire copy with a hostile sentence added: the copy joins the story, and what it adds arrives as inert text."""
    (tmp_path / "in").mkdir()
    original = (ECB / REID[0]).read_text(encoding="utf-8")
    (tmp_path / "in" / "a.txt").write_text(original, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(original.rstrip("\n") + f"\nThe publicist later wrote {HOSTILE} on a website.\n",
                                          encoding="utf-8")
    build(config(tmp_path))
    out = section(tmp_path)
    [page] = thread_pages(out)
    text = page.read_text(encoding="utf-8")
    assert "The publicist later wrote" in text
    for raw in ("<script>", "{{ 7*7 }}", "[x](javascript"):
        assert raw not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#123;&#123; 7&#42;7 &#125;&#125; &#91;x&#93;(javascript&#58;alert(1))" in text
    assert all(not url.startswith("javascript") for url in links(text))


def test_an_added_article_joins_its_story_without_rethreading(project, adds):
    first = build(config(project))
    assert first.errors == () and len(adds) == 2 * N
    before = [p for p in thread_pages(section(project)) if "Tara Reid" in p.read_text(encoding="utf-8").split("## Who")[0]]
    k = len(re.findall(r"^### \d+\. ", before[0].read_text(encoding="utf-8"), flags=re.M))
    # an undated article whose id sorts after every other: it comes last in the pass
    (project / "in" / "zz.txt").write_text(
        "Update: Tara Reid remains at Promises Treatment Center, her rep told People.\n\n"
        "Update: Tara Reid remains at Promises Treatment Center, her rep told People.\n"
        "Tara Reid is still being treated at Promises in Malibu, her representative Jack Ketsoyan said on Monday.\n"
        "The American Pie actress entered the rehab program last week.\n", encoding="utf-8")
    del adds[:]
    build(config(project))
    assert len(adds) == 1  # the one new article, added to the saved pass
    # the section equals a clean build of the same articles (another section: no saved pass, no page records)
    build(config(project, docs="clean"))
    assert len(adds) == 1 + 2 * N + 1
    assert files(section(project)) == files(section(project, "clean"))
    reid = [p for p in thread_pages(section(project)) if "Tara Reid" in p.read_text(encoding="utf-8").split("## Who")[0]]
    added = section(project) / f"{_slug_of(project, project / 'in' / 'zz.txt')}.md"
    assert len(reid) == 1 and f"article {k + 1} of {k + 1}." in added.read_text(encoding="utf-8")


def test_an_edited_article_rethreads_from_the_checkpoint_before_it(project, adds, monkeypatch):
    monkeypatch.setattr(thread_stage, "CHECKPOINT_EVERY", 2)
    monkeypatch.setattr(thread_stage, "MAX_CHECKPOINTS", 10)
    build(config(project))
    order = list(adds)
    assert len(order) == 2 * N
    # edit the fourth article of the pass: the pass resumes after the second (the checkpoint before it)
    [fourth] = [p for p in (project / "in").iterdir() if _slug_of(project, p) == order[3]]
    fourth.write_text(fourth.read_text(encoding="utf-8").rstrip("\n") + "\nThe statement was issued on Friday evening.\n",
                      encoding="utf-8")
    del adds[:]
    build(config(project))
    assert adds == order[2:]
    del adds[:]
    build(config(project, docs="clean"))
    assert adds == order
    assert files(section(project)) == files(section(project, "clean"))


def _slug_of(project: Path, source: Path) -> str:
    """The slug of the page made from one input (found through the article data that names its source)."""
    found = [data.stem for data in (section(project) / "data" / "articles").glob("*.json")
             if Path(json.loads(data.read_text(encoding="utf-8"))["digest"]["article"]["source"]).name == source.name]
    return found[0] if len(found) == 1 else ""


def test_an_edit_the_threads_do_not_read_rethreads_nothing(project, adds):
    """A changed digest whose thread features are unchanged (here: a tag of a Markdown article) is not passed again:
    the saved pass is taken as it is, and the section still equals a clean build's."""
    source = project / "in" / REID[1]
    text = source.read_text(encoding="utf-8")
    source.unlink()
    note = project / "in" / f"{Path(REID[1]).stem}.md"
    note.write_text(f"---\ntags: [rehab]\n---\n\n{text}", encoding="utf-8")
    build(config(project))
    assert len(adds) == 2 * N
    first = files(section(project))
    note.write_text(f"---\ntags: [rehab, celebrities]\n---\n\n{text}", encoding="utf-8")
    del adds[:]
    build(config(project))
    assert adds == []  # nothing threaded again
    assert files(section(project)) != first  # the edit did change the site (the tag shows)
    build(config(project, docs="clean"))
    assert len(adds) == 2 * N
    assert files(section(project)) == files(section(project, "clean"))
