"""The names-layer pieces speaker choice rests on: the hard constraints, the display name,
given names and name matching."""

from __future__ import annotations

import pytest

from generator.analyse.names import is_given_name, match_words, one_edit, title_gender, without_prefix
from generator.analyse.roles import ROLE_NOUNS
from generator.analyse.speakers import compatible


@pytest.mark.parametrize(
    ("pronoun", "label", "gender", "kw", "ok"),
    [
        ("she", "PERSON", "f", {}, True),
        ("she", "PERSON", None, {}, True),  # the name says nothing: no clash
        ("she", "PERSON", "m", {}, False),  # the other gender
        ("he", "ORG", None, {}, False),  # an organisation is never "he"
        ("she", "GPE", None, {}, False),
        ("she", "ORG", None, {"is_person_name": True}, True),  # a person the model tagged ORG once
        ("they", "PERSON", None, {}, False),  # never one person
        ("they", "PERSON", None, {"is_group": True}, True),  # "Obama and Clinton ... they"
        ("they", "ORG", None, {}, True),
        ("it", "PERSON", None, {}, False),
        ("it", "ORG", None, {}, True),
    ],
)
def test_hard_constraints(pronoun, label, gender, kw, ok):
    assert compatible(pronoun, label, gender, **kw) is ok


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Comedian Sarah Silverman", "Sarah Silverman"),
        ("Rabbi Rick Jacobs", "Rick Jacobs"),
        ("Breitbart’s Joel Pollak", "Joel Pollak"),
        ("Billionaire Donald Trump", "Donald Trump"),
        # a place before the occupation goes with it
        ("Phoenix Mayor Greg Stanton", "Greg Stanton"),
        ("Supreme Court Justice Ruth Bader Ginsburg", "Ruth Bader Ginsburg"),
        # negatives: a given name, a short name or no given name after stays whole
        ("Tyler Perry Jones", "Tyler Perry Jones"),
        ("Walker Percy Smith", "Walker Percy Smith"),
        ("Hillary Rodham Clinton", "Hillary Rodham Clinton"),
        ("Peter Cook", "Peter Cook"),
        ("Trump’s Tower Manila", "Trump’s Tower Manila"),
        ("New York Mets Poet", "New York Mets Poet"),  # no given name after the role word
        ("Rio Grande Valley Sheriff Office", "Rio Grande Valley Sheriff Office"),
    ],
)
def test_without_prefix(name, shown):
    assert without_prefix(name, ROLE_NOUNS) == shown


def test_names_layer_helpers():
    assert match_words("Sen. Obama's") == ["obama"]
    assert match_words("Ashton B. Carter") == ["ashton", "carter"]
    assert one_edit("mcclenney", "mclenney") and one_edit("kim", "kin")  # (speakers asks for 6+ letters)
    assert not one_edit("clinton", "clayton")
    assert title_gender("Mrs.") == "f" and title_gender("King") == "m" and title_gender("Senator") is None
    assert is_given_name("Tyler") and not is_given_name("Filmmaker")
