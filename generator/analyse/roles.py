"""Analyse: the role an article gives a person, read off the tokens around a name.

In: a parsed Doc and the token span of a person's name. Out: the role text
("Secretary of State", "Pentagon press secretary", "spokesman for President
Vladimir V. Putin") with its character span, and the affiliation named inside
it. Three places a news article states a role, in this order of trust:

- a title before the name: "Secretary of State John Kerry", "Defense
  Secretary Ashton B. Carter", "the Russian defense minister Sergei Shoigu";
- an apposition after it: "Peter Cook, the Pentagon press secretary, said";
- an apposition before it: "the British foreign secretary, Philip Hammond,".

A phrase counts as a role only if it holds a role noun (ROLE_NOUNS): "told
reporters Kerry" and "in London, Kerry" give none.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from generator.analyse.names import is_given_name, is_honorific
from generator.analyse.doccache import entities

# Head nouns of roles in news text: offices, jobs, and the descriptions reporters
# use for sources. A general list (government, business, law, sport, science),
# not read off one article; a phrase without one of these is not a role.
# Guarded by bench/actors.py (seed_roles_right) and tests/test_actors.py.
ROLE_NOUNS = frozenset({
    # government and diplomacy
    "president", "vice-president", "premier", "chancellor", "minister", "secretary", "ambassador", "envoy", "diplomat",
    "consul", "governor", "mayor", "senator", "congressman", "congresswoman", "representative", "lawmaker", "legislator",
    "deputy", "speaker", "leader", "chairman", "chairwoman", "chair", "chairperson", "commissioner", "councillor",
    "councilor", "councilman", "councilwoman", "official", "officer", "administrator", "attorney", "prosecutor", "judge",
    "justice", "magistrate", "king", "queen", "prince", "princess", "emperor", "monarch", "sheikh", "emir", "sultan",
    "empress", "tsar", "czar", "tsarina", "czarina", "kaiser", "pharaoh", "caliph", "maharaja", "maharajah", "patriarch",
    "pope", "cardinal", "bishop", "archbishop", "imam", "rabbi", "priest", "pastor", "reverend", "general", "admiral",
    "colonel", "major", "captain", "lieutenant", "sergeant", "commander", "chief", "marshal", "sheriff", "inspector",
    "detective", "constable", "superintendent", "head", "director", "undersecretary", "aide", "adviser", "advisor",
    "counselor", "spokesman", "spokeswoman", "spokesperson", "representative", "delegate", "negotiator", "mediator",
    # organisations and work
    "founder", "co-founder", "cofounder", "creator", "co-creator", "owner", "executive", "ceo", "cfo", "coo", "manager", "president", "partner",
    "member", "employee", "staffer", "editor", "reporter", "journalist", "correspondent", "columnist", "writer",
    "author", "novelist", "poet", "artist", "actor", "actress", "singer", "musician", "director", "producer",
    "spokesperson", "lawyer", "barrister", "solicitor", "counsel", "professor", "lecturer", "researcher", "scientist",
    "scholar", "expert", "analyst", "economist", "historian", "doctor", "physician", "surgeon", "nurse", "teacher",
    "principal", "student", "candidate", "activist", "campaigner", "organiser", "organizer", "coordinator", "volunteer",
    "coach", "manager", "player", "striker", "midfielder", "defender", "goalkeeper", "captain", "referee", "champion",
    "commentator", "host", "presenter", "engineer", "designer", "developer", "inventor", "entrepreneur", "investor",
    "banker", "treasurer", "auditor", "regulator", "governor", "foreman", "worker", "officer", "agent", "investigator",
    "critic", "defector", "witness", "victim", "survivor", "resident", "citizen", "father", "mother", "son", "daughter",
    "brother", "sister", "husband", "wife", "widow", "uncle", "aunt", "cousin", "friend",
    # politics and broadcasting: campaigns, parties and the people on air
    "nominee", "contender", "hopeful", "strategist", "consultant", "pollster", "operative", "challenger", "incumbent",
    "anchor", "anchorman",
    "anchorwoman", "newscaster", "broadcaster", "pundit", "contributor",
    # professions and callings, as news and biographies name them before or after a name
    "mathematician", "physicist", "chemist", "biologist", "geologist", "astronomer", "linguist", "philologist",
    "philosopher", "psychologist", "sociologist", "anthropologist", "archaeologist", "academic", "theologian",
    "composer", "conductor", "pianist", "violinist", "guitarist", "drummer", "songwriter", "rapper", "painter",
    "sculptor", "architect", "photographer", "filmmaker", "playwright", "screenwriter", "comedian", "dancer",
    "astronaut", "athlete", "footballer", "cricketer", "golfer", "cyclist", "swimmer", "soldier", "pilot", "chef",
    "farmer", "businessman", "businesswoman", "philanthropist", "lobbyist", "monk", "nun", "abbot",
    # people around someone
    "mentor", "boyfriend", "girlfriend", "fiance", "fiancé", "fiancee", "fiancée", "co-star", "colleague",
    "classmate", "teammate", "grandson", "granddaughter", "grandfather", "grandmother", "nephew", "niece",
    "stepfather", "stepmother", "interviewee", "whip",
    # abbreviated titles as news copy writes them before a name ("Sen. Elizabeth Warren"), read without the period
    "sen", "rep", "gov", "lt", "col", "sgt", "gen", "adm", "capt", "cmdr", "supt", "insp", "det", "amb", "atty", "prof",
})
# Words that may join a title phrase without being capitalised: "Secretary of
# State", "minister of defense", "spokesman for President Putin".
TITLE_LINKS = frozenset({"of", "for", "to", "at", "on", "the", "and", "&"})
# How far a role phrase may reach; past this it is a clause, not a title.
# Chosen on the seed and the dev file (bench/actors.py, seed_roles_right).
MAX_ROLE_TOKENS = 14
# Nouns for a group of people that may stand where a title would ("the research team Tom and
# Ruth Harland"): a phrase ending in one is not a person's title. A category list.
GROUP_NOUNS = frozenset({"team", "couple", "duo", "pair", "trio", "family", "group", "crew", "band"})
# Tokens that end an apposition: punctuation of a clause boundary, and the words
# that start a relative clause ("Cook, who ...").
APPOSITION_END = frozenset({",", ".", ";", ":", "(", ")", "\u2014", "\u2013", "--", "!", "?", '"', "\u201c", "\u201d"})
RELATIVE_WORDS = frozenset({"who", "whom", "whose", "which", "that", "where", "when"})


@dataclass(frozen=True, slots=True)
class Role:
    """A role phrase found next to a name; `start`/`end` are doc character offsets."""

    text: str
    start: int
    end: int
    affiliation: str | None
    how: str  # "title" | "apposition" | "preceding apposition" | "organisation"


def is_role_noun(token: Token) -> bool:
    return token.lower_.rstrip(".") in ROLE_NOUNS or token.lemma_.lower() in ROLE_NOUNS and token.pos_ in ("NOUN", "PROPN")


def has_role_noun(tokens: list[Token]) -> bool:
    return any(is_role_noun(t) for t in tokens)


def _is_name_like(token: Token) -> bool:
    return bool(token.text[:1].isupper()) or token.ent_type_ in ("GPE", "NORP", "ORG", "LOC")


def title_before(doc: Doc, name_start: int) -> Role | None:
    """The title written right before a name: "Secretary of State John Kerry".

    Walks left over capitalised words, lower-case role words and their
    modifiers ("defense", "foreign", "press"), nationality adjectives, and
    "of/for/to/the" between title words; stops at verbs, punctuation and the
    start of the sentence. "According to Afghan Ambassador to the United
    States Hamdullah Mohib" (GUM news_afghan) stops at "According to".
    """
    tokens: list[Token] = []
    i = name_start - 1
    sent_start = doc[name_start].sent.start if name_start < len(doc) else 0
    # the model may have put the title inside the person entity ("Crown Prince Frederik")
    own_start = next((e.start for e in entities(doc) if e.start <= name_start < e.end), name_start)
    while i >= sent_start and len(tokens) < MAX_ROLE_TOKENS:
        t = doc[i]
        if t.text == "-" and not t.whitespace_ and i > sent_start and not doc[i - 1].whitespace_:
            tokens.append(t)  # "co-founder", "vice-chair": the hyphen is inside one word
            i -= 1
            continue
        if t.is_punct and t.text not in (".",) or t.is_space or t.like_num:
            break
        if t.ent_type_ == "PERSON" and t.i < own_start:
            break  # "from US President Barack Obama to Facebook creator Mark Zuckerberg" (GUM)
        if t.pos_ in ("VERB", "AUX", "PRON", "SCONJ", "CCONJ") and not is_role_noun(t):
            break
        if i > sent_start and doc[i - 1].tag_ == "TO" and doc[i - 1].dep_ == "aux" and t.text.islower():
            break  # "to witness city mayor Hau Lung-bin" (GUM news_lanterns): a verb after "to", not a title
        if t.lower_ in TITLE_LINKS:
            # a link only inside a title: the nearest word before it that is not a link must be a
            # capitalised title word ("Ambassador to the United States"), not "According to" or
            # "spokesman for" (that is an apposition, read by `apposition_after`)
            k = i - 1
            while k >= sent_start and doc[k].lower_ in TITLE_LINKS:
                k -= 1
            prev = doc[k] if k >= sent_start else None
            if prev is None or prev.pos_ in ("VERB", "AUX", "ADP") or prev.is_punct or not prev.text[:1].isupper():
                break
            tokens.append(t)
            i -= 1
            continue
        if t.pos_ == "DET" or t.lower_ in ("a", "an"):
            break
        if t.text.endswith("'s") or t.text in ("'s", "\u2019s"):
            break  # "Labour's Shadow Home Secretary": the owner is the affiliation, not the role
        if _is_name_like(t) or is_role_noun(t) or t.pos_ in ("ADJ", "NOUN", "PROPN"):
            tokens.append(t)
            i -= 1
            continue
        break
    tokens.reverse()
    while tokens and (tokens[0].lower_ in TITLE_LINKS or tokens[0].is_punct or is_honorific(tokens[0].text)):
        tokens = tokens[1:]
    # a title phrase ends with (or is) a role word: "Defense Secretary", "Secretary of State",
    # "President"; lower-case words before it that are not role words are context ("told
    # reporters"), so cut the phrase at the first token that can begin a title
    if not tokens or not has_role_noun(tokens):
        return None
    first_role = next(k for k, t in enumerate(tokens) if is_role_noun(t))
    head = first_role
    while head > 0 and (_is_name_like(tokens[head - 1]) or tokens[head - 1].pos_ in ("ADJ", "NOUN", "PROPN")
                        or _links_capitals(tokens, head - 1)):
        head -= 1
    tokens = tokens[head:]
    while tokens and tokens[0].lower_ in TITLE_LINKS:
        tokens = tokens[1:]
    if not tokens:
        return None
    # a title that ends in a noun for a group of people names the group, not one member's role:
    # "husband and wife economist team Jim and Margaret Cuthbert" (BBC politics)
    if tokens[-1].lower_ in GROUP_NOUNS:
        return None
    return _role(doc, tokens[0].i, tokens[-1].i + 1, "title")


def _links_capitals(tokens: list[Token], k: int) -> bool:
    """Is tokens[k] a link word inside a capitalised name before a role ("Joint Council for the
    Welfare of Immigrants campaigner Caitlin Boswell", GUM news_questionnaire): a link between a
    capitalised word before it (past other links) and one after it?"""
    if tokens[k].lower_ not in TITLE_LINKS:
        return False
    after = k + 1
    while after < len(tokens) and tokens[after].lower_ in TITLE_LINKS:
        after += 1
    if after >= len(tokens) or not tokens[after].text[:1].isupper():
        return False
    j = k - 1
    while j >= 0 and tokens[j].lower_ in TITLE_LINKS:
        j -= 1
    return j >= 0 and tokens[j].text[:1].isupper()


def apposition_after(doc: Doc, name_end: int) -> Role | None:
    """ "Peter Cook, the Pentagon press secretary, said": the phrase between commas after a name."""
    if name_end + 1 >= len(doc) or doc[name_end].text != ",":
        return None
    start = name_end + 1
    first = doc[start]
    if first.pos_ == "VERB" or first.lower_ in RELATIVE_WORDS or first.ent_type_ in ("PERSON",):
        return None
    end = start
    sent_end = first.sent.end
    while end < sent_end and end - start < MAX_ROLE_TOKENS:
        t = doc[end]
        if t.text in APPOSITION_END or t.lower_ in RELATIVE_WORDS or t.pos_ in ("VERB", "AUX") and not is_role_noun(t):
            break
        end += 1
    tokens = list(doc[start:end])
    if not tokens or end - start >= MAX_ROLE_TOKENS or not has_role_noun(tokens):
        return None
    # "Kerry, Lavrov and Shoigu": a list of names is not an apposition, nor is the next item of a
    # list ("13 for Ted Cruz, and 36 votes for ...") or a title before another person's name
    # ("Rick Santorum, Senator Marco Rubio, and ...")
    if tokens[0].ent_type_ == "PERSON" or (tokens[0].pos_ == "PROPN" and not has_role_noun(tokens[:3])):
        return None
    content = [t for t in tokens if t.pos_ != "DET"]
    if tokens[0].pos_ == "CCONJ" or (len(content) >= 2 and is_role_noun(content[0]) and content[1].ent_type_ == "PERSON"):
        return None
    # the phrase must end the apposition: a comma, the end of the sentence, or a verb ("said")
    stop = doc[end] if end < len(doc) else None
    if stop is not None and stop.text not in APPOSITION_END and stop.lower_ not in RELATIVE_WORDS and stop.pos_ not in ("VERB", "AUX"):
        return None
    # "According to Rathbun, a detective for the Sheriff's office was provided with ..." (GUM
    # news_defector): after a name that is the object of a preposition, a phrase that runs
    # straight into a verb is that verb's subject, a new clause, not the name's apposition
    if stop is not None and stop.pos_ in ("VERB", "AUX") and doc[name_end - 1].dep_ == "pobj":
        return None
    # "Higuchi, her mother and her sister moved": a list of subjects running into their verb; an
    # apposition with "and" closes with a comma ("Ms. Ruiz, a lawyer and activist, said")
    if stop is not None and stop.pos_ in ("VERB", "AUX") and any(t.pos_ == "CCONJ" for t in tokens):
        return None
    # "John Smith, as chairman of the board," acts in that office: the office is the role. "Brenda
    # Blethyn, as Darin's mother" is a part she plays in a film, and no role of hers
    if tokens[0].lower_ == "as":
        tokens = tokens[1:]
        if any(t.tag_ in ("POS", "PRP$") for t in tokens):
            return None
    while tokens and (tokens[0].pos_ == "DET" or tokens[0].lower_ in ("a", "an", "the")):
        tokens = tokens[1:]
    if not tokens:
        return None
    return _role(doc, tokens[0].i, tokens[-1].i + 1, "apposition")


def apposition_before(doc: Doc, name_start: int, name_end: int) -> Role | None:
    """ "with the British foreign secretary, Philip Hammond,": the phrase before ", NAME".
    A phrase opened by "his"/"her" ("His father, Anthony, was") is one only when the apposition
    closes after the name: "to speak with his mother, Montalvo was put through" fronts a clause.

    The phrase runs left to a determiner that opens it ("the", "a"), through
    "spokesman for the Russian defense ministry" (seed article), and must hold a
    role noun. "In London, Kerry said" gives none.
    """
    comma = name_start - 1
    if comma < 1 or doc[comma].text != ",":
        return None
    i = comma - 1
    sent_start = doc[comma].sent.start
    tokens: list[Token] = []
    opened = False
    while i >= sent_start and len(tokens) < MAX_ROLE_TOKENS:
        t = doc[i]
        if t.is_punct or t.pos_ in ("VERB", "AUX") or t.pos_ == "PRON" and t.tag_ != "PRP$":
            break
        if t.tag_ == "PRP$" and (name_end >= len(doc) or doc[name_end].text != ","):
            return None
        if t.pos_ == "DET" or t.lower_ in ("a", "an", "the") or t.tag_ == "PRP$":  # "his mentor, Vilhelm Thomsen,"
            before = doc[i - 1] if i - 1 >= sent_start else None
            # "spokesman for the ministry": a determiner after a link word is inside the phrase
            if before is not None and before.lower_ in TITLE_LINKS - {"the"} and i - 2 >= sent_start and is_role_noun(doc[i - 2]):
                tokens.append(t)
                i -= 1
                continue
            tokens.append(t)
            opened = True
            break
        tokens.append(t)
        i -= 1
    tokens.reverse()
    at_sentence_start = i < sent_start or (tokens and tokens[0].i == sent_start)
    if not tokens or not (opened or at_sentence_start):
        return None
    # the phrase must be a noun phrase: its last word a role noun or a name inside a role
    if not has_role_noun(tokens) or not (is_role_noun(tokens[-1]) or tokens[-1].pos_ in ("NOUN", "PROPN")):
        return None
    if any(t.ent_type_ == "PERSON" for t in tokens):
        return None
    while tokens and (tokens[0].pos_ == "DET" or tokens[0].lower_ in ("a", "an", "the") or tokens[0].tag_ == "PRP$"):
        tokens = tokens[1:]
    if not tokens:
        return None
    return _role(doc, tokens[0].i, tokens[-1].i + 1, "preceding apposition")


def _role(doc: Doc, start: int, end: int, how: str) -> Role | None:
    """The phrase doc[start:end] as a Role, with the whole words a walk over tokens cut: the
    first part of a hyphenated word ("six-time Grand Slam champion", not "time Grand Slam
    champion"; "soul-singer") and the number before a unit ("400 metres champion"), and
    without a date or a link word at the end ("home secretary on Wednesday", "CEO of")."""
    while start < end and doc[start].is_punct:
        start += 1
    while start > 0 and start < end and (not doc[start - 1].whitespace_ and (doc[start - 1].is_alpha or doc[start - 1].like_num
                                                                          or doc[start - 1].text in ("-", "\u2013"))
                                         or doc[start - 1].like_num and not is_role_noun(doc[start])):
        start -= 1
    while end > start and (doc[end - 1].lower_ in TITLE_LINKS or doc[end - 1].is_punct or doc[end - 1].ent_type_ in ("DATE", "TIME")
                           or doc[end - 1].pos_ == "ADP"):
        end -= 1
    if start >= end or not has_role_noun(list(doc[start:end])) or _names_another_person(doc, start, end):
        return None
    span = doc[start:end]
    return Role(text=" ".join(span.text.split()), start=span.start_char, end=span.end_char, affiliation=affiliation(span), how=how)


def _names_another_person(doc: Doc, start: int, end: int) -> bool:
    """Does the phrase end in another person's title and name ("veteran screenwriter Kelly Marcel"
    before "of Victor LaValle's novel")? A role noun followed by two or more capitalised words,
    the first a given name, with no link word before them, is that person's description, not a
    role of the name it stands beside. After a link word the name is whom the role serves
    ("spokesman for President Vladimir Putin"); one word is no certain name ("Crown Prince Frederik")."""
    for k in range(start, end - 2):
        if doc[k].lower_ in TITLE_LINKS or doc[k].pos_ == "ADP":
            return False
        words = doc[k + 1:end]
        if is_role_noun(doc[k]) and is_given_name(words[0].text) and all(t.text[:1].isupper() for t in words):
            return True
    return False


def affiliation(role: Span) -> str | None:
    """The organisation or country a role names: "Pentagon" of "Pentagon press secretary",
    "United Arab Emirates" of "foreign minister of the United Arab Emirates", "Russian" of
    "Russian foreign minister". A person inside the role ("spokesman for President Putin") is
    not an affiliation."""
    doc = role.doc
    for label in ("ORG", "GPE", "NORP"):
        for ent in entities(doc):
            if ent.label_ == label and ent.start >= role.start and ent.end <= role.end:
                if (label == "ORG" and len(ent) == 1 and ent.start - 2 >= role.start and doc[ent.start - 1].lower_ == "of"
                        and is_role_noun(doc[ent.start - 2])):
                    continue  # "State" of "Secretary of State" names the office, not an employer
                text = " ".join(ent.text.split())
                return text[4:] if text.lower().startswith("the ") else text
    return None


def organisation_after(doc: Doc, name_end: int) -> Role | None:
    """ "Regina Ip of the New People's Party said": the organisation a person belongs to, named
    with "of" right after the name and ending the phrase. The organisation is the role, as a
    reader would write it ("Regina Ip (New People's Party)"). A place after "of" is where someone
    is from, not whom they speak for, and the model's organisation must be the whole phrase:
    "of the University of Chicago's law school" says more than it."""
    if name_end + 1 >= len(doc) or doc[name_end].lower_ != "of":
        return None
    start = name_end + 1 + (doc[name_end + 1].lower_ == "the")
    ent = next((e for e in entities(doc) if e.start in (name_end + 1, start) and e.label_ == "ORG"), None)
    if ent is None or ent.start > start:
        return None
    stop = doc[ent.end] if ent.end < len(doc) else None
    if stop is not None and not (stop.is_punct or stop.pos_ in ("VERB", "AUX") or stop.is_sent_start):
        return None
    text = " ".join(ent.text.split())
    text = text[4:] if text.lower().startswith("the ") else text
    return Role(text=text, start=ent.start_char, end=ent.end_char, affiliation=text, how="organisation")


# Words that rank or judge rather than name a role ("best actress", "top scorer", "favourite chef").
RANKING_WORDS = frozenset({"best", "worst", "top", "favorite", "favourite", "greatest", "leading"})


def predicate_role(doc: Doc, name_start: int, name_end: int) -> Role | None:
    """ "Charles Fillmore (1929 - 2014) was an American linguist", "Smith is the chief executive of
    Acme": what the sentence says the named person is, when the name is the subject of "be" and
    the complement is a role noun (with its modifiers, a role noun joined by "and", and a proper
    name after "of"/"at"/"for"). Only the main clause of a sentence says it outright; a negated
    one says what someone is not, and a ranking or an opinion ("was best actress", "is my
    favourite chef", "the best writer") is no role."""
    head = doc[name_start:name_end].root
    verb = head.head
    if head.dep_ != "nsubj" or verb.lemma_ != "be" or verb.dep_ != "ROOT" or any(c.dep_ == "neg" for c in verb.children):
        return None
    attr = next((c for c in verb.children if c.dep_ == "attr" and c.i > head.i), None)
    if attr is None or attr.pos_ not in ("NOUN", "PROPN") or not is_role_noun(attr):
        return None
    if any(c.tag_ in ("JJS", "RBS", "PRP$") or c.ent_type_ == "ORDINAL" and not c.text[:1].isdigit() or c.lower_ in RANKING_WORDS
           for c in attr.subtree if c.i < attr.i):
        return None
    start = min([c.i for c in attr.lefts if c.dep_ in ("amod", "compound", "nmod", "poss") and not c.is_punct] + [attr.i])
    end = attr.i + 1
    for c in attr.rights:
        if c.dep_ == "conj" and is_role_noun(c) and c.i - end <= 3:
            end = c.i + 1
        elif c.dep_ == "prep" and c.lower_ in ("of", "at", "for") and c.i == end:
            objects = [o for o in c.children if o.dep_ == "pobj" and o.pos_ == "PROPN"]
            if objects:
                end = objects[0].i + 1  # the name, not a clause that follows it
    if end - start > MAX_ROLE_TOKENS:
        return None
    return _role(doc, start, end, "predicate")


def find_role(doc: Doc, name_start: int, name_end: int) -> Role | None:
    """The role stated at one mention of a name, if any (title, then apposition after, then
    before, then the organisation after "of", then what a sentence says the person is)."""
    return (title_before(doc, name_start) or apposition_after(doc, name_end) or apposition_before(doc, name_start, name_end)
            or organisation_after(doc, name_end) or predicate_role(doc, name_start, name_end))


def role_head(role: str) -> str | None:
    """The role noun a description would repeat: "ministry spokeswoman" -> "spokeswoman",
    "minister of defense" -> "minister"."""
    words = [w.strip(".,").lower() for w in role.split()]
    for k, w in enumerate(words):
        if k and w in ("of", "for", "to", "at", "on"):
            words = words[:k]
            break
    for w in reversed(words):
        if w in ROLE_NOUNS:
            return w
    return None
