"""Paragraph kinds are decided once in ingest, for every input format, and only body paragraphs
give key facts, timeline events and figures (issue 18)."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pytest

from generator.ingest import ReadOptions, read_file
from generator.ingest.kinds import RULES, Context, kinds_of, paragraph_kind
from generator.model import BODY, CAPTION, CREDIT, HEADING, REPEAT, SOURCES, STANDFIRST

TITLE = "Council closes three libraries"
BODY_TEXT = [
    "The city council closed three libraries on Monday after a vote on March 4, 2019 cut 4,500 pounds from the budget.",
    "Library staff said 1,200 regular readers would have to travel to the central library in Bridge Street.",
    "The council leader, Maria Lopez, said the savings would protect care services for older residents.",
]
# Each of these would give a fact, an event or a figure if it were read as body text.
CAPTION_TEXT = "Library staff protest outside the town hall on June 12, 2018, where 300 people gathered. Photo: John Smith/Reuters"
CREDIT_TEXT = "Additional reporting by Jane Doe, who covered the 2017 budget vote and its 2,000 objections."
SOURCES_HEAD = "Sources"
SOURCE_LINE = "https://example.org/council-report-2017"
PARAGRAPHS = [BODY_TEXT[0], CAPTION_TEXT, BODY_TEXT[1], BODY_TEXT[2], CREDIT_TEXT, SOURCES_HEAD, SOURCE_LINE]
KINDS = [BODY, CAPTION, BODY, BODY, CREDIT, SOURCES, SOURCES]


def _text(tmp: Path) -> Path:
    path = tmp / "libraries.txt"
    path.write_text(TITLE + "\n\n" + "\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    return path


def _markdown(tmp: Path) -> Path:
    path = tmp / "libraries.md"
    body = "\n\n".join(f"## {p}" if p == SOURCES_HEAD else p for p in PARAGRAPHS)
    path.write_text(f"---\ntitle: {TITLE}\ndate: 2019-03-06\n---\n\n{body}\n", encoding="utf-8")
    return path


def _html(tmp: Path) -> Path:
    path = tmp / "libraries.html"
    body = "".join(f"<h2>{escape(p)}</h2>" if p == SOURCES_HEAD else f"<p>{escape(p)}</p>" for p in PARAGRAPHS)
    path.write_text(
        f"<!doctype html><html><head><title>{TITLE}</title><meta property='article:published_time' content='2019-03-06'>"
        f"</head><body><article><h1>{TITLE}</h1>{body}</article></body></html>",
        encoding="utf-8",
    )
    return path


def _feed(tmp: Path) -> Path:
    path = tmp / "libraries.rss"
    body = "".join(f"<p>{escape(p)}</p>" for p in PARAGRAPHS)
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Gazette</title><link>https://gazette.example.net/</link><item><title>{TITLE}</title>"
        "<link>https://gazette.example.net/libraries</link><pubDate>Wed, 06 Mar 2019 08:00:00 +0000</pubDate>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>",
        encoding="utf-8",
    )
    return path


def _records(tmp: Path) -> Path:
    path = tmp / "libraries.jsonl"
    path.write_text(json.dumps({"title": TITLE, "text": "\n\n".join(PARAGRAPHS), "published": "2019-03-06"}) + "\n", encoding="utf-8")
    return path


FORMATS = {"text": _text, "markdown": _markdown, "html": _html, "feed": _feed, "records": _records}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_decides_the_kinds_in_ingest(fmt, tmp_path):
    [article] = read_file(FORMATS[fmt](tmp_path), ReadOptions())
    got = {p.text: p.kind for p in article.paragraphs}
    for text, kind in zip(PARAGRAPHS, KINDS, strict=True):
        assert got.get(text) == kind, (fmt, text, got)


@pytest.fixture(scope="module")
def digests(analyser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("kinds")
    articles = [read_file(make(tmp), ReadOptions())[0] for make in FORMATS.values()]
    return dict(zip(FORMATS, analyser.run(articles), strict=True))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_only_body_paragraphs_give_facts_events_and_figures(fmt, digests):
    digest = digests[fmt]
    kind = {p.index: p.kind for p in digest.article.paragraphs}
    facts, events, figures = digest.facts, digest.events, digest.figures
    assert facts and events and figures, fmt  # the body gives each, so the test can fail
    assert {kind[f.paragraph] for f in facts} == {BODY}, [f.text for f in facts]
    assert {kind[e.paragraph] for e in events} == {BODY}, [e.text for e in events]
    assert {kind[f.paragraph] for f in figures} == {BODY}, [f.text for f in figures]
    assert not any("2018" in e.start or "2017" in e.start for e in events)


def ctx(texts: list[str], n: int, previous: str | None = None) -> Context:
    return Context(tuple(texts), n, previous)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Photo: Reuters", CREDIT),
        ("Image credit: NASA/JPL", CREDIT),
        ("Reporting by Tom Hals; Editing by Jane Doe", CREDIT),
        ("Copyright 2016 The Associated Press. All rights reserved.", CREDIT),
        ("Pictured: the bridge after the flood", CAPTION),
        ("The vessel on The Solent on February 8, 2010. Image: Brian Burnell.", CAPTION),
        ("President Obama speaks in the Rose Garden. (AP Photo/Evan Vucci)", CAPTION),
        ("Fans wait outside the stadium in Madrid | Getty Images", CAPTION),
        ("References", SOURCES),
        ("Sources: Office for National Statistics, Eurostat", SOURCES),
        ("www.example.com/report", SOURCES),
        ("Rachel Browne. “Kids lack iodine” — Sydney Morning Herald, February 21, 2006", SOURCES),
        ("What happens next", HEADING),
        # body: sentences, even those that mention photos, sources or credit
        ("The photo agency said its credit line had been removed without permission.", BODY),
        ("Sources close to the minister said the plan would be dropped.", BODY),
        ("He was pictured leaving the court on Tuesday.", BODY),
        ("Credit card debt rose by 4 per cent in May, the Bank of England said.", BODY),
        ("Above all, the council wants the libraries to stay open.", BODY),
    ],
)
def test_paragraph_kind(text, kind):
    assert paragraph_kind(text, ctx([text, "The rest of the story follows here."], 0)) == kind


def test_a_short_last_line_is_no_heading_and_a_list_runs_to_the_end():
    assert paragraph_kind("Thanks for reading", ctx(["Body.", "Thanks for reading"], 1)) == BODY
    assert kinds_of(["A council closed a library.", "See also", "Library cuts", "Budget vote"]) == [BODY, SOURCES, SOURCES, SOURCES]


def test_a_list_of_short_lines_and_a_fact_box_are_no_headings():
    lines = ["Best tech savings", "Best fashion deals", "The sale ends on Monday, the shop said."]
    assert kinds_of(lines) == [BODY, HEADING, BODY]
    box = ["Record: 26-1, 14 KOs", "The champion fights again in June, his promoter said."]
    assert kinds_of(box) == [BODY, BODY]
    # a heading followed by running text stays one
    assert kinds_of(["Losing direction", "As I got older, I started to veer off course."]) == [HEADING, BODY]


def test_a_kind_a_reader_set_from_markup_is_kept():
    assert kinds_of(["Background and context here", "The council met."], given=[HEADING, BODY]) == [HEADING, BODY]
    assert kinds_of(["The council met.", "The council met again."], given=[CAPTION, BODY]) == [CAPTION, BODY]


REPEATED = "Police said the driver, a 34-year-old man from Leeds, was arrested at the scene on Friday."


@pytest.mark.parametrize(
    ("texts", "kinds"),
    [
        # a block copied twice by a scraper: the second copy of each paragraph is a repeat
        ([REPEATED, BODY_TEXT[0], REPEATED, BODY_TEXT[0]], [BODY, BODY, REPEAT, REPEAT]),
        # the same words with other punctuation or capitals are still the same paragraph
        ([REPEATED, REPEATED.upper().replace(",", "")], [BODY, REPEAT]),
        # one word changed is a new paragraph (a correction, an update of a live blog)
        ([REPEATED, REPEATED.replace("Friday", "Saturday")], [BODY, BODY]),
        # a short line may recur on purpose: a refrain, a label
        (["Read the full report here.", BODY_TEXT[1], "Read the full report here."], [BODY, BODY, BODY]),
        # a heading repeated is still a heading
        (["What happens next", BODY_TEXT[1], "What happens next", BODY_TEXT[2]], [HEADING, BODY, HEADING, BODY]),
    ],
)
def test_a_paragraph_the_article_already_gave_is_a_repeat(texts, kinds):
    assert kinds_of(texts) == kinds


def test_a_repeated_paragraph_gives_its_quote_and_facts_once(analyser, tmp_path):
    quote = "“We will not close a single library while I lead this council,” Maria Lopez said on Monday."
    path = tmp_path / "repeat.txt"
    paragraphs = [BODY_TEXT[0], quote, BODY_TEXT[1], BODY_TEXT[0], quote]
    path.write_text(TITLE + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    [article] = read_file(path, ReadOptions())
    assert [p.kind for p in article.paragraphs] == [BODY, BODY, BODY, REPEAT, REPEAT]
    [digest] = analyser.run([article])
    assert [q.speaker_name for q in digest.quotes] == ["Maria Lopez"]  # not twice
    assert {q.paragraph for q in digest.quotes} == {2}
    repeats = {p.index for p in article.paragraphs if p.kind == REPEAT}
    assert digest.facts and digest.events
    assert not any(f.paragraph in repeats for f in digest.facts)
    assert not any(e.paragraph in repeats for e in digest.events)
    assert len(article.paragraphs) == len(paragraphs)  # shown where it stands: nothing is dropped


def test_each_rule_has_a_name_a_kind_and_a_reason():
    assert len({r.name for r in RULES}) == len(RULES)
    assert all(r.reason and r.kind != BODY for r in RULES)


STANDFIRST_TEXT = "Three branches close after a vote on the budget."


def test_a_feed_summary_repeated_over_the_content_is_the_standfirst(tmp_path):
    path = tmp_path / "standfirst.rss"
    body = "".join(f"<p>{escape(p)}</p>" for p in [STANDFIRST_TEXT, *BODY_TEXT])
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Gazette</title><link>https://gazette.example.net/</link><item><title>{TITLE}</title>"
        f"<description>{STANDFIRST_TEXT}</description><content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>",
        encoding="utf-8",
    )
    [article] = read_file(path, ReadOptions())
    assert [p.kind for p in article.paragraphs] == [STANDFIRST, BODY, BODY, BODY]


def test_an_html_meta_description_repeated_as_the_first_paragraph_is_the_standfirst(tmp_path):
    path = tmp_path / "standfirst.html"
    body = "".join(f"<p>{escape(p)}</p>" for p in [STANDFIRST_TEXT, *BODY_TEXT])
    path.write_text(f"<!doctype html><html><head><title>{TITLE}</title><meta name='description' content='{STANDFIRST_TEXT}'>"
                    f"</head><body><article><h1>{TITLE}</h1>{body}</article></body></html>", encoding="utf-8")
    [article] = read_file(path, ReadOptions())
    kinds = {p.text: p.kind for p in article.paragraphs}
    assert kinds.get(STANDFIRST_TEXT) == STANDFIRST and {kinds.get(t) for t in BODY_TEXT} == {BODY}


def test_a_summary_that_is_the_only_text_stays_body(tmp_path):
    path = tmp_path / "summary.rss"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Gazette</title><item>'
        f"<title>{TITLE}</title><description>{BODY_TEXT[0]}</description></item></channel></rss>", encoding="utf-8")
    [article] = read_file(path, ReadOptions())
    assert [p.kind for p in article.paragraphs] == [BODY]
