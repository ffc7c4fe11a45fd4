"""The readers of every format, the choice of reader by suffix and content, and encodings."""

from __future__ import annotations

import json
import unicodedata

import pytest

from generator.errors import InputError
from generator.ingest import READERS, ReadOptions, choose_format, read_bytes, read_file
from generator.ingest.html import strip_site_name
from generator.ingest.records import FIELD_NAMES, field_names
from tests.conftest import FIXTURES

FORMATS = FIXTURES / "formats"


def articles(name: str, options: ReadOptions | None = None):
    items = read_file(FORMATS / name, options or ReadOptions())
    assert all(not isinstance(x, InputError) for x in items), items
    return items


def test_every_suffix_has_a_reader():
    assert set(READERS) >= {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".xml", ".rss", ".atom"}


# ----------------------------------------------------------------------------- HTML


def test_html_page_body_and_metadata():
    [a] = articles("page.html")
    assert a.format == "html"
    # the displayed headline, not the SEO <title> with its site-name suffix
    assert a.title == "Harbour reopens to fishing boats after three months of storm repairs"
    assert a.date == "2021-03-03"
    assert a.byline == ("Ana Ruiz",)
    assert a.site == "The Coastal Courier"
    assert a.url == "https://courier.example.org/2021/03/harbour-reopens"
    assert a.photo_caption == "Boats returned to the east quay on Tuesday morning."
    texts = [p.text for p in a.paragraphs]
    assert texts[0].startswith("The harbour at Port Elm reopened")
    assert any(t.startswith("“We have waited a long time") for t in texts)
    assert texts[-1].startswith("Work on the west quay")
    joined = " ".join(texts)
    for boilerplate in ("Subscribe", "All rights reserved", "Privacy"):
        assert boilerplate not in joined


@pytest.mark.parametrize(
    ("title", "sites", "expected"),
    [
        ("Proposed new rule: All AI output must rhyme | TechCrunch", ["TechCrunch"], "Proposed new rule: All AI output must rhyme"),
        ("GSAS Raises Stipends | News | The Harvard Crimson", ["The Harvard Crimson"], "GSAS Raises Stipends"),
        ("PolitiFact - Lie of the Year", ["PolitiFact"], "Lie of the Year"),
        ("Review - mechanically thrilling | Eurogamer.net", ["eurogamer"], "Review - mechanically thrilling"),
        # a headline's own colon or dash stays when no segment is the site
        ("Kerry: talks with Russia - a first step", ["The Times"], "Kerry: talks with Russia - a first step"),
    ],
)
def test_site_name_is_stripped_from_titles(title, sites, expected):
    assert strip_site_name(title, sites) == expected


def test_html_title_without_h1_uses_the_declared_title_minus_the_site():
    page = (b"<html><head><title>Storm closes ports - The Gazette</title><meta property='og:site_name' content='The Gazette'>"
            b"</head><body><article><p>Officials closed three ports along the coast on Wednesday as the storm neared"
            b" land, the coast guard said in a statement.</p></article></body></html>")
    [a] = read_bytes(page, "storm.html")
    assert a.title == "Storm closes ports"
    assert a.paragraphs[0].text.startswith("Officials closed three ports")


def test_html_declared_charset_is_used():
    [a] = articles("cp1252_declared.html")
    assert a.title == "Café owners protest new rent rules"
    assert "“double”" in a.paragraphs[0].text
    assert a.date is None  # a bare year in the text ("by 2025") is not a publication date
    assert any("windows-1252" in n for n in a.notes)


# ----------------------------------------------------------------------------- Markdown


def test_markdown_front_matter_and_body():
    [a] = articles("note.md")
    assert a.format == "markdown"
    assert a.title == "Library extends opening hours"
    assert a.date == "2022-05-14"
    assert a.byline == ("Jo Lee", "Sam Ortiz")
    assert a.url == "https://example.org/library-hours"
    assert a.tags == ("library", "city")
    texts = [p.text for p in a.paragraphs]
    # the heading repeating the title is not a paragraph; emphasis, link and code marks are gone
    assert texts[0] == ("The city library will stay open until 9 p.m. on weekdays from June, the council said on "
                        "Friday, after a petition signed by 3,000 residents.")
    assert texts[1] == '"People work late, and the library should fit their lives," said Councillor Dana Smith.'
    assert texts[2:] == ["Weekday hours: 8 a.m. to 9 p.m.", "Saturday hours are unchanged."]
    assert not any("reading-room.jpg" in t or "https://" in t for t in texts)


def test_markdown_without_front_matter_takes_the_first_heading():
    [a] = read_bytes(b"# Ferry fares frozen\n\nFares on the island ferries will not rise this year, the operator said.\n", "f.md")
    assert a.title == "Ferry fares frozen" and not a.title_generated
    assert [p.text for p in a.paragraphs] == ["Fares on the island ferries will not rise this year, the operator said."]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"---\ntitle: [unclosed\n---\nText.\n", "front matter is not valid YAML"),
        (b"---\n- a\n- b\n---\nText.\n", "front matter must be a mapping"),
        (b"---\ntitle: Only a title\n---\n", "no article text"),
    ],
)
def test_markdown_errors(data, reason):
    with pytest.raises(InputError, match=reason):
        read_bytes(data, "bad.md")


# ----------------------------------------------------------------------------- JSON / JSON Lines


def test_json_records_with_common_field_names():
    first, second = articles("records.json")
    assert (first.key, second.key) == ("1", "2")
    assert first.title == "Rail strike called off after late deal"
    assert first.date == "2023-01-15"
    assert first.byline == ("Priya Shah", "Leo Park")
    assert first.url == "https://news.example.com/rail"
    assert first.site == "Example News"
    assert first.tags == ("rail", "strikes")
    # an HTML body keeps its paragraphs and loses its tags
    assert [p.text for p in first.paragraphs] == [
        "A national rail strike planned for Monday was called off late on Sunday.",
        "Union leaders said the offer was “the best we could get”.",
    ]
    assert second.date == "2023-03-02" and second.byline == ("Leo Park",)
    assert len(second.paragraphs) == 2


def test_json_lines_and_the_field_map():
    plain = articles("records.jsonl")
    assert [a.title for a in plain] == ["Museum reopens its east wing", "Ferry timetable changes"]
    assert plain[1].byline == ()  # "writers" is not a built-in name...
    mapped = articles("records.jsonl", ReadOptions(field_map={"authors": ("writers",)}))
    assert mapped[1].byline == ("Kim Oduya",)  # ...until mkdocs.yml's field_map names it
    assert [a.date for a in mapped] == ["2020-10-03", "2020-10-05"]


def test_field_map_names_come_first():
    names = field_names({"body": ("story_html",), "title": ("headline",)})
    assert names["body"][0] == "story_html" and "text" in names["body"]
    assert names["title"][0] == "headline" and names["title"].count("headline") == 1
    assert field_names({})["date"] == FIELD_NAMES["date"]


def test_record_with_only_a_summary_is_marked():
    [a] = read_bytes(json.dumps({"title": "T", "description": "Only the teaser of the story."}).encode(), "s.json")
    assert a.summary_only and a.paragraphs[0].text == "Only the teaser of the story."


def test_one_bad_record_does_not_sink_the_others():
    data = json.dumps([{"title": "Good", "body": "Some text."}, {"title": "No body"}, 7]).encode()
    good, no_body, seven = read_bytes(data, "mixed.json")
    assert good.title == "Good"
    assert isinstance(no_body, InputError) and no_body.path == "mixed.json (record 2)"
    assert "field_map" in no_body.reason
    assert isinstance(seven, InputError) and "must be a JSON object" in seven.reason


def test_timestamps_in_records():
    [a] = read_bytes(json.dumps({"title": "T", "body": "B.", "date": 1614765600}).encode(), "t.json")
    assert a.date == "2021-03-03"


# ----------------------------------------------------------------------------- feeds


def test_rss_items_full_content_and_summary_only():
    full, summary = articles("feed.rss")
    assert (full.key, summary.key) == ("1", "2")
    assert full.format == "feed" and full.site == "Valley Gazette"
    assert full.title == "School board approves new term dates"
    assert full.date == "2023-02-06" and full.byline == ("Helen Marsh",)
    assert full.tags == ("schools",) and full.url == "https://gazette.example.net/term-dates"
    assert not full.summary_only
    # the full content, not the one-line description
    assert [p.text for p in full.paragraphs] == [
        "The school board approved new term dates on Monday evening.",
        "The autumn term will start a week later, on September 11, board chair Amit Rao said.",
    ]
    assert summary.summary_only
    assert summary.paragraphs[0].text.startswith("Mill Road will be closed")


def test_atom_entry():
    [a] = articles("feed.atom")
    assert a.title == "New crane arrives at the container terminal"
    assert a.byline == ("Ola Berg",) and a.date == "2021-04-01" and a.site == "Harbour Notes"
    assert [p.text for p in a.paragraphs] == ["A new crane arrived at the container terminal on Thursday.",
                                              "It can lift 65 tonnes, the port said."]


def test_item_without_text_is_an_error_for_that_item():
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
            b"<item><title>Empty</title></item><item><title>Ok</title><description>Text.</description></item></channel></rss>")
    empty, ok = read_bytes(feed, "f.rss")
    assert isinstance(empty, InputError) and empty.path == "f.rss (item 1)"
    assert ok.title == "Ok" and ok.key == "2"


# ----------------------------------------------------------------------------- choice of reader


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("feed_saved_as.html", "feed"),  # an .html file that is a feed
        ("plain_saved_as.html", "text"),  # an .html file without a tag
        ("page.html", "html"),
        ("feed.rss", "feed"),
        ("records.jsonl", "records"),
    ],
)
def test_reader_is_chosen_by_suffix_and_content(name, fmt):
    data = (FORMATS / name).read_bytes()
    assert choose_format(data, (FORMATS / name).suffix) == fmt


def test_html_saved_as_txt_is_read_as_html():
    page = (FORMATS / "page.html").read_bytes()
    [a] = read_bytes(page, "saved.txt")
    assert a.format == "html" and a.title.startswith("Harbour reopens")


def test_txt_starting_with_a_bracket_stays_text():
    assert choose_format(b"[A pull quote]\n\nBody.", ".txt") == "text"


def test_feed_saved_as_html_gives_its_items():
    items = articles("feed_saved_as.html")
    assert [a.title for a in items] == ["School board approves new term dates", "Road closed for bridge inspection"]


def test_plain_text_saved_as_html():
    [a] = articles("plain_saved_as.html")
    assert a.format == "text" and a.title == "Ferry service resumes after strike"


# ----------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("name", ["utf8_bom.txt", "utf16.txt", "utf16le_nobom.txt", "latin1.txt"])
def test_encodings(name):
    [a] = articles(name)
    assert a.title == "Café owners on the Rue Neuve protest new rent rules"
    assert "cafés" in a.paragraphs[0].text
    assert not a.title.startswith("\ufeff")


def test_spaces_controls_line_endings_and_nfc():
    [a] = articles("messy_spaces.txt")
    assert a.title == "Café owners protest new rent rules"
    assert unicodedata.is_normalized("NFC", a.title) and "\u0301" not in a.title
    assert [p.text for p in a.paragraphs] == [
        "The owners of twelve cafés said on Monday that the new rules would double their costs.",
        "A spokesman said the council would meet them on Friday.",
    ]


def test_forced_encoding():
    data = "Título\n\nEl café abrió el lunes.\n".encode("cp1252")
    [a] = read_bytes(data, "x.txt", ReadOptions(encoding="cp1252"))
    assert a.title == "Título"
    with pytest.raises(InputError, match="cannot decode as ascii"):
        read_bytes(data, "x.txt", ReadOptions(encoding="ascii"))


def test_field_names_ignore_case_and_reach_into_objects():
    record = {"Title": "T", "BODY": "Text here.", "meta": {"First_Published": "2021-01-02"}}
    [a] = read_bytes(json.dumps(record).encode(), "c.json", ReadOptions(field_map={"date": ("meta.first_published",)}))
    assert (a.title, a.paragraphs[0].text, a.date) == ("T", "Text here.", "2021-01-02")


def test_absurdly_nested_body_is_a_clear_error():
    record = {"title": "T", "body": json.loads("[" * 500 + '"x"' + "]" * 500)}
    with pytest.raises(InputError, match="wrong shape"):
        read_bytes(json.dumps(record).encode(), "deep.json")


def test_a_short_h1_unrelated_to_the_page_title_is_not_the_headline():
    page = (b"<html><head><title>Mayor resigns after audit of city accounts</title></head><body><header><h1>Menu</h1></header>"
            b"<article><p>The mayor resigned on Monday, a week after an audit found gaps in the city accounts, her office"
            b" said in a statement.</p></article></body></html>")
    [a] = read_bytes(page, "mayor.html")
    assert a.title == "Mayor resigns after audit of city accounts"


def test_the_h1_with_a_kicker_gives_way_to_the_declared_headline():
    page = ("<html><head><meta property='og:title' content='What I’ll be praying for this Christmas'></head><body><article>"
            "<h1><span>Opinion</span> What I’ll be praying for this Christmas</h1><p>Every December the same question comes"
            " back to me, and this year the answer is harder than ever before.</p></article></body></html>").encode()
    [a] = read_bytes(page, "op.html")
    assert a.title == "What I’ll be praying for this Christmas"


def test_records_in_an_old_encoding_carry_the_note():
    data = json.dumps([{"title": "Café", "body": "Café “quoted” text."}], ensure_ascii=False).encode("cp1252")
    [a] = read_bytes(data, "old.json")
    assert a.title == "Café" and "“quoted”" in a.paragraphs[0].text
    assert any("cp1252" in n for n in a.notes)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Theresa May"], ["Theresa May"]),  # a month that ends a real name stays
        (["By Jo Lee Published 5 March 2021"], ["Jo Lee"]),
        (["Analysis by Chris Cillizza"], ["Chris Cillizza"]),
        (["Phil Helsel is a reporter for NBC News"], ["Phil Helsel"]),
        (["Malcolm Owen Monday"], ["Malcolm Owen"]),
        (["Tom Krisher", "AP Auto Writer"], ["Tom Krisher"]),  # a job title goes when a person is named
        (["Staff Reporter"], ["Staff Reporter"]),  # ...and stays when it is the only signature
        (["The Coastal Courier", "Ana Ruiz"], ["Ana Ruiz"]),  # the site itself is not an author
    ],
)
def test_byline_names_are_cleaned(names, expected):
    from generator.ingest.html import _clean_names

    assert _clean_names(names, ["The Coastal Courier"]) == expected
