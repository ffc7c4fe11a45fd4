"""One bad file, record or article never sinks its neighbours (issue 15, items 3 and 10).

Lone surrogates in any field are replaced (U+FFFD) and noted; an article
that makes the analysis raise is named alone while its batch-mates are
built; one bad record of a JSON file is one error line.
"""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from generator.errors import InputError
from generator.ingest import read_bytes
from tests.conftest import FIXTURES, ROOT, mkdocs_build

BODY = "The harbour board said on Monday that the new pier would open in May, a spokesman said."

SURROGATES = [
    ("front_matter.md", f'---\ntitle: "Pier \\ud800 opens"\ntags: ["a\\udfffb"]\n---\n\n{BODY}\n', {"tags", "title"}),
    ("jsonld.html", '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Pier \\ud800 '
                    f'opens"}}</script></head><body><article><p>{BODY}</p><p>{BODY}</p></article></body></html>',
     {"title"}),
    ("record.json", json.dumps({"title": "Pier opens", "body": BODY, "tags": ["maritime"]}).replace("time", "\\udc00time"),
     {"tags"}),
    ("lines.jsonl", json.dumps({"title": "Pier \\ud800 opens", "body": BODY}).replace("\\\\", "\\") + "\n"
                    + json.dumps({"title": "Second", "body": BODY}) + "\n", {"title"}),
    ("body.json", json.dumps({"title": "Pier opens", "body": BODY + " \\ud83d"}).replace("\\\\", "\\"), {"paragraphs"}),
]


@pytest.mark.parametrize(("name", "text", "fields"), SURROGATES, ids=[s[0] for s in SURROGATES])
def test_lone_surrogates_are_replaced_and_noted(name, text, fields):
    [article, *rest] = read_bytes(text.encode("utf-8"), name)
    assert not isinstance(article, InputError), article
    data = json.dumps(article.to_dict(), ensure_ascii=False)
    data.encode("utf-8")  # writable: no lone surrogate left
    assert "\ufffd" in data
    assert article.notes[-1] == f"lone surrogate code points replaced by U+FFFD in: {', '.join(sorted(fields))}"
    assert all(not isinstance(r, InputError) for r in rest)


def test_one_bad_record_is_one_error_and_the_others_are_built():
    records = [{"title": "First", "body": BODY}, "not an object", {"title": "Third \ud800", "body": BODY}]
    data = json.dumps(records, ensure_ascii=True).encode()  # "\ud800" escaped, as a JSON writer would
    items = read_bytes(data, "three.json")
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert items[1].path == "three.json (record 2)"
    assert items[2].title == "Third \ufffd"


def _raising(real):
    def analyse_batch(analyser, articles):
        if any("BOOM" in a.text for a in articles):
            raise ValueError("boom: a component failed on this article")
        return real(analyser, articles)

    return analyse_batch


def test_an_article_whose_analysis_raises_fails_alone(tmp_path, monkeypatch):
    import generator.workers as workers
    from generator import build
    from generator.config import make_config

    inp = tmp_path / "in"
    inp.mkdir()
    for name in ("dateline_run_in.txt", "byline_and_credit.txt"):
        shutil.copy(FIXTURES / "articles" / name, inp)
    (inp / "boom.txt").write_text(f"Boom\n\n{BODY} BOOM.\n")
    monkeypatch.setattr(workers, "analyse_batch", _raising(workers.analyse_batch))
    config = make_config({"inputs": [str(inp)], "docs_dir": str(tmp_path / "docs"), "section": "w",
                          "use_cache": False, "processes": 1, "batch_size": 4})
    report = build(config)
    assert report.errors == ((str(inp / "boom.txt"), "analysis failed: ValueError: boom: a component failed on this article"),)
    assert report.articles == 2


def test_mkdocs_build_with_a_lone_surrogate_in_front_matter(tmp_path):
    """Through the plugin, strict: the page is built with U+FFFD where the surrogate was."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("articles"))
    (project / "articles").mkdir()
    shutil.copy(FIXTURES / "hostile" / "lone_surrogate_front_matter.md", project / "articles")
    shutil.copy(FIXTURES / "articles" / "dateline_run_in.txt", project / "articles")
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    assert any(isinstance(e, dict) and "digest" in e for e in config["plugins"])
    done = mkdocs_build(project)
    assert done.returncode == 0, done.stderr[-3000:]
    [page] = (project / "docs" / "articles").glob("2021-04-05-*.md")
    assert 'title: "Lone \ufffd surrogate in the title"' in page.read_text()
