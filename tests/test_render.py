"""Render: every page kind from a hand-built corpus, links to real paragraphs, exports, escaping."""

from __future__ import annotations

import json
import re

import pytest

from generator.model import SCHEMA_VERSION, ArticleDigest, Corpus, CorpusActor
from generator.render import HOME_SNIPPET, render, views
from tests.demo_site import HOSTILE, demo_corpus

LINK = re.compile(r"\]\(([^)\s]*)\)")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return demo_corpus()


@pytest.fixture(scope="module")
def pages(corpus) -> dict[str, str]:
    return render(corpus)


def slug_of(corpus: Corpus, date: str) -> str:
    return next(d.slug for d in corpus.digests if d.article.date == date)


def test_every_page_kind_is_rendered(pages, corpus):
    clock = slug_of(corpus, "2015-09-22")
    for path in (
        "index.md", "months/2015-09.md", f"{clock}.md", "actors/index.md", "actors/barack-obama.md",
        "quotes/index.md", "timeline/index.md", "topics/index.md", "topics/social-media.md",
        f"data/articles/{clock}.json", "data/actors/barack-obama.json", "digest.json", HOME_SNIPPET,
    ):
        assert path in pages, path
    for path, text in pages.items():
        if path.endswith(".md"):
            # output.py prunes only files that carry the marker near the top.
            assert "generated_by: digest" in text[:400], path


def test_article_page_order_and_paragraph_links(pages, corpus):
    clock = corpus.digests[0]
    text = pages[f"{clock.slug}.md"]
    order = [text.index(h) for h in ("## Key facts", "## Actors", "## Quotes", "## Timeline", "## Text")]
    assert order == sorted(order)
    anchors = {f"#p-{p.index}" for p in clock.article.paragraphs} | {f"#q-{q.paragraph}-{q.start}" for q in clock.quotes}
    jumps = [u for u in LINK.findall(text) if u.startswith("#")]
    assert jumps and set(jumps) <= anchors
    # Every quote, fact, event and actor mention has its own paragraph link.
    for q in clock.quotes:
        assert f"(#p-{q.paragraph})" in text
    named = '{ .digest-para aria-label="Paragraph %d of Texas student Ahmed Mohamed inspires social movement" }'
    assert ("| [Barack Obama](actors/barack-obama.md) ×3 | President of the United States | "
            f"[1](#p-1){named % 1} [2](#p-2){named % 2} [9](#p-9){named % 9} |") in text
    # A partial quote is shown in the writer's sentence, the quoted words in bold.
    assert "grown into a &quot;**support movement**&quot;" in text


def test_quote_index_newest_first_with_links_to_paragraphs(pages, corpus):
    text = pages["quotes/index.md"]
    soccer = slug_of(corpus, "2018-06-19")
    clock = slug_of(corpus, "2015-09-22")
    assert text.index("## June 2018") < text.index("## September 2015")
    assert f"(../{soccer}.md#p-1)" in text and f"(../{clock}.md#p-10)" in text
    # Inside one article the quotes keep reading order.
    assert text.index(f"(../{clock}.md#p-4)") < text.index(f"(../{clock}.md#p-10)")
    # Speakers lead to the quotes on their pages.
    assert "[Barack Obama](../actors/barack-obama.md#quotes) (1)" in text
    actor = pages["actors/barack-obama.md"]
    assert "## Quotes" in actor
    # on the speaker's own page the name in a quote's source line is text, not a link to the page itself
    assert "[Barack Obama](../actors/barack-obama.md)" in text and "(../actors/barack-obama.md)" not in actor
    assert "\n    Barack Obama · " in actor


def test_timeline_oldest_first_grouped_by_month(pages, corpus):
    text = pages["timeline/index.md"]
    headings = re.findall(r"^## (.+?) \{: #(m-[\d-]+) \}$", text, flags=re.M)
    assert headings == [("September 2015", "m-2015-09"), ("2018", "m-2018"), ("June 2018", "m-2018-06")]
    assert text.index("**14 September 2015**") < text.index("**21 September 2015**") < text.index("**23 September 2015** (planned)")
    assert "Years: [2015](index.md#m-2015-09) · [2018](index.md#m-2018)" in text


def test_pagination_keeps_year_links_on_the_right_page(corpus, monkeypatch):
    monkeypatch.setattr(views, "QUOTES_PAGE_SIZE", 1)
    monkeypatch.setattr(views, "EVENTS_PAGE_SIZE", 4)
    pages = render(corpus)
    assert {"quotes/index.md", "quotes/page-2.md", "quotes/page-3.md", "quotes/page-4.md"} <= set(pages)
    assert "quotes/page-5.md" not in pages
    assert "Years: [2018](index.md#m-2018-06) · [2015](page-2.md#m-2015-09)" in pages["quotes/page-3.md"]
    assert "Page [1](index.md) · [2](page-2.md) · **3** · [4](page-4.md)" in pages["quotes/page-3.md"]
    assert "Speakers" not in pages["quotes/page-2.md"]
    # the timeline's pages end where their events say (views.stable_chunks): its 2018 link leads to the page holding 2018
    [target] = re.findall(r"\[2018\]\(([^)#]+)#m-2018\)", pages["timeline/index.md"])
    assert "## 2018 {: #m-2018 }" in pages[f"timeline/{target}"] and target != "index.md"


def test_topics_pages_and_tags(pages, corpus):
    index = pages["topics/index.md"]
    assert "[social media](social-media.md) (2)" in index
    topic = pages["topics/social-media.md"]
    assert '<!-- material/tags { include: ["social media"], toc: false } -->' in topic
    assert len(re.findall(r"\]\(\.\./20[^)#]*\.md\)", topic)) == 2  # both articles (an actor without a page links to its paragraph)
    clock = pages[f"{slug_of(corpus, '2015-09-22')}.md"]
    assert 'tags:\n  - "education"\n  - "social media"' in clock


def test_home_snippet_links_start_with_the_section(corpus):
    home = render(corpus, section="news")[HOME_SNIPPET]
    urls = LINK.findall(home)
    assert urls and all(u.startswith("news/") for u in urls)
    assert "[**4** quotes](news/quotes/index.md)" in home
    assert "[**1** organisation](news/organisations.md)" in home


def test_hostile_text_never_reaches_markdown_as_syntax(pages):
    for path, text in pages.items():
        if not path.endswith(".md"):
            continue
        assert "<script" not in text, path
        assert "{{ 7*7 }}" not in text, path
        assert "](javascript" not in text, path
    hostile_topic = [p for p in pages if p.startswith("topics/script")]
    assert hostile_topic == ["topics/script-alert-1-script-7-7-x-javascript-alert-1.md"]


def test_json_exports_round_trip(pages, corpus):
    clock = corpus.digests[0]
    data = json.loads(pages[f"data/articles/{clock.slug}.json"])
    assert data["schema_version"] == SCHEMA_VERSION
    assert ArticleDigest.from_dict(data["digest"]) == clock
    assert data["actor_ids"]["barack-obama"] == "barack-obama"
    actor = json.loads(pages["data/actors/barack-obama.json"])
    assert CorpusActor.from_dict(actor["actor"]).name == "Barack Obama"
    assert [q["text"] for q in actor["quotes"]] == ["Cool clock, Ahmed. Want to bring it to the White House?"]
    assert actor["quotes"][0]["article"] == clock.slug and actor["quotes"][0]["paragraph"] == 10
    everything = json.loads(pages["digest.json"])
    assert everything["schema_version"] == SCHEMA_VERSION and len(everything["digests"]) == 2
    # Data exports keep the text as written (they are data, not pages).
    assert HOSTILE in [e["text"] for e in data["digest"]["events"]]


def test_render_is_deterministic(corpus, pages):
    assert render(demo_corpus()) == pages


def test_empty_archive_still_has_every_index():
    pages = render(Corpus())
    for path in ("index.md", "actors/index.md", "quotes/index.md", "timeline/index.md", "topics/index.md", HOME_SNIPPET):
        assert path in pages
    assert "No quotes were found" in pages["quotes/index.md"]
    assert "No dated events were found" in pages["timeline/index.md"]


def test_actor_index_files_accented_names_by_letter_and_others_last():
    names = ["Zeta Partners", "501st Legion", "Émile Zola", "Adams"]
    corpus = Corpus(actors=tuple(CorpusActor(id=f"a{i}", name=n, kind="person") for i, n in enumerate(names)))
    index = views.Views(corpus).actors_index()
    assert [g["letter"] for g in index] == ["A", "E", "Z", "Other"]
    assert [a["name"] for a in index[1]["actors"]] == ["Émile Zola"]
    assert [a["name"] for a in index[-1]["actors"]] == ["501st Legion"]


def test_actor_index_shows_the_latest_role(corpus, pages):
    actor = next(a for a in corpus.actors if any(r.role for r in a.appearances))
    latest = max((r for r in actor.appearances if r.role), key=lambda r: (r.date or "", r.article)).role
    [line] = [x for x in pages["actors/index.md"].splitlines() if f"]({actor.id}.md)" in x]
    assert f"— {views.escape_md(latest)}; {actor.kind}," in line
    # an actor without a role shows its kind alone
    bare = next(a for a in corpus.actors if not any(r.role for r in a.appearances))
    [line] = [x for x in pages["actors/index.md"].splitlines() if f"[{views.escape_md(bare.name)}](" in x]
    assert f"— {bare.kind}," in line


def test_a_speaker_below_the_fitted_confidence_is_probable_on_its_article_only():
    from dataclasses import replace

    from generator.corpus import build_corpus
    from tests.demo_site import demo_digests

    clock, soccer = demo_digests()
    doubtful = tuple(replace(q, confident=False, confidence=0.62, how="pronoun") if q.speaker == "barack-obama" else q
                     for q in clock.quotes)
    corpus = build_corpus([replace(clock, quotes=doubtful), soccer])
    pages = render(corpus)
    article = pages[f"{slug_of(corpus, '2015-09-22')}.md"]
    assert '!!! quote "Probably Barack Obama, President of the United States"' in article
    assert "*Speaker not certain&#58; found through a pronoun, 62 % sure.*" in article  # ":" escaped for Markdown
    # the quote index's speaker list carries confident attributions only; with no confident quote, in one
    # article, he has no page of his own (a role alone does not make one): nothing lists the quote as his
    quotes = pages["quotes/index.md"]
    assert "Cool clock, Ahmed" in quotes and "Probably Barack Obama" in quotes
    assert "[Barack Obama](../actors/barack-obama.md#quotes)" not in quotes
    assert "actors/barack-obama.md" not in pages and "data/actors/barack-obama.json" not in pages
    assert "(actors/barack-obama.md)" not in article


def test_a_confident_speaker_is_shown_plainly():
    corpus = demo_corpus()
    article = render(corpus)[f"{slug_of(corpus, '2015-09-22')}.md"]
    assert "probably" not in article and "Speaker not certain" not in article


def test_links_lead_only_where_a_name_has_more_to_show(corpus, pages):
    """An actor without a page is plain text in its article's actor table (the paragraph numbers beside it
    are its links) and is not among an actor page's co-actors; an actor with a page is a link in both."""
    v = views.Views(corpus)
    lone = [(d, a) for d in corpus.digests for a in d.actors if not v.has_page(v.corpus_id[(d.slug, a.id)])]
    paged = [(d, a) for d in corpus.digests for a in d.actors if v.has_page(v.corpus_id[(d.slug, a.id)])]
    assert lone and paged
    for d, a in lone + paged:
        [row] = [x for x in pages[f"{d.slug}.md"].splitlines()
                 if x.startswith(("    | " + views.escape_md(a.name) + " ", "    | [" + views.escape_md(a.name) + "]("))]
        cid = v.corpus_id[(d.slug, a.id)]
        assert row.startswith(f"    | [{views.escape_md(a.name)}](actors/{cid}.md)") == v.has_page(cid), row
        assert "(#p-" in row  # its paragraphs stay links either way
    assert any(not v.has_page(cid) for a in corpus.actors if v.has_page(a.id) for cid, _n in a.co_actors)
    co_listed = 0
    for actor in corpus.actors:
        if not v.has_page(actor.id) or not actor.co_actors:
            continue
        text = pages[f"actors/{actor.id}.md"]
        section = text.split("## Appears with", 1)[1] if "## Appears with" in text else ""
        shown = LINK.findall(section)
        assert shown == [f"{cid}.md" for cid, _n in actor.co_actors if v.has_page(cid)][: views.CO_ACTORS_SHOWN]
        co_listed += len(shown)
    assert co_listed


def test_what_reading_a_file_noted_is_shown_on_its_article_page():
    from dataclasses import replace

    from generator.corpus import build_corpus
    from tests.demo_site import demo_digests

    clock, soccer = demo_digests()
    noted = replace(clock, article=replace(clock.article, notes=("not UTF-8; decoded as cp1252", "a *starred* note")))
    corpus = build_corpus([noted, soccer])
    pages = render(corpus)
    article = pages[f"{slug_of(corpus, '2015-09-22')}.md"]
    assert "Read from its file with notes: not UTF-8; decoded as cp1252; a &#42;starred&#42; note." in article
    # an article read without a remark says nothing of it
    assert "Read from its file with notes" not in pages[f"{slug_of(corpus, '2018-06-19')}.md"]


def test_the_home_pages_top_actors_are_the_first_of_a_full_ranking(corpus):
    """top_actors counts mentions only for actors that can rank; the result is the full sort's head."""
    v = views.Views(corpus)
    full = sorted(((v._actor_weight(a), a) for a in corpus.actors if a.kind != "place"),
                  key=lambda wa: (-wa[0][0], -wa[0][1], wa[1].name.casefold(), wa[1].id))
    for n in (1, 2, 3, len(full), len(full) + 1):
        assert [t["link"].url for t in v.top_actors(n, "")] == [v.actor_url(a.id, "") for _w, a in full[:n]]
