"""Actors, round three: parts of places, lists whose members share a kind, and the other
rules added to raise people/organisation F1 and merge precision (bench/actors.py).
Sentences written for these tests in the style of Wikinews/BBC copy, with negatives."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span

from generator.analyse.actors import (
    Candidate,
    author_labels,
    list_labels,
    product_makers,
    ranked_with_products,
    settle_person_kinds,
    split_listed_pair,
)
from tests.test_actors import actors_of, by_name


def forms_of(text: str, actor: dict) -> list[str]:
    return [text[s:e] for s, e in actor["mentions"]]


@pytest.mark.parametrize(("text", "whole", "part"), [
    ("Rain fell across Australia on Monday. Children in mainland Australia lack iodine, and Australia will act.",
     "Australia", "mainland Australia"),
    ("Crowds gathered near downtown Taipei on Friday, and Taipei expects six million visitors.", "Taipei", "downtown Taipei"),
    ("Rebels in northern Syria fired rockets, the army said. Syria denied it.", "Syria", "northern Syria"),
])
def test_part_of_a_place_is_a_place_of_its_own(nlp, text, whole, part):
    actors = actors_of(nlp, text)
    country = by_name(actors, whole)
    assert country is not None and country["kind"] == "place"
    # no mention of the whole stands right after the word for the part
    assert not any(text[:s].endswith(part.split()[0] + " ") for s, _e in country["mentions"])
    region = by_name(actors, part)
    assert region is not None and region["kind"] == "place"


def test_a_capitalised_region_is_the_models_own_name(nlp):
    # negative: "South Australia" is a state's name, not "south" + Australia
    actors = actors_of(nlp, "The survey covered New South Wales, Victoria and South Australia last year.")
    assert by_name(actors, "South Australia") is not None
    assert by_name(actors, "south Australia") is None


@pytest.mark.parametrize(("text", "name", "kind"), [
    # the model tags "Dani" alone; the third of three people runs on over the surname
    ("Spain started with Pedri Gonzalez, Gavi Paez, and Dani Olmo making early attempts.", "Dani Olmo", "person"),
    # the model tags "Zynga" GPE; beside a company and a product it is a company
    ("Zynga, Microsoft, and PlayStation VR all had large stands at the show.", "Zynga", "organization"),
    # the model tags "Ubisoft" PERSON; among two companies it is a third
    ("Ubisoft, Sony, and Xbox all had large stands at the show.", "Ubisoft", "organization"),
])
def test_a_list_member_takes_the_kind_of_the_list(nlp, text, name, kind):
    actor = by_name(actors_of(nlp, text), name)
    assert actor is not None and actor["kind"] == kind


@pytest.mark.parametrize(("text", "name", "kind"), [
    # negative: a town among prisons (tagged people) stays a place
    ("The judges ruled that the detention of 12 men at Belmarsh prison, London, and Woodhill, Milton Keynes, was unlawful.",
     "London", "place"),
    # negative: an address after a company is no list ("and" never closes it)
    ("\u201cWe see demand,\u201d said Jeffrey Spaulding, CEO, Nordic Foresight, Copenhagen, Denmark.", "Denmark", "place"),
])
def test_a_place_in_a_list_or_address_stays_a_place(nlp, text, name, kind):
    actor = by_name(actors_of(nlp, text), name)
    assert actor is not None and actor["kind"] == kind


def test_a_date_before_a_list_of_people_is_no_person(nlp):
    # negative: the model tags "the first Christmas" DATE; the comma and "and" after it make it
    # look like the first of three names, but a date is never a name
    text = "Imagine if on the first Christmas, Mary and Joseph were like many of us."
    actors = actors_of(nlp, text)
    assert not any("Christmas" in a["name"] for a in actors)
    assert by_name(actors, "Mary") is not None


def test_first_name_first_in_a_sentence_joins_a_surname_seen_whole_elsewhere(nlp):
    text = ("Spain started with Pedri Gonzalez, Gavi Paez, and Dani Olmo making early attempts. "
            "The ball went wide. Dani Olmo's attempt in the 18th minute failed.")
    olmo = by_name(actors_of(nlp, text), "Dani Olmo")
    assert olmo is not None and len(olmo["mentions"]) >= 2


def test_adverb_first_in_a_sentence_is_not_a_first_name(nlp):
    # negative: "Initially" is written nowhere else, so it is not read into the name
    text = "Quarterback Zach Wilson left the game. Initially Wilson was reported to be suffering from dehydration."
    names = {a["name"] for a in actors_of(nlp, text)}
    assert "Initially Wilson" not in names


@pytest.mark.parametrize(("text", "name", "kind"), [
    ("The attack was claimed on Tuesday by a hacker group calling itself \"Lizard Squad\", police said.", "Lizard Squad",
     "organization"),
    ("The attack was launched on Wednesday by a user labelled \"Anonymous\", on a message board.", "Anonymous", "person"),
    ("Reporters spoke with a cosplayer going by the name \"The Dreadnought\". She had spent months on the costume.",
     "Dreadnought", "person"),
    ("The campaign, run by a charity called \"Better Lives\", raised money.", "Better Lives", "organization"),
])
def test_a_name_someone_goes_by_is_an_actor(nlp, text, name, kind):
    actor = by_name(actors_of(nlp, text), name)
    assert actor is not None and actor["kind"] == kind


@pytest.mark.parametrize("text", [
    # negatives: the name of a work or a site, not of someone who acts
    "The students watched a film called \"Sideways\" on Friday.",
    "The attack was planned on a website called \"Insurgency Wiki\", police said.",
])
def test_a_work_or_site_called_something_is_not_an_actor(nlp, text):
    assert actors_of(nlp, text) == []


def test_a_common_word_first_in_a_sentence_is_not_swept_into_a_person(nlp):
    # "Anonymous" the user; "Anonymous blogger" first in a sentence, where the text also writes
    # "anonymous" in lower case, says nothing about them
    text = ("The attack was launched by a user labelled \"Anonymous\". Some anonymous posters agreed. "
            "Anonymous blogger Jo Smith disagreed.")
    user = by_name(actors_of(nlp, text), "Anonymous")
    assert user is not None and len(user["mentions"]) == 1


def _cand(text: str, kind: str, label: str):
    return Candidate(start=0, end=len(text.split()), kind=kind, text=text, start_char=0, end_char=len(text), label=label)


@pytest.mark.parametrize(("org", "single", "kind"), [
    # the model tags the full name ORG and the surname alone PERSON (BBC entertainment and sport)
    ("Reese Witherspoon", "Witherspoon", "person"),
    ("Marion Jones", "Jones", "person"),
    # negatives: three words, or an acronym, is no person's two-word name
    ("New York Jets", "Jets", "organization"),
    ("RFK Fords", "Fords", "organization"),
])
def test_two_word_organisation_whose_last_word_is_a_person_is_that_person(org, single, kind):
    cands = [_cand(org, "organization", "ORG"), _cand(single, "person", "PERSON")]
    settle_person_kinds(cands)
    assert cands[0].kind == kind


def _product_doc(nlp, words: list[str], product: tuple[int, int], person: tuple[int, int] | None = None) -> Doc:
    starts = [i == 0 or words[i - 1] == "." for i in range(len(words))]
    doc = Doc(nlp.vocab, words=words, sent_starts=starts)
    ents = [Span(doc, *product, label="PRODUCT")] + ([Span(doc, *person, label="PERSON")] if person else [])
    doc.ents = ents
    return doc


def test_maker_before_a_product_named_alone_elsewhere_is_an_organisation(nlp):
    # hand-built: the model's PRODUCT tag on "Google Chrome" depends on the sentence around it
    words = "the recently released Google Chrome is gaining users . Analysts say Chrome could pass it .".split()
    makers = product_makers(_product_doc(nlp, words, (3, 5)), [])
    assert [(m.text, m.kind) for m in makers] == [("Google", "organization")]


@pytest.mark.parametrize(("words", "product", "person"), [
    # negative: the last word is nowhere alone
    ("the recently released Google Chrome is gaining users .".split(), (3, 5), None),
    # negative: alone only inside another name ("Amnesty International")
    ("Flight International reported the crash . Amnesty International objected .".split(), (0, 2), None),
    # negative: the last word alone is a person's surname (a person's name tagged PRODUCT)
    ("Dries Mertens scored . Mertens ran off .".split(), (0, 2), (4, 5)),
])
def test_no_maker_without_the_product_named_alone(nlp, words, product, person):
    doc = _product_doc(nlp, words, product, person)
    cands = [Candidate(start=person[0], end=person[1], kind="person", text=doc[person[0]:person[1]].text,
                       start_char=0, end_char=0, label="PERSON")] if person else []
    assert product_makers(doc, cands) == []


@pytest.mark.parametrize(("words", "tags", "ent", "parts"), [
    # a plural noun before "X and Y" says two names (hand-built: the model's span varies)
    ("the religious schools San Giorgio and Annunziata in Pisa".split(),
     ["DT", "JJ", "NNS", "NNP", "NNP", "CC", "NNP", "IN", "NNP"], (3, 7), ["San Giorgio", "Annunziata"]),
    # negative: no plural noun, one company's name
    ("shares in Marks and Spencer rose".split(), ["NNS", "IN", "NNP", "CC", "NNP", "VBD"], (2, 5), ["Marks and Spencer"]),
    # negative: "of" inside makes it one organisation's name
    ("the secular groups Union of Atheists and Agnostics".split(), ["DT", "JJ", "NNS", "NNP", "IN", "NNP", "CC", "NNP"],
     (3, 8), ["Union of Atheists and Agnostics"]),
])
def test_a_plural_noun_before_x_and_y_splits_two_names(nlp, words, tags, ent, parts):
    doc = Doc(nlp.vocab, words=words, tags=tags)
    assert [doc[s:e].text for s, e in split_listed_pair(doc, *ent)] == parts


@pytest.mark.parametrize(("text", "absent", "present"), [
    # the first part of a title before a colon and a subtitle
    ("Players lined up for a demonstration of Batman: Arkham VR at the show.", "Batman", None),
    # a category of a ranking, not who acts
    ("The app climbed to first place in the Apple Health-Fitness category on Friday.", "Apple Health-Fitness", None),
    # negatives: a colon that opens a question; a capitalised "Index" in the publisher's own title
    ("The firm asked leading designers in the U.S.: What does the office of 2024 look like?", None, "U.S."),
    # negative: a place before a colon that names what is in it
    ("She went to the hottest club in Chicago: Danny Vega's Ballroom, which opened in 1972.", None, "Chicago"),
    ("The University of Michigan Index of Consumer Sentiment rose in May.", None, "University of Michigan"),
])
def test_titles_and_categories_are_not_actors(nlp, text, absent, present):
    names = {a["name"] for a in actors_of(nlp, text)}
    assert absent is None or absent not in names
    assert present is None or present in names


def _doc_with(nlp, words: list[str], ents: list[tuple[int, int, str]], pos: list[str] | None = None) -> Doc:
    doc = Doc(nlp.vocab, words=words, pos=pos)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


@pytest.mark.parametrize(("words", "ent", "person"), [
    # hand-built: the model tags such authors PRODUCT or WORK_OF_ART in some sentences only
    ("results published in a paper by AS Heagle in 1989".split(), (6, 8, "PRODUCT"), True),
    ("a new book by Hilary Mantel came out".split(), (4, 6, "WORK_OF_ART"), True),
    # negatives: not after a written thing; a long title after "by"
    ("the deal was approved by Apple Music".split(), (5, 7, "PRODUCT"), False),
    ("an essay by The Old Man And The Sea Society".split(), (3, 10, "WORK_OF_ART"), False),
])
def test_author_of_a_paper_is_a_person(nlp, words, ent, person):
    doc = _doc_with(nlp, words, [ent])
    assert (0 in author_labels(doc, doc.ents)) is person


def test_untagged_first_words_of_a_listed_name_do_not_break_the_list(nlp):
    # hand-built: "Doctor Who" is untagged before the tagged "Society of Canada"
    words = "groups included The Ontario Ghostbusters , Doctor Who Society of Canada , and Klingon Assault Group .".split()
    pos = ["NOUN", "VERB", "DET", "PROPN", "PROPN", "PUNCT", "PROPN", "PROPN", "PROPN", "ADP", "PROPN", "PUNCT", "CCONJ",
           "PROPN", "PROPN", "PROPN", "PUNCT"]
    doc = _doc_with(nlp, words, [(2, 5, "WORK_OF_ART"), (8, 11, "ORG"), (13, 16, "ORG")], pos)
    assert list_labels(doc, doc.ents) == {0: ("ORG", 5)}
    # negative: a verb between the names ends the list
    words2 = "groups included The Ontario Ghostbusters , which met Society of Canada , and Klingon Assault Group .".split()
    pos2 = pos[:6] + ["PRON", "VERB"] + pos[8:]
    doc2 = _doc_with(nlp, words2, [(2, 5, "WORK_OF_ART"), (8, 11, "ORG"), (13, 16, "ORG")], pos2)
    assert list_labels(doc2, doc2.ents) == {}


def test_short_form_without_its_place_joins_the_organisation(nlp):
    text = "The Supreme Court of Canada ruled on Friday. The Supreme Court said the law was void."
    court = by_name(actors_of(nlp, text), "Supreme Court of Canada")
    assert court is not None and forms_of(text, court) == ["Supreme Court of Canada", "Supreme Court"]


def test_short_form_of_two_organisations_with_places_joins_neither(nlp):
    # negative: two courts end in different places; "the Supreme Court" alone may be either
    text = ("The Supreme Court of Canada and the Supreme Court of Ghana met in Ottawa. "
            "The Supreme Court said the meeting went well.")
    actors = actors_of(nlp, text)
    for name in ("Supreme Court of Canada", "Supreme Court of Ghana"):
        court = by_name(actors, name)
        assert court is not None and "Supreme Court" not in forms_of(text, court)


def test_place_after_of_ends_an_organisations_name(nlp):
    # the model tags "the High Court" and "Kenya" apart; "of Kenya" ends the court's name, so
    # it is not the High Court of Uganda named just after
    text = "Judges from the High Court of Kenya and the High Court of Uganda met on Monday."
    names = {a["name"] for a in actors_of(nlp, text) if a["kind"] == "organization"}
    assert {"High Court of Kenya", "High Court of Uganda"} <= names


@pytest.mark.parametrize(("text", "name"), [
    # the model tags "Conte" NORP here, leaves "Renzi" untagged, and tags "the Berlusconi
    # government" ORG as a whole
    ("The tax was moved from one system to another by the Conte government in 2019.", "Conte"),
    ("The tax was moved from one system to another by the Renzi government in 2015.", "Renzi"),
    ("Parliament passed the budget that the Berlusconi government had drafted.", "Berlusconi"),
])
def test_a_government_named_after_its_leader_names_a_person(nlp, text, name):
    actor = by_name(actors_of(nlp, text), name)
    assert actor is not None and actor["kind"] == "person"


@pytest.mark.parametrize(("text", "not_a_person"), [
    # negatives: a party, an adjective of nation, a place, a nation named as such elsewhere
    ("The Tory government raised taxes, and the Scottish government objected.", "Tory"),
    ("The Tory government raised taxes, and the Scottish government objected.", "Scottish"),
    ("The Tokyo government closed schools, while the Labour government waited.", "Tokyo"),
    ("The Tokyo government closed schools, while the Labour government waited.", "Labour"),
    ("The Kyrgyz President spoke on Monday. Donors and the Kyrgyz government have paid for the network.", "Kyrgyz"),
])
def test_a_party_nation_or_place_before_government_is_no_person(nlp, text, not_a_person):
    actor = by_name(actors_of(nlp, text), not_a_person)
    assert actor is None or actor["kind"] != "person"


def _ranking_doc(nlp) -> Doc:
    # hand-built parse: "Explorer is the second browser after Firefox, behind Safari and tied with Chrome."
    words = "Explorer is the second browser after Firefox , behind Safari and tied with Chrome .".split()
    heads = [1, 1, 4, 4, 1, 4, 5, 1, 1, 8, 1, 1, 11, 12, 1]
    deps = ["nsubj", "ROOT", "det", "amod", "attr", "prep", "pobj", "punct", "prep", "pobj", "cc", "conj", "prep", "pobj",
            "punct"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    doc.ents = [Span(doc, 6, 7, label="PERSON"), Span(doc, 9, 10, label="PERSON"), Span(doc, 13, 14, label="PERSON")]
    return doc


def _person(doc: Doc, start: int, end: int) -> Candidate:
    return Candidate(start=start, end=end, kind="person", text=doc[start:end].text, start_char=doc[start].idx,
                     end_char=doc[end - 1].idx + len(doc[end - 1].text), label="PERSON", sent=0)


def test_a_lone_name_ranked_against_a_product_is_a_product(nlp):
    doc = _ranking_doc(nlp)
    cands = [_person(doc, 6, 7), _person(doc, 9, 10), _person(doc, 13, 14)]
    assert ranked_with_products(doc, cands, {"chrome"}) == {"firefox", "safari"}
    # negatives: no product line named in the article; a surname of someone named in full
    assert ranked_with_products(doc, cands, set()) == set()
    full = Candidate(start=0, end=0, kind="person", text="Anna Safari", start_char=0, end_char=0, label="PERSON", sent=1)
    assert ranked_with_products(doc, [*cands, full], {"chrome"}) == {"firefox"}


@pytest.mark.parametrize(("text", "form"), [
    ("Kerry met Mr. Kerry; xKerry and Kerry-Lugar are not him. Kerry", "Kerry"),
    ("aa aaa aa", "aa"),
    ("ABC.ABC @ABC #ABC ABC", "ABC"),
    ("no name here", "Kerry"),
    ("ab", ""),
])
def test_whole_word_matches_are_those_of_the_bounded_pattern(text, form):
    import re

    from generator.analyse.actors import whole_word_matches

    pattern = r"(?<![\w@#.-])" + re.escape(form) + r"(?![\w-])"
    assert list(whole_word_matches(text, form)) == [m.span() for m in re.finditer(pattern, text)]


@pytest.mark.parametrize(("text", "name", "kind"), [
    # an age set off by commas makes a person of a name the model tags as a place or a body
    ("Comeaux, 49, took the officers' weapons. Comeaux later fled on foot.", "Comeaux", "person"),
    ("Mr Hague, 43, told the conference he would stay.", "Hague", "person"),
    ("Kenteris, 31, and Thanou, 30, had been suspended.", "Thanou", "person"),
    # negatives: a year, a count or no commas is no age
    ("Texas, 2019, was a hard year for farmers.", "Texas", "place"),
    ("Microsoft, 300 jobs, and a new plant were announced.", "Microsoft", "organization"),
])
def test_a_name_given_an_age_is_a_person(nlp, text, name, kind):
    actors = nlp(text)._.digest_actors
    hit = [a for a in actors if a["name"] in (name, f"Mr {name}")]
    assert hit and hit[0]["kind"] == kind
