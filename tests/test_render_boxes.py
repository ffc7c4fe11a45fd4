"""Quote boxes never repeat or cut a quote (generator/render/boxes.py), on sentences written for these tests."""

from __future__ import annotations

import pytest

from generator.model import Quote
from generator.render.boxes import capitalised, quote_boxes, split_quoted, whole_text


def quote(paragraph_text: str, text: str, *, partial: bool = False, sentence: str | None = None, para: int = 3,
          speaker: str | None = "mayor", name: str | None = "Ana Ruiz") -> Quote:
    start = paragraph_text.index(text)
    return Quote(text=text, paragraph=para, start=start, end=start + len(text), speaker=speaker, speaker_name=name,
                 partial=partial, sentence=sentence)


def test_every_quoted_fragment_of_a_sentence_is_marked():
    s = 'The mayor called the plan "bold", "overdue" and "long awaited" on Monday.'
    boxes = quote_boxes([quote(s, "bold", partial=True, sentence=s), quote(s, "overdue", partial=True, sentence=s),
                         quote(s, "long awaited", partial=True, sentence=s)])
    assert len(boxes) == 1
    assert boxes[0].sentence == ("The mayor called the plan &quot;**bold**&quot;, &quot;**overdue**&quot; and "
                                 "&quot;**long awaited**&quot; on Monday.")


def test_a_whole_quote_already_in_a_partial_box_is_not_repeated():
    para = 'Ruiz said the bridge was "unsafe" and told reporters, "We will close it tomorrow".'
    s = para
    boxes = quote_boxes([quote(para, "unsafe", partial=True, sentence=s), quote(para, "We will close it tomorrow")])
    assert len(boxes) == 1
    assert "**We will close it tomorrow**" in boxes[0].sentence


def test_a_whole_quote_by_someone_else_keeps_its_box():
    para = 'Ruiz said the bridge was "unsafe" and told reporters, "We will close it tomorrow".'
    boxes = quote_boxes([quote(para, "unsafe", partial=True, sentence=para),
                         quote(para, "We will close it tomorrow", speaker="engineer", name="Li Wei")])
    assert len(boxes) == 2


def test_a_sentence_cut_inside_a_quote_that_ends_there_is_closed():
    para = 'Ruiz said the council had "waited far too long." Then she left.'
    cut = 'Ruiz said the council had "waited far too long.'
    [box] = quote_boxes([quote(para, "waited far too long.", partial=True, sentence=cut)])
    assert box.sentence.endswith("&quot;**waited far too long.**&quot;")
    assert box.sentence.count("&quot;") == 2


def test_a_sentence_cut_inside_a_quote_that_goes_on_stops_before_the_mark():
    para = ('Ruiz promised a "full review" soon: "The council and I will act quickly to repair the bridge. '
            'Nobody will be put at risk," she said.')
    cut = 'Ruiz promised a "full review" soon: "The council and I will act quickly to repair the bridge.'
    whole = "The council and I will act quickly to repair the bridge. Nobody will be put at risk,"
    boxes = quote_boxes([quote(para, "full review", partial=True, sentence=cut), quote(para, whole)])
    assert [b.sentence for b in boxes] == ["Ruiz promised a &quot;**full review**&quot; soon&#58;", ""]
    assert boxes[1].text == "The council and I will act quickly to repair the bridge. Nobody will be put at risk"


@pytest.mark.parametrize(("text", "shown"), [
    ("We will rebuild,", "We will rebuild"),
    ("We will rebuild, and soon.", "We will rebuild, and soon."),
    ("Is it safe?", "Is it safe?"),
    ("First the roads;", "First the roads"),
])
def test_the_attribution_comma_is_dropped(text, shown):
    assert whole_text(text) == shown


def test_split_quoted_knows_curly_and_straight_marks():
    pieces = split_quoted("He said \u201cyes\u201d and \"no\" then \u201cmaybe")
    assert [(p.text, p.quoted, p.closing) for p in pieces] == [
        ("He said ", False, ""), ("yes", True, "\u201d"), (" and ", False, ""), ("no", True, '"'), (" then ", False, ""),
        ("maybe", True, "")]


@pytest.mark.parametrize(("header", "shown"), [
    ("the post by an unknown author", "The post by an unknown author"),
    ("probably Ana Ruiz", "Probably Ana Ruiz"),
    ("Ana Ruiz", "Ana Ruiz"),
    ("&#35;1 fan", "&#35;1 fan"),
])
def test_a_speaker_header_starts_with_a_capital(header, shown):
    assert capitalised(header) == shown
