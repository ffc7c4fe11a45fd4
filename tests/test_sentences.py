"""Sentence boundaries at paragraph breaks (`components/paragraphs.py`): a break always ends a
sentence, and a paragraph's first word is a sentence of its own only when a mark or a line ends it."""

from __future__ import annotations

import pytest


def sentence_of(doc, word: str) -> str:
    token = next(t for t in doc if t.text == word)
    return token.sent.text


@pytest.mark.parametrize(
    "text, first, second",
    [
        ("Emperor Norton\n\nJoshua Abraham Norton (c. 1818 – 1880) was a citizen of San Francisco.", "Joshua", "Abraham"),
        ("Otto Jespersen\n\nJens Otto Harry Jespersen (1860 – 1943) was a Danish linguist.", "Jens", "Otto"),
        ("The vote was close.\n\nSenator Ann Rowe said the bill would pass.", "Senator", "Ann"),
    ],
)
def test_a_paragraphs_first_word_stays_in_its_sentence(nlp, text, first, second):
    doc = nlp(text)
    a = next(t for t in doc if t.text == first)
    b = doc[a.i + 1]
    assert b.text == second
    assert a.is_sent_start and a.sent == b.sent


def test_a_name_at_a_paragraphs_start_is_read_whole(nlp):
    text = "Emperor Norton\n\nJoshua Abraham Norton (c. 1818 – 1880) was a citizen of San Francisco."
    assert "Joshua Abraham Norton" in {e.text for e in nlp(text).ents}


@pytest.mark.parametrize(
    "text, word",
    [
        ("The talks ended.\n\nInterview\n\nWhat did you expect?", "What"),  # a heading of one word
        ("The talks ended.\n\nThe minister spoke first. Then the envoy replied.", "Then"),
    ],
)
def test_breaks_and_marks_still_end_sentences(nlp, text, word):
    doc = nlp(text)
    assert next(t for t in doc if t.text == word).is_sent_start
