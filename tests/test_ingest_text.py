"""The plain-text reader on the seed and on one fixture per hard case."""

from __future__ import annotations

import pytest

from generator.errors import InputError
from generator.ingest import ReadOptions, read_articles, read_file
from generator.ingest.text import contributors_of, photographer, split_names
from tests.conftest import FIXTURES, fixture_article


def test_seed_metadata_matches_gold(seed_article, seed_gold):
    meta = seed_gold["metadata"]
    a = seed_article
    assert a.date == meta["date"]
    assert list(a.byline) == meta["byline"]
    assert a.dateline == meta["dateline"]
    assert a.photo_caption == meta["photo_caption"]
    assert a.photo_credit == meta["photo_credit"]
    assert list(a.contributors) == meta["contributors"]
    assert a.pull_quote == meta["pull_quote"]


def test_seed_paragraphs(seed_article):
    paras = seed_article.paragraphs
    # 22 body paragraphs: furniture (date, pull quote, byline, caption, credit, contributors) removed
    assert len(paras) == 22
    assert paras[0].text.startswith("Secretary of State John Kerry said on Friday")
    assert not paras[0].text.startswith("LONDON")
    assert [p.index for p in paras] == list(range(1, 23))
    assert all("contributed reporting" not in p.text for p in paras)
    # the unbalanced quote mark of the last paragraph is kept as text
    assert paras[-1].text.startswith("Washington is unable") and paras[-1].text.endswith("end the war.”")


def test_seed_title_comes_from_the_lead(seed_article):
    a = seed_article
    assert a.title_generated
    assert not a.title.startswith(("[", "The initial purpose"))  # not the pull quote
    assert a.title.startswith("Secretary of State John Kerry said")
    assert len(a.title) <= 95


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("dateline_run_in.txt", {"dateline": "MADRID", "title": "Council approves new budget after long debate",
                                 "date": "2021-03-03", "byline": ("Ana Ruiz",),
                                 "first": "The city council approved a new budget"}),
        ("dateline_with_dash.txt", {"dateline": "NEW ORLEANS", "title": "Storm closes ports along the coast",
                                    "date": "2019-06-12", "first": "Officials closed three ports"}),
        ("byline_and_credit.txt", {"byline": ("Jane Okafor", "Tom Whitfield"),
                                   "photo_caption": "Firefighters worked through the night near the ridge.",
                                   "photo_credit": "Photo by Maria Lopez for The Daily Courier",
                                   "first": "Wildfires forced the evacuation", "title_generated": True}),
        ("pull_quote_no_headline.txt", {"pull_quote": "“We will rebuild the bridge within a year,” the governor said.",
                                        "byline": ("Peter Lang",), "title_generated": True,
                                        "first": "The state will spend $40 million"}),
        ("contributors_line.txt", {"contributors": ("Hiroko Tabuchi", "Keith Bradsher"), "dateline": "SEOUL",
                                   "title": "Trade talks stall over farm tariffs", "paragraphs": 2}),
        ("headline_first_line.txt", {"title": "Ad spending rises for third quarter", "date": None, "dateline": None,
                                     "paragraphs": 2, "title_generated": False}),
    ],
)
def test_hard_cases(name, expected):
    a = fixture_article(name)
    for key, value in expected.items():
        if key == "first":
            assert a.paragraphs[0].text.startswith(value), a.paragraphs[0].text
        elif key == "paragraphs":
            assert len(a.paragraphs) == value
        else:
            assert getattr(a, key) == value, (key, getattr(a, key))


def test_cp1252_is_decoded_with_a_note():
    a = fixture_article("cp1252.txt")
    assert a.title == "Café owners protest new rent rules"
    assert "“double”" in a.paragraphs[0].text
    assert any("cp1252" in n or "1252" in n for n in a.notes), a.notes


@pytest.mark.parametrize(
    ("name", "reason"),
    [("empty.txt", "empty file"), ("binary.txt", "binary or unknown encoding")],
)
def test_bad_files_raise_input_error(name, reason):
    with pytest.raises(InputError) as info:
        read_file(FIXTURES / "articles" / name, ReadOptions())
    assert info.value.path.endswith(name)
    assert reason in info.value.reason


def test_batch_goes_on_past_bad_files(tmp_path):
    items = list(read_articles([FIXTURES / "articles", tmp_path / "missing"]))
    errors = [x for x in items if isinstance(x, InputError)]
    articles = [x for x in items if not isinstance(x, InputError)]
    assert sorted(e.path.rsplit("/", 1)[-1] for e in errors) == ["binary.txt", "empty.txt", "missing"]
    assert len(articles) == 7


def test_size_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Title\n\n" + "word " * 50_000)
    with pytest.raises(InputError, match="too large"):
        read_file(big, ReadOptions(max_bytes=100_000))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Eric Schmitt contributed reporting from Washington, and Neil MacFarquhar from Moscow.", ["Eric Schmitt", "Neil MacFarquhar"]),
        ("Alan Cowell contributed reporting.", ["Alan Cowell"]),
        ("Jo Lee and Sam Ortiz contributed reporting.", ["Jo Lee", "Sam Ortiz"]),
    ],
)
def test_contributors(text, names):
    assert contributors_of(text) == names


@pytest.mark.parametrize(
    ("credit", "name"),
    [("Pool photo by Evan Vucci", "Evan Vucci"), ("Photo by Maria Lopez for The Daily Courier", "Maria Lopez"),
     ("Sergei Ilnitsky/European Pressphoto Agency", "Sergei Ilnitsky")],
)
def test_photographer(credit, name):
    assert photographer(credit) == name


def test_split_names():
    assert split_names("Jane Okafor and Tom Whitfield") == ["Jane Okafor", "Tom Whitfield"]
    assert split_names("Michael R. Gordon") == ["Michael R. Gordon"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an opening mark glued after ",", ":" or ";" outside a quotation
        ("Ryan said,“Look, they have no place here.”", "Ryan said, “Look, they have no place here.”"),
        ('Rep. Ann Lee (D-Ore.):"We will vote no."', 'Rep. Ann Lee (D-Ore.): "We will vote no."'),
        ("The mayor replied;“Not today.”", "The mayor replied; “Not today.”"),
        # a closing mark glued before the next word inside a quotation
        ("“It was a long night,”Okafor said.", "“It was a long night,” Okafor said."),
        ('"We are ready,"she said. "Come."', '"We are ready," she said. "Come."'),
        ("“Is it over?”Hale asked.", "“Is it over?” Hale asked."),
        # an opening-shaped mark closing a quotation, glued to the cue
        ("“It’s unusual,“said the lawyer.", "“It’s unusual,“ said the lawyer."),
    ],
)
def test_glued_quotation_marks_get_their_space(text, expected):
    from generator.ingest.clean import space_glued_marks

    assert space_glued_marks(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "He said, “Fine.” Then he left.",  # spaced already
        "Don’t call it “fine”, she’d say; it isn’t.",  # apostrophes and single marks
        "She quoted him: ‘I won’t,’said nobody.",  # single marks are left alone
        "The tags “rebels”,“moderates” and “others”.",  # marks beside marks
        "Er sagte: „Ja,“sagte sie, „gut.“",  # German marks: “ closes there
        "Il a dit: «Oui,»puis est parti.",  # French guillemets
        "Click target=”_blank”>here",  # a mark in markup, after no punctuation
    ],
)
def test_glued_marks_leave_other_text_alone(text):
    from generator.ingest.clean import space_glued_marks

    assert space_glued_marks(text) == text


def test_glued_mark_gives_the_speaker_back(nlp):
    """End to end: with the mark glued to the cue's comma, the quote still gets its speaker."""
    from generator.ingest.clean import space_glued_marks

    text = "Senator Maria Okafor spoke to reporters on Tuesday.\n\nOkafor said,“Look, the bill has no place in this session. We will vote no.”"
    doc = nlp(space_glued_marks(text))
    assert [q["speaker_name"] for q in doc._.digest_quotes] == ["Maria Okafor"]
