"""The rules that keep a span or a mention group out of the actors, each a named function with
its reason, in two ordered registries: `NON_ENTITY_RULES` (one entity span) and `GROUP_RULES`
(everything the article says of one group of mentions).

A rule earns its place by measurement: `bench/ablate_actor_rules.py` turns each off in turn on the
training and dev files, and `bench/actor_rule_fires.py` shows what each keeps out of unseen
articles. Each has a test of sentences written for it in `tests/test_actor_rules.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

from generator.analyse import doccache
from generator.analyse import names as nm
from generator.analyse.mentions import Group, whole_word_matches
from generator.analyse.quotes import WORK_KINDS
from generator.analyse.roles import is_role_noun

# Nouns for machines and their trips: a capitalised word right before one of these is a
# make or a model ("Hip troop-transport helicopters", "Condor transport plane flights",
# "T-90 tanks"), not an actor. A category list, not the seed's words.
EQUIPMENT_NOUNS = frozenset({
    "helicopter", "gunship", "tank", "plane", "airplane", "aircraft", "airliner", "jet", "jetliner", "bomber", "drone",
    "missile", "rocket", "rifle", "gun", "howitzer", "artillery", "launcher", "flight", "vehicle", "truck", "car",
    "ship", "vessel", "boat", "submarine", "frigate", "destroyer", "satellite", "engine", "locomotive", "phone",
    "smartphone", "handset", "tablet", "laptop", "console", "system", "systems", "model", "variant", "transport",
})
# Goods a brand is printed on: "a NASA T-shirt" (GUM news_clock) names what the boy wore, not NASA
# doing anything. Read through the parse (the name is a compound of one of these nouns).
GOODS_NOUNS = frozenset({"shirt", "t-shirt", "tshirt", "jersey", "cap", "hat", "jacket", "hoodie", "sweatshirt", "mug",
                         "bag", "shoe", "shoes", "sneakers", "badge", "sticker"})
# Last words of events and studies: "Google Science Fair", "Northern Arena Esports Championship",
# "FIFA World Cup", "Australian National Iodine Nutrition Study" (GUM news). They are neither people
# nor organisations; an acronym in front ("FIFA World Cup") names the organiser, kept as one.
# "Games", "Show", "Report" and "Survey" are left out: "Epic Games", "Consumer Reports" and "US
# Geological Survey" are organisations. Guarded by bench/actors.py (people_org_f1, merge_recall).
EVENT_HEADS = frozenset({"fair", "expo", "festival", "championship", "championships", "cup", "olympics", "tournament",
                         "marathon", "exhibition", "awards", "study"})
# Verbs whose object is a work its maker made ("composed his Cello Concerto", "published Analytic
# Syntax"). Verbs whose object may be a person or a body are left out: "directed Tom Cruise",
# "conducted the Vienna Philharmonic", "released the hostage".
# Written as forms: the model's lemmatizer is off for speed (see lexicon.py).
MAKING_VERBS = frozenset({
    "compose", "composed", "composes", "composing", "write", "wrote", "written", "writes", "writing", "co-wrote",
    "co-written", "publish", "published", "publishes", "publishing", "premiere", "premiered", "premieres", "record",
    "recorded", "records", "recording", "paint", "painted", "paints", "film", "filmed", "films", "pen", "penned", "pens",
})
# Words of acting a work is named after with "in": "starred in Match Point", "his role in Cry Wolf".
ACTING_WORDS = frozenset({"star", "starred", "stars", "starring", "co-starred", "co-stars", "cast", "role", "roles",
                          "character", "performance", "performances"})
# Nouns after a name that make it a class of things, not someone: "Hitwise UK's Lifestyle-Religion
# category" (GUM news_hackers), "the Nikkei index", "the FTSE 100 index". A list or a chart is left
# out: "the Forbes list", "the Billboard chart" name who made them.
CATEGORY_NOUNS = frozenset({"category", "categories", "genre", "genres", "index", "indices"})
# A time of day a time-zone code follows: "15:11 GMT", "9 a.m. EST" (GUM news_hackers).
CLOCK_TIME = re.compile(r"^(?:\d{1,2}[:.]\d{2}|[ap]\.?m\.?)$", re.I)
# A version number after a product's name ("Internet Explorer 6", "Internet Explorer 9", GUM
# news_ie9); a name followed by two different ones is a product line, not an organisation. Two,
# so "Channel 4" or "Formula 1" (always one number) stay.
VERSION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d+)?$")
MACHINE_REASON = "names the make of a machine"
# How many lower-case words after a name are searched for an equipment noun
# ("Hip troop - transport helicopters" is five tokens to the noun).
EQUIPMENT_REACH = 5
# A web address ("Politics1.com") names a site.
WEB_ADDRESS = re.compile(r"\.(?:com|org|net|gov|edu|info|io|co\.uk)$", re.I)
# A model designation: letters then digits, with or without a hyphen ("T-90", "F-16", "IE6").
MODEL_CODE = re.compile(r"^[A-Za-z]{1,5}-?\d+[A-Za-z]?$")


def _reads_as_event(doc: Doc, start: int, end: int) -> bool:
    """Is the name at doc[start:end] written as an event is: after "the", a year or an ordinal
    ("the 77th Academy Awards"), or followed by its year ("FIFA World Cup 2018")? A magazine goes
    without "the" in running text ("Vanity Fair reported", BBC entertainment) and stays an
    organisation."""
    if end < len(doc) and re.fullmatch(r"(?:19|20)\d\d", doc[end].text):
        return True
    if start == 0:
        return False
    before = doc[start - 1]
    return before.lower_ == "the" or before.like_num or before.ent_type_ in ("DATE", "ORDINAL")


# Words after "<Name>-" that make the name an award's ("Oscar-winning director", BBC), and verbs
# whose object is a prize ("has never won an Oscar"). Guarded by tests/test_actors_round4.py.
AWARD_SUFFIXES = frozenset({"winning", "winner", "winners", "nominated", "nominee", "nominees"})
WIN_VERBS = frozenset({"win", "wins", "won", "winning"})


def _names_an_award(doc: Doc, start: int, end: int) -> bool:
    """Is the name at doc[start:end] an award: "Oscar-winning director Hayao Miyazaki", "Swank,
    who previously won the Golden Globe and Oscar" (BBC entertainment, "Oscar" tagged PERSON)?
    Before a hyphen and a word of winning, or the object of "won" (a person is never won)."""
    if (end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_
            and doc[end + 1].lower_ in AWARD_SUFFIXES):
        return True
    if doc[start].ent_type_ != "PERSON":
        return False
    root = doc[start:end].root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    # with an article, as a prize is named ("an Oscar", "the Golden Globe and Oscar"); "Gawr Gura
    # winning Most Dedicated Fanbase and Mori Calliope winning ..." (NAEB) is a misparse of a list
    return (root.dep_ == "dobj" and root.head.lower_ in WIN_VERBS
            and any(c.dep_ == "det" and c.lower_ in ("a", "an", "the") for c in root.children))


def no_capital_letter(doc: Doc, start: int, end: int) -> str | None:
    """A name has a capital letter; a span without one is a common phrase the model tagged."""
    return None if any(ch.isupper() for ch in doc[start:end].text) else "no capital letter: not a name"


def award_name(doc: Doc, start: int, end: int) -> str | None:
    """An award ("Oscar-winning", "won an Oscar") is not who won it."""
    return "names an award, not who won it" if _names_an_award(doc, start, end) else None


def model_designation(doc: Doc, start: int, end: int) -> str | None:
    """Letters then digits ("T-90", "F-16", "IE6") name a model of a thing, not a maker."""
    return "a model designation (letters and digits)" if end - start == 1 and MODEL_CODE.match(doc[start].text) else None


def unit_after_number(doc: Doc, start: int, end: int) -> str | None:
    """Capitals written onto a number ("6GB", "100MW", "4K") are a unit of measure, not a body."""
    if start > 0 and doc[start - 1].like_num and not doc[start - 1].whitespace_ and doc[start:end].text.isupper():
        return "a unit written onto a number"
    return None


def web_address(doc: Doc, start: int, end: int) -> str | None:
    """A web address ("Politics1.com") names a site, not who runs it."""
    return "a web address names a site, not who runs it" if WEB_ADDRESS.search(doc[start:end].text) else None


def time_zone(doc: Doc, start: int, end: int) -> str | None:
    """Capitals after a clock time ("15:11 GMT", "9 a.m. EST") are a time zone."""
    if (end - start == 1 and doc[start].text.isupper() and start > 0
            and (CLOCK_TIME.match(doc[start - 1].text) or doc[start - 1].ent_type_ == "TIME")):
        return "a time zone after a clock time"
    return None


def work_title(doc: Doc, start: int, end: int) -> str | None:
    """A name right after a kind of work ("her graphic novel Angel Catbird", "the film Sideways")
    is the work's title, not who made it."""
    before = doc[start - 1] if start > 0 else None
    # a noun (quotes.WORK_KINDS): "to play Hughes" is a verb; "comic" is no kind of work here, it
    # is also a comedian ("comic Graham Norton")
    if before is not None and before.lower_ in WORK_KINDS and before.text.islower() and before.pos_ == "NOUN":
        return f"the title of a {before.text}, not who made it"
    return None


def owned_thing(doc: Doc, start: int, end: int) -> str | None:
    """A name right after "his", "her" or "their" that heads its noun phrase ("his Seventh
    Symphony", "her Cello Concerto", "their Xboxes" aside) is something that person owns or made;
    a person is not had that way. People named in the plural are ("our Founders"), and so are a
    body's own bodies and places ("its Board of Trustees", "our Supreme Court"): those stay. A name
    that only modifies the noun after it stays too ("his Harrow friendships", "their Republican
    colleagues": the noun is the thing owned, the name may be an actor)."""
    if start == 0 or doc[start - 1].lower_ not in nm.POSSESSIVE_DETERMINERS:
        return None
    root = doc[start:end].root
    if root.dep_ in ("compound", "amod", "nmod", "poss") or root.head.i >= end and root.head.pos_ in ("NOUN", "PROPN"):
        return None
    if root.tag_ in ("NNS", "NNPS"):
        return None  # people named as a group: "our Founders", "their Democrats"
    if any(t.lower_ in nm.ORG_HEADS for t in doc[start:end]) or root.ent_type_ in ("GPE", "LOC", "FAC") or doc[end - 1].tag_ == "POS":
        return None  # a body or a place of its own ("its Board of Trustees", "our Supreme Court"), an owner ("its X's")
    return "something someone owns or made (a possessive before it), not an actor"


def owned_by_name(doc: Doc, start: int, end: int) -> str | None:
    """A span the model tags a person with an owner's possessive inside ("Ash’s Pikachu", "Marvel’s
    Spider-Man", "Harper’s Bazaar", "Jehovah’s Witnesses") names something of the owner's or a
    name that holds a possessive of its own, not a person: a person is not owned that way. The
    spans where a person follows the owner ("Bloomberg’s Mark Gurman") or the owner is named in
    full ("Martin Scorsese’s Killers") were cut to the person before the rules are asked."""
    if doc[start].ent_type_ == "PERSON" and any(t.tag_ == "POS" for t in doc[start + 1:end - 1]):
        return "something of an owner's (a possessive inside), not a person"
    return None


def made_work(doc: Doc, start: int, end: int) -> str | None:
    """What someone composed, wrote or published, or acted in ("wrote the Dumky Trio", "starred in
    Match Point"), is a work, whatever the model tagged it."""
    root = doc[start:end].root
    head = root.head
    # not a person the model tagged, whom someone wrote to ("he wrote Christi Grimm, asking"), nor a
    # publication, its publisher's ("publishes Freedom Magazine"); nor, after "in", a place where
    # someone acted ("her performance in Sheffield")
    if (root.dep_ == "dobj" and head.pos_ == "VERB" and head.lower_ in MAKING_VERBS and root.ent_type_ != "PERSON"
            and doc[end - 1].lower_ not in nm.ORG_HEADS):
        return f"the work someone made ({head.text}), not who made it"
    if (root.dep_ == "pobj" and head.lower_ == "in" and head.head.lower_ in ACTING_WORDS
            and root.ent_type_ not in ("GPE", "LOC", "FAC")):
        return f"a work someone acted in ({head.head.text} in), not an actor"
    return None


def title_before_subtitle(doc: Doc, start: int, end: int) -> str | None:
    """"a demonstration of Batman: Arkham VR": the first part of a work's title. "Kerry: we will
    talk" at a line's start is a speaker, "firms in the U.S.: What does ..." opens a sentence, and
    a place the model tags as one is not a title."""
    if (start > 0 and not doc[start].is_sent_start and doc[start - 1].pos_ in ("ADP", "DET") and end + 1 < len(doc)
            and doc[end].text == ":" and doc[end + 1].text[:1].isupper() and "\n" not in doc[end].whitespace_
            and (doc[end + 1].pos_ in ("PROPN", "NOUN", "ADJ", "NUM") or doc[end + 1].lower_ == "the")
            and doc[start].ent_type_ not in ("GPE", "LOC")):
        return "the first part of a title (Name: Subtitle), not who made it"
    return None


def office_address(doc: Doc, start: int, end: int) -> str | None:
    """ "Mr. Chair", "Madam Speaker", "Mr. President": an honorific before an office is how a
    speaker addresses whoever holds it, not a name; the office holder is named elsewhere."""
    words = [t for t in doc[start:end] if not nm.is_honorific(t.text)]
    titled = nm.is_honorific(doc[start].text) or start > 0 and nm.is_honorific(doc[start - 1].text)
    if titled and words and all(is_role_noun(t) for t in words):
        return "an honorific before an office: a form of address, not a name"
    return None


def title_alone(doc: Doc, start: int, end: int) -> str | None:
    """A title or job word alone ("Sgt", "the Sheriff", "Captain", "Volunteer") is a role whose
    holder is named elsewhere or not at all, never a name: the model tags it when it opens a name
    it has split off ("Sgt. Hoyt Teasley")."""
    words = [t for t in doc[start:end] if not t.is_punct]
    if words and all(is_role_noun(t) for t in words):
        return "a title alone: a role, not a name"
    return None


def category_name(doc: Doc, start: int, end: int) -> str | None:
    """A name before "category", "genre" or "index" ("the Nikkei index") names a class of things."""
    return f"names a {doc[end].text}, not who acts" if end < len(doc) and doc[end].text in CATEGORY_NOUNS else None


def event_name(doc: Doc, start: int, end: int) -> str | None:
    """A name ending in an event's or a study's head ("Google Science Fair", "FIFA World Cup")
    names the event, not who takes part (its acronym, if any, is kept as the organiser)."""
    if end - start >= 2 and doc[end - 1].lower_ in EVENT_HEADS and _reads_as_event(doc, start, end):
        return "names an event or a study, not who takes part"
    return None


def brand_on_goods(doc: Doc, start: int, end: int) -> str | None:
    """A brand printed on goods ("a NASA T-shirt") says what someone wore, not what NASA did."""
    root = doc[start:end].root
    if (end - start == 1 and root.dep_ == "compound" and root.head.i > root.i
            and (root.head.lower_ in GOODS_NOUNS or root.head.lower_[:-1] in GOODS_NOUNS)):
        return f"names the brand of a thing ({root.head.text})"
    return None


def make_of_machine(doc: Doc, start: int, end: int) -> str | None:
    """One capitalised word before a machine noun ("Hip troop-transport helicopters", "Condor
    transport plane flights") is its make or model."""
    if end - start != 1:
        return None
    k = end
    while k < len(doc) and k - end < EQUIPMENT_REACH:
        t = doc[k]
        if t.text == "-" or (t.text[:1].islower() and t.pos_ in ("NOUN", "ADJ", "PROPN")):
            word = t.lower_
            if word in EQUIPMENT_NOUNS or word.endswith("s") and word[:-1] in EQUIPMENT_NOUNS:
                return f"{MACHINE_REASON} ({t.text})"
            k += 1
            continue
        break
    return None


# The rules that keep an entity span out of the actors, in the order they are asked; each says
# why in its docstring and is measured by bench/ablate_actor_rules.py (train and dev, one rule off
# at a time). A rule stays only while it helps the training file without hurting the dev file.
NON_ENTITY_RULES: list[Callable[[Doc, int, int], str | None]] = [
    no_capital_letter, award_name, model_designation, unit_after_number, web_address, time_zone, work_title, owned_thing, owned_by_name, made_work,
    title_before_subtitle,
    office_address,
    title_alone, category_name, event_name,
    brand_on_goods, make_of_machine,
]


def non_entity_reason(doc: Doc, start: int, end: int) -> str | None:
    """Why a cleaned entity span is not an actor (the first rule of NON_ENTITY_RULES that says
    so), or None if it may be one."""
    for rule in NON_ENTITY_RULES:
        reason = rule(doc, start, end)
        if reason:
            return reason
    return None


def abbreviates_common_words(doc: Doc, group: Group) -> bool:
    """Is this organisation only ever an acronym of words the article writes in lower case?

    "iodine deficiency disorders" ... "the effects of IDD" (GUM news_iodine), "foreign direct
    investment" ... "FDI" (BBC business): an organisation is spelled out with capitals, so
    initials that match a run of lower-case nouns and adjectives abbreviate a thing, not a name.
    """
    if group.kind == "person" or not all(nm.is_acronym(f) for f in group.forms):
        return False  # a place too: "A.I." tagged GPE beside "artificial intelligence" (NAEB)
    letters = {nm.clean_name(f).replace(".", "").lower() for f in group.forms}
    if min(len(x) for x in letters) < 3:
        return False  # two letters match a lower-case pair by chance too often
    sizes = {len(x) for x in letters}
    return any(letters & content_initials(doc, n) for n in sizes)


def content_initials(doc: Doc, n: int) -> frozenset[str]:
    """The initials of every run of `n` lower-case content words in the Doc, memoised per Doc:
    `abbreviates_common_words` asks once per acronym, and walking the whole Doc each time
    was a tenth of the actors stage on long articles."""
    return doccache.memo(doc, ("initials", n), lambda: _initials(content_word_initials(doc), n))


def content_word_initials(doc: Doc) -> list[str]:
    """Per token, the first letter of a lower-case noun or adjective that is no stop word, else
    "": content words only, "iodine deficiency disorders", not "to a very" for "TAV" (BBC)."""
    return doccache.memo(doc, "content-initials", lambda: [
        t.text[0] if t.is_alpha and t.text.islower() and t.pos_ in ("NOUN", "ADJ") and not t.is_stop else "" for t in doc])


def _initials(firsts: list[str], n: int) -> frozenset[str]:
    return frozenset("".join(firsts[k:k + n]) for k in range(len(firsts) - n + 1) if all(firsts[k:k + n]))


# "Epic Mickey by The Katherinator." (GUM news_expo), "Guernica by Picasso.": a line that opens
# with a name, then "by" and a capitalised name, and has no verb, captions a work (a costume, a
# painting, a book) and its maker. Guarded by bench/actors.py (people_org_f1) and tests.
CAPTION_BY = re.compile(r" by (?:[Tt]he )?[A-Z]")


def is_captioned_work(doc: Doc, group: Group) -> bool:
    """Does a verbless line caption this name as a work by someone (CAPTION_BY)? A news
    sentence has a verb ("Kerry by then had left"), and a name in the middle of a line ("a
    portrait of Churchill by Sutherland") is the subject's, not a title, so only a line's first
    words count (capitalised words before the name are part of the title: "Captain Nemo by
    ..."). Every mention of the name is then the work's."""
    if group.kind == "place":
        return False
    text = doccache.text(doc)
    for form in {m.text for m in group.members}:
        for start, end in whole_word_matches(text, form):
            line_start = text.rfind("\n", 0, start) + 1
            # only capitalised words (a title: "Captain Nemo by ...") may stand before the name
            if not CAPTION_BY.match(text, end) or not all(w[:1].isupper() for w in text[line_start:start].split()):
                continue
            line_end = text.find("\n", end)
            span = doc.char_span(start, len(text) if line_end == -1 else line_end, alignment_mode="expand")
            if span is None:
                continue
            words = []
            for t in span:
                if t.text in (".", "!", "?"):
                    break
                words.append(t)
            if not any(t.pos_ in ("VERB", "AUX") for t in words):
                return True
    return False


def is_product_line(doc: Doc, group: Group) -> bool:
    """Is this organisation a product sold in versions ("Internet Explorer 6" ... "Internet
    Explorer 9", GUM news_ie9)? Its name is followed by at least two different version numbers
    (VERSION_NUMBER); a score ("Sweden 1 – 0"), a range or a quantity after the number is not one."""
    if group.kind != "organization":
        return False
    # "Polestar 2" and "Polestar 4" are cars, but the model also tags "Polestar" alone an
    # organisation (a carmaker, NAEB): a name the model itself calls an organisation stays one
    # (its full name, not a piece: "Explorer" or "IE" tagged alone do not save "Internet Explorer")
    canonical = nm.org_key(nm.canonical_name(group.forms))
    if any(doc[m.start].ent_type_ == "ORG" and doc[m.start].ent_iob_ == "B" and (m.end >= len(doc) or doc[m.end].ent_iob_ != "I")
           and nm.org_key(m.text) == canonical for m in group.members):
        return False
    versions = set()
    for m in group.members:
        k = m.end
        if k >= len(doc) or not VERSION_NUMBER.match(doc[k].text):
            continue
        after = doc[k + 1] if k + 1 < len(doc) else None
        if after is not None and (after.text in ("-", "\u2013", "%") or after.like_num or after.lower_ in ("to", "percent")
                                  or after.pos_ == "NOUN"):
            continue
        versions.add(doc[k].text)
    return len(versions) >= 2


# The rules that drop a whole mention group (what the article says of all its mentions together),
# measured like NON_ENTITY_RULES by bench/ablate_actor_rules.py.
GROUP_RULES: list[Callable[[Doc, Group], bool]] = [
    is_product_line, abbreviates_common_words, is_captioned_work,
]
