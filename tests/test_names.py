"""The names layer: what a name itself says about who it can be (gender, given name, surname)."""

import pytest

from generator.analyse import names as nm


@pytest.mark.parametrize(
    "name, gender",
    [
        ("Hillary Clinton", "f"),
        ("Bill Clinton", "m"),
        ("Mrs. Clinton", "f"),
        ("Ms. Zakharova", "f"),
        ("Mr. Kerry", "m"),
        ("Stephanie Ruhle", "f"),
        ("Elizabeth Warren", "f"),
        ("Chuck Schumer", "m"),
        # the name does not say: a surname alone, a given name used by both, a name the table lacks
        ("Clinton", None),
        ("Kim Jong-un", None),
        ("Obama", None),
        ("WikiLeaks", None),
    ],
)
def test_name_gender_comes_from_the_honorific_or_a_one_gender_given_name(name, gender):
    assert nm.name_gender(name) == gender


@pytest.mark.parametrize(
    "text, name",
    [
        ("[George H. W.] Bush", "George H. W. Bush"),
        ("George W.] Bush", "George W. Bush"),
        ("the [Phil] Gramm's", "Phil Gramm"),
        ("Phil Gramm", "Phil Gramm"),  # nothing to take away
        # a possessive, with any of the marks typed for the apostrophe
        ("Mr. Kerry's", "Mr. Kerry"),
        ("Donald Trump\u2019s", "Donald Trump"),
        ("Donald Trump\u2018s", "Donald Trump"),
        ("Women\u2019s Wear Daily", "Women\u2019s Wear Daily"),  # inside a name it stays
    ],
)
def test_square_brackets_an_editor_puts_in_a_name_are_not_part_of_it(text, name):
    assert nm.clean_name(text) == name


def test_a_lone_given_name_is_read_by_given_name_gender_only():
    # "Hillary" alone is a one-word name: name_gender leaves it to the caller, who knows whether
    # it is a given name or a surname in this article
    assert nm.name_gender("Hillary") is None
    assert nm.given_name_gender("Hillary") == "f"
    assert nm.given_name_gender("hillary") is None  # not written as a name


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("George H.W. Bush", "George W. Bush", False),
        ("George H. W. Bush", "George W. Bush", False),
        # an editor's brackets inside a name, where the model's span starts inside them
        ("George H. W.] Bush", "George W.] Bush", False),
        ("[George W.] Bush", "George W. Bush", True),
        ("Martin Luther King Jr.", "Martin Luther King Sr.", False),
        # a name without middle initials or a suffix says nothing either way
        ("George W. Bush", "George Bush", True),
        ("Joseph R. Biden Jr.", "Joseph Biden", True),
        ("Ashton B. Carter", "Ashton Carter", True),
    ],
)
def test_middle_initials_and_suffixes_tell_father_from_son(a, b, same):
    assert nm.same_full_name(a, b) is same
    assert nm.same_full_name(b, a) is same


@pytest.mark.parametrize(
    "a, b, same",
    [
        # letters for an honour, a degree or an office are no surname
        ("Daniel Bernoulli FRS", "Daniel Bernoulli", True),
        ("Jane Smith MP", "Jane Smith", True),
        ("Dr. John Doe PhD", "John Doe", True),
        # and they do not hide a generational suffix, nor make another surname the same
        ("Martin Luther King Jr. PhD", "Martin Luther King Sr.", False),
        ("Jane Smith MP", "Jane Jones MP", False),
    ],
)
def test_post_nominal_letters_are_not_part_of_the_name(a, b, same):
    assert nm.same_full_name(a, b) is same
    assert nm.same_full_name(b, a) is same


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("World Health Organisation", "World Health Organization", True),
        ("Promises Treatment Centre", "the Promises Treatment Center", True),
        ("Ministry of Defence", "Ministry of Defense", True),
        ("Promises Treatment Centre", "Promises Treatment Clinic", False),
        ("Labour", "Labor", False),  # a party's name, not a spelling of one word
        ("Mt Cook", "Mount Cook", True),
        ("Mt. Cook National Park", "Mount Cook National Park", True),
        ("Ft. Worth", "Fort Worth", True),
        ("Mount Cook", "Mount Sefton", False),
        ("St Louis", "Street Louis", False),  # "St" is Saint or Street: left as written
    ],
)
def test_organisation_keys_ignore_british_spelling_and_short_place_words(a, b, same):
    assert (nm.org_key(a) == nm.org_key(b)) is same


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Otto Jespersen", "Jens Otto Harry Jespersen", True),  # known by a middle name
        ("Woodrow Wilson", "Thomas Woodrow Wilson", True),
        ("Otto Larsen", "Jens Otto Harry Jespersen", False),  # the surname must agree
        ("Harry Wilson", "Thomas Woodrow Wilson", False),  # a first name found nowhere in the other
        ("Otto Harry", "Jens Otto Harry Jespersen", False),  # two middle names are no full name of him
    ],
)
def test_a_middle_name_and_the_surname_are_a_full_name(a, b, same):
    assert nm.same_full_name(a, b) is same
    assert nm.same_full_name(b, a) is same


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Zaha Hadid", "Zahā Ḥadīd", True),  # a transliteration with its accents
        ("José Mourinho", "Jose Mourinho", True),  # a keyboard without them
        ("Zaha Hadid", "Zara Hadid", False),  # a letter that differs is another name
        ("Søren Kierkegaard", "Soren Kierkegaard", False),  # ø is a letter of its own, not o with an accent
    ],
)
def test_names_compare_without_accents(a, b, same):
    assert nm.same_full_name(a, b) is same
    assert nm.same_full_name(b, a) is same


@pytest.mark.parametrize(
    "word, given, gender",
    [
        ("Hillary", True, "f"),
        ("Edward-Isaac", True, "m"),  # a double first name the table lacks: its first part's gender
        ("Anne-Laure", True, "f"),
        ("Will", True, None),  # a given name, whatever else it is
        ("The", False, None),  # the table lists it; capitalised at a line's start it is the article
        ("My", False, None),
    ],
)
def test_given_names_and_their_gender(word, given, gender):
    assert nm.is_given_name(word) is given
    assert nm.given_name_gender(word) == gender


def test_the_given_name_table_gives_the_librarys_own_answers(tmp_path):
    """names asks a table of gender-guesser's answers (analyse/given_names.py), not the library: every
    name of its file, as saved and read back, and words of any case, get the library's answer."""
    import gender_guesser.detector as gender_guesser

    from generator.analyse import given_names

    theirs = gender_guesser.Detector(case_sensitive=False)
    given_names.load_table(tmp_path)  # made and saved
    ours = given_names.load_table(tmp_path)  # read back
    assert len(ours) > 60_000
    assert ours == {name: theirs.get_gender(name) for name in theirs.names}
    for word in ("Hillary", "HILLARY", "bill", "Jean-Pierre", "Anne-Laure", "Obama", "Zzyzx", "The"):
        assert given_names.gender_answer(word) == theirs.get_gender(word), word
