"""Analyse: the fitted decisions of who is who, on the mention groups the rules propose.

Whether two groups of one article name the same actor ("Harvard" and "Harvard University",
"Daniel Bernoulli" and "Daniel Bernoulli FRS", "Pirates" and "Pittsburgh Pirates") weighs
evidence, so it is scored by weights fitted on the training file (`bench/fit_actors.py`
refits them into `coref_weights.json`), never by hand-ordered rules. Candidate pairs share a
name word or an acronym; each is scored, and pairs above the fitted threshold are joined best
first.

Hard constraints are rules, stated once in `conflict`: a group never joins one of another
gender, a full name never joins a full name with another given name ("Hillary" and "Bill"
Clinton), and a person never joins an organisation or a place. Where evidence conflicts the
groups stay apart: a wrong merge is worse than a split.

The features are plain numbers read off the Doc and the names layer; the weights file holds
numbers only (no article text). The data they were fitted on: GUM annotations, CC BY 4.0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from generator.analyse import doccache, fitted
from generator.analyse import names as nm
from generator.analyse.roles import ROLE_NOUNS, Role, find_role, is_role_noun
from generator.analyse.mentions import Group


WEIGHTS = Path(__file__).with_name("coref_weights.json")
# Function words inside a name that say nothing about who it names ("University of Paris").
LINK_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "at", "de", "du", "des", "la", "le", "del", "von", "van", "&"})
# Words a name of an organisation ends with: the names layer's heads, and the institutions and
# bodies a short form drops ("Harrow" of "Harrow School"), which for a whole name are too weak
# ("Group F", a "Network" show) to count as a head in actors.py.
ORG_HEAD_WORDS = nm.ORG_HEADS | frozenset({
    "co", "group", "school", "academy", "conservatory", "museum", "library", "club", "team", "league", "federation",
    "network", "centre", "center",
})


def _words(name: str) -> list[str]:
    return [w for w in nm.org_key(name).replace("-", " ").split() if w]


def _content(name: str) -> list[str]:
    return [w for w in _words(name) if w not in LINK_WORDS]


# --- the hard constraints -------------------------------------------------------------------


def group_gender(g: Group) -> str | None:
    """The gender a person group's own names state (honorific or one-gender given name), or None
    when they say nothing or disagree."""
    said = {nm.name_gender(f) for f in g.forms} - {None}
    return said.pop() if len(said) == 1 else None


def given_names(g: Group) -> set[str]:
    """First name words of the group's full names ("hillary" of "Hillary Clinton"). A first word
    in capitals ("AG Mukasey", "GOP Sen.") or an initial is a title or a label, not a given name."""
    out = set()
    for f in g.forms:
        words = nm.name_words(f)
        if len(words) >= 2 and not words[0].isupper() and len(words[0].rstrip(".")) > 1:
            out.add(nm.first_key(f))
    return out


def middle_names(g: Group) -> set[str]:
    """Words between the first and the last of the group's longer full names ("otto" and "harry"
    of "Jens Otto Harry Jespersen"): many people go by a middle name ("Otto Jespersen", "Woodrow
    Wilson" of "Thomas Woodrow Wilson"), so a given name found there is no conflict."""
    out: set[str] = set()
    for f in g.forms:
        words = nm.name_words(f)
        if len(words) >= 3 and not words[0].isupper():
            out.update(nm.fold(w) for w in words[1:-1])
    return out


def _institution_of_place(a: Group, b: Group) -> bool:
    """Is one of a place and an organisation the other's name plus institution words only
    ("Harvard" / "Harvard University")? Then the place mention names the institution. A city is
    not its sheriff, its team or its department ("Los Angeles" / "Los Angeles Sheriff")."""
    wa, wb = _content(_canonical(a)), _content(_canonical(b))
    short, long = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    rest = long[len(short):] if long[:len(short)] == short else []
    return bool(short) and bool(rest) and all(w in ORG_HEAD_WORDS for w in rest)


# How many times more often the main person must be named than anyone else a short form could
# be, for the short form to be theirs: a biography names its subject "Moreau" though it names her
# father "Anatole-Désiré Moreau" once.
DOMINANCE = 2


def dominant(groups: Sequence[Group]) -> Group | None:
    """The one group named at least DOMINANCE times as often as each other, if any."""
    ranked = sorted(groups, key=lambda g: -len(g.members))
    if len(ranked) == 1 or len(ranked[0].members) >= DOMINANCE * len(ranked[1].members):
        return ranked[0]
    return None


def titled_alike(short: Group, groups: Sequence[Group]) -> Group | None:
    """The one group whose full name carries the honorific the short form has ("Dr. Nelson" of
    "Dr. Alondra Nelson", beside a "Bill Nelson" never called doctor), if exactly one does."""
    titles = {nm.honorific(f) for f in short.forms} - {None}
    alike = [g for g in groups if titles & {nm.honorific(f) for f in g.forms}]
    return alike[0] if len(alike) == 1 else None


def _differ_after_of(a: Group, b: Group) -> bool:
    """Two organisations whose names differ only after "of" are two bodies ("Supreme Court of
    Canada" / "Supreme Court of Ghana"); "the Supreme Court" alone could be either."""
    wa, wb = _words(_canonical(a)), _words(_canonical(b))
    if "of" not in wa or "of" not in wb:
        return False
    ka, kb = wa.index("of"), wb.index("of")
    return wa[:ka] == wb[:kb] and wa[ka:] != wb[kb:]


def _body_words(g: Group) -> set[str]:
    """The words that say which body an organisation's name means: no link words, no legal form,
    and no plural "s" ("London Marathons" names the London Marathon)."""
    return {_singular(w) for w in _content(_canonical(g)) if w not in nm.LEGAL_FORMS}


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _different_bodies(a: Group, b: Group, places: frozenset[str]) -> bool:
    """Two organisations (or places: "North Dakota" / "South Dakota") named in two words or more,
    each with a word the other lacks, are two bodies ("Scottish Borders Council" / "Scottish Borders
    Enterprise", "Los Angeles Dodgers" / "Los Angeles Angels"). "Justice Department" is "Department
    of Justice", "Microsoft Corp" is "Microsoft Corporation", and "the Borders" alone could be any of
    them. A side whose extra words are only the article's places may be a branch of the other
    ("Creative Commons Africa" beside "the Creative Commons Community"), so that is no conflict."""
    wa, wb = _body_words(a), _body_words(b)
    if len(wa) < 2 or len(wb) < 2:
        return False
    only_a, only_b = wa - wb, wb - wa
    if not only_a or not only_b or only_a <= places or only_b <= places:
        return False
    return not _spelt_out(a, b) and not _spelt_out(b, a)


def _spelt_out(a: Group, b: Group) -> bool:
    """Does a capitals word of `a`'s name stand for words of `b`'s ("U.S. Congress" / "United States
    Congress", "UC Berkeley" / "University of California, Berkeley")?"""
    short = [w for w in nm.clean_name(_canonical(a)).split() if nm.is_acronym(w)]
    words = nm.clean_name(_canonical(b)).replace(",", " ").split()
    return any(nm.acronym_matches(w, " ".join(words[i:j])) for w in short
               for i in range(len(words)) for j in range(i + 2, len(words) + 1))


def place_words(groups: Sequence[Group]) -> frozenset[str]:
    """The words of the article's one-word place names, as `_body_words` spells them."""
    return frozenset(w for g in groups if g.kind == "place" for w in _body_words(g) if len(_content(_canonical(g))) == 1)


def conflict(a: Group, b: Group, places: frozenset[str] = frozenset()) -> bool:
    """May these two groups never be one actor? Kind, gender, given name and the parts that tell
    a father from a son, as rules; `places` are the article's place words (`place_words`)."""
    if (a.kind == "person") != (b.kind == "person"):
        return True
    if a.kind != b.kind:
        return not _institution_of_place(a, b)
    if a.kind != "person":
        return _differ_after_of(a, b) or _different_bodies(a, b, places)
    ga, gb = group_gender(a), group_gender(b)
    if ga and gb and ga != gb:
        return True
    if any(nm.different_relatives(x, y) for x in a.forms for y in b.forms):
        return True  # "George H.W. Bush" / "George W. Bush": father and son
    fa, fb = given_names(a), given_names(b)
    if fa and fb and not fa & fb and not fa & middle_names(b) and not fb & middle_names(a):
        # "Bill Clinton" / "Hillary Clinton"; "Pierre Charles L'Enfant" / "Peter Charles L'Enfant"
        # is one man in two languages, which the names alone cannot tell: they stay two
        return True
    return _different_surnames(a, b)


def _surname_words(g: Group) -> list[set[str]]:
    """For each full name of the group, its name words as surname keys."""
    out = []
    for f in g.forms:
        words = nm.name_words(f)
        if len(words) >= 2 and not words[0].isupper():
            out.append({nm.surname_key(w) for w in words})
    return out


def _different_surnames(a: Group, b: Group) -> bool:
    """Two full names with no given name in conflict whose surnames differ are two people ("Pierre
    Joseph" and "Pierre Charles L'Enfant", father and son). A surname the other name holds
    anywhere is no conflict: "Gabriel García" is "Gabriel García Márquez", "Pierre Charles" may be
    "Pierre Charles L'Enfant"."""
    full_a, full_b = _surname_words(a), _surname_words(b)
    if not full_a or not full_b:
        return False
    last = [nm.last_key(f) for f in a.forms if nm.is_full_name(f)]
    other = [nm.last_key(f) for f in b.forms if nm.is_full_name(f)]
    return not any(x in words for x in last for words in full_b) and not any(y in words for y in other for words in full_a)


# --- features ---------------------------------------------------------------------------------


def _canonical(g: Group) -> str:
    return nm.canonical_name(g.forms)


def _lower_elsewhere(doc: Doc, words: Sequence[str]) -> float:
    """Share of the name's content words the article also writes in lower case: a capitalised
    common word ("Symphony", "Career", "Frames") rather than a name."""
    if not words:
        return 0.0
    lower = _lower_words(doc)
    return sum(w in lower for w in words) / len(words)


def _lower_words(doc: Doc) -> frozenset[str]:
    """The article's lower-case words, read once per Doc (kept beside the Doc, never on it:
    a Doc crosses processes as bytes)."""
    return doccache.memo(doc, "lower words", lambda: frozenset(w for w in doccache.word_forms(doc) if w.isalpha() and w.islower()))


# Last words of the names of places: the ones below, and some that are surnames too ("Ricki Lake",
# "Michael Bay"), which only make an untagged run no person's name (actors.given_name_people).
PLACE_HEAD_WORDS = frozenset({"beach", "valley", "lake", "bay", "park", "hall", "station", "falls", "springs", "heights",
                              "hills", "island", "islands", "city", "town", "village", "state", "mountain", "mountains",
                              "street", "lane", "drive", "tower", "church", "cathedral"})
# Common nouns of the places a name may follow as "the town of X": the name is then a place's.
PLACE_NOUNS = frozenset({"town", "city", "village", "hamlet", "province", "region", "county", "district", "island",
                         "state", "municipality", "prefecture", "commune", "borough", "suburb"})
# Last words of names no person's name ends with ("Castlefrank Road", "Hudson River", "Kings County";
# not "Hall", "Park", "Lake", "Bay" or "Lane", which are surnames too): a hard constraint on kind.
NEVER_PERSON_HEADS = frozenset({"road", "street", "avenue", "boulevard", "highway", "bridge", "river", "cave", "county",
                                "province", "airport", "square", "hills", "valley", "creek", "canyon", "heights", "springs"})


# Last words of organisations' names that are no one's surname ("Betty Ford Center"; not "Court",
# "Church" or "Post", which are): a hard constraint on kind, like NEVER_PERSON_HEADS.
NEVER_PERSON_ORG_HEADS = frozenset({"center", "centre", "university", "college", "institute", "foundation", "hospital",
                                    "clinic", "company", "corporation", "association", "society", "museum", "academy",
                                    "agency", "ministry", "council", "committee", "commission", "school", "tech"})


def settle_kinds(doc: Doc, groups: Sequence[tuple[Group, Role | None]]) -> None:
    """A "person" whose name ends in a road's, a river's or a county's head word is a place, and
    one whose name ends in an organisation's head word no surname has is an organisation.

    (A fitted three-way kind model was tried here: at the threshold that made the most groups'
    kinds right on the training file it also made "Marks and Spencer" a person, and at a safe
    threshold it changed no group of the training file, so it did not earn its place.)"""
    named = [(g, _content(_canonical(g))) for g, _role in groups]
    for g, words in named:  # the hard constraints first: the evidence below reads the people they leave
        if g.kind == "person" and _place_head(words):
            g.kind = "place"
        elif g.kind == "person" and _org_head(words):
            g.kind = "organization"
    people = [g for g, _words in named if g.kind == "person"]
    for g, words in named:
        may_be_person = g.kind != "person" and not _place_head(words) and not _org_head(words)
        if may_be_person and (g.kind == "organization" and is_person_by_given_name(doc, g) or is_person_by_short_form(g, people)
                              or is_given_name_of_person(g, people)):
            g.kind = "person"
        elif may_be_person and (is_person_by_title(doc, g) or is_person_by_office(doc, g) or is_person_by_who(doc, g)):
            g.kind = "person"
        elif g.kind != "place" and is_place_by_noun(doc, g):
            g.kind = "place"
    # the people the evidence above made ("Nikki Haley" after "contender Nikki Haley") are people
    # whose short forms and given names ("Farmers for Nikki") the organisations left may be
    people = [g for g, _words in named if g.kind == "person"]
    for g, words in named:
        if (g.kind != "person" and not _place_head(words) and not _org_head(words)
                and (is_person_by_short_form(g, people) or is_given_name_of_person(g, people))):
            g.kind = "person"


def _place_head(words: list[str]) -> bool:
    """Does the name end in a word no person's name ends in ("Beverly Hills", "King Street")?"""
    return len(words) >= 2 and words[-1] in NEVER_PERSON_HEADS


def _org_head(words: list[str]) -> bool:
    """Does the name end in an organisation's head word no surname is ("Betty Ford Center", "Virginia Tech")?"""
    return len(words) >= 2 and words[-1] in NEVER_PERSON_ORG_HEADS


def is_place_by_noun(doc: Doc, g: Group) -> bool:
    """A name the article calls "the town of X" or "the province of X" is a place, whatever the
    model tagged it ("the southeastern town of Uhersky Brod" as a person). A name that opens with
    a given name or a title ("the city of King David") may still be the person a place is named for."""
    first = nm.name_words(_canonical(g))[:1]
    if not first or nm.given_name_gender(first[0]) is not None or first[0].casefold() in ROLE_NOUNS:
        return False
    return any(m.start > 1 and doc[m.start - 1].lower_ == "of" and doc[m.start - 2].lower_ in PLACE_NOUNS
               and doc[m.start - 2].is_lower for m in g.members)


def is_person_by_title(doc: Doc, g: Group) -> bool:
    """A name written after "Gov.", "Sen." or "Mr." is a person's, whatever the model tagged it:
    it tags a surname alone ORG or GPE where the sentence says little ("Gov. Hochul vetoes ...")."""
    return any(m.start > 0 and nm.is_person_abbreviation(doc[m.start - 1].text)
               or m.end - m.start > 1 and nm.is_person_abbreviation(doc[m.start].text) for m in g.members)


def is_person_by_office(doc: Doc, g: Group) -> bool:
    """A name the model tags a person at least once, and the article writes after an office in
    capitals ("Former President Trump", "Secretary Blinken"), is a person's, however the model
    tagged its other mentions (it tags a surname alone ORG as often as PERSON where no full name
    is given). An office before a name the model never calls a person ("Captain America", "General
    Motors") says nothing."""
    return (any(doc[m.start].ent_type_ == "PERSON" for m in g.members)
            and any(m.start > 0 and doc[m.start - 1].text[:1].isupper() and is_role_noun(doc[m.start - 1])
                    for m in g.members))


# Singular verbs after "X, who": a person is "who is"; a team or a band is "who are" in British
# writing, and a company "which is" everywhere.
SINGULAR_AFTER_WHO = frozenset({"is", "was", "has", "does", "'s", "\u2019s"})


def is_person_by_who(doc: Doc, g: Group) -> bool:
    """A name followed by ", who is", ", who was" or ", who has" is a person's ("McIlroy, who is
    third in the European rankings", tagged ORG). Teams and bands take "who are" and companies
    "which", so a singular verb after "who" is the evidence, not "who" alone; and a name after a
    preposition leaves "who" to the person it belongs to ("a consultant from New York, who was",
    "a professor at Columbia University, who has")."""
    return any(m.end + 2 < len(doc) and doc[m.end].text == "," and doc[m.end + 1].lower_ == "who"
               and doc[m.end + 2].lower_ in SINGULAR_AFTER_WHO and doc[m.start:m.end].root.dep_ != "pobj"
               for m in g.members)


def is_person_by_short_form(g: Group, people: Sequence[Group]) -> bool:
    """An "organisation" whose name is a given name of one gender and a surname, which the
    article also calls a person by that given name or surname alone ("Britney Spears" ...
    "Britney said"), is that person. A name with a link word or an organisation's head word
    ("Marks and Spencer", "Walt Disney Company") never is."""
    name = _canonical(g)
    words = _words(name)
    if not 2 <= len(words) <= 3 or any(w in LINK_WORDS or w in ORG_HEAD_WORDS for w in words):
        return False
    if nm.given_name_gender(nm.name_words(name)[0]) is None:
        return False
    short = {words[0], words[-1]}
    return any(len(_words(_canonical(p))) == 1 and _words(_canonical(p))[0] in short for p in people)


def is_given_name_of_person(g: Group, people: Sequence[Group]) -> bool:
    """An "organisation" named by one word that is a given name of one gender and the given name
    of a person the article names in full ("Daniel" beside "Daniel Bernoulli") is that person
    called by the given name: the model tags a lone given name ORG where the sentence says little.
    A word in capitals ("GM") or one the article's full names do not start with is left alone."""
    name = _canonical(g)
    words = _words(name)
    if len(words) != 1 or name.isupper():
        return False
    word = nm.name_words(name)
    if len(word) != 1 or nm.given_name_gender(word[0]) is None:
        return False
    return any(nm.fold(word[0]) in given_names(p) for p in people)


def is_person_by_given_name(doc: Doc, g: Group) -> bool:
    """An "organisation" named by exactly a given name of one gender and a surname ("saved by
    Thibaut Courtois", "founded by Dean Kamen") is a person: the model tags such names ORG when
    the sentence around them says little. Evidence against keeps it an organisation: a link word
    or an organisation's head word, a first word that is a title ("General Assembly") or in
    capitals ("AI Taiwan"), a mention written after "the" ("the Houston Astros": no one writes
    "the Thibaut Courtois"), or a mention the model itself did not tag ORG."""
    words = nm.clean_name(_canonical(g)).split()
    if len(words) != 2 or any(w.casefold() in LINK_WORDS or w.casefold() in ORG_HEAD_WORDS for w in words):
        return False
    if not all(m.label == "ORG" for m in g.members):
        return False
    first = words[0]
    the = any(doc[m.start].lower_ == "the" or m.start > 0 and doc[m.start - 1].lower_ == "the" for m in g.members)
    return nm.given_name_gender(first) is not None and not first.isupper() and first.casefold() not in ROLE_NOUNS and not the


def _fits_word_run(short: list[str], long: list[str]) -> tuple[bool, bool, bool]:
    """Is `short` a prefix, a suffix, or any run of whole words of `long`?"""
    k = len(short)
    if not k or k >= len(long):
        return False, False, False
    prefix = long[:k] == short
    suffix = long[-k:] == short
    inside = any(long[i:i + k] == short for i in range(len(long) - k + 1))
    return prefix, suffix, inside


def join_features(doc: Doc, a: Group, b: Group, alternatives: int) -> dict[str, float]:
    """Evidence that two groups of one article name one actor; `a` is the one with fewer words."""
    na, nb = _canonical(a), _canonical(b)
    wa, wb = _content(na), _content(nb)
    prefix, suffix, inside = _fits_word_run(wa, wb)
    rest = [w for w in wb if w not in wa]
    person = a.kind == "person"
    fa, fb = nm.name_words(na), nm.name_words(nb)
    same_last = bool(fa and fb) and nm.surname_key(fa[-1]) == nm.surname_key(fb[-1])
    same_first = bool(fa and fb) and fa[0].casefold() == fb[0].casefold()
    return {
        "both_person": float(person),
        "both_org": float(a.kind == b.kind == "organization"),
        "org_place": float(a.kind != b.kind),
        "short_one_word": float(len(wa) == 1),
        "prefix": float(prefix),
        "suffix": float(suffix),
        "inside": float(inside and not prefix and not suffix),
        "same_words": float(wa == wb),
        "same_last": float(same_last),
        "same_first_only": float(same_first and not same_last),
        "acronym": float(nm.acronym_matches(na, nb) or nm.acronym_matches(nb, na)),
        "spelling": SequenceMatcher(None, nm.org_key(na), nm.org_key(nb)).ratio(),
        "rest_org_head": float(bool(rest) and all(w in ORG_HEAD_WORDS for w in rest)),
        "rest_lower_elsewhere": _lower_elsewhere(doc, rest),
        "alternatives": float(alternatives),
        "log_gap": math.log1p(abs(b.first - a.first) / 100),
        "short_first": float(a.first < b.first),
        "log_mentions_short": math.log1p(len(a.members)),
        "log_mentions_long": math.log1p(len(b.members)),
        "short_label_differs": float({m.label for m in a.members}.isdisjoint({m.label for m in b.members})),
    }


def join_candidates(groups: Sequence[Group]) -> list[tuple[int, int, int]]:
    """Pairs (i, j, alternatives) of groups that share a content word or an acronym, at least one
    of them a person or an organisation; i has fewer words. `alternatives` counts the other
    groups the shorter one shares a word with."""
    # two places are left as the rules grouped them: "Australia" is not "South Australia"
    names = [_canonical(g) for g in groups]
    sizes = [len(_words(n)) for n in names]
    letters = [nm.clean_name(n).replace(".", "") for n in names]
    acr = [nm.acronym(n) for n in names]
    # an inverted index of content words and acronyms, so an archive's long articles stay linear
    index: dict[str, set[int]] = {}
    for i, n in enumerate(names):
        for key in set(_content(n)) | ({"=" + acr[i]} if acr[i] else set()):
            index.setdefault(key, set()).add(i)
    shares: dict[int, set[int]] = {i: set() for i in range(len(groups))}
    for i in range(len(groups)):
        near = set().union(*(index.get(w, set()) for w in _content(names[i]))) | index.get("=" + letters[i], set())
        for j in near - {i}:
            if groups[i].kind == groups[j].kind == "place":
                continue
            shares[i].add(j)
            shares[j].add(i)
    out = []
    for i, others in shares.items():
        for j in others:
            if (sizes[i], i) < (sizes[j], j):
                out.append((i, j, len(shares[i]) - 1))
    return sorted(out)


# --- the fitted model -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def weights() -> dict[str, Any]:
    """The committed weights, or an empty model (every decision says "as the rules had it")."""
    return fitted.load(WEIGHTS) or {}


def decide(doc: Doc, groups: list[tuple[Group, Role | None]], model: dict[str, Any] | None = None) -> list[tuple[Group, Role | None]]:
    """Settle each group's kind, then join the groups that name one actor under `model` (the
    committed weights unless a refit passes its own). Without weights the groups pass as the
    rules made them."""
    people = {id(g) for g, _r in groups if g.kind == "person"}
    settle_kinds(doc, groups)
    # a group the kinds made a person now has its role looked for, as the rules do for people
    groups = [(g, r if r or g.kind != "person" or id(g) in people else first_role(doc, g)) for g, r in groups]
    model = weights() if model is None else model
    return join_groups(doc, groups, model["join"]) if model.get("join") else groups


def first_role(doc: Doc, g: Group) -> Role | None:
    """The role stated at the group's first mention that states one ("Gov. Hochul")."""
    return next((r for m in sorted(g.members, key=lambda m: m.start_char) if (r := find_role(doc, m.start, m.end))), None)


def join_groups(doc: Doc, groups: list[tuple[Group, Role | None]], model: dict[str, Any]) -> list[tuple[Group, Role | None]]:
    """Best-first joining of candidate pairs above the threshold, each join checked against the
    hard constraints on the joined groups as they then stand."""
    only = [g for g, _r in groups]
    places = place_words(only)
    scored = []
    partners: dict[int, list[int]] = {}
    for i, j, alternatives in join_candidates(only):
        if conflict(only[i], only[j], places):
            continue
        partners.setdefault(i, []).append(j)
        p = fitted.probability(model, join_features(doc, only[i], only[j], alternatives))
        if p >= model["threshold"]:
            scored.append((-p, i, j))
    # a shorter name that two people could be, who can never be one ("Clinton" beside "Bill
    # Clinton" and "Hillary Clinton"), is ambiguous: it joins neither and stays a surname of its own
    # unless one of them is the article's main subject (see `dominant`)
    ambiguous = {i: titled_alike(only[i], [only[j] for j in js]) or dominant([only[j] for j in js]) for i, js in partners.items()
                 if any(conflict(only[x], only[y], places) for k, x in enumerate(js) for y in js[k + 1:])}
    scored = [(p, i, j) for p, i, j in scored
              if i not in ambiguous or ambiguous[i] is not None and only[j] is ambiguous[i]]
    if not scored:
        return groups
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    merged = {i: only[i] for i in range(len(only))}
    roles = {i: r for i, (_g, r) in enumerate(groups)}
    for _p, i, j in sorted(scored):
        ri, rj = find(i), find(j)
        if ri == rj or conflict(merged[ri], merged[rj], places):
            continue
        keep, gone = min(ri, rj), max(ri, rj)
        if merged[keep].kind != merged[gone].kind:  # "Harvard" (place) and "Harvard University"
            merged[keep].kind = "organization"
        merged[keep].members.extend(merged[gone].members)
        merged[keep].members.sort(key=lambda m: m.start_char)
        roles[keep] = roles[keep] or roles[gone]
        parent[gone] = keep
    return [(merged[i], roles[i]) for i in range(len(groups)) if find(i) == i]
