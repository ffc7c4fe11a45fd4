"""Each rule of the registries that keeps a span out of the actors, on sentences written for it:
one where it must fire and one of the same shape where it must not. The rule is called on the
span directly, so the table tests the rule, not what the model happened to tag."""

from __future__ import annotations

import pytest

from generator.analyse import actors as act


def span_of(doc, text: str) -> tuple[int, int]:
    start = doc.text.index(text)
    span = doc.char_span(start, start + len(text), alignment_mode="expand")
    return span.start, span.end


CASES = [
    # (rule, sentence, span, fires)
    (act.no_capital_letter, "The board met the donors on Friday.", "the donors", True),
    (act.no_capital_letter, "The board met Oxfam on Friday.", "Oxfam", False),
    (act.numbered_designation, "The drug was moved to Schedule III last year.", "Schedule III", True),
    (act.numbered_designation, "Henry VIII married six times.", "Henry VIII", False),
    (act.award_name, "The Oscar-winning actor arrived late.", "Oscar", True),
    (act.award_name, "Oscar Pistorius arrived late.", "Oscar Pistorius", False),
    (act.model_designation, "The T-90 rolled into the square.", "T-90", True),
    (act.model_designation, "Putin rolled into the square.", "Putin", False),
    (act.web_address, "The story first ran on Politics1.com yesterday.", "Politics1.com", True),
    (act.web_address, "The story first ran on Politico yesterday.", "Politico", False),
    (act.handle_or_hashtag, "Fans used #Brexit all night.", "#Brexit", True),
    (act.handle_or_hashtag, "Fans cheered Brexit all night.", "Brexit", False),
    (act.idea_word, "Speakers condemned Islamophobia at the rally.", "Islamophobia", True),
    (act.idea_word, "Speakers condemned Russia at the rally.", "Russia", False),
    (act.time_zone, "The site went down at 15:11 GMT on Monday.", "GMT", True),
    (act.time_zone, "The site went down after BBC reports on Monday.", "BBC", False),
    (act.work_title, "She praised the film Sideways at length.", "Sideways", True),
    (act.work_title, "She praised the director Payne at length.", "Payne", False),
    (act.title_before_subtitle, "They gave a demonstration of Batman: Arkham VR on stage.", "Batman", True),
    (act.title_before_subtitle, "Kerry: we will talk to them.", "Kerry", False),
    (act.category_name, "Shares fell on the Nikkei index today.", "Nikkei", True),
    (act.category_name, "Shares fell at Nikkei today.", "Nikkei", False),
    (act.event_name, "She won the Google Science Fair in May.", "Google Science Fair", True),
    (act.event_name, "She joined the Google team in May.", "Google", False),
    (act.brand_on_goods, "The boy wore a NASA shirt to school.", "NASA", True),
    (act.brand_on_goods, "The boy wrote to NASA from school.", "NASA", False),
    (act.make_of_machine, "Two Hip troop-transport helicopters landed.", "Hip", True),
    (act.make_of_machine, "Two Russian officials landed.", "Russian", False),
]


@pytest.mark.parametrize("rule, text, span, fires", [c for c in CASES if c[3] is not None],
                         ids=[f"{c[0].__name__}-{'fires' if c[3] else 'silent'}" for c in CASES if c[3] is not None])
def test_each_non_entity_rule_fires_on_its_shape_only(nlp, rule, text, span, fires):
    doc = nlp(text)
    start, end = span_of(doc, span)
    assert bool(rule(doc, start, end)) is fires


@pytest.mark.parametrize("label, fires", [("GPE", True), ("ORG", False)])
def test_a_title_word_is_no_place_whatever_the_model_tags(nlp, label, fires):
    from spacy.tokens import Span

    doc = nlp("He called the Sheriff's office twice.")
    start, end = span_of(doc, "Sheriff")
    doc.ents = [Span(doc, start, end, label=label)]
    assert bool(act.title_word_as_place(doc, start, end)) is fires


def test_every_registered_rule_states_its_reason_and_has_a_sentence_here():
    covered = {c[0] for c in CASES} | {act.title_word_as_place}
    for rule in act.NON_ENTITY_RULES:
        assert rule.__doc__ and len(rule.__doc__.split()) >= 6, f"{rule.__name__} says no reason"
        assert rule in covered, f"{rule.__name__} has no sentence in this table"
    for rule in act.GROUP_RULES:
        assert rule.__doc__, f"{rule.__name__} says no reason"


@pytest.mark.parametrize(
    "text, found",
    [
        ("Regina Ip of the New People's Party said the law was needed.", ["Regina Ip"]),  # a person of an organisation
        ("Jeffrey Bewkes, the chief executive, said the deal was fair.", ["Jeffrey Bewkes"]),  # subject, apposition
        ("Virginia Beach voted on Tuesday.", []),  # a given name before a place word
        ("Grace Church opened its doors.", []),  # ... or before an organisation's head
        ("The town of Hope Springs welcomed them.", []),  # not the subject, no apposition, no title
    ],
)
def test_an_untagged_given_name_and_surname_is_a_person_where_the_sentence_says_so(nlp, text, found):
    doc = nlp(text)
    doc.ents = []  # the rule's own evidence only, whatever the model tagged
    assert [c.text for c in act.given_name_people(doc, [])] == found
