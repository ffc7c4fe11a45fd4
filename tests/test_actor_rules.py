"""Each rule of the registries that keeps a span out of the actors, on sentences written for it:
one where it must fire and one of the same shape where it must not. The rule is called on the
span directly, so the table tests the rule, not what the model happened to tag."""

from __future__ import annotations

import pytest

from generator.analyse import actor_rules as rules
from generator.analyse import actors as act


def span_of(doc, text: str) -> tuple[int, int]:
    start = doc.text.index(text)
    span = doc.char_span(start, start + len(text), alignment_mode="expand")
    return span.start, span.end


CASES = [
    # (rule, sentence, span, fires)
    (rules.no_capital_letter, "The board met the donors on Friday.", "the donors", True),
    (rules.no_capital_letter, "The board met Oxfam on Friday.", "Oxfam", False),
    (rules.award_name, "The Oscar-winning actor arrived late.", "Oscar", True),
    (rules.award_name, "Oscar Pistorius arrived late.", "Oscar Pistorius", False),
    (rules.model_designation, "The T-90 rolled into the square.", "T-90", True),
    (rules.model_designation, "Putin rolled into the square.", "Putin", False),
    (rules.unit_after_number, "The player can hold 6GB of songs.", "GB", True),
    (rules.unit_after_number, "The player was made by 6 GB Audio staff.", "GB Audio", False),
    (rules.web_address, "The story first ran on Politics1.com yesterday.", "Politics1.com", True),
    (rules.web_address, "The story first ran on Politico yesterday.", "Politico", False),
    (rules.time_zone, "The site went down at 15:11 GMT on Monday.", "GMT", True),
    (rules.time_zone, "The site went down after BBC reports on Monday.", "BBC", False),
    (rules.work_title, "She praised the film Sideways at length.", "Sideways", True),
    (rules.work_title, "She praised the director Payne at length.", "Payne", False),
    (rules.owned_thing, "He conducted his Seventh Symphony in London in 1885.", "Seventh Symphony", True),
    (rules.owned_thing, "She never drives her Land Rover to work.", "Land Rover", True),
    (rules.owned_thing, "He conducted Dvorak in London in 1885.", "Dvorak", False),
    (rules.owned_thing, "He missed his Harrow friendships for years.", "Harrow", False),
    (rules.owned_thing, "Their Republican colleagues voted against the bill.", "Republican", False),
    (rules.owned_thing, "The senators did what our Founders intended.", "Founders", False),
    (rules.owned_thing, "The college called an emergency meeting of its Board of Trustees.", "Board of Trustees", False),
    (rules.owned_by_name, "Fans lined up to see Ash’s Pikachu at the show.", "Ash’s Pikachu", True),
    (rules.owned_by_name, "The brand sold Frank’s RedHot in every store.", "Frank’s RedHot", True),
    (rules.owned_by_name, "Fans lined up to see Ash Ketchum at the show.", "Ash Ketchum", False),
    (rules.made_work, "In 1937 he published Analytic Syntax with a new preface.", "Analytic Syntax", True),
    (rules.made_work, "She was praised for her role in Chasing Liberty.", "Chasing Liberty", True),
    (rules.made_work, "In 1937 he joined Analytic Press as an editor.", "Analytic Press", False),
    (rules.made_work, "The church publishes Freedom Magazine in Los Angeles.", "Freedom Magazine", False),
    (rules.made_work, "She won praise for her performance in Sheffield last year.", "Sheffield", False),
    (rules.made_work, "In March he wrote Christi Grimm, asking for the files.", "Christi Grimm", False),
    (rules.title_before_subtitle, "They gave a demonstration of Batman: Arkham VR on stage.", "Batman", True),
    (rules.title_before_subtitle, "Kerry: we will talk to them.", "Kerry", False),
    (rules.office_address, "Mr. Chair, I yield back the balance of my time.", "Chair", True),
    (rules.office_address, "Madam Speaker, the bill is good for families.", "Madam Speaker", True),
    (rules.office_address, "Mr. Chairman Nadler, I yield back my time.", "Nadler", False),
    (rules.office_address, "Ms. Walker, I yield back the balance of my time.", "Walker", False),
    (rules.title_alone, "He also killed Sgt. Hoyt Teasley outside the courthouse.", "Sgt", True),
    (rules.title_alone, "After the hearing the Sheriff said nothing.", "Sheriff", True),
    (rules.title_alone, "After the hearing Sheriff Lee Baca said nothing.", "Sheriff Lee Baca", False),
    (rules.title_alone, "Judge Rowland Barnes was killed in the courtroom.", "Rowland Barnes", False),
    (rules.title_alone, "The Tsar sent Gordon to Kiev with two regiments.", "Tsar", True),
    (rules.title_alone, "In 1690 the Empress granted him an estate.", "Empress", True),
    (rules.title_alone, "Tsar Peter sent Gordon to Kiev with two regiments.", "Tsar Peter", False),
    (rules.category_name, "Shares fell on the Nikkei index today.", "Nikkei", True),
    (rules.category_name, "Shares fell at Nikkei today.", "Nikkei", False),
    (rules.event_name, "She won the Google Science Fair in May.", "Google Science Fair", True),
    (rules.event_name, "She joined the Google team in May.", "Google", False),
    (rules.brand_on_goods, "The boy wore a NASA shirt to school.", "NASA", True),
    (rules.brand_on_goods, "The boy wrote to NASA from school.", "NASA", False),
    (rules.make_of_machine, "Two Hip troop-transport helicopters landed.", "Hip", True),
    (rules.make_of_machine, "Two Russian officials landed.", "Russian", False),
]


@pytest.mark.parametrize("rule, text, span, fires", [c for c in CASES if c[3] is not None],
                         ids=[f"{c[0].__name__}-{'fires' if c[3] else 'silent'}" for c in CASES if c[3] is not None])
def test_each_non_entity_rule_fires_on_its_shape_only(nlp, rule, text, span, fires):
    doc = nlp(text)
    start, end = span_of(doc, span)
    assert bool(rule(doc, start, end)) is fires


def test_every_registered_rule_states_its_reason_and_has_a_sentence_here():
    covered = {c[0] for c in CASES}
    for rule in rules.NON_ENTITY_RULES:
        assert rule.__doc__ and len(rule.__doc__.split()) >= 6, f"{rule.__name__} says no reason"
        assert rule in covered, f"{rule.__name__} has no sentence in this table"
    for rule in rules.GROUP_RULES:
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


@pytest.mark.parametrize(
    "text, people",
    [
        ("Critics loved Martin Scorsese’s Killers last year.", ["Martin Scorsese"]),  # the owner in full is the person
        ("Everyone praised Stella McCartney’s Mylo bag.", ["Stella McCartney"]),
        ("Fans lined up to see Ash’s Pikachu at the show.", []),  # a one-word owner: no certain person
        ("Bloomberg’s Mark Gurman said the phone was late.", ["Mark Gurman"]),  # a person after the owner
    ],
)
def test_a_person_span_with_an_owner_inside_keeps_only_a_person(nlp, text, people):
    found = [a["name"] for a in act.find_actors(nlp(text)) if a["kind"] == "person"]
    assert found == people
