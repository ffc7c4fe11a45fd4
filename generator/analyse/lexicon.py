"""Analyse (names layer): reporting verbs by lemma, and the multi-word and passive cues.

In: a word form ("fumed", "blurted", "says") or a short run of lower-case
words. Out: the lemma of the reporting verb it is ("fume", "blurt", "say"),
or None. No spaCy here: speakers.py and actors.py hand in token text.

Where the list comes from. The lemmas are the union of
- Levin (1993), *English Verb Classes and Alternations*, the verbs of
  communication of section 37: 37.1 transfer of a message (ask, explain,
  quote, recite, write ...), 37.2 tell, 37.3 manner of speaking (shout, mutter,
  whisper, snap, growl ...), 37.4 instrument of communication (email, phone,
  tweet ...), 37.7 say (announce, blurt, confide, reveal ...), 37.8 complain
  (boast, gripe, grumble ...), 37.9 advise (caution, urge, warn ...);
- the quote-verb list of the Gender Gap Tracker (Asr et al. 2021, PLOS ONE;
  sfu-discourse-lab/GenderGapTracker, nlp/english/rules/quote_verb_list.txt),
  less its verbs of thought and showing ("think", "finding", "demonstrate",
  "present", "release"), which open no quotation in news prose;
- this module's earlier list (speakers.py, tuned on the dev file), and verbs of
  emotion used as speech tags in news ("fumed", "seethed", "gushed", "scoffed"),
  as the training file's error list shows them.
The lemmatizer of the model is disabled for speed (nlp.DISABLED), so a form is
mapped to its lemma by a table of generated inflections (regular -ed/-s/-ing
with doubling and -y/-ie rules, plus the irregular forms listed here): the
same lookup lemminflect makes, for only the verbs we need.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Verbs that introduce speech or writing, by lemma. Kept one idea per line, alphabetical within.
REPORTING_LEMMAS = frozenset("""
    accuse acknowledge add admit admonish advise affirm agree allege announce answer apologise apologize appeal argue
    articulate ask assert assure attest aver avow
    babble badger bark bawl beg bellow bemoan berate blare blast bleat blog bluster blurt boast boom brag bray brief
    cackle call caution challenge charge chant chastise chatter cheer chide chime chirp chortle chuckle claim clarify
    cluck comment complain concede conclude concur condemn confess confide confirm congratulate contend continue
    coo correct counsel counter croak croon crow cry
    declaim declare decry demand denounce deny deplore deride describe dictate disclose dismiss dispute divulge
    drawl drone
    echo elaborate email emphasise emphasize enthuse estimate exclaim exhort explain express exult
    fret fume
    gasp giggle gloat greet gripe groan grouse growl grumble grunt guarantee guess gush
    hail harangue hiss holler hoot howl huff
    implore inform inquire insist instruct interject interrupt
    jab jabber jeer jest joke
    lament lash laugh lecture lisp
    maintain marvel mention message moan mock mourn mumble murmur muse mutter
    narrate note notify
    object observe opine
    paraphrase plead pledge posit post press put preach predict proclaim profess promise pronounce propose protest purr
    query question quip quote
    rage rail rant rasp rave react read reason reassure rebuke rebut recall reckon recite recommend recount reflect
    reiterate rejoin relate relay remark remind reminisce repeat reply report reprimand respond restate retell
    retaliate retort reveal riposte roar rumble
    say scoff scold scream screech scribble seethe shout shriek sigh sing slam smile snap snarl sneer snicker snipe
    snort sob speculate spit splutter sputter squawk squeal stammer state stress stutter suggest summarise summarize
    surmise swear
    taunt tease tell testify text theorise theorize thunder tout trumpet tweet twitter
    underline underscore urge
    vent venture vow
    wail warn weep wheeze whimper whine whisper whoop wonder write
    yell yelp
""".split())

# Irregular or doubled forms the suffix rules get wrong.
IRREGULAR = {
    "say": ("said",), "tell": ("told",), "write": ("wrote", "written"), "read": ("read",), "swear": ("swore", "sworn"),
    "sing": ("sang", "sung"), "shoot": ("shot",), "spit": ("spat", "spitting"),
    "spell": ("spelled", "spelt"), "go": ("went", "gone"), "quote": (), "put": ("put", "putting"),
    "admit": ("admitted", "admitting"), "quip": ("quipped", "quipping"), "jab": ("jabbed", "jabbing"),
    "snap": ("snapped", "snapping"), "chat": ("chatted", "chatting"), "slam": ("slammed", "slamming"),
    "sob": ("sobbed", "sobbing"), "rebut": ("rebutted", "rebutting"), "beg": ("begged", "begging"),
    "badger": (), "blog": ("blogged", "blogging"), "text": ("texted", "texting", "texts"),
    "refer": ("referred", "referring"), "concur": ("concurred", "concurring"), "aver": ("averred", "averring"),
    "rejoin": (), "offer": (), "wonder": (), "counter": (), "answer": (), "mutter": (), "murmur": (),
    "twitter": (), "holler": (), "stammer": (), "stutter": (), "whimper": (), "sputter": (), "chatter": (),
    "bluster": (), "thunder": (), "echo": ("echoed", "echoes", "echoing"),
}

# Multi-word cues, as lower-case word runs (the cue word first, then its particle), and what
# they count as: "blurted out" is "blurt", "went on to say" is "say".
PHRASAL = {
    ("blurt", "out"): "blurt", ("spell", "out"): "spell", ("point", "out"): "point", ("fire", "back"): "fire",
    ("shoot", "back"): "shoot", ("hit", "back"): "hit", ("push", "back"): "push", ("chime", "in"): "chime",
    ("pipe", "up"): "pipe", ("speak", "out"): "speak", ("lash", "out"): "lash", ("sound", "off"): "sound",
    ("weigh", "in"): "weigh", ("cry", "out"): "cry", ("call", "out"): "call", ("go", "on"): "go",
}
# Particle verbs that speak only with their particle ("pointed out that ..." but not "pointed at").
PARTICLE_ONLY = frozenset({"point", "hit", "push", "pipe", "speak", "lash", "sound", "weigh", "fire", "shoot", "spell", "go"})

# Prepositional cues that name the source after them: "in the words of X", "according to X".
SOURCE_PHRASES = (("according", "to"), ("in", "the", "words", "of"), ("quoting",), ("as", "quoted", "by"))
# Passive and reported cues whose subject is the speaker: "was quoted as saying", "when told",
# "when asked". Word runs before the final cue word, lower case.
PASSIVE_CUES = (("quoted", "as", "saying"), ("quoted", "as", "telling"), ("when", "told"), ("when", "asked"),
                ("was", "told"), ("asked", "about"), ("went", "on", "to", "say"), ("goes", "on", "to", "say"))


def _regular_forms(lemma: str) -> tuple[str, ...]:
    if lemma.endswith("e"):
        ed, ing = lemma + "d", lemma[:-1] + "ing"
    elif lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        ed, ing = lemma[:-1] + "ied", lemma + "ing"
    else:
        ed, ing = lemma + "ed", lemma + "ing"
    if lemma.endswith(("sh", "ch", "s", "x", "z", "o")):
        s = lemma + "es"
    elif lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        s = lemma[:-1] + "ies"
    else:
        s = lemma + "s"
    return (lemma, ed, s, ing)


@lru_cache(maxsize=1)
def _form_table() -> dict[str, str]:
    table: dict[str, str] = {}
    lemmas = set(REPORTING_LEMMAS) | {lemma for lemma, *_ in PHRASAL} | set(PHRASAL.values())
    for lemma in sorted(lemmas):
        irregular = IRREGULAR.get(lemma, ())
        base, ed, s, ing = _regular_forms(lemma)
        regular = [base, s]
        # an irregular past ("said", "admitted") replaces the regular one ("sayed", "admited")
        if not any(not f.endswith(("ing", "s")) for f in irregular):
            regular.append(ed)
        if not any(f.endswith("ing") for f in irregular):
            regular.append(ing)
        for form in (*regular, *irregular):
            table.setdefault(form, lemma)
    # irregular forms win over a regular form of another lemma
    for lemma, forms in sorted(IRREGULAR.items()):
        for form in forms:
            table[form] = lemma
    return table


def verb_lemma(form: str) -> str | None:
    """The lemma of a reporting verb's form ("fumed" -> "fume", "told" -> "tell"), or None."""
    lemma = _form_table().get(form.lower())
    return lemma if lemma in REPORTING_LEMMAS or lemma in set(PHRASAL.values()) else None


def reporting_lemma(form: str, next_word: str | None = None) -> str | None:
    """The reporting lemma a word form stands for, given the word after it for particle verbs.

    "fumed" -> "fume"; "blurted" + "out" -> "blurt"; "pointed" + "out" -> "point",
    but "pointed" + "at" -> None, as "point" speaks only with its particle.
    """
    lemma = _form_table().get(form.lower())
    if lemma is None:
        return None
    if lemma in PARTICLE_ONLY:
        return PHRASAL.get((lemma, (next_word or "").lower()))
    return lemma if lemma in REPORTING_LEMMAS else None


def forms_of(lemma: str) -> tuple[str, ...]:
    """Every form the table maps to `lemma`: "say" -> ("said", "say", "saying", "says")."""
    return tuple(sorted(f for f, lem in _form_table().items() if lem == lemma))


def reporting_forms() -> frozenset[str]:
    """Every word form the table knows as a reporting verb (particle-only verbs excluded)."""
    return frozenset(f for f, lemma in _form_table().items() if lemma in REPORTING_LEMMAS and lemma not in PARTICLE_ONLY)


def phrase_at(words: list[str], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """How many words of `words` from `i` one of `phrases` covers (0 if none): "in the words of"."""
    for phrase in phrases:
        n = len(phrase)
        if tuple(w.lower() for w in words[i : i + n]) == phrase:
            return n
    return 0


_WORD = re.compile(r"[a-z]+")
