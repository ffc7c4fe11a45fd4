"""Names of works and things in quotation marks are no quotations (generator/analyse/quotes.py
`names_a_work`): on sentences written for these tests, alone and on a built article page."""

from __future__ import annotations

import hashlib

import pytest

from generator.analyse.quotes import names_a_work


def _work(sentence: str) -> bool:
    start = sentence.index("“") + 1
    return names_a_work(sentence, start, sentence.index("”", start))


@pytest.mark.parametrize("sentence", [
    "The developer boasted about deals in his book “The Art of the Deal” for years.",
    "She laughed about it in her memoir, “Tough Choices,” which sold well.",
    "The miners blamed the so-called “war on coal” for the closures.",
    "The senator starred in the documentary “Citizen Mary” last spring.",
    "Congress passed a spending plan dubbed “the skinny budget” on Friday.",
    "Her blog post “Why I Left the Party” was shared widely.",
])
def test_a_work_or_thing_named_after_the_word_that_says_so(sentence):
    assert _work(sentence)


@pytest.mark.parametrize("sentence", [
    # a cue verb: someone's words
    "The mayor called the plan “a disgrace to the city” on Monday.",
    "Rivera, who he dubbed “the little mayor,” did not answer.",
    # a kind of work before words that are not a title: speech about the work
    "Kim called the show “the best news show on the air” last week.",
    "The book “is a masterpiece,” the critic wrote.",
    # a capitalised outlet before the mark is an outlet quoting someone
    "As she told The Washington Post, “We will not back down.”",
    # a sentence, not a name
    "In her memoir, “I Was Wrong. I Am Sorry. I Will Do Better.”",
])
def test_speech_is_not_a_name(sentence):
    assert not _work(sentence)


ARTICLE = (
    "Mayor promotes memoir in Denver\n\n"
    "March 3, 2021\n\n"
    "Mayor Laura Diaz spoke in Denver on Tuesday about her memoir, “Tough Choices,” and about the so-called "
    "“war on coal” that she said had cost the county jobs.\n\n"
    "“We will bring those jobs back before the end of my term,” Diaz said.\n"
)


def test_a_title_in_marks_gets_no_quote_box_on_the_article_page(analyser):
    from generator.corpus import build_corpus
    from generator.ingest.text import read_text
    from generator.render import render

    article = read_text(ARTICLE, "memoir.txt", content_hash=hashlib.sha256(ARTICLE.encode()).hexdigest())
    [digest] = list(analyser.run([article]))
    assert [q.text for q in digest.quotes] == ["We will bring those jobs back before the end of my term,"]
    corpus = build_corpus([digest])
    [slug] = [d.slug for d in corpus.digests]
    page = render(corpus)[f"{slug}.md"]
    boxes = [line for line in page.splitlines() if line.startswith("!!! quote")]
    assert len(boxes) == 1 and "Laura Diaz" in boxes[0]
    assert "Unattributed" not in page
    # the names stay in the article's text, just not as quotations
    assert "Tough Choices" in page and "war on coal" in page


def _nth(sentence: str, n: int) -> bool:
    start = -1
    for _ in range(n + 1):
        start = sentence.index("“", start + 1)
    return names_a_work(sentence, start + 1, sentence.index("”", start + 1))


@pytest.mark.parametrize("sentence, n, work", [
    ("She is best known as the star of “American Pie”, “Van Wilder” and “The Big Lebowski” in the 2000s.", 0, True),
    ("She is best known as the star of “American Pie”, “Van Wilder” and “The Big Lebowski” in the 2000s.", 1, True),
    ("She is best known as the star of “American Pie”, “Van Wilder” and “The Big Lebowski” in the 2000s.", 2, True),
    # a list of quoted words that are not titles is speech; so is one title-cased quote alone
    ("He promised elections that are “free”, “fair” and “open” before the end of the year.", 1, False),
    ("“We Will Win,” the crowd chanted outside the court on Monday.", 0, False),
])
def test_a_title_in_a_list_of_quoted_titles_names_a_work(sentence, n, work):
    assert _nth(sentence, n) is work
