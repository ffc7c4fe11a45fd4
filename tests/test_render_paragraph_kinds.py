"""Headings and captions in the article text (issue 16): shown as a subheading and a caption, without a
paragraph number, while every anchor stays and the number beside a paragraph is the one its ¶ links say.

Before, every paragraph was numbered by a CSS counter and written the same way: a heading was a
numbered paragraph, and had a heading been left unnumbered, every later number would have been one
less than the ¶ links pointing at it."""

from __future__ import annotations

import re

from generator.corpus import build_corpus
from generator.ingest import ReadOptions, read_file
from generator.model import ArticleDigest, Fact
from generator.render import render
from tests.conftest import ROOT

EXPO = ROOT / "articles" / "2016-09-07-expo.txt"  # a Wikinews report with photo captions and section headings


def expo_page() -> tuple[object, str]:
    [article] = read_file(EXPO, ReadOptions())
    body = [p for p in article.paragraphs if p.kind == "body"]
    last = body[-1]
    digest = ArticleDigest(article=article, facts=(Fact(rank=1, text=last.text.split(". ")[0], paragraph=last.index),))
    pages = render(build_corpus([digest]))
    [page] = [text for path, text in pages.items() if path.endswith(".md") and "/" not in path and "expo" in path.casefold()
              and path != "index.md"]
    return article, page


def test_headings_and_captions_are_shown_as_such_without_a_number():
    article, page = expo_page()
    kinds = {p.kind for p in article.paragraphs}
    assert {"heading", "caption", "body"} <= kinds  # the ingest rules found both in this real report
    for p in article.paragraphs:
        if p.kind == "heading":
            assert re.search(rf"^### .+ \{{ #p-{p.index} \.digest-subhead \}}$", page, flags=re.M), p
        elif p.kind in ("caption", "credit"):
            assert f"\n{{: #p-{p.index} .digest-caption }}\n" in page, p
        else:
            assert f'\n{{: #p-{p.index} data-para="{p.index}" }}\n' in page, p
    assert page.count("data-para=") == sum(p.kind not in ("heading", "caption", "credit") for p in article.paragraphs)


def test_a_paragraph_link_after_a_heading_names_the_number_shown_beside_it():
    article, page = expo_page()
    last = [p for p in article.paragraphs if p.kind == "body"][-1]
    assert any(p.kind == "heading" and p.index < last.index for p in article.paragraphs)
    jump = re.search(r"\[¶&#8239;(\d+)\]\(#p-(\d+)\)", page)
    assert jump is not None and jump.group(1) == jump.group(2) == str(last.index)
    # the paragraph it lands on carries that number (data-para), whatever came before it
    assert f'{{: #p-{last.index} data-para="{last.index}" }}' in page
