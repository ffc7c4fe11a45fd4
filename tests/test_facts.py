"""Key facts, the figures box, topics and the analyse-stage cleaning, on fixtures and the seed."""

from __future__ import annotations

import pytest

from generator.ingest.clean import mend_breaks, strip_furniture
from generator.analyse.facts import is_boilerplate
from generator.ingest import ReadOptions, read_file
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def furniture_digest(analyser):
    """A copy whose page furniture was flattened into one run of text (kept out of the fixture corpus)."""
    [article] = read_file(FIXTURES / "facts" / "flattened_furniture.txt", ReadOptions())
    [digest] = list(analyser.run([article]))
    return digest


def test_flattened_furniture_moves_out_of_the_text(furniture_digest):
    article = furniture_digest.article
    assert article.byline == ("Daily Mail Reporter",)
    assert article.date == "2014-03-14"
    assert article.paragraphs[0].text.startswith("A council has closed three primary schools")
    assert article.title.startswith("A council has closed")
    assert "who . claims" not in article.text and "burst . shortly" not in article.text


def test_key_facts_must_include_the_news(furniture_digest):
    facts = [f.text for f in furniture_digest.facts]
    assert 3 <= len(facts) <= 5
    assert facts[0].startswith("A council has closed three primary schools in Leeds")
    assert any("1,200 pupils" in f for f in facts[:3])


def test_key_facts_must_exclude_boilerplate(furniture_digest):
    for fact in furniture_digest.facts:
        assert not any(bad in fact.text for bad in ("PUBLISHED", "By .", "(pictured)", "Click here", "Flooded:")), fact
        assert not fact.text.endswith("?")


@pytest.mark.parametrize(
    ("sentence", "boilerplate"),
    [
        ("By . Associated Press . PUBLISHED: . 14:11 EST, 25 October 2013 .", True),
        ("Click here to see more pictures of the flood .", True),
        ("Image: The ship stuck in the ice off Antarctica", True),
        ("Pictured: the couple at their wedding in 2009", True),
        ("Craig Eccleston-Todd, 27 (left) was jailed for six years.", True),
        ("Retread: David Cameron with Samantha on the beach", True),
        ("Scroll down for video", True),
        ("High spirits: She appeared in good health last week as she smiled.", True),
        ("Chocolate cot: A tribute cradle has been made by chocolatiers.", True),
        ("Council leader Judith Blake said: 'We are sorry for the disruption.'", False),
        ("Blake said: They will reopen next week.", False),
        ("BAGHDAD: The Iraqi government said on Monday that the talks had failed.", False),
        ("The bishop of the Fargo Catholic Diocese has exposed hundreds of church members to hepatitis A.", False),
        ("Secretary of State John Kerry said on Friday that the United States was prepared to talk.", False),
        ("Left-wing parties won the vote on Sunday.", False),
    ],
)
def test_is_boilerplate(sentence, boilerplate):
    assert is_boilerplate(sentence) is boilerplate


def test_strip_furniture_reads_byline_stamp_and_agency_dateline():
    text, found = strip_furniture("By . Rob Cooper . PUBLISHED: . 03:53 EST, 23 July 2013 . | . UPDATED: . 11:25 EST, 23 July 2013 . From a ...")
    assert text == "From a ..." and found == {"byline": ["Rob Cooper"], "date": "2013-07-23"}
    text, found = strip_furniture("Kabul, Afghanistan (CNN) -- China's top security official paid a visit.")
    assert text.startswith("China's") and found == {"dateline": "Kabul, Afghanistan"}
    assert strip_furniture("Byron Bay is a town.") == ("Byron Bay is a town.", {})


def test_mend_breaks():
    assert mend_breaks("a woman who . claims to have") == "a woman who claims to have"
    assert mend_breaks("a full sex change . Wife Becki says") == "a full sex change. Wife Becki says"
    assert mend_breaks("Mr. Kerry said. He left.") == "Mr. Kerry said. He left."


def test_seed_key_facts(seed_digest):
    facts = [f.text for f in seed_digest.facts]
    assert facts[0].startswith("Secretary of State John Kerry said on Friday that the United States was prepared")
    assert any("Ashton B. Carter had spoken by telephone" in f for f in facts)
    assert not any("Credit" in f or "contributed reporting" in f for f in facts)
    assert [f.rank for f in seed_digest.facts] == list(range(1, len(facts) + 1))


def test_seed_figures_hold_the_numbers_with_what_they_count(seed_digest):
    figures = {g.text: g for g in seed_digest.figures}
    assert figures["200 marines"].counts == "marines"
    assert figures["as many as 1,500 personnel"].value == "1,500"
    assert figures["more than 20 Condor transport plane flights in 10 days"].counts == "Condor transport plane flights"
    assert any(g.counts and "Hip troop-transport helicopters" in g.counts for g in seed_digest.figures)
    # dates and numbers that refer back are not figures
    assert not any(t.startswith(("seven", "Sept", "The two", "two men")) for t in figures)


def test_figures_units(furniture_digest):
    [water] = [g for g in furniture_digest.figures if "litres" in g.text]
    assert (water.value, water.unit, water.counts) == ("two million", "litres", "water")


def test_seed_topics(seed_digest):
    topics = seed_digest.topics
    assert 3 <= len(topics) <= 6
    assert {"Syria", "Russia"} <= set(topics)
    assert len({t.casefold() for t in topics}) == len(topics)


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("Russia has also sent 200 marines to the airfield.", "200 marines"),
        ("The council said about 1,200 pupils would stay at home.", "about 1,200 pupils"),
        ("He will be paid £80,000 a month for the next year.", "£80,000"),
        ("Sales fell 12 per cent in the first quarter.", "12 per cent"),
        ("The Home Office has a backlog of 92,000 asylum claims.", "92,000 asylum claims"),  # the compound's head
        ("The company cut 1,200 factory jobs last year.", "1,200 factory jobs"),
        ("He scored 24 points and grabbed 10 rebounds.", "10 rebounds"),
    ],
)
def test_figure_found(nlp, sentence, figure):
    from generator.analyse.figures import find_figures

    assert figure in [g["text"] for g in find_figures(nlp(sentence))]


@pytest.mark.parametrize(
    "sentence",
    [
        "The two men agreed to continue the discussions.",  # refers back
        "Craig Eccleston-Todd, 27, was driving home from a pub.",  # an age
        "The rapper 50 Cent performed at the show.",  # a name
        "Keselowski drove the No. 60 car at Daytona.",  # a label
        "The bridge was opened in 1952 by the mayor.",  # a year
        "One of the officials said the talks would go on.",
        "Arsenal won 3-1 at the Emirates on Saturday.",  # a score
        "The Lakers beat the Celtics 102-99 in overtime.",  # a score
        "Chelsea's 2-0 win pleased the manager.",  # a result
        "Smith came 2nd and Jones placed 14th.",  # ordinals
    ],
)
def test_no_figure(nlp, sentence):
    from generator.analyse.figures import find_figures

    assert find_figures(nlp(sentence)) == []


def test_cleaning_leaves_an_ordinary_copy_alone(seed_article):
    from generator.ingest.clean import clean_article

    assert clean_article(seed_article) is seed_article


def test_verbless_caption_is_no_fact_and_does_not_push_the_lead_down(nlp):
    from generator.analyse.facts import find_facts

    text = (
        "The Border Force vessel HMC Searcher on The Solent in 2010.\n\n"
        "The Home Office will begin issuing questionnaires in place of interviews to decide some 12,000 asylum claims. "
        "The forms are part of an effort to clear the backlog by the end of the year. "
        "Officials said the change would speed up processing for five nationalities. "
        "Critics said the forms must be completed in English."
    )
    doc = nlp(text)
    facts = [doc.text[f["sentence"][0] : f["sentence"][1]] for f in find_facts(doc)]
    assert not any("HMC Searcher" in f for f in facts)
    assert any(f.startswith("The Home Office will begin issuing questionnaires") for f in facts)
    # the caption before the lead changes nothing: the same facts, the same scores, as without it
    bare = nlp(text.split("\n\n", 1)[1])
    assert [f["score"] for f in find_facts(doc)] == [f["score"] for f in find_facts(bare)]
    assert facts == [bare.text[f["sentence"][0] : f["sentence"][1]] for f in find_facts(bare)]


def test_furniture_on_lines_of_its_own():
    from generator.ingest.clean import clean_article

    [article] = read_file(FIXTURES / "facts" / "furniture_lines.txt", ReadOptions())
    cleaned = clean_article(article)
    assert (cleaned.byline, cleaned.date) == (("Daily Mail Reporter",), "2014-03-14")
    assert [p.index for p in cleaned.paragraphs] == [1, 2]
    assert cleaned.paragraphs[0].text.startswith("A council has closed")


def test_ingest_itself_removes_the_furniture_so_the_cached_article_is_the_analysed_one():
    from generator.ingest.clean import clean_article

    [article] = read_file(FIXTURES / "facts" / "furniture_lines.txt", ReadOptions())
    assert (article.byline, article.date) == (("Daily Mail Reporter",), "2014-03-14")
    assert article.paragraphs[0].text.startswith("A council has closed")
    assert clean_article(article) == article  # the Analyser's own call changes nothing more


def test_a_quote_and_its_attribution_are_one_fact(nlp):
    from generator.analyse.facts import describe_sentences

    text = ("The senator spoke to donors in Texas on Friday. “We are going to win this state, and we are going to win it big.” "
            "Trump said at a San Antonio fundraiser, according to audio obtained by the Texas Tribune. "
            "The campaign did not comment on the recording.")
    doc = nlp(text)
    start = text.index("“")
    end = text.index("”") + 1
    units = [text[s.start : s.end] for s in describe_sentences(doc, [(start, end)])]
    assert any(u.startswith("“We are going") and u.endswith("Texas Tribune.") for u in units), units
    assert not any(u.startswith("Trump said") for u in units)
    # the writer's next sentence after a quote is its own candidate
    assert units[-1] == "The campaign did not comment on the recording."


def test_a_sentence_after_a_quote_without_a_cue_stays_apart(nlp):
    from generator.analyse.facts import describe_sentences

    text = "The mayor was blunt. “The bridge is closed.” The council will vote on repairs in May."
    doc = nlp(text)
    quote = (text.index("“"), text.index("”") + 1)
    units = [text[s.start : s.end] for s in describe_sentences(doc, [quote])]
    assert "The council will vote on repairs in May." in units


def test_fitted_weights_match_the_features():
    import json

    from generator.analyse.facts import FEATURES, WEIGHTS_FILE

    weights = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert weights["features"] == list(FEATURES)
    assert len(weights["coef"]) == len(weights["mean"]) == len(weights["scale"]) == len(FEATURES)
    assert 0.0 <= weights["redundancy_weight"] <= 1.0
