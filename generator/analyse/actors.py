"""Analyse: a parsed Doc -> the article's actors, as the plain dicts of `doc._.digest_actors`.

In: a Doc with entities and a parse, and the names of the article's staff.
Out: one dict per real person, organisation or place (shape documented in
`components/__init__.py`), with every mention as doc character offsets.

The steps, each a plain function:
1. `entity_candidates`: the model's entities, cleaned ("the", "'s", a credit
   label run into the name) and filtered by the registered rules of
   `actor_rules.py`, each saying why a span is not an actor (a model designation
   like "T-90"; the make of a vehicle, "Hip troop-transport helicopters").
2. `alias_candidates`: names the article itself declares equal ("the Islamic
   State, also known as ISIS or ISIL"; "World Health Organisation (WHO)").
3. `group_people` / `group_organisations`: mentions -> groups (the fullest
   name, its short forms; two people who share a surname stay apart).
4. roles (`roles.py`), staff (byline, photographer, contributors kept out
   unless quoted in the text as a source), references (`references.py`:
   "he", "the spokeswoman").
5. `coref.decide`: the fitted joins of the groups that name one actor, under the
   hard constraints of the names layer (kind, gender, given names).

The data (`Candidate`, `Group`) lives in `mentions.py`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher

from spacy.tokens import Doc, Token

from generator.analyse import coref
from generator.analyse.actor_rules import EVENT_HEADS, GROUP_RULES, MACHINE_REASON, non_entity_reason
from generator.analyse.mentions import KIND_ORDER, KINDS, Candidate, Dropped, Group, candidate_at, whole_word_matches
from generator.analyse import names as nm
from generator.analyse.names import ORG_HEADS
from generator.analyse.quotes import title_cased
from generator.analyse.references import find_references
from generator.analyse.roles import TITLE_LINKS, Role, is_role_noun, title_before
from generator.analyse.doccache import entities, sentences, word_forms
from generator.analyse import doccache
from generator.slugs import slugify_id

# Words that label a picture credit: "Image: Twitter / NASA." (GUM), "Pool photo by
# Evan Vucci" (seed). Names after them credit a picture; they are not what the text is about.
CREDIT_LABELS = frozenset({"image", "images", "photo", "photos", "photograph", "picture", "credit", "credits", "video"})
# How far back (tokens, same line) a credit label may stand before a credited name.
CREDIT_REACH = 8
COMMON_WORD_REASON = "a common word capitalised at the start of a sentence"
# Verbs and marks that make a sentence a source's: a staff name in such a sentence is quoted, so
# an actor there (the issue: "a byline name that also appears in the text as a source").
SPEECH_WORDS = frozenset({"said", "says", "say", "told", "tells", "added", "adds", "according", "asked", "explained",
                          "stated", "wrote", "writes", "noted", "argued", "insisted", "claimed", "warned", "confirmed"})
# How often an untagged proper name must recur to be taken as a name (see `untagged_names`).
# Once is too weak (a capitalised common word); two was chosen on the dev file.
UNTAGGED_MIN_REPEATS = 2
# Common nouns for organisations that a reporter puts right before one's name: "the company
# Hitwise" (GUM news_hackers), "the charity Oxfam", "the newspaper Le Monde". Guarded by bench/actors.py.
# "US team Cloud9 and Immortals" (GUM news_expo), "the clubs Arsenal and Chelsea": a team or a
# club is an organisation too, and so is each name of a list that follows the noun (see
# `follows_org_noun`).
ORG_NOUNS = frozenset({"company", "firm", "charity", "newspaper", "magazine", "broadcaster", "agency", "group", "bank",
                       "retailer", "airline", "carmaker", "startup", "publisher", "network", "organisation",
                       "organization", "party", "union", "club", "website", "team"})
# How many capitalised words a listed name before "and" or a comma may have for the name after it
# to share the organisation noun in front ("the companies Apple, Google and Amazon").
ORG_LIST_NAME_WORDS = 3
# Of those nouns, the ones a pair of people can form too ("husband and wife economist team Jim
# and Margaret Cuthbert", BBC politics): a name the model tags PERSON after one stays a person.
PEOPLE_GROUP_NOUNS = frozenset({"team"})
# Head words that open an organisation's name in other languages, so a name that starts with one
# is an organisation whatever the model tags it: "Instituto Gonzaga" (GUM news_taxes, tagged
# PERSON), "Banco Santander", "Universidad de Chile". A category list; guarded by tests.
LEADING_ORG_HEADS = frozenset({"instituto", "istituto", "institut", "universidad", "università", "universita",
                               "université", "universite", "universität", "universitat", "universidade", "colegio",
                               "collège", "liceo", "lycée", "banco", "banca", "banque", "fundación", "fundacion",
                               "fondazione", "fondation", "stiftung", "ministerio", "ministero", "ministère",
                               "partido", "partito", "movimento", "movimiento", "compagnie", "compañía", "società",
                               "société", "sociedad", "associazione", "asociación", "hospital", "ospedale"})
# Jobs that tie a person to an organisation when written between its name and theirs
# ("Facebook co-founder Mark Zuckerberg", "Zentrix chief executive Maria Lopez"). Left out:
# jobs on a film or show ("director", "star", "producer", "judge", "creator"), whose name before
# them is a work's. Guarded by bench/actors.py and tests/test_actors.py.
EMPLOYEE_ROLES = frozenset({"founder", "co-founder", "cofounder", "owner", "chief", "executive", "ceo", "cfo", "coo",
                            "chairman", "chairwoman", "chairperson", "president", "spokesman", "spokeswoman",
                            "spokesperson", "employee", "staffer", "official", "analyst", "economist", "boss",
                            "manager", "engineer", "researcher", "scientist", "lawyer", "executive"})
# Lower-case words that name a part of a place: "children in mainland Australia" (GUM news_iodine),
# "the memorial near downtown Taipei" (GUM news_lanterns), "rebels in northern Syria". The part is a
# place of its own ("mainland Australia"), not a mention of the whole country or city; written
# capitalised ("South Australia", "Northern Ireland") it is already a name the model reads whole.
# Guarded by bench/actors.py (merge_precision) and tests/test_actors.py.
PART_OF_PLACE_WORDS = frozenset({"mainland", "downtown", "uptown", "midtown", "central", "northern", "southern", "eastern",
                                 "western", "northeastern", "northwestern", "southeastern", "southwestern", "rural",
                                 "coastal", "inner", "outer", "suburban", "metropolitan", "greater", "upstate"})
# How many names make a list whose members share a kind (see `list_labels`): with two, "France
# and Microsoft" would make France a company. Guarded by bench/actors.py (people_org_f1).
LIST_MIN_ITEMS = 3
# Labels of numbers and times, never a name whatever list they stand in ("on the first
# Christmas, Mary and Joseph ...": a date before two people is no third person).
NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
# Longest text between two names of a list, in characters: ", and " plus an untagged first word
# or two of the next name ("Doctor Who" before "Society of Canada"). Only a shortcut for speed.
LIST_GAP_CHARS = 40
# Phrases that introduce the name someone goes by: "a user labelled "Anonymous"" (GUM
# news_hackers), "a cosplayer going by the name "The Katherinator"" (GUM news_expo), "a hacker
# group calling itself "Lizard Squad"". The model tags such a quoted name as a work or not at all.
NAMING_PHRASES = (("called",), ("named",), ("labelled",), ("labeled",), ("dubbed",), ("nicknamed",), ("known", "as"),
                  ("going", "by", "the", "name"), ("goes", "by", "the", "name"), ("under", "the", "name"),
                  ("calling", "itself"), ("calling", "himself"), ("calling", "herself"), ("calling", "themselves"))
# Nouns for who may go by such a name; the name of anything else ("a website called "Insurgency
# Wiki"", "a film called "Sideways"") is not an actor's. People first, then groups (with the
# common nouns for organisations, ORG_NOUNS: "a charity called "Better Lives"").
# Guarded by bench/actors.py (people_org_f1) and tests/test_actors_round3.py.
ALIAS_PERSON_NOUNS = frozenset({"user", "person", "man", "woman", "boy", "girl", "cosplayer", "hacker", "blogger",
                                "poster", "artist", "rapper", "singer", "performer", "wrestler", "activist", "player",
                                "gamer", "streamer", "author", "writer", "vigilante", "individual", "member", "fan"})
ALIAS_GROUP_NOUNS = frozenset({"group", "collective", "gang", "band", "movement", "organisation", "organization",
                               "network", "militia", "faction", "cell", "crew", "team", "outfit"})
# Nouns for a government named after whom it leads: "the Monti government" (GUM news_taxes), "the
# Obama administration", "the Blair cabinet". The capitalised word before one, after "the", is the
# leader's surname. Guarded by bench/actors.py (people_org_f1) and tests/test_actors_round3.py.
LEADER_NOUNS = frozenset({"government", "administration", "cabinet", "regime", "presidency", "premiership", "junta"})
# Words for parties and blocs that stand where a leader's name would ("the Tory government", "the
# Labour administration"): the model tags them NORP or ORG like a misread surname. A category list.
PARTY_WORDS = frozenset({"tory", "tories", "labour", "labor", "liberal", "conservative", "socialist", "communist",
                         "green", "coalition", "democratic", "republican", "nationalist", "unionist", "military"})
# Longest name read after a naming phrase, in words.
ALIAS_MAX_WORDS = 5
# Written things whose author follows "by": "a paper by AS Heagle" (GUM news_warming). Guarded by
# bench/actors.py (people_org_f1) and tests/test_actors_round3.py.
AUTHORED_NOUNS = frozenset({"paper", "papers", "article", "articles", "study", "report", "book", "essay", "letter",
                            "column", "op-ed", "blog", "post", "memoir", "novel", "biography", "thesis", "analysis"})
# Prepositions that rank one thing against another: "the #2 browser after Firefox", "behind
# Safari" (GUM news_ie9). See `ranked_with_products`.
RANKING_PREPS = frozenset({"after", "behind", "than"})
# Words after which a town is a location, so a region after it is its locator ("schools in
# Livorno, Tuscany"). See `absorb_locators`.
LOCATIVE_WORDS = frozenset({"in", "at", "from", "near", "outside", "to", "into"})
# A misspelt surname: how alike two surnames must be ("Bauchtman" / "Buchtmann" is 0.89;
# "Stevens" / "Stephens" is 0.8 and stays apart) and how long, so short names that differ by a
# letter ("Smith" / "Smyth") are never joined. Guarded by bench/actors.py (merge_precision,
# merge_recall) and tests/test_actors.py.
MISSPELLING_RATIO = 0.85
MISSPELLING_MIN_CHARS = 7
# What an organisation publishes: a run that owns one ("PC World's recent analysis", GUM news_ie9)
# is a name. Guarded by bench/actors.py and tests/test_actors.py.
FINDINGS_NOUNS = frozenset({"analysis", "report", "study", "survey", "poll", "research", "figures", "data", "statement",
                            "investigation", "audit", "review", "findings", "forecast", "index"})
# How many lower-case words may stand between an employer and a person's name
# ("Apple chief executive Tim Cook" is two). Guarded by bench/actors.py and tests/test_actors.py.
AFFILIATION_REACH = 3
# Share of capitalised words that makes a line a headline (see `title_case_lines`).
HEADLINE_CAPS = 0.7
# Shortest form worth looking for again in the text ("UN" would hit too much).
SWEEP_MIN_CHARS = 4
QUOTE_MARKS = "\"\u201c\u201d"
# Verbs of a match: a place that is their subject or object is a team (see `team_uses`).
SPORT_VERBS = frozenset({"beat", "beats", "defeated", "defeat", "defeats", "won", "win", "wins", "lost", "lose", "loses",
                         "drew", "scored", "score", "scores", "faced", "conceded", "equalised", "equalized", "thrashed",
                         "edged", "routed", "eliminated", "knocked"})
# A story is a match report when it gives a score ("1 – 0") and at least MIN_TEAMS places are
# used as teams; "France won the vote" and "Britain faced a choice" in a political story flip
# nothing. Guarded by bench/actors.py (people_org_f1) and tests/test_actors.py.
MIN_TEAMS = 2
MATCH_SCORE = re.compile(r"(?<![\d,.])\d{1,2} ?[\u2013-] ?\d{1,2}(?![\d,.%])")
# Last words of a name whose first words alone also name it: "Microsoft Corp" / "Microsoft",
# "Freedom Magazine" / "Freedom" (GUM news_defector).
CORPORATE_SUFFIXES = nm.LEGAL_FORMS | frozenset({"magazine", "news", "times", "post", "journal", "weekly", "daily", "herald",
                                                 "tribune", "gazette", "review", "network", "foundation"})


def sentence_index(doc: Doc) -> list[int]:
    """Token index -> sentence number, memoised per Doc (a dozen steps ask; none may change it)."""
    return doccache.memo(doc, "sentence-index", lambda: _sentence_numbers(doc))


def _sentence_numbers(doc: Doc) -> list[int]:
    out = [0] * len(doc)
    for i, sent in enumerate(sentences(doc)):
        for t in range(sent.start, sent.end):
            out[t] = i
    return out


def is_capitalised_common_word(doc: Doc, start: int, end: int, label: str) -> bool:
    """ "Iodine deficiency is ..." (GUM news_iodine): one word written in lower case elsewhere
    in the article, so its capital comes from its position, not a name. A one-word "person"
    anywhere, other kinds only first in a sentence (a headline-case "Court" stays)."""
    if end - start != 1 or not (doc[start].is_sent_start or label == "PERSON"):
        return False
    word = doc[start].text
    lower = word.lower()
    return lower != word and lower in word_forms(doc)


def split_at_determiner(doc: Doc, start: int, end: int, label: str = "") -> list[tuple[int, int]]:
    """ "Rathbun the Scientology": a lower-case "the" inside an entity that is not "of the" /
    "for the" joins two names; each half is its own candidate. A given name, "the" and one
    capitalised word is one person's name with an epithet ("Peter the Great", "Theodore the
    Sanctified"), as the model tagged it."""
    for k in range(start + 1, end - 1):
        if doc[k].text == "the" and doc[k - 1].lower_ not in nm.ACRONYM_SKIP:
            if label == "PERSON" and is_epithet_name(doc, start, k, end):
                return [(start, end)]
            return [(start, k), (k + 1, end)]
    return [(start, end)]


def is_epithet_name(doc: Doc, start: int, k: int, end: int) -> bool:
    """Is doc[start:end] "Given the Epithet": one given name, "the" at k, one capitalised word
    that is no acronym?"""
    return (k == start + 1 and end == k + 2 and nm.is_given_name(doc[start].text)
            and doc[k + 1].text[:1].isupper() and doc[k + 1].text[1:].islower() and doc[k + 1].is_alpha)


def split_listed_pair(doc: Doc, start: int, end: int, label: str = "") -> list[tuple[int, int]]:
    """ "the religious schools Santo Spirito and Immacolata" (GUM news_taxes): a plural common
    noun right before an entity "X and Y" says it names two of them; each is a candidate.
    Without the plural noun "Marks and Spencer" and "Procter and Gamble" stay one name. One
    person is never "X & Y": "Angelina Jolie & Brad Pitt" (NAEB, a heading tagged PERSON
    whole) is two."""
    joins = [k for k in range(start + 1, end - 1) if doc[k].text in ("&", "and")]
    if len(joins) == 1 and label in ("PERSON", "ORG"):
        k = joins[0]
        sides = (doc[start:k], doc[k + 1:end])
        if label == "PERSON" and all(side[0].text[:1].isupper() for side in sides):
            return [(start, k), (k + 1, end)]
        # "Angelina Jolie & Brad Pitt" tagged ORG, a heading on a line of its own (NAEB): two names of
        # two or three words are two; a firm's name pairs single words ("Procter & Gamble") or has a
        # company word, and in running text "Pew Internet & American Life" is one name
        alone = ((start == 0 or "\n" in doc[start - 1].whitespace_ or doc[start - 1].is_space)
                 and (end >= len(doc) or "\n" in doc[end - 1].whitespace_ or doc[end].is_space))
        if (alone and doc[k].text == "&"
                and all(2 <= len(side) <= 3 and all(t.is_alpha and t.text[:1].isupper() and t.lower_ not in ORG_HEADS
                                                   and t.lower_ not in CORPORATE_SUFFIXES for t in side) for side in sides)):
            return [(start, k), (k + 1, end)]
    if start == 0 or doc[start - 1].tag_ != "NNS" or not doc[start - 1].text.islower():
        return [(start, end)]
    ands = [k for k in range(start + 1, end - 1) if doc[k].lower_ == "and"]
    if len(ands) != 1 or any(doc[k].lower_ in nm.ACRONYM_SKIP - {"and"} for k in range(start, end)):
        return [(start, end)]
    k = ands[0]
    if not (doc[k - 1].text[:1].isupper() and doc[k + 1].text[:1].isupper()):
        return [(start, end)]
    return [(start, k), (k + 1, end)]


def in_credit_line(doc: Doc, start: int) -> bool:
    """Is the token at `start` credited ("Image: NASA", "Photo by Evan Vucci"), on the same line?"""
    j = start - 1
    while j >= 0 and start - j <= CREDIT_REACH:
        t = doc[j]
        if "\n" in t.text:
            return False
        nxt = doc[j + 1]
        if t.lower_ in CREDIT_LABELS and (nxt.text in (":", "by") or t.lower_ in ("credit", "credits")):
            return True
        if t.text in (".", "!", "?") and j < start - 1:
            return False
        j -= 1
    return False


def list_labels(doc: Doc, ents: tuple) -> dict[int, tuple[str, int]]:
    """Entities the model labelled against the rest of their list: entity index -> (label, end).

    "Romelu Lukaku, Yannick Carrasco, and Dries Mertens" (GUM news_soccer: "Dries" tagged ORG,
    "Mertens" left out) and "Ubisoft, Microsoft, and PlayStation VR all had" (GUM news_expo:
    "Ubisoft" tagged GPE): a list of LIST_MIN_ITEMS names or more, joined only by commas and
    "and"/"or" and closed by "and"/"or", whose other members are all people, or all
    organisations (products may stand among them, a maker beside its goods), names one more of
    the same kind. A place keeps its
    label if the article also names it as a place elsewhere ("Russia, Gazprom and Lukoil"
    then "in Russia"). A one-word person in such a list runs on over an untagged capitalised
    surname ("and Dani Olmo" tagged "Dani").
    """
    runs: list[list[int]] = []
    text = doccache.text(doc)
    bounds = [(ent.start_char, ent.end_char) for ent in ents]
    for i, ent in enumerate(ents):
        # most names stand far apart: the text between them rules a list out before its tokens are read
        gap = text[bounds[i - 1][1]:bounds[i][0]] if i else ""
        if (gap.strip() and len(gap) <= LIST_GAP_CHARS and runs[-1][-1] == i - 1
                and not any(w[:1].islower() and w not in ("and", "or") for w in gap.split())
                and _is_list_glue(doc, ents[i - 1].end, ent.start)):
            runs[-1].append(i)
        else:
            runs.append([i])
    places = Counter(ent.text for ent in ents if ent.label_ in ("GPE", "LOC"))
    out: dict[int, tuple[str, int]] = {}
    for run in runs:
        # a list ends in "and"/"or": "Copenhagen, Denmark" after a company's name is an address
        if len(run) < LIST_MIN_ITEMS or not any(t.lower_ in ("and", "or") for t in doc[ents[run[-2]].end:ents[run[-1]].start]):
            continue
        for i in run:
            others = Counter(ents[j].label_ for j in run if j != i)
            label = ents[i].label_
            if label in NUMERIC_LABELS:
                continue
            for kind, allowed in (("PERSON", {"PERSON"}), ("ORG", {"ORG", "PRODUCT"})):
                if not others[kind] or set(others) - allowed or label == kind and kind == "ORG":
                    continue
                # a place among people is a place ("Belmarsh prison, London, and Woodhill", BBC), and
                # among companies only if the article never names it as a place again
                if label in ("GPE", "LOC") and (kind == "PERSON" or places[ents[i].text] > 1):
                    continue
                end = ents[i].end
                if (kind == "PERSON" and end < len(doc) and ents[i].end - ents[i].start == 1 and doc[end].pos_ == "PROPN"
                        and doc[end].is_alpha and doc[end].text[:1].isupper() and not doc[end].ent_type_):
                    end += 1
                if (label, ents[i].end) != (kind, end):
                    out[i] = (kind, end)
    return out


def _is_list_glue(doc: Doc, end: int, start: int) -> bool:
    """Do only ",", "and" or "or" stand between two names? Untagged capitalised words right
    before the second name are read as its first words ("The Ontario Ghostbusters, Doctor Who
    Society of Canada, and Klingon Assault Group", GUM news_expo, where "Society of Canada" is
    tagged)."""
    while start > end and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() and not doc[start - 1].ent_type_:
        start -= 1
    glue = doc[end:start]
    return 0 < len(glue) <= 2 and all(t.text in (",", "and", "or") for t in glue)


def author_labels(doc: Doc, ents: tuple) -> dict[int, tuple[str, int]]:
    """Authors the model read as products or works: "published in a paper by AS Heagle in 1989"
    (GUM news_warming, tagged PRODUCT). After "by" and a noun for something written
    (AUTHORED_NOUNS), two or three capitalised words name a person. Entity index -> (label, end)."""
    out: dict[int, tuple[str, int]] = {}
    for i, ent in enumerate(ents):
        s = ent.start
        if (ent.label_ in ("PRODUCT", "WORK_OF_ART") and s >= 2 and doc[s - 1].lower_ == "by"
                and doc[s - 2].lower_ in AUTHORED_NOUNS and 2 <= len(ent) <= 3
                and all(t.text[:1].isupper() and t.text.replace(".", "").isalpha() for t in ent)):
            out[i] = ("PERSON", ent.end)
    return out


def entity_candidates(doc: Doc) -> tuple[list[Candidate], list[Dropped]]:
    """The model's entities as cleaned candidates, and those dropped with the reason why."""
    kept: list[Candidate] = []
    dropped: list[Dropped] = []
    sents = sentence_index(doc)
    ents = entities(doc)
    relabel = list_labels(doc, ents) | author_labels(doc, ents)
    for i, ent in enumerate(ents):
        label, start, end = ent.label_, ent.start, ent.end
        if i in relabel:
            label, end = relabel[i]
        if label == "NORP":
            # "the Islamic State": the model tags "Islamic" and leaves the noun out (seed article)
            nxt = doc[end] if end < len(doc) else None
            # ("Afghan Ambassador Hamdullah Mohib", GUM news_afghan: a nationality and a title, not a name)
            if nxt is None or nxt.ent_type_ or nxt.pos_ != "PROPN" or not nxt.text[:1].isupper() or is_role_noun(nxt):
                continue
            label, end = "ORG", end + 1
        if label not in KINDS:
            continue
        for k in range(start, end):  # "The World Health Organisation (WHO" (GUM): the alias is read apart
            if doc[k].text == "(":
                end = k
                break
        parts = split_at_determiner(doc, start, end, label)
        parts = split_listed_pair(doc, *parts[0], label) + parts[1:]
        for part_start, part_end in parts:
            cand = _clean_candidate(doc, part_start, part_end, label, sents, dropped)
            if cand is not None:
                kept.append(cand)
    return kept, dropped


# A vote or a score the model ran into a name ("the landmark 4–3 Colorado Supreme Court case", NAEB).
SCORE = re.compile(r"^\d{1,3}[\u2013-]\d{1,3}$")


# The parts of speech of link words: a lower-case one is no part of a person's name, but for
# "of" and "the" ("Catherine of Aragon", "Duke of Wellington", "Peter the Great").
LINK_POS = frozenset({"ADP", "CCONJ", "SCONJ", "DET", "PART", "AUX"})
IN_NAME_LINKS = frozenset({"of", "the"})


def _capitals_alone(token: Token) -> bool:
    """A word in capitals alone ("ZDNET", "ASOS", "BAA") the model tags a person is a body's name:
    people are not named in capitals alone in running text (initials like "JFK" name a film or an
    airport as often as the man)."""
    return token.is_alpha and nm.is_acronym(token.text)


def _clitic(token: Token) -> bool:
    """A clitic the model ran into the name after it ("’s Kennedy" of "It’s Kennedy", "n’t Ryan")."""
    return token.text[:1] in ("'", "\u2019") or token.lower_ in ("n't", "n\u2019t")


def _link_word(token: Token) -> bool:
    """A lower-case link word is no part of a person's name the model ran it into ("Elmo on TV",
    "Luc Bondy for Cruel", "versus Doc Ock"); a name particle is ("de la Serna", "van Doren")."""
    return (token.is_lower and token.is_alpha and token.pos_ in LINK_POS and token.lower_ not in nm.NAME_PARTICLES
            and token.lower_ not in IN_NAME_LINKS)


def _spaced_dash(token: Token) -> bool:
    """A dash with a space either side ("Sergio Perez - See", "Scarlett Johansson - Racing Stripes")
    ends a person's name: a double-barrelled name is written with a hyphen and no spaces."""
    return token.text in ("-", "\u2013", "\u2014") and bool(token.whitespace_) and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)


def _clean_candidate(doc: Doc, start: int, end: int, label: str, sents: list[int], dropped: list[Dropped]) -> Candidate | None:
    for k in range(start + 1, end - 1):
        # "... and Chairman Green - have, with ...": a spaced dash and a lower-case word end the name
        if _spaced_dash(doc[k]) and doc[k + 1].is_lower:
            end = k
            break
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct or SCORE.match(doc[start].text)
                           or label == "PERSON" and (_clitic(doc[start]) or _link_word(doc[start]))):
        start += 1
    if label == "PERSON":
        end = next((k for k in range(start + 1, end) if _link_word(doc[k]) or _spaced_dash(doc[k])), end)
    while end > start and (doc[end - 1].text in ("'s", "\u2019s", "'", "\u2019") or doc[end - 1].is_punct
                           or doc[end - 1].like_num or doc[end - 1].is_space or doc[end - 1].lower_ in ("the", "a", "an")
                           or doc[end - 1].text in ("of", "and", "for")):  # "the Supreme Court of" + "Ghana" (GPE)
        end -= 1  # "Jerry Springer - The (Opera)": the model ran on into a title
    # "Washington D.C. Image: United States Navy" (GUM): the credit label is not part of the name
    if end - start > 1 and doc[end - 1].lower_ in CREDIT_LABELS and end < len(doc) and doc[end].text == ":":
        end -= 1
    kind = KINDS[label]
    if kind == "place":
        start = part_of_place_start(doc, start)
    if kind == "organization" and end - start == 2 and doc[end - 1].lower_ in LEADER_NOUNS and doc[end - 1].text.islower():
        # "the Berlusconi government" tagged ORG whole: the government is a description, the name
        # before it its leader's ("the Labour government": a party, see `government_leaders`)
        end -= 1
        if _may_name_a_leader(doc, start):
            kind, label = "person", "PERSON"
    if kind == "person" and (end - start == 1 and (is_affiliation_before_person(doc, end) or _capitals_alone(doc[start]))
                             or follows_org_noun(doc, start, people_may=True)):
        # "Zentrix chief executive Maria Lopez": the model tags the employer PERSON; one word before
        # a lower-case job and a person's name names whom they work for. "the company Zentrix"
        # says what it is outright.
        kind, label = "organization", "ORG"
    elif kind == "place" and follows_org_noun(doc, start):
        # "Danish team Astralis and Heroic" tagged GPE, "the bank Santander": the noun says what it is
        kind, label = "organization", "ORG"
    if kind != "organization" and end - start >= 2 and doc[start].lower_ in LEADING_ORG_HEADS:
        # "Instituto Gonzaga, a catholic school in Milan" (GUM news_taxes) tagged PERSON
        kind, label = "organization", "ORG"
    owned = owner_split(doc, start, end)
    if owned is not None:
        # "Bloomberg’s Mark Gurman", "New Republic’s Jeet Heer" tagged whole: the owner names
        # whom the person works for, the name after it is the person's
        start, kind, label = owned, "person", "PERSON"
    elif kind == "person" and (owner := owner_named_in_full(doc, start, end)) is not None:
        # "Martin Scorsese’s Killers", "Erykah Badu’s Baduizm" tagged whole: the owner is the person
        end = owner
    if kind == "person" and end - start == 1 and _untagged_surname_after(doc, start):
        # "illustrator Johnnie Christmas" (GUM news_expo): the model tags the first name alone
        end += 1
    if kind == "person":
        while end - start > 1 and doc[start].is_lower and doc[start].is_alpha and doc[start].pos_ in ("NOUN", "ADJ"):
            start += 1  # "magician David Gish": a lower-case noun before a name describes the person
        # "President Trump", "Crown Prince Frederik", "Professor Cres Eastman": a title the model
        # put inside the name is a role, not the name
        last_title = None
        for k in range(start, end - 1):
            if not (doc[k].text[:1].isupper() or doc[k].lower_ in TITLE_LINKS):
                break
            if is_role_noun(doc[k]) and doc[k].text[:1].isupper():
                last_title = k
        if last_title is not None and not all(nm.is_name_suffix(doc[k].text) for k in range(last_title + 1, end)):
            # "Martin Luther King Jr.": a title word inside a name followed by a suffix alone is the name's
            start = last_title + 1
        # "Refugee Council Enver Solomon" tagged "Solomon" (GUM): an untagged capitalised first name
        # right before a one-word entity belongs to it
        # ("Antonín | Leopold Dvořák" at a paragraph's start: a known given name opens a longer name too)
        if (start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper()
               and doc[start - 1].text[1:].islower() and not doc[start - 1].ent_type_ and not is_role_noun(doc[start - 1])
               and not nm.is_honorific(doc[start - 1].text)
               and (end - start == 1 and (not doc[start - 1].is_sent_start or is_name_elsewhere(doc, start - 1))
                    or end - start >= 2 and nm.is_given_name(doc[start - 1].text) and nm.is_given_name(doc[start].text))):
            # first in a sentence only when the article writes the word capitalised mid-sentence
            # too ("Panama. Dries Mertens's attempt" after "and Dries Mertens", GUM news_soccer;
            # not "Initially Wilson was reported", NAEB)
            start -= 1
        while (start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ and not doc[start - 2].whitespace_
               and doc[start - 2].is_alpha and doc[start - 2].text[:1].isupper() and not is_role_noun(doc[start - 2])):
            start -= 2  # "Cardinal Jean-Claude Hollerich" tagged "Claude Hollerich" (NAEB): a hyphenated first name
        if start > 0 and nm.is_honorific(doc[start - 1].text) and doc[start - 1].text[:1].isupper():
            start -= 1  # "Mr. Kerry": the honorific belongs to the mention
    if start >= end:
        return None
    reason = non_entity_reason(doc, start, end)
    if reason is None and is_capitalised_common_word(doc, start, end, label):
        reason = COMMON_WORD_REASON
    if reason and reason.startswith("names an event") and nm.is_acronym(doc[start].text) and kind != "person":
        dropped.append(Dropped(doc[start:end].text, reason + "; its acronym names the organiser",
                               doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)))
        end, kind, label, reason = start + 1, "organization", "ORG", None  # "FIFA World Cup": FIFA runs it
    if reason:
        dropped.append(Dropped(doc[start:end].text, reason, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)))
        return None
    cand = candidate_at(doc, start, end, kind, label)
    cand.credit = in_credit_line(doc, start)
    cand.sent = sents[start]
    return cand


def owner_split(doc: Doc, start: int, end: int) -> int | None:
    """Where the person's own name starts in a span that runs an owner into it ("Bloomberg’s Mark
    Gurman", "The New Republic’s Jeet Heer"): after a possessive inside the span, when at least two
    capitalised words follow and the person is certain: the model tags the whole a person and the
    first word after is a given name ("Fendi’s Kim Jones"), or the last word is a person's name
    alone elsewhere in the article ("Heer said"). A name that holds a possessive of its own
    ("Harper’s Bazaar", "Guy's Hospital") or a product's ("Smartwool’s Merino Anorak") has neither."""
    last = doc[end - 1].text
    for k in range(start + 1, end - 2):
        if doc[k].tag_ != "POS" or not all(t.text[:1].isupper() for t in doc[k + 1:end]):
            continue
        if doc[start].ent_type_ == "PERSON" and nm.is_given_name(doc[k + 1].text) or any(
                e.label_ == "PERSON" and len(e) == 1 and e.text == last and not start <= e.start < end for e in entities(doc)):
            return k + 1
    return None


def owner_named_in_full(doc: Doc, start: int, end: int) -> int | None:
    """Where the owner's name ends in a span the model tagged a person that runs a thing of theirs
    into it ("Martin Scorsese’s Killers", "Stella McCartney’s Mylo"): before the possessive, when
    the owner is two or more capitalised words opening with a given name. What follows is theirs
    (a work, a product, a character); owner_split has already taken the spans where a person follows."""
    for k in range(start + 2, end - 1):
        if doc[k].tag_ == "POS":
            owner = doc[start:k]
            if nm.is_given_name(owner[0].text) and all(t.text[:1].isupper() for t in owner):
                return k
            return None
    return None


def _untagged_surname_after(doc: Doc, i: int) -> bool:
    """Is the word after the one-word person at `i` their surname, which the model left out
    ("Johnnie Christmas", GUM news_expo)? It is the head the first name modifies (a compound),
    a capitalised proper noun with no entity tag or a date's ("Christmas", "May"), the last
    capital of the run, not a title or the head of an organisation's or event's name ("Trump
    Tower" is a building: "tower" ... ) and never written in lower case in the article."""
    k = i + 1
    if k >= len(doc) or doc[i].dep_ != "compound" or doc[i].head.i != k:
        return False
    t = doc[k]
    return (t.pos_ == "PROPN" and t.is_alpha and t.text[:1].isupper() and t.text[1:].islower()
            and t.ent_type_ in ("", "DATE") and not is_role_noun(t) and t.lower_ not in ORG_HEADS
            and t.lower_ not in EVENT_HEADS and t.lower_ not in word_forms(doc)
            and (k + 1 >= len(doc) or not doc[k + 1].text[:1].isupper()))


def is_name_elsewhere(doc: Doc, i: int) -> bool:
    """Is the word at `i` written the same way, capitalised, somewhere not first in a sentence,
    and never in lower case? Then its capital is a name's, wherever it stands."""
    word = doc[i].text
    return word.lower() not in word_forms(doc) and any(t.text == word and not t.is_sent_start for t in doc if t.i != i)


def part_of_place_start(doc: Doc, start: int) -> int:
    """Where a place mention starts once a lower-case word for a part of it is read in:
    "mainland Australia", "downtown Taipei", "north-eastern Syria" (PART_OF_PLACE_WORDS, with a
    compass word and hyphen before it). The widened mention names the part, a place of its own."""
    if start == 0 or not doc[start - 1].text.islower() or doc[start - 1].lower_ not in PART_OF_PLACE_WORDS:
        return start
    start -= 1
    if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in ("north", "south", "east", "west"):
        start -= 2
    return start


def title_case_lines(doc: Doc) -> set[int]:
    """Tokens of headline-style lines ("Pop Culture Celebrated At Fan Expo"), where a capital
    says nothing about a name."""
    out: set[int] = set()
    pos = 0
    for line in doccache.text(doc).split("\n"):
        words = [w for w in line.split() if w[:1].isalpha()]
        if len(words) >= 4 and sum(w[:1].isupper() for w in words) >= HEADLINE_CAPS * len(words):
            span = doc.char_span(pos, pos + len(line), alignment_mode="expand")
            if span is not None:
                out.update(range(span.start, span.end))
        pos += len(line) + 1
    return out


def _may_be_name_word(doc: Doc, i: int, covered: set[int]) -> bool:
    """A capitalised word no entity holds that is not a title, honorific or credit label."""
    t = doc[i]
    return (t.text[:1].isupper() and t.text.isalpha() and not t.ent_type_ and i not in covered and not is_role_noun(t)
            and not nm.is_honorific(t.text) and t.lower_ not in CREDIT_LABELS)


def is_affiliation_before_person(doc: Doc, k: int) -> bool:
    """Do the tokens from `k` read as a lower-case job before a person's name?

    "Facebook creator Mark Zuckerberg", "Facebook co-founder Mark Zuckerberg" (GUM news_clock),
    "Apple chief executive Tim Cook": up to AFFILIATION_REACH lower-case words, at least one a
    job in an organisation (EMPLOYEE_ROLES), then a PERSON entity. The capitalised word before
    them names whom the person works for. A capitalised role word ("Prime Minister Rishi Sunak")
    is a title instead, and a job in film or television names a work, not an employer ("Ray
    director Taylor Hackford", "Sideways star Thomas Hayden Church", "X Factor judge Sharon
    Osbourne", BBC entertainment), so those jobs are not in the list.
    """
    seen_role = False
    words = 0
    while k < len(doc) and words <= AFFILIATION_REACH:
        t = doc[k]
        if t.ent_type_ == "PERSON":
            return seen_role and t.ent_iob_ == "B"
        if t.text == "-" or t.lower_ in ("co", "vice", "ex") and k + 1 < len(doc) and doc[k + 1].text == "-":
            k += 1  # "co-founder" is three tokens and one word
            continue
        if words == AFFILIATION_REACH or not t.text.islower() or t.pos_ not in ("NOUN", "ADJ", "PROPN"):
            return False
        seen_role = seen_role or t.lower_ in EMPLOYEE_ROLES
        words += 1
        k += 1
    return False


def owns_findings(doc: Doc, k: int) -> bool:
    """Does "'s" + a noun of findings follow at `k`? "PC World's recent analysis ... concluded"
    (GUM news_ie9), "Ofcom's report": who publishes an analysis or a survey is an organisation
    or a person, never a common word. Up to one adjective may stand between ("recent")."""
    if k >= len(doc) or doc[k].text not in ("'s", "\u2019s"):
        return False
    k += 1
    if k < len(doc) and doc[k].pos_ == "ADJ":
        k += 1
    return k < len(doc) and doc[k].lower_ in FINDINGS_NOUNS


def _plural_in(word: str, nouns: frozenset[str]) -> bool:
    """ "departments", "ministries", "companies": the plural of one of `nouns`."""
    return word.endswith("ies") and word[:-3] + "y" in nouns or word.endswith("s") and word[:-1] in nouns


def _plural_org_head(word: str) -> bool:
    """ "departments", "ministries": the plural of an organisation's head word (ORG_HEADS)."""
    return _plural_in(word, ORG_HEADS)


def is_org_noun(t: Token) -> bool:
    """A lower-case common noun for organisations (ORG_NOUNS), singular or plural ("companies")."""
    return t.text.islower() and (t.lower_ in ORG_NOUNS or _plural_in(t.lower_, ORG_NOUNS))


def follows_org_noun(doc: Doc, start: int, *, people_may: bool = False) -> bool:
    """Does a lower-case "company" / "charity" (ORG_NOUNS) stand right before the name at `start`
    ("the company Hitwise", "state gas firm Gazprom", BBC business), or before a list the name
    closes or continues ("US team Cloud9 and Immortals", GUM news_expo; "the companies Apple,
    Google and Amazon")? Each listed name is read back over at most ORG_LIST_NAME_WORDS
    capitalised words; anything else between ends the list. With `people_may`, a noun a pair of
    people can form (PEOPLE_GROUP_NOUNS) does not count."""
    k = start - 1
    while k >= 1 and doc[k].lower_ in ("and", "or", ","):
        n = 0
        while k - 1 - n >= 0 and n < ORG_LIST_NAME_WORDS and doc[k - 1 - n].text[:1].isupper():
            n += 1
        if n == 0:
            return False
        k -= n + 1
    if not (k >= 0 and k < start - 1):
        k = start - 1
    noun = doc[k] if k >= 0 else None
    return (noun is not None and is_org_noun(noun)
            and not (people_may and (noun.lower_ in PEOPLE_GROUP_NOUNS or noun.lower_[:-1] in PEOPLE_GROUP_NOUNS)))


# A first line of this many words or more in title case is a headline, not a name ("Daniel Bernoulli").
HEADLINE_WORDS = 4


def headline_tokens(doc: Doc) -> frozenset[int]:
    """Tokens of the article's first line when it is a headline in title case, every word
    capitalised but the small ones (`quotes.title_cased`), once per doc. Only the first line
    counts: a book list, a caption or an interview's question line in title case holds real
    names (read that way on every such line, the training file lost 0.01 of actor F1), and
    `title_case_lines`' looser share of capitals takes sentences such as "Former New York Gov.
    George Pataki is endorsing John Kasich." and first lines of biographies."""
    def compute() -> frozenset[int]:
        text = doccache.text(doc)
        first = text.find("\n")
        line = text[:first]
        if first < 0 or len(line.split()) < HEADLINE_WORDS or not title_cased(line):
            return frozenset()
        span = doc.char_span(0, first, alignment_mode="expand")
        return frozenset(range(span.start, span.end)) if span is not None else frozenset()
    return doccache.memo(doc, "headline tokens", compute)


def headline_names(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Names in a headline written in title case ("Joe Rogan Corrected On-Air for Blaming Trump
    Gaffe") only as far as the rest of the article confirms them.

    In such a line nearly every word is capitalised, so the capital that tells the model a word is
    a name says nothing, and it runs names into the words beside them or tags words that are none.
    A name the article's other lines also write stays; one that holds such a name ("Joe Rogan
    Corrected" beside "Joe Rogan") is cut down to it, with the kind the body gives it; any other is
    dropped."""
    head = headline_tokens(doc)

    def in_line(c: Candidate) -> bool:
        return c.start in head

    if not any(in_line(c) for c in cands):
        return cands
    text = doccache.text(doc)
    body_text = text[text.find("\n") + 1:]
    body = {nm.org_key(c.text): c for c in reversed(cands) if not in_line(c)}
    out = []
    for c in cands:
        if not in_line(c) or nm.org_key(c.text) in body or next(whole_word_matches(body_text, c.text), None):
            out.append(c)
            continue
        runs = sorted(((i, j) for i in range(c.start, c.end) for j in range(i + 1, c.end + 1) if (i, j) != (c.start, c.end)),
                      key=lambda ij: (ij[0] - ij[1], ij[0]))
        for i, j in runs:
            run = doc[i:j].text
            if nm.org_key(run) in body:  # the body's reading of the name gives its kind
                like = body[nm.org_key(run)]
                out.append(candidate_at(doc, i, j, like.kind, like.label))
                break
            if j - i > 1 and doc[i].text[:1].isupper() and doc[j - 1].text[:1].isupper() and next(whole_word_matches(body_text, run), None):
                out.append(candidate_at(doc, i, j, c.kind, c.label))
                break
    return out


def untagged_names(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Proper names the model tagged nowhere: "Facebook creator Mark Zuckerberg" ... "Facebook
    co-founder" (GUM news_clock), "Budweiser Man of the Match", "The Deseret News observed".

    A run of capitalised proper nouns (no entity tag, not a role word, not after a credit
    label) is taken as a name when either
    - it is written the same way, not first in its sentence, at least UNTAGGED_MIN_REPEATS
      times (once is too weak: a capitalised common word); or
    - its context says so once: its last word is the head of an organisation's name
      (ORG_HEADS: "Deseret News", "Hitwise Inc"), or it owns an analysis or a report ("PC
      World's recent analysis", see `owns_findings`), or it shares a plural head with the name
      before it ("the State and Homeland Security Departments"), or it stands before a lower-case job and a
      person's name ("Facebook creator Mark Zuckerberg", see `is_affiliation_before_person`),
      or it follows a common noun for an organisation ("the company Hitwise", "the charity
      Oxfam": ORG_NOUNS).
      First in a sentence this needs the word never written in lower case in the article, so
      "Team captain Harry Kane" in a story that says "the team" gives nothing.
    Both are organisations: the kind of a name the model missed is unknown, and a word before
    a job or an organisation head names an employer.
    """
    sents = sentence_index(doc)
    covered = {t for c in cands for t in range(c.start, c.end)}
    covered |= title_case_lines(doc)
    lower_words = {w for w in word_forms(doc) if w.islower()}  # the memoised forms: no walk over the tokens
    runs: dict[str, list[tuple[int, int]]] = {}
    strong: set[str] = set()
    i = 0
    while i < len(doc):
        t = doc[i]
        if _may_be_name_word(doc, i, covered) and t.pos_ in ("PROPN", "NOUN"):
            j = i + 1
            while (j < len(doc) and j - i < 3 and doc[j].pos_ == "PROPN" and _may_be_name_word(doc, j, covered)):
                j += 1
            # "Man of the Match", "Commission for Racial Equality", "Face & Body Foundation": a word of
            # a longer title-case phrase; "Full-Time Office": the run starts inside a hyphenated word
            in_phrase = (i >= 2 and doc[i - 1].lower_ in ("of", "the", "and", "for", "&")
                         and (doc[i - 2].text[:1].isupper() or doc[i - 2].lower_ in ("of", "the"))
                         or i >= 1 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_)
            if in_phrase and doc[i - 1].lower_ == "and" and follows_org_noun(doc, i):
                in_phrase = False  # "US team Cloud9 and Immortals" (GUM news_expo): a list, not one title
            shared_head = j - i >= 2 and _plural_org_head(doc[j - 1].lower_) and doc[i - 1].lower_ in ("and", ",")
            if shared_head:
                j -= 1  # "the State and Homeland Security Departments" (GUM news_afghan): two departments
                in_phrase = False
            is_strong = not in_phrase and ((j - i >= 2 and doc[j - 1].lower_ in ORG_HEADS and t.pos_ == "PROPN")
                                           or is_affiliation_before_person(doc, j) or follows_org_noun(doc, i)
                                           or shared_head or owns_findings(doc, j))
            # "Prime Minister", "Final Wars producer": a word before a role noun is a title word or
            # a work's name unless the context above says it is an employer
            in_title = j < len(doc) and is_role_noun(doc[j]) and not is_strong
            if t.is_sent_start and not (is_strong and t.lower_ not in lower_words):
                i += 1  # a capital first in a sentence says nothing on its own: read on from the next word
                continue
            if not in_title and not in_phrase and (t.pos_ == "PROPN" or is_strong):
                runs.setdefault(doc[i:j].text, []).append((i, j))
                if is_strong:
                    strong.add(doc[i:j].text)
            i = j
            continue
        i += 1
    out = []
    for text, spans in runs.items():
        if (len(spans) < UNTAGGED_MIN_REPEATS and text not in strong) or len(text) < 3:
            continue
        for s, e in spans:
            if in_credit_line(doc, s):
                continue
            c = candidate_at(doc, s, e, "organization", "ORG")
            c.sent = sents[s]
            out.append(c)
    return out


# First words of places' names that are given names too ("Santa Ana", "San Jose", "Fort Worth").
PLACE_OPENERS = frozenset({"san", "santa", "santo", "saint", "st", "fort", "port", "mount", "lake", "cape", "new"})


def given_name_people(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """People the model left untagged whom their name and their sentence show to be people:
    "Jeffrey Bewkes, the chief executive of Time Warner, said", "Regina Ip of the New People's
    Party said". The run is a given name of one gender (the names layer's table) and one or two
    capitalised proper nouns, none a role, head or place word; and the sentence treats it as a
    person: it is a verb's subject, has an apposition, follows a title, or is "of" an organisation.
    """
    covered = {t for c in cands for t in range(c.start, c.end)} | title_case_lines(doc)
    known = {nm.org_key(c.text) for c in cands}  # a name the model tagged elsewhere is swept in with its kind
    lower_words = {w for w in word_forms(doc) if w.islower()}
    out = []
    i = 0
    while i < len(doc) - 1:
        t = doc[i]
        if (i in covered or t.pos_ != "PROPN" or not t.is_title or t.ent_type_ or nm.given_name_gender(t.text) is None
                or t.lower_ in lower_words or t.lower_ in PLACE_OPENERS):
            i += 1
            continue
        j = i + 1
        while (j < len(doc) and j - i <= 3 and j not in covered and doc[j].pos_ == "PROPN" and not doc[j].ent_type_
               and (doc[j].is_title or nm.is_initial(doc[j].text)) and doc[j].lower_ not in lower_words
               and doc[j].lower_ not in coref.ORG_HEAD_WORDS | coref.NEVER_PERSON_HEADS | coref.PLACE_HEAD_WORDS
               and not is_role_noun(doc[j])):
            j += 1
        if j - i < 2 or nm.is_initial(doc[j - 1].text):
            i = j
            continue
        head = doc[j - 1]
        after = doc[j] if j < len(doc) else None
        person_like = (head.dep_ in ("nsubj", "nsubjpass") or any(c.dep_ == "appos" for c in head.children)
                       or (i > 0 and is_role_noun(doc[i - 1]))
                       or (after is not None and after.lower_ == "of" and j + 1 < len(doc)
                           and any(doc[k].ent_type_ == "ORG" for k in range(j + 1, min(len(doc), j + 3)))))
        if person_like and nm.org_key(doc[i:j].text) not in known:
            out.append(candidate_at(doc, i, j, "person", "PERSON"))
        i = j
    return out


def _tokens_matching(doc: Doc, pattern: re.Pattern[str]) -> list[int]:
    """Token indexes where `pattern` matches a whole token of the text. Reading the text once is
    far cheaper than asking every Token for its form (spaCy builds a Python object per access)."""
    out = []
    for m in pattern.finditer(doccache.text(doc)):
        span = doc.char_span(m.start(), m.end())
        if span is not None and len(span) == 1:
            out.append(span.start)
    return out


NAMING_WORDS = re.compile(r"(?<![\w-])(?:called|named|labell?ed|dubbed|nicknamed|known|going|goes|under|calling)(?![\w-])")
LEADER_WORDS = re.compile(r"(?<![\w-])(?:" + "|".join(sorted(LEADER_NOUNS)) + r")(?![\w-])")


def _word(text: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(text) + r"(?![\w-])")


def names_gone_by(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Names a person or a group goes by, after a naming phrase (NAMING_PHRASES) whose noun is
    a person's or a group's (ALIAS_PERSON_NOUNS, ALIAS_GROUP_NOUNS): 'a user labelled
    "Anonymous"' is a person, 'a hacker group calling itself "Lizard Squad"' an organisation.
    The name is a run of capitalised words, in quotation marks or not, up to ALIAS_MAX_WORDS;
    a name the model already took is left as it is."""
    covered = {t for c in cands for t in range(c.start, c.end)}
    sents = None
    out: list[Candidate] = []
    for i in _tokens_matching(doc, NAMING_WORDS):
        if i == 0:
            continue
        phrase = next((p for p in NAMING_PHRASES if tuple(x.lower_ for x in doc[i:i + len(p)]) == p), None)
        if phrase is None:
            continue
        noun = doc[i - 1]
        kind = ("person" if noun.lower_ in ALIAS_PERSON_NOUNS
                else "organization" if noun.lower_ in ALIAS_GROUP_NOUNS or noun.lower_ in ORG_NOUNS - {"website"} else None)
        if kind is None or noun.pos_ != "NOUN":
            continue
        k = i + len(phrase)
        quoted = k < len(doc) and doc[k].text in QUOTE_MARKS
        k += quoted
        if k < len(doc) and doc[k].lower_ == "the" and doc[k].text[:1].isupper():
            k += 1  # "The Katherinator": the article is not part of the name
        start = k
        while (k < len(doc) and k - start < ALIAS_MAX_WORDS and doc[k].text[:1].isupper() and doc[k].text[:1].isalpha()
               and "\n" not in doc[k].text):
            k += 1
        if k == start or (quoted and (k >= len(doc) or doc[k].text not in QUOTE_MARKS + ",.")):
            continue
        if any(j in covered for j in range(start, k)) or nm.is_honorific(doc[start].text) or is_role_noun(doc[start]):
            continue
        if sents is None:
            sents = sentence_index(doc)
        c = candidate_at(doc, start, k, kind, "PERSON" if kind == "person" else "ORG")
        c.sent = sents[start]
        out.append(c)
        covered.update(range(start, k))
    return out


def _may_name_a_leader(doc: Doc, i: int) -> bool:
    """Can the word at `i`, before "government", be a leader's surname: a capitalised proper noun
    (NNP, not the JJ of "the Scottish government"), no party or bloc, never written in lower case?"""
    name = doc[i]
    return (name.tag_ == "NNP" and name.is_alpha and name.text[:1].isupper() and name.lower_ not in PARTY_WORDS
            and name.lower_ not in word_forms(doc))


def government_leaders(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Leaders named by their government: "by the Monti government" (GUM news_taxes, "Monti"
    tagged NORP), "the Berlusconi government" (untagged). One proper noun (NNP) between "the"
    and a lower-case LEADER_NOUNS word names a person, unless it is a party or bloc
    (PARTY_WORDS), an adjective of nation ("the Scottish government": JJ), a place or an
    organisation the model tagged ("the Tokyo government"), a NORP word used elsewhere as
    anything but a person's name, or a word the article also writes in lower case. A name the
    model already tagged PERSON is left to it."""
    out: list[Candidate] = []
    taken = {t for c in cands for t in range(c.start, c.end)}
    for i in _tokens_matching(doc, LEADER_WORDS):
        if i < 2:
            continue
        name = doc[i - 1]
        if (doc[i - 2].lower_ != "the" or name.i in taken or name.ent_type_ not in ("", "NORP")
                or not _may_name_a_leader(doc, name.i)):
            continue
        # a nation's name in the NORP tag is used as such elsewhere too ("the Kyrgyz government" and
        # "the Kyrgyz President", BBC tech): a NORP word must be a person's wherever else it stands
        if name.ent_type_ == "NORP" and any(doc[o].ent_type_ != "PERSON" for o in _tokens_matching(doc, _word(name.text))
                                             if o != name.i):
            continue
        c = candidate_at(doc, name.i, i, "person", "PERSON")
        c.sent = sentence_index(doc)[name.i]
        out.append(c)
    return out


def advocacy_group_names(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Groups named "<people> for <cause>": "the nonprofit Georgians for Responsible Marijuana
    Policy" (NAEB), "Americans for Prosperity". The model tags the people NORP and the cause
    a PERSON ("Marijuana Policy"); a plural nationality or group word, "for", and a run of
    capitalised words (SPOKEN_FOR_MAX_WORDS at most) make one organisation's name. Only a
    NORP plural: "Lawyers for Ozy Media" are the firm's lawyers."""
    out = list(cands)
    sents = sentence_index(doc)
    for ent in entities(doc):
        if ent.label_ != "NORP" or len(ent) != 1 or not ent.text.endswith("s") or ent.end + 1 >= len(doc):
            continue
        if doc[ent.end].lower_ != "for":
            continue
        j = _capitalised_run_end(doc, ent.end + 1)
        if j == ent.end + 1 or not any(doc[k].pos_ == "PROPN" for k in range(ent.end + 1, j)):
            continue
        whole = candidate_at(doc, ent.start, j, "organization", "ORG")
        whole.sent = sents[ent.start]
        out = _replacing(out, [whole])
    return out


# How many capitalised words the name after "PERSON for" may run to ("Food Standards Australia
# New Zealand" is five). Guarded by bench/actors.py (people_org_f1).
SPOKEN_FOR_MAX_WORDS = 6


def _capitalised_run_end(doc: Doc, i: int) -> int:
    """Where the run of capitalised words from `i` ends, at most SPOKEN_FOR_MAX_WORDS long."""
    j = i
    while j < len(doc) and j - i < SPOKEN_FOR_MAX_WORDS and doc[j].is_alpha and doc[j].text[:1].isupper():
        j += 1
    return j


def _replacing(cands: list[Candidate], new: list[Candidate]) -> list[Candidate]:
    """`cands` without those a new candidate overlaps, then the new ones: the model's pieces of a
    name read whole ("Food Standards" + "New Zealand" -> "Food Standards Australia New Zealand")."""
    inside = {t for c in new for t in range(c.start, c.end)}
    return [c for c in cands if not any(t in inside for t in range(c.start, c.end))] + new


def organisations_spoken_for(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """The body a person speaks or works for, written right after their name: "Lydia Buchtmann
    for Food Standards Australia New Zealand, says ..." (GUM news_iodine), "Jane Doe for Oxfam
    said". The model reads such a run as pieces ("Food Standards" untagged, "New Zealand" a
    place); the whole run of capitalised words between "for" and a comma, a full stop or a verb
    is one organisation. A run that is only a place ("Sadiq Khan for London") or only a role
    ("Smith for President") names no organisation, and a run the model tagged whole is left to it.
    The person must be the subject of a verb after the run. The caller drops the candidates
    inside a run ("New Zealand")."""
    out: list[Candidate] = []
    sents = sentence_index(doc)
    for c in cands:
        k = c.end
        if c.kind != "person" or k + 1 >= len(doc) or doc[k].lower_ != "for":
            continue
        j = _capitalised_run_end(doc, k + 1)
        run = doc[k + 1:j]
        if not len(run) or (j - k - 1 >= SPOKEN_FOR_MAX_WORDS and j < len(doc) and doc[j].text[:1].isupper()):
            continue  # nothing after "for", or a run longer than a name
        # the person is the subject of a verb after the run ("..., says"): a person "for" a film
        # or a role in a list of awards ("Clint Eastwood for Million Dollar Baby.", BBC
        # entertainment) is the object of something else
        subject = doc[c.end - 1]
        if not (subject.dep_ in ("nsubj", "nsubjpass") and subject.head.i >= j and j < len(doc)
                and (doc[j].text == "," or doc[j].pos_ in ("VERB", "AUX"))):
            continue
        if all(t.ent_type_ in ("GPE", "LOC") or is_role_noun(t) for t in run):
            continue
        if (run[0].ent_iob_ == "B" and run[-1].ent_type_ and (j >= len(doc) or doc[j].ent_iob_ != "I")
                and all(t.ent_iob_ == "I" for t in run[1:])):
            continue  # the model tagged it whole
        new = candidate_at(doc, run.start, run.end, "organization", "ORG")
        new.sent = sents[run.start]
        out.append(new)
    return out


# An acronym in brackets, "(UAAR)", "(M&S)", "(U.N.)": its letters are the initials of the name
# just before it (see `names_spelt_by_acronym`).
BRACKETED_ACRONYM = re.compile(r"\([A-Z][A-Z&.]*[A-Z.]\)")


def names_spelt_by_acronym(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Organisation names the model cut into pieces, put back together by the acronym after
    them: "The Union of Rationalist Atheists and Agnostics (UAAR)" (GUM news_taxes), tagged
    "Union of Rationalist Atheists" and a person "Agnostics"; "Marks and Spencer (M&S)",
    tagged a place and a person. The run of capitalised words (with "of", "and" ... between
    them) that ends right before the bracket, and whose initials are exactly the acronym's
    letters, is one organisation's name. The letters may come in any order: a translated name
    keeps its own ("UAAR", Unione degli Atei e degli Agnostici Razionalisti). Candidates inside
    the run are dropped; a run the model already tagged whole is left as it is."""
    out = list(cands)
    for match in BRACKETED_ACRONYM.finditer(doccache.text(doc)):
        brackets = doc.char_span(match.start(), match.end())
        if brackets is None or len(brackets) != 3 or brackets.start < 2:
            continue
        j = brackets.start
        letters = sorted(ch for ch in doc[j + 1].text if ch.isalpha())
        k = j
        while k > 0 and not doc[k].is_sent_start and (doc[k - 1].is_alpha and doc[k - 1].text[:1].isupper()
                                                       or doc[k - 1].lower_ in nm.ACRONYM_SKIP):
            k -= 1
        for start in range(k, j):
            if not doc[start].text[:1].isupper() or doc[start].lower_ in nm.ACRONYM_SKIP:
                continue
            initials = sorted(w.text[0] for w in doc[start:j] if w.lower_ not in nm.ACRONYM_SKIP)
            if initials == letters:
                break
        else:
            continue
        if (j - start < 2 or all(w.ent_type_ == "PERSON" for w in doc[start:j])
                or any(c.start <= start and j <= c.end for c in cands)):
            continue  # inside one name already ("US Environmental Protection Agency (EPA)"), or a person's initials
        whole = candidate_at(doc, start, j, "organization", "ORG")
        whole.sent = sentence_index(doc)[start]
        out = _replacing(out, [whole])
    return out


# How long a one-word short form in brackets may be ("World Anti-Doping Agency (Wada)", BBC style).
BRACKET_SHORT_MAX_CHARS = 6


def _bracket_alias(doc: Doc, c: Candidate, alias: Candidate, aliases: list[tuple[int, int]]) -> bool:
    """Does a name in brackets after `c` declare another name of it? The brackets must hold the
    names and nothing else ("Belgium (Egypt won 4-0 ...)" does not, BBC sport). A place or an
    organisation only by an acronym (a place's must be its own initials), in capitals or BBC's
    title case ("World Anti-Doping Agency (Wada)": one short word with the name's first initial),
    or spelled out after one ("CEI (Italian Episcopal Conference)"). Any other name in brackets
    is someone else: "Doreen Warriner (Romola Garai)", a character and the actor who plays her
    (NAEB, the first tagged ORG)."""
    last = aliases[-1][1]
    if last >= len(doc) or doc[last].text != ")":
        return False
    if c.kind == "place" and nm.is_acronym(alias.text):
        # "United Arab Emirates (UAE)" spells the place's own initials; "LOS ANGELES (AP) —" is a
        # dateline credit. Otherwise a place is held to an organisation's rule (the model calls
        # "Bay Area Laboratory Cooperative (Balco)" a place): "Spanish Fort (Alabama)" names the
        # state it is in (NAEB), and "Mumbai (Bombay)" is lost with it
        return nm.acronym_matches(alias.text, c.text)
    if nm.is_acronym(alias.text) or nm.is_acronym(c.text) or BRACKETED_ACRONYM.fullmatch(f"({alias.text})"):
        return True  # "(WHO)", "(M&S)"
    words = [w for w in c.text.split() if w.lower() not in nm.ACRONYM_SKIP]
    return (alias.end - alias.start == 1 and alias.text.isalpha() and len(alias.text) <= BRACKET_SHORT_MAX_CHARS
            and len(words) >= 2 and alias.text[:1].upper() == words[0][:1].upper())


def alias_candidates(doc: Doc, cands: list[Candidate]) -> list[tuple[Candidate, Candidate]]:
    """Names the article declares equal: (known candidate, alias candidate) pairs.

    "the Islamic State, also known as ISIS or ISIL" (seed) and "World Health
    Organisation (WHO)" (GUM news_iodine). The alias may be a span the model
    missed or mis-tagged ("ISIL" as a number), so it is read off the tokens.
    """
    by_start = {c.start: c for c in cands}
    pairs: list[tuple[Candidate, Candidate]] = []
    for c in cands:
        if c.kind == "person":
            continue
        k = c.end
        if k < len(doc) and doc[k].text == ",":
            k += 1
        aliases: list[tuple[int, int]] = []
        if k + 2 < len(doc) and doc[k].lower_ == "also" and doc[k + 1].lower_ == "known" and doc[k + 2].lower_ == "as":
            k += 3
        elif k + 1 < len(doc) and doc[k].lower_ in ("known", "aka") and doc[k + 1].lower_ == "as":
            k += 2
        elif k < len(doc) and doc[k].text == "(" and c.end == k:
            k += 1
            if k < len(doc) and doc[k].lower_ == "also":
                k += 3 if k + 2 < len(doc) and doc[k + 2].lower_ == "as" else 1
        else:
            continue
        while k < len(doc):
            s = k
            while k < len(doc) and (doc[k].text[:1].isupper() or doc[k].lower_ in nm.ACRONYM_SKIP and k > s) and doc[k].text not in "()":
                k += 1
            while k > s and doc[k - 1].lower_ in nm.ACRONYM_SKIP:
                k -= 1
            if k == s:
                break
            aliases.append((s, k))
            if k < len(doc) and doc[k].lower_ in ("or", "and", ",") and k + 1 < len(doc) and doc[k + 1].text[:1].isupper():
                k += 1
                continue
            break
        bracketed = c.end < len(doc) and doc[c.end].text == "("
        for s, e in aliases:
            alias = by_start.get(s)
            if alias is None or alias.end != e:
                alias = candidate_at(doc, s, e, c.kind)
            if alias.kind == "person" or nm.org_key(alias.text) == nm.org_key(c.text):
                continue
            if bracketed and not _bracket_alias(doc, c, alias, aliases):
                continue
            alias.kind = c.kind
            pairs.append((c, alias))
    return pairs


def team_uses(doc: Doc, cands: list[Candidate]) -> set[str]:
    """Names of places the article uses as sports teams: "Sweden defeated South Korea 1 – 0",
    "Tunisia lost 1 – 2 to England" (GUM news_soccer). A country that wins, loses or
    scores is a team, an organisation; the same name in a political story stays a place."""
    out: set[str] = set()
    if not MATCH_SCORE.search(doccache.text(doc)):
        return out
    for c in cands:
        if c.label != "GPE":
            continue
        root = doc[c.start:c.end].root
        head = root.head
        if root.dep_ in ("nsubj", "dobj") and head.lower_ in SPORT_VERBS:
            out.add(nm.org_key(c.text))
        elif root.dep_ == "pobj" and head.lower_ in ("against", "to", "over") and head.head.lower_ in SPORT_VERBS:
            out.add(nm.org_key(c.text))
    if len(out) < MIN_TEAMS:
        return set()
    # "Sweden faced South Korea ... Korea substituted Park Joo-Ho" (GUM news_soccer): in a match
    # report the short form of a team's name is the team too
    for c in cands:
        key = nm.org_key(c.text)
        if c.label == "GPE" and key not in out and any(team.endswith(" " + key) for team in out):
            out.add(key)
    return out


def absorb_locators(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Fold a place that only says where another name is into that name's mention.

    "a 14-year-old boy from Irving, Texas," and "Mountain View, California" (GUM news_clock):
    the state tells the reader which Irving; "Colorado State University of the US" (GUM
    news_warming): the country tells which university. The article is not talking about Texas
    or the US there, so the place is not a mention of its own: the mention before it is
    widened to cover it (its name is unchanged). Read off the parse: the place is an
    apposition of a place right before the comma ("Poland, Armenia, Canada" is a list, `conj`,
    and stays; so does a list the parser misreads, "Sweden, Belgium, England win", see
    `_in_list`), or the object of "of" right after an organisation.
    """
    by_end = {c.end: c for c in cands if c.kind != "person"}
    out = []
    for c in cands:
        root = doc[c.start:c.end].root
        host = None
        # the small model tags a region after a town PERSON now and then ("Livorno, Tuscany", GUM news_taxes)
        # ("schools in Livorno, Tuscany,"): then the town must follow a word of place ("in", "near"),
        # so "a member of Strippers United, Alice, confirmed" (NAEB) keeps its person
        is_region = c.kind == "place" and c.label in ("GPE", "LOC") or c.label == "PERSON" and c.end - c.start == 1
        if is_region and c.start >= 1:
            before = by_end.get(c.start - 1)
            if (c.label == "PERSON" and before is not None
                    and (before.start == 0 or doc[before.start - 1].lower_ not in LOCATIVE_WORDS)):
                before = None
            if (before is not None and before.kind == "place" and doc[c.start - 1].text == ","
                    and root.dep_ in ("appos", "npadvmod") and before.start <= root.head.i < before.end
                    and not _in_list(doc, before.start, c.end)):
                host = before
            of = c.start - 2 if c.start >= 2 and doc[c.start - 1].lower_ == "the" else c.start - 1
            owner = by_end.get(of)
            if (host is None and c.kind == "place" and owner is not None and owner.kind == "organization"
                    and doc[of].lower_ == "of" and root.head.i == of and owner.start <= doc[of].head.i < owner.end):
                host = owner
        if host is None:
            out.append(c)
        else:
            host.end_char = max(host.end_char, c.end_char)
            if host.kind == "organization" and doc[c.start - 1].lower_ == "of":
                # "the High Court" + "of" + "Kenya" (GPE): with no "the" before it the place ends
                # the organisation's name, so "the High Court of Uganda" is another court
                host.end = c.end
                host.text = " ".join(doc[host.start:host.end].text.split())
    return out


def _in_list(doc: Doc, start: int, end: int) -> bool:
    """Is the pair "A, B" at doc[start:end] part of a longer list ("Sweden, Belgium, England
    win", "Sweden, Belgium and England")? A comma before A, or after B a comma or "and"/"or"
    followed by a capitalised word, continues a list; "Irving, Texas, was arrested" does not."""
    if start > 0 and doc[start - 1].text == ",":
        return True
    k = end
    if k < len(doc) and doc[k].text == ",":
        k += 1
    if k < len(doc) and doc[k].lower_ in ("and", "or"):
        k += 1
    return k > end and k < len(doc) and doc[k].text[:1].isupper()


MAX_AGE = 115


def has_age_after(doc: Doc, c: Candidate) -> bool:
    """Is the mention followed by an age set off by commas ("Comeaux, 49, took the officers'
    weapons")? News gives people, never organisations or places, an age that way."""
    k = c.end
    if k + 2 >= len(doc) or doc[k].text != "," or doc[k + 2].text not in (",", "and"):
        return False
    age = doc[k + 1].text
    return age.isdigit() and 0 < int(age) <= MAX_AGE


def people_by_age(doc: Doc, cands: list[Candidate]) -> None:
    """A name given an age is a person's, and so is every other mention of that very name, however
    the model tagged them ("Comeaux, 49, took ..." where "Comeaux" is tagged GPE and ORG)."""
    aged = {nm.org_key(c.text) for c in cands if has_age_after(doc, c)}
    for c in cands:
        if c.kind != "person" and nm.org_key(c.text) in aged:
            c.kind, c.label = "person", "PERSON"


def settle_person_kinds(cands: list[Candidate]) -> None:
    """A surname the model tagged as a place or an organisation is still the person's.

    "Devocht" (GPE), "Boswell" (ORG), "Lukaku" (GPE) in GUM news: when a full name of a
    person ends in that word, the mention is the person. Likewise a full name tagged ORG
    ("Thibaut Courtois") that the text also gives as a person.
    """
    full = [c for c in cands if c.kind == "person" and nm.is_full_name(c.text)]
    surnames = {nm.last_key(c.text) for c in full}
    full_keys = {nm.org_key(" ".join(nm.name_words(c.text))) for c in full}
    places = {nm.org_key(c.text) for c in cands if c.kind == "place" and len(c.text.split()) > 1}
    others = Counter(nm.org_key(c.text) for c in cands if c.kind != "person")
    other_label = {nm.org_key(c.text): (c.kind, c.label) for c in cands if c.kind != "person"}
    for c in cands:
        if c.kind != "person":
            continue
        # "Tunisia" tagged PERSON once and GPE three times (GUM news_soccer): one word that is
        # nobody's surname goes with the other tags of the same word
        key = nm.org_key(c.text)
        if len(c.text.split()) == 1 and key in others and key not in surnames:
            c.kind, c.label = other_label[key]
    singles = {nm.surname_key(c.text) for c in cands if c.kind == "person" and len(c.text.split()) == 1}
    for c in cands:
        if c.kind == "person":
            continue
        words = c.text.split()
        if len(words) == 1 and nm.surname_key(words[0]) in surnames and nm.org_key(c.text) not in places:
            c.kind = "person"
        elif nm.org_key(c.text) in full_keys or (len(words) >= 2 and c.kind == "organization"
                                                 and any(nm.same_full_name(c.text, f.text) for f in full)):
            # "Brock Holt" tagged ORG where the article names "Brock Wyatt Holt": one person
            c.kind = "person"
        elif (c.kind == "organization" and len(words) == 2 and nm.surname_key(words[1]) in singles
              and all(w.isalpha() and w[:1].isupper() and not nm.is_acronym(w) for w in words)):
            # "Reese Witherspoon" tagged ORG, then "Witherspoon" tagged PERSON (BBC entertainment; also
            # "Marion Jones", "Carolina Kluft" in BBC sport): a two-word name whose last word alone is a
            # person's is that person's full name
            c.kind, c.label = "person", "PERSON"


# How far (characters, about two paragraphs) the last mention of one person must lie before the
# last of another who shares the surname for a bare surname to go to the later one.
AMBIGUOUS_SURNAME_GAP = 400


def group_people(cands: list[Candidate]) -> list[Group]:
    """Person mentions -> one group per person, in reading order.

    A full name joins the group with the same first and last name; a short form
    ("Mr. Kerry", "Kerry") joins the most recently mentioned person it fits, so two
    people who share a surname stay apart and each "Mr. X" goes to the one the
    reader has in mind. Short forms seen before any full name wait in a group of
    their own and join the first full name they fit.
    """
    groups: list[Group] = []
    last_seen: dict[int, int] = {}

    def add(g: int, c: Candidate) -> None:
        groups[g].members.append(c)
        last_seen[g] = c.start_char

    def fits(g: Group, c: Candidate) -> bool:
        # the hard gender constraint of the names layer: "Mrs. Clinton" never joins "Bill Clinton"
        gender = coref.group_gender(g)
        mine = nm.honorific_gender(c.text)
        return not (gender and mine and gender != mine)

    def pick(c: Candidate, options: list[int]) -> int | None:
        """Of the people a short form fits, the most named one; the latest on a tie. Two people
        whose full names differ in their given names ("Bill Clinton", "Hillary Clinton") both
        fitting: it goes to the one the article gives the same honorific (`coref.titled_alike`:
        "Dr. Nelson" after "Dr. Alondra Nelson"), else to the article's main subject
        (`coref.dominant`: "Mohamed" after "His father Mohamed El-Hassan Mohamed" is still the boy
        the story is about), else to the one named last when the other was last named well before
        (AMBIGUOUS_SURNAME_GAP); otherwise it is ambiguous and stays a surname of its own, no one's.
        """
        people = {frozenset(coref.given_names(groups[g])) for g in options} - {frozenset()}
        if len(people) > 1:
            main = coref.titled_alike(Group(kind="person", members=[c]), [groups[g] for g in options]) \
                or coref.dominant([groups[g] for g in options])
            if main is not None:
                return next(g for g in options if groups[g] is main)
            latest, runner_up = sorted(options, key=lambda g: -last_seen[g])[:2]
            return latest if last_seen[latest] - last_seen[runner_up] > AMBIGUOUS_SURNAME_GAP else None
        return max(options, key=lambda g: (len(groups[g].members), last_seen[g])) if options else None

    def known_gender(g: Group) -> str | None:
        return next((nm.honorific_gender(m.text) for m in g.members if nm.honorific_gender(m.text)), None)

    people = sorted((c for c in cands if c.kind == "person"), key=lambda c: c.start_char)
    # "Mrs Howard" and "Mr Howard" in one article (BBC politics: Michael Howard and his wife
    # Sandra) are two people; with nothing to say which one "Michael Howard" is, neither
    # short form joins him (a wrong merge is worse than a split)
    genders: dict[str, set[str]] = {}
    for c in people:
        if not nm.is_full_name(c.text) and nm.honorific_gender(c.text):
            genders.setdefault(nm.last_key(c.text), set()).add(nm.honorific_gender(c.text) or "")
    ambiguous = {k for k, v in genders.items() if len(v) > 1}

    def may_join(g: Group, c: Candidate) -> bool:
        if nm.last_key(c.text) not in ambiguous:
            return fits(g, c)
        mine, theirs = nm.honorific_gender(c.text), known_gender(g)
        return mine == theirs

    for c in people:
        if not nm.name_words(c.text):
            continue
        order = sorted(range(len(groups)), key=lambda g: -last_seen[g])
        target = None
        if nm.is_full_name(c.text):
            target = next((g for g in order if any(nm.same_full_name(c.text, f) for f in groups[g].forms)), None)
            if target is None:
                target = next((g for g in order if not any(nm.is_full_name(f) for f in groups[g].forms)
                               and all(nm.short_name_fits(f, c.text) for f in groups[g].forms) and may_join(groups[g], c)), None)
        else:
            target = pick(c, [g for g in order if any(nm.is_full_name(f) and nm.short_name_fits(c.text, f) for f in groups[g].forms)
                           and may_join(groups[g], c)])
            if target is None:
                target = next((g for g in order if not any(nm.is_full_name(f) for f in groups[g].forms)
                               and nm.last_key(groups[g].forms[0]) == nm.last_key(c.text) and fits(groups[g], c)), None)
        if target is None:
            groups.append(Group(kind="person"))
            target = len(groups) - 1
        add(target, c)
    return join_misspelt_surnames(groups)


def join_misspelt_surnames(groups: list[Group]) -> list[Group]:
    """Join a short form whose surname no one has to the one person whose surname it misspells.

    "Lydia Buchtmann for Food Standards ..." then "Ms Bauchtman" (GUM news_iodine): news copy
    has typos, and a surname seen nowhere in full that is within a letter or two of exactly one
    full name's surname (SequenceMatcher ratio >= MISSPELLING_RATIO, both at least
    MISSPELLING_MIN_CHARS long, same first letter, see `_near_spelling`) is that person, when the
    short form has an honorific ("Ms", "Mr") that does not contradict theirs.
    Two full names are never joined this way.
    """
    full = [g for g in groups if any(nm.is_full_name(f) for f in g.forms)]
    keys = {nm.last_key(f) for g in full for f in g.forms}
    out = []
    for g in groups:
        if g in full or len({nm.last_key(f) for f in g.forms}) != 1:
            out.append(g)
            continue
        key = nm.last_key(g.forms[0])
        gender = next((nm.honorific_gender(f) for f in g.forms if nm.honorific_gender(f)), None)
        # only a form with an honorific is surely a person ("A recent McKinsey report", tagged PERSON,
        # is not a misspelt "John McKinney", NAEB)
        near = [h for h in full if gender and key not in keys and len(key) >= MISSPELLING_MIN_CHARS
                and any(_near_spelling(key, nm.last_key(f)) for f in h.forms if nm.is_full_name(f))
                and gender in (None, next((nm.honorific_gender(f) for f in h.forms if nm.honorific_gender(f)), gender))]
        if len(near) == 1:
            near[0].members.extend(g.members)
        else:
            out.append(g)
    return out


def _near_spelling(a: str, b: str) -> bool:
    """Typo-close: same first letter, lengths within one, neither a stem of the other
    ("Williams" / "Williamson" are two names), and alike by MISSPELLING_RATIO."""
    return (len(b) >= MISSPELLING_MIN_CHARS and a[:1] == b[:1] and abs(len(a) - len(b)) <= 1
            and not (a.startswith(b) or b.startswith(a)) and SequenceMatcher(None, a, b).ratio() >= MISSPELLING_RATIO)


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def group_organisations(cands: list[Candidate], pairs: Iterable[tuple[Candidate, Candidate]]) -> list[Group]:
    """Organisation and place mentions -> groups.

    Same name (no case, article, possessive or periods: "U.S." / "US"); an
    acronym and the one name it abbreviates ("WHO" / "World Health
    Organisation", "U.N." / "United Nations"); the declared aliases; and a
    short organisation name that ends exactly one longer one ("Home Office" /
    "United Kingdom Home Office", "Court" / "Supreme Court"), or begins one
    whose last word is a company suffix ("Microsoft" / "Microsoft Corp"), or is
    its one-word head before "of/for/on" ("Church" / "Church of Scientology"), or is it without
    a closing "of" and a place ("Comic Corps" / "Comic Corps of Canada").
    """
    items = sorted((c for c in cands if c.kind != "person"), key=lambda c: c.start_char)
    index = {id(c): i for i, c in enumerate(items)}
    uf = _Union(len(items))
    by_key: dict[str, int] = {}
    for i, c in enumerate(items):
        key = nm.org_key(c.text)
        if key in by_key:
            uf.join(by_key[key], i)
        else:
            by_key[key] = i
    for a, b in pairs:
        if id(a) in index and id(b) in index:
            uf.join(index[id(a)], index[id(b)])
    keys = list(by_key)
    for key, i in by_key.items():
        c = items[i]
        if nm.is_acronym(c.text):
            full = [j for k, j in by_key.items() if items[j].kind == c.kind and nm.acronym_matches(c.text, items[j].text)]
            if len({uf.find(j) for j in full}) == 1:
                uf.join(i, full[0])
            continue
        if c.kind != "organization":
            continue
        # "the Church" after "the Church of Scientology" (GUM news_hackers): an organisation's head
        # noun (ORG_HEADS) alone is the one organisation whose name it opens before "of/for/on"; a
        # brand is not a head noun ("Semafor" and a misread "Semafor of Stealing Trade Secrets", NAEB)
        longer = [k for k in keys if k != key and items[by_key[k]].kind == "organization" and nm.contains_words(key, k)
                  and (k.endswith(" " + key) or k.split()[-1] in CORPORATE_SUFFIXES
                       or key in ORG_HEADS and k.split()[1] in ("of", "for", "on")
                       or _drops_its_place(key, k))]
        if len({uf.find(by_key[k]) for k in longer}) == 1:
            uf.join(i, by_key[longer[0]])
    groups: dict[int, Group] = {}
    for i, c in enumerate(items):
        root = uf.find(i)
        groups.setdefault(root, Group(kind=c.kind)).members.append(c)
    for g in groups.values():
        g.kind = settle_kind(g)
    return list(groups.values())


def _drops_its_place(short: str, full: str) -> bool:
    """Is `short` (two words or more) `full` without its closing "of" and one or two words?
    "Comic Corps" ... "Comic Corps of Canada" (GUM news_expo), "Supreme Court" ... "Supreme
    Court of Canada": within one article the short form is the same organisation. One word
    alone is left to the head-noun rule ("Bank" is not "Bank of England" unless it heads it)."""
    s, f = short.split(), full.split()
    return len(s) >= 2 and f[:len(s)] == s and len(f) - len(s) in (2, 3) and f[len(s)] == "of"


def settle_kind(group: Group) -> str:
    """Organisation or place, by the model's votes; an organisation tag beats a LOC/FAC one.

    The small model calls "Scientology" LOC ten times and ORG six (GUM news_defector); a
    country or city (GPE) is a place unless most mentions say otherwise.
    """
    labels = Counter(m.label for m in group.members)
    kinds = Counter(m.kind for m in group.members)
    if labels["ORG"] and not labels["GPE"]:
        return "organization"
    return max(kinds, key=lambda k: (kinds[k], -KIND_ORDER[k]))


def is_source_sentence(doc: Doc, c: Candidate) -> bool:
    """Is this mention in a sentence that quotes or cites someone ("said", quotation marks)?"""
    sent = doc[c.start].sent
    return any(ch in sent.text for ch in QUOTE_MARKS) or any(t.lower_ in SPEECH_WORDS for t in sent)


def is_staff(group: Group, staff: Iterable[str]) -> bool:
    """Does this person group name one of the article's staff (same first and last name)?"""
    full = [f for f in group.forms if nm.is_full_name(f)]
    for s in staff:
        if not nm.name_words(s):
            continue
        if full:
            if any(nm.same_full_name(s, f) for f in full):
                return True
        elif any(nm.last_key(s) == nm.last_key(f) for f in group.forms):
            return True
    return False


def title_parts(doc: Doc, people: list[Group]) -> set[int]:
    """Token starts of entities that are words of a person's title, not mentions of their own.

    "Defense" in "Defense Secretary Ashton B. Carter" and "State" in "Secretary of State
    John Kerry" (seed) name the office; "US" in "US President Barack Obama" (GUM
    news_clock) is the president's affiliation. A place inside a title is always part
    of it; an organisation only next to the role noun, so "Pentagon" in "Pentagon press
    secretary Peter Cook" stays an organisation the article names.
    """
    out: set[int] = set()
    for g in people:
        for m in g.members:
            role = title_before(doc, m.start)
            if role is None:
                continue
            span = doc.char_span(role.start, role.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                if t.ent_type_ in ("GPE", "LOC"):
                    out.add(t.i)
                elif t.ent_type_ == "ORG" and _next_to_role_noun(doc, t, span.start, span.end):
                    out.add(t.i)
    return out


def _next_to_role_noun(doc: Doc, t: Token, start: int, end: int) -> bool:
    """Is token `t` right before a role noun, or after one with only "of/to/the" between?"""
    if t.i + 1 < end and is_role_noun(doc[t.i + 1]):
        return True
    # "Secretary of State", "Undersecretary for Education": one bare link word; "CEO of the
    # Refugee Council" names an organisation (GUM news_questionnaire)
    return t.i - 2 >= start and doc[t.i - 1].lower_ in ("of", "for", "to") and is_role_noun(doc[t.i - 2])


def sweep_names(doc: Doc, groups: list[Group], cands: list[Candidate], blocked: Iterable[tuple[int, int]] = ()) -> None:
    """Add the places where the text repeats a group's name and the model tagged nothing.

    The small model tags "Google" in one sentence and misses it in the next, and "Rathbun"
    likewise (GUM news_clock, news_defector). A form is looked for as a whole, capitalised
    word run; a surname only when one person of the article has it, and never where it
    runs on from another capitalised word ("Jimmy Carter" is not "Mr. Carter").
    """
    # `blocked`: spans a rule dropped ("a NASA T-shirt", "the film Sideways"); the name is not
    # swept back in there just because it is an actor elsewhere in the article
    taken = [(c.start_char, c.end_char) for c in cands] + list(blocked)
    surname_owners = Counter(nm.last_key(f) for g in groups if g.kind == "person" for f in {nm.canonical_name(g.forms)})
    sents = None
    for g in groups:
        if g.kind == "person":
            canonical = nm.canonical_name(g.forms)
            forms = {canonical}
            words = nm.name_words(canonical)
            if len(words) >= 2 and surname_owners[nm.last_key(canonical)] == 1 and len(words[-1]) >= SWEEP_MIN_CHARS:
                forms.add(words[-1])
        else:
            forms = {nm.clean_name(f) for f in g.forms
                     if (len(f) >= SWEEP_MIN_CHARS or nm.is_acronym(f) and len(f) >= 3) and not nm.is_capitalised_word(f)}
        for form in sorted(forms):
            for s, e in whole_word_matches(doccache.text(doc), form):
                if any(s < te and ts < e for ts, te in taken):
                    continue
                span = doc.char_span(s, e)
                # first in a sentence, one word tells nothing unless it is a person's name that is no
                # common word of the article ("Anonymous blogger" when the text says "anonymous posters")
                if span is None or span[0].is_sent_start and len(span) == 1 and not nm.is_acronym(form) and (
                        g.kind != "person" or form.lower() in word_forms(doc)):
                    continue
                before = doc[span.start - 1] if span.start else None
                # "The" may stand before the name ("Epic Mickey by The Katherinator", GUM news_expo caption)
                if (before is not None and before.text[:1].isupper() and not before.is_sent_start
                        and not nm.is_honorific(before.text) and before.lower_ != "the"):
                    continue
                after = doc[span.end] if span.end < len(doc) else None
                if after is not None and after.pos_ == "PROPN" and after.text[:1].isupper():
                    continue
                if sents is None:
                    sents = sentence_index(doc)
                c = candidate_at(doc, span.start, span.end, g.kind, "")
                c.sent = sents[span.start]
                c.credit = in_credit_line(doc, span.start)
                g.members.append(c)
                taken.append((s, e))


def product_names(doc: Doc) -> set[str]:
    """Last words of the names the model tags as products: "the recently released Google Chrome"
    ... "tied with Chrome" (GUM news_ie9, where the model tags the second "Chrome" a PERSON). A
    one-word candidate with one of these names is the product, not an actor.

    Only the tail of a longer product name counts: the small model also tags single names
    PRODUCT now and then ("Sundance" once among five ORG tags, "Telegraph", "Bafta" in BBC
    news), and those stay actors. The tail must be capitalised and at least SWEEP_MIN_CHARS long
    ("VR" of "PlayStation VR" is too short to tell), and not a word of the product's full name
    tagged otherwise elsewhere."""
    out: set[str] = set()
    for ent in entities(doc):
        last = ent[-1].text
        if (ent.label_ == "PRODUCT" and len(ent) > 1 and all(t.is_alpha and t.text[:1].isupper() for t in ent)
                and len(last) >= SWEEP_MIN_CHARS):  # "F: Spotify" (NAEB) is a misread, not a product name
            out.add(last.casefold())
    return out


def ranked_with_products(doc: Doc, cands: list[Candidate], products: set[str]) -> set[str]:
    """One-word "people" ranked against a product: "Internet Explorer is the #2 browser after
    Firefox, ... behind Safari - and nearly tied with Chrome" (GUM news_ie9, where the model
    tags all three PERSON and "Google Chrome" PRODUCT). The object of a ranking preposition
    (RANKING_PREPS, "ahead of") in a sentence that names a known product or a name tagged
    PRODUCT is one too, unless someone in the article has it as a surname. Only in an article
    that names a product line (`product_names`): the model tags odd words PRODUCT elsewhere."""
    if not products:
        return set()
    surnames = {nm.last_key(c.text) for c in cands if c.kind == "person" and nm.is_full_name(c.text)}
    sents = sentence_index(doc)
    product_sents = {c.sent for c in cands if nm.org_key(c.text) in products}
    product_sents |= {sents[ent.start] for ent in entities(doc) if ent.label_ == "PRODUCT"}
    out: set[str] = set()
    for c in cands:
        key = nm.org_key(c.text)
        if (c.kind != "person" or c.end - c.start != 1 or c.sent not in product_sents or key in products
                or key in surnames or c.start == 0):
            continue
        t = doc[c.start]
        if t.dep_ == "pobj" and (t.head.lower_ in RANKING_PREPS or t.head.lower_ == "of" and t.head.head.lower_ == "ahead"):
            out.add(key)
    return out


def product_makers(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Makers named in front of their product: "the recently released Google Chrome" ... "tied
    with Chrome" (GUM news_ie9), "Microsoft Windows" ... "Windows". A product name (PRODUCT, two
    or more capitalised words) whose last word the article also uses alone opens with its
    maker's name, an organisation. Not where the last word is a person's surname ("Dries
    Mertens" tagged PRODUCT beside "Mertens" tagged PERSON, GUM news_soccer)."""
    covered = {t for c in cands for t in range(c.start, c.end)}
    surnames = {nm.last_key(c.text) for c in cands if c.kind == "person"}
    out: list[Candidate] = []
    for ent in entities(doc):
        if ent.label_ != "PRODUCT" or len(ent) < 2 or not all(t.is_alpha and t.text[:1].isupper() for t in ent):
            continue
        tail = ent[-1].text
        if (len(tail) < SWEEP_MIN_CHARS or nm.surname_key(tail) in surnames
                or any(t in covered for t in range(ent.start, ent.end - 1))):
            continue
        if not any(not ent.start <= i < ent.end and _stands_alone(doc, i) for i in _tokens_matching(doc, _word(tail))):
            continue
        c = candidate_at(doc, ent.start, ent.end - 1, "organization", "ORG")
        c.sent = sentence_index(doc)[ent.start]
        out.append(c)
    return out


def _stands_alone(doc: Doc, i: int) -> bool:
    """Is the word at `i` no part of a longer capitalised run ("Chrome", not "Amnesty International")?"""
    before = doc[i - 1] if i > 0 and not doc[i].is_sent_start else None
    after = doc[i + 1] if i + 1 < len(doc) and not doc[i + 1].is_sent_start else None
    return not any(t is not None and t.text[:1].isupper() for t in (before, after))


def find_actors(doc: Doc, staff: Iterable[str] = ()) -> list[dict]:
    """The article's actors as plain dicts for `doc._.digest_actors`, in order of first mention.

    Rules propose mention groups (`actor_groups`); the fitted decisions of `coref` then join
    the groups that name one actor and keep those with the evidence of one (`coref.decide`)."""
    groups = coref.decide(doc, actor_groups(doc, staff))
    return actor_dicts(doc, groups)


def actor_groups(doc: Doc, staff: Iterable[str] = ()) -> list[tuple[Group, Role | None]]:
    """The mention groups the rules propose, each with its role, before the fitted decisions."""
    doccache.fresh(doc)  # a new Doc, or one changed since: read its sentences and entities anew
    staff = [s for s in staff if s]
    cands, dropped = entity_candidates(doc)
    cands += untagged_names(doc, cands)
    cands += given_name_people(doc, cands)
    cands += names_gone_by(doc, cands)
    cands += government_leaders(doc, cands)
    cands = names_spelt_by_acronym(doc, cands)
    cands = headline_names(doc, cands)
    cands = advocacy_group_names(doc, cands)
    cands = _replacing(cands, organisations_spoken_for(doc, cands))
    products = product_names(doc)
    products |= ranked_with_products(doc, cands, products)
    cands = [c for c in cands if " " in c.text or nm.org_key(c.text) not in products]
    cands += product_makers(doc, cands)
    pairs = alias_candidates(doc, cands)
    known = {(c.start, c.end) for c in cands}
    for _a, alias in pairs:
        if (alias.start, alias.end) not in known:
            cands.append(alias)
            known.add((alias.start, alias.end))
        else:
            for c in cands:
                if (c.start, c.end) == (alias.start, alias.end):
                    c.kind = alias.kind
    people_by_age(doc, cands)
    settle_person_kinds(cands)
    cands = absorb_locators(doc, cands)
    teams = team_uses(doc, cands)
    for c in cands:
        if c.kind == "place" and nm.org_key(c.text) in teams:
            c.kind, c.label = "organization", "ORG"
    people = group_people(cands)
    roles = {gi: role for gi, g in enumerate(people) if (role := coref.first_role(doc, g))}
    skip = title_parts(doc, people)
    others = group_organisations([c for c in cands if c.kind == "person" or not any(t in skip for t in range(c.start, c.end))], pairs)
    groups: list[tuple[Group, Role | None]] = []
    for gi, g in enumerate(people):
        if is_staff(g, staff):
            g.members = [m for m in g.members if not m.credit and is_source_sentence(doc, m)]
        groups.append((g, roles.get(gi)))
    groups += [(g, None) for g in others]
    # a make of a machine is often its maker ("the Microsoft search engine", "Starlink satellites", BBC/NAEB),
    # and a capital first in a sentence says nothing either way: where such a name is an actor elsewhere,
    # the mention may be swept back in; a span a rule says is something else (a brand on goods, a work,
    # an event, a time zone) may not
    blocked = [(d.start_char, d.end_char) for d in dropped if not d.reason.startswith((MACHINE_REASON, COMMON_WORD_REASON))]
    sweep_names(doc, [g for g, _r in groups], cands, blocked)
    groups = [(g, r) for g, r in groups if not any(rule(doc, g) for rule in GROUP_RULES)]
    # a name that only ever appears crediting a picture is not an actor of the article
    return [(g, r) for g, r in groups if g.members and not all(m.credit for m in g.members)]


def actor_dicts(doc: Doc, groups: list[tuple[Group, Role | None]]) -> list[dict]:
    """Groups -> the plain dicts of `doc._.digest_actors`, in order of first mention, with the
    pronoun and description mentions `references.py` finds for each."""
    groups = sorted(groups, key=lambda gr: (gr[0].first, KIND_ORDER[gr[0].kind]))
    references = find_references(doc, [(g.kind, [(m.start, m.end) for m in g.members], r) for g, r in groups])
    used: set[str] = set()
    actors = []
    for gi, (g, role) in enumerate(groups):
        name = nm.canonical_name(g.forms)
        mentions = sorted({(m.start_char, m.end_char): "name" for m in g.members}.items())
        extra = [((s, e), kind) for s, e, kind in references.get(gi, ())]
        mentions = sorted(dict(mentions + extra).items())
        aliases = sorted({nm.clean_name(f) for f in g.forms} - {name})
        actors.append({
            "id": slugify_id(name, used),
            "name": name,
            "kind": g.kind,
            "role": role.text if role else None,
            "affiliation": role.affiliation if role else None,
            "aliases": aliases,
            "mentions": [[s, e] for (s, e), _k in mentions],
            "mention_kinds": [k for _se, k in mentions],
        })
    return actors
