"""Analyse: names of people and organisations, as plain values.

In: the text of a name mention ("Mr. Kerry", "Secretary of State John Kerry",
"the World Health Organisation"). Out: its parts (honorific, name words,
surname key), whether two names can be the same actor, the canonical (fullest)
form of a group, and acronyms. No spaCy here: `actors.py` feeds these
functions the text of entity spans, and the tests feed them strings.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections.abc import Sequence

from generator.analyse.given_names import gender_answer

# Name helpers are pure functions of short strings that grouping calls for every pair of
# mentions (600,000 calls on a 9,000-word article); memoised, grouping stops dominating the
# analysis. Bounded so memory stays flat over an archive. Guarded by bench/throughput.py.
NAME_CACHE_SIZE = 65536

# Courtesy titles: part of how a person is named, never a role ("Mr. Kerry" has
# no role). Case-folded, without the final period.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "madam", "mme", "m"})
FEMALE_HONORIFICS = frozenset({"mrs", "ms", "miss", "dame", "lady", "madam", "mme"})
MALE_HONORIFICS = frozenset({"mr", "sir", "lord", "m"})
# Particles inside surnames: "Bashar al-Assad" is "Mr. Assad", "Abdullah bin
# Zayed" is not "Mr. Bin" (seed article). Compared case-folded.
SURNAME_PARTICLES = ("al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-", "az-", "ibn-", "bin-")
# Lower-case words inside a person's name ("Rodrigo de la Serna", "Philip van Doren Stern",
# "Abdullah bin Zayed"): any other lower-case link word ends the name the model ran on.
NAME_PARTICLES = frozenset({"de", "da", "di", "do", "dos", "das", "del", "della", "der", "den", "des", "du", "la", "le",
                            "van", "von", "ter", "ten", "zu", "bin", "ibn", "al", "el", "y"})
# Words skipped when making an acronym of an organisation name: "World Health
# Organisation" -> WHO, "Food Standards of Australia" -> FSA.
ACRONYM_SKIP = frozenset({"of", "and", "for", "the", "on", "in", "at", "to", "&", "de", "du", "des", "la", "le", "del"})
# Last words that make an untagged run of proper nouns an organisation's name even once
# ("The Deseret News observed", "Hitwise Inc"): the heads organisations are named with. A
# category list; "Group" is left out ("Group F" of a tournament). Guarded by bench/actors.py.
ORG_HEADS = frozenset({"news", "times", "post", "journal", "herald", "tribune", "gazette", "magazine", "inc", "corp",
                       "corporation", "ltd", "plc", "llc", "company", "university", "college", "institute", "ministry",
                       "department", "party", "council", "committee", "commission", "agency", "association",
                       "foundation", "society", "union", "bank", "church", "court", "police", "army", "navy",
                       "authority", "board", "bureau", "office", "hospital"})
# The legal forms that end a company's name and say nothing of which company it is: "Microsoft
# Corp" and "Microsoft Corporation" are one company.
LEGAL_FORMS = frozenset({"inc", "incorporated", "corp", "corporation", "co", "ltd", "limited", "plc", "llc", "company",
                         "ag", "sa", "group"})
# The common noun of a kind of body: one of them alone names no one body ("the State" of Italy's
# schools article, "State" of "the State and Homeland Security Departments"), so it ties no two
# articles (corpus.same_actor). "Senate" and "Congress" are names in their countries' news.
GENERIC_BODIES = ORG_HEADS | frozenset({"state", "government", "administration", "house", "parliament", "cabinet",
                                        "assembly", "chamber", "regime", "opposition", "department", "ministry"})
POSSESSIVE = re.compile(r"(?:'s|\u2019s|\u2018s|'|\u2019)$")  # \u2018: a left quote typed for the apostrophe
# Words written before a name that are no part of it when a short name is matched to a full
# one ("Sen. Obama" is "Barack Obama"): honorifics, common political and military titles, "the".
# Shortened political and military titles ("Sen.", "Gov.", "Col.").
TITLE_ABBREVIATIONS = frozenset({"sen", "rep", "gov", "prof", "gen", "lt", "col"})
NAME_TITLES = HONORIFICS | TITLE_ABBREVIATIONS | frozenset({"president", "the", "former"})
# Shortened titles written with a period right before a person's name, and before nothing else
# ("Gov. Hochul", "Sen. Warren", "Dr. Nelson"): "Lady Bird Lake" and "Lord Howe Island" are why the
# unshortened honorifics are not among them.
PERSON_ABBREVIATIONS = TITLE_ABBREVIATIONS | frozenset({"mr", "mrs", "ms", "mx", "dr", "sgt", "capt", "cmdr", "adm", "supt",
                                                        "insp", "det", "rev", "fr"})
# Third-person pronouns of one gender, every case: "she said" never goes to a man.
PRONOUN_GENDER = {"he": "m", "his": "m", "him": "m", "himself": "m",
                  "she": "f", "her": "f", "hers": "f", "herself": "f"}
# Royal and noble titles that state a gender, beside the honorifics.
FEMALE_TITLES = FEMALE_HONORIFICS | {"queen", "princess", "duchess", "countess"}
MALE_TITLES = MALE_HONORIFICS | {"king", "prince", "duke", "count"}


def strip_possessive(text: str) -> str:
    """ "Mr. Kerry's" -> "Mr. Kerry"; "the Church of Scientology's" -> "the Church of Scientology"."""
    return POSSESSIVE.sub("", text.strip())


def strip_article(text: str) -> str:
    """ "the Pentagon" -> "Pentagon": a determiner is not part of a name."""
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.I)


@lru_cache(maxsize=NAME_CACHE_SIZE)
def clean_name(text: str) -> str:
    """A mention's text as a name: no leading article, no possessive, single spaces, and no
    square brackets: words an editor supplies inside a name are part of it ("[George H. W.] Bush",
    where the model's span starts inside the bracket)."""
    return " ".join(strip_possessive(strip_article(text.replace("[", " ").replace("]", " "))).split())


def is_honorific(word: str) -> bool:
    return word.rstrip(".").casefold() in HONORIFICS


def is_initial(word: str) -> bool:
    """ "B." or "K" in "Ashton B. Carter", "H.W." in "George H.W. Bush": middle initials, not a name word."""
    return bool(re.fullmatch(r"[A-Z]\.?|(?:[A-Z]\.){2,3}", word))


# Generational suffixes: part of a full name, never a name on their own ("Martin Luther King Jr.",
# "Joseph R. Biden Jr.", "Henry VIII" keeps its numeral: it is a one-word name with it).
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def is_name_suffix(word: str) -> bool:
    """ "Jr.", "Sr", "III": a suffix after a surname, not a name word."""
    return word.rstrip(".,").casefold() in NAME_SUFFIXES


# Letters after a name for an honour, a degree or an office ("Daniel Bernoulli FRS", "Jane Smith
# MP", "John Doe PhD"): no name word, and unlike a generational suffix they tell no two people apart.
POST_NOMINALS = frozenset({"frs", "frse", "phd", "dphil", "md", "obe", "mbe", "cbe", "kbe", "dbe", "qc", "kc", "esq", "mp",
                           "mep", "msp"})


def is_post_nominal(word: str) -> bool:
    return word.strip(".,").replace(".", "").casefold() in POST_NOMINALS


def _without_post_nominals(words: list[str]) -> list[str]:
    while len(words) > 1 and is_post_nominal(words[-1]):
        words = words[:-1]
    return words


def name_words(name: str) -> list[str]:
    return list(_name_words(name))


def _after_honorifics(name: str) -> list[str]:
    """The cleaned name's words from the first that is no honorific ("Mr. John Kerry" -> John Kerry)."""
    words = clean_name(name).split()
    while words and is_honorific(words[0]):
        words = words[1:]
    return words


@lru_cache(maxsize=NAME_CACHE_SIZE)
def _name_words(name: str) -> tuple[str, ...]:
    """The words that identify a person: no honorific, no middle initial, no generational suffix.

    "Mr. Kerry" -> ["Kerry"]; "Ashton B. Carter" -> ["Ashton", "Carter"];
    "Joseph R. Biden Jr." -> ["Joseph", "Biden"].
    """
    words = _without_post_nominals(_after_honorifics(name))
    while len(words) > 1 and is_name_suffix(words[-1]):
        words = words[:-1]  # "Biden Jr." is "Mr. Biden": the suffix is no surname
    return tuple(w for w in words if not is_initial(w))


@lru_cache(maxsize=NAME_CACHE_SIZE)
def fold(word: str) -> str:
    """A name word compared without case or accents: "Ḥadīd" is "Hadid", "José" is "Jose"
    (a transliteration or a keyboard without accents spells one name two ways)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def surname_key(word: str) -> str:
    """Compare surnames without case or Arabic article: "al-Assad" == "Assad"."""
    w = fold(strip_possessive(word)).replace("\u2019", "'")
    for particle in SURNAME_PARTICLES:
        if w.startswith(particle) and len(w) > len(particle) + 1:
            return w[len(particle):]
    return w


@lru_cache(maxsize=NAME_CACHE_SIZE)
def first_key(name: str) -> str:
    words = name_words(name)
    return fold(words[0]) if words else ""


@lru_cache(maxsize=NAME_CACHE_SIZE)
def last_key(name: str) -> str:
    words = name_words(name)
    return surname_key(words[-1]) if words else ""


@lru_cache(maxsize=NAME_CACHE_SIZE)
def is_full_name(name: str) -> bool:
    """Two or more name words: "John Kerry", not "Mr. Kerry" or "Kerry"."""
    return len(name_words(name)) >= 2


# Articles, determiners and prepositions the given-name table also lists ("The", "My", "An"):
# capitalised at a sentence's or a title's start they are the English words, never a given name.
# ("Will" and "May" are given names too often to be left out.)
# Possessive determiners: what one owns heads the phrase after it (actor_rules.owned_thing).
POSSESSIVE_DETERMINERS = frozenset({"his", "her", "their", "its", "my", "our", "your"})
FUNCTION_WORDS = POSSESSIVE_DETERMINERS | frozenset({"the", "a", "an", "this", "that", "these", "those", "and", "or", "but",
                                                     "of", "in", "on", "at", "to", "for", "by", "with", "from", "as"})


def _table_word(word: str) -> str | None:
    """The word as the given-name table is asked for it (no possessive, no full stop), or None when it
    cannot be a given name: one letter, no capital, not letters and hyphens, or a function word."""
    w = strip_possessive(word).strip(".")
    if len(w) < 2 or not w[:1].isupper() or not w.replace("-", "").isalpha() or w.casefold() in FUNCTION_WORDS:
        return None
    return w


@lru_cache(maxsize=NAME_CACHE_SIZE)
def given_name_gender(word: str) -> str | None:
    """ "f" for "Hillary", "m" for "Bill", None for a name used by both or unknown ("Kim", "Obama").

    Only the table's firm answers count ("male"/"female", not "mostly_..."): a gender here is a
    hard constraint on who a pronoun or a bare surname can be, so a doubtful name says nothing.
    """
    w = _table_word(word)
    if w is None:
        return None
    answer = gender_answer(w)
    if answer == "unknown" and "-" in w.strip("-"):
        # a double first name the table lacks ("Edward-Isaac", "Anne-Laure"): its first part's
        answer = gender_answer(w.split("-", 1)[0])
    return "f" if answer == "female" else "m" if answer == "male" else None


@lru_cache(maxsize=NAME_CACHE_SIZE)
def name_gender(name: str) -> str | None:
    """A person's gender as the name itself states it: the honorific ("Ms. Zakharova"), else
    the first name word when it is a given name of one gender ("Hillary Clinton"). None when
    the name does not say ("Clinton", "Kim Jong-un")."""
    by_honorific = honorific_gender(name)
    if by_honorific:
        return by_honorific
    words = name_words(name)
    return given_name_gender(words[0]) if len(words) >= 2 else None


def title_gender(word: str) -> str | None:
    """ "f" for "Ms." or "Queen", "m" for "Mr." or "King", None for any other word."""
    w = word.rstrip(".").casefold()
    return "f" if w in FEMALE_TITLES else "m" if w in MALE_TITLES else None


def match_words(name: str) -> list[str]:
    """A name's words for matching short and full forms: case-folded, no possessive, honorific,
    title or middle initial. "Sen. Obama's" -> ["obama"]; "Ashton B. Carter" -> ["ashton", "carter"]."""
    words = [w.casefold().rstrip(".") for w in name_words(name)]
    while words and words[0] in NAME_TITLES:
        words = words[1:]
    return words


def one_edit(a: str, b: str) -> bool:
    """Same initial and one letter inserted, dropped or changed: "mcclenney" ~ "mclenney"."""
    if a[:1] != b[:1] or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def honorific_gender(name: str) -> str | None:
    """ "f" for "Ms. Zakharova", "m" for "Mr. Kerry", None when the name does not say."""
    words = clean_name(name).split()
    if not words:
        return None
    w = words[0].rstrip(".").casefold()
    return "f" if w in FEMALE_HONORIFICS else "m" if w in MALE_HONORIFICS else None


def is_person_abbreviation(word: str) -> bool:
    """ "Gov.", "Mr." or "Mr": a shortened title that only ever stands before a person. Only the
    courtesy titles go without their period (British "Mr Balls"): "Gen Z" is a generation."""
    bare = word.rstrip(".")
    if not bare[:1].isupper() or bare.casefold() not in PERSON_ABBREVIATIONS:
        return False
    return word.endswith(".") or bare.casefold() in HONORIFICS


def honorific(name: str) -> str | None:
    """The honorific a name opens with, without its period ("dr" of "Dr. Nelson"), or None."""
    words = clean_name(name).split()
    w = words[0].rstrip(".").casefold() if words else ""
    return w if w in HONORIFICS else None


def father_and_son_parts(name: str) -> tuple[str, str]:
    """The parts of a full name that tell relatives of one name apart: its middle initials
    ("HW" of "George H. W. Bush") and its generational suffix ("jr" of "Martin Luther King Jr.")."""
    words = _without_post_nominals(_after_honorifics(name))
    suffix = words[-1].rstrip(".,").casefold() if len(words) > 1 and is_name_suffix(words[-1]) else ""
    middle = "".join(w.replace(".", "") for w in words[1:-1] if is_initial(w))
    return middle, suffix


@lru_cache(maxsize=NAME_CACHE_SIZE)
def different_relatives(a: str, b: str) -> bool:
    """Do two names that may share first and last word differ where a father and son differ?
    Both give middle initials and they differ ("George H.W. Bush" / "George W. Bush"), or both
    give a suffix and it differs ("King Jr." / "King Sr."). A name without them says nothing."""
    (ma, sa), (mb, sb) = father_and_son_parts(a), father_and_son_parts(b)
    return bool(ma and mb and ma != mb) or bool(sa and sb and sa != sb)


@lru_cache(maxsize=NAME_CACHE_SIZE)
def same_full_name(a: str, b: str) -> bool:
    """Two full names of one person: first and last words agree ("Ashton Carter" / "Ashton B. Carter").

    "Kim Min-Woo" and "Kim Shin-Wook" share a first word, not a last; "Mohamed
    El-Hassan Mohamed" and "Ahmed Mohamed" share a last word, not a first
    (GUM news_clock): both stay apart.
    """
    if not (is_full_name(a) and is_full_name(b)) or different_relatives(a, b):
        return False
    if first_key(a) == first_key(b) and last_key(a) == last_key(b):
        return True
    # "Christian Andersen" of "Hans Christian Andersen", "Van Doren Stern" of "Philip van Doren
    # Stern" (BBC): the shorter full name is the tail of the longer one
    wa = [fold(w) for w in name_words(a)]
    wb = [fold(w) for w in name_words(b)]
    short, full = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    if len(short) == 2 and len(full) >= 3 and short[0] in full[1:-1] and last_key(a) == last_key(b):
        return True  # "Otto Jespersen" of "Jens Otto Harry Jespersen": known by a middle name
    return len(short) < len(full) and full[-len(short):] == short


@lru_cache(maxsize=NAME_CACHE_SIZE)
def short_name_fits(short: str, full: str) -> bool:
    """Can the one-word name `short` ("Kerry", "Mr. Assad", "Daniel") stand for `full`?

    The surname is the usual short form; a lone first name ("Daniel" for
    "Daniel Montalvo", GUM news_defector) is accepted only when the short form
    carries no honorific, because "Mr. John" is not how anyone writes "John Kerry".
    """
    words = name_words(short)
    if len(words) != 1:
        return False
    key = surname_key(words[0])
    full_words = name_words(full)
    if not full_words:
        return False
    if key == surname_key(full_words[-1]):
        return True
    has_honorific = clean_name(short).split()[0] != words[0]
    return not has_honorific and words[0].casefold() == full_words[0].casefold()


def fullness(name: str) -> tuple[int, int]:
    """How full a form is: more name words, then more characters (initials count here)."""
    cleaned = clean_name(name)
    words = [w for w in cleaned.split() if not is_honorific(w)]
    return (len(name_words(cleaned)), len(" ".join(words)))


def canonical_name(forms: Sequence[str]) -> str:
    """The fullest form of a name in the article, without honorific or article.

    "Mr. Kerry", "Kerry", "John Kerry" -> "John Kerry"; ties go to the first
    form seen, so the choice does not depend on anything but the text.
    """
    best = ""
    best_key = (-1, -1)
    for form in forms:
        cleaned = clean_name(form)
        words = cleaned.split()
        while len(words) > 1 and is_honorific(words[0]):
            words = words[1:]
        candidate = " ".join(words)
        key = fullness(candidate)
        if key > best_key:
            best, best_key = candidate, key
    return best


def acronym(name: str) -> str:
    """Initials of the capitalised words: "World Health Organisation" -> "WHO"."""
    words = [w for w in re.split(r"[\s\-]+", clean_name(name)) if w and w.casefold() not in ACRONYM_SKIP]
    if len(words) < 2:
        return ""
    return "".join(w[0].upper() for w in words if w[0].isalpha())


def is_capitalised_word(text: str) -> bool:
    """A single short word in Title case ("Freedom", "Church", "House"): as often a capitalised
    common word as a name, so such a form is neither swept across an article (actors) nor
    trusted to tie articles together (corpus)."""
    return " " not in text and text[:1].isupper() and text[1:].islower() and len(text) <= 7


def is_acronym(text: str) -> bool:
    """ "WHO", "U.N.", "ISIL": two or more capitals, nothing else but periods."""
    letters = clean_name(text).replace(".", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def acronym_matches(short: str, full: str) -> bool:
    """ "U.N." stands for "United Nations"; "WHO" for "World Health Organisation"."""
    if not is_acronym(short) or is_acronym(full):
        return False
    letters = clean_name(short).replace(".", "")
    return acronym(full) == letters


def is_generic_body(name: str) -> bool:
    """Is the name one common noun of a kind of body ("State", "the Government")? See GENERIC_BODIES."""
    words = strip_article(clean_name(name)).split()
    return len(words) == 1 and words[0].casefold() in GENERIC_BODIES


# British and American spellings of the words organisations are named with: "World Health
# Organisation" is "World Health Organization", "Promises Treatment Centre" is "... Center".
SPELLINGS = {"centre": "center", "centres": "centers", "theatre": "theater", "organisation": "organization",
             "organisations": "organizations", "programme": "program", "defence": "defense"}


# Words of place names written short as often as in full ("Mt Cook", "Mt. Cook", "Mount Cook").
# "St" is not one: it is Saint before a name and Street after one.
SHORT_WORDS = {"mt": "mount", "ft": "fort"}


@lru_cache(maxsize=NAME_CACHE_SIZE)
def org_key(name: str) -> str:
    """Compare organisation and place names without case, article, possessive, British spelling
    or a short form of a place word."""
    words = clean_name(name).replace(".", "").casefold().split(" ")
    return " ".join(SHORT_WORDS.get(w, SPELLINGS.get(w, w)) for w in words)


def contains_words(short: str, full: str) -> bool:
    """Is `short` a run of whole words at the start or end of `full`?

    "Supreme Court" of "Italian Supreme Court of Cassation" is not (it sits in
    the middle), "Home Office" of "United Kingdom Home Office" is, as is
    "Microsoft" of "Microsoft Corp".
    """
    s, f = org_key(short).split(), org_key(full).split()
    if not s or len(s) >= len(f):
        return False
    return f[: len(s)] == s or f[-len(s):] == s


# Endings of occupation words written before a name as if a title ("Comedian Sarah Silverman",
# "Filmmaker Jack Marino"): dropped from a displayed name only before a known given name.
OCCUPATION_ENDINGS = ("maker", "ian", "ist", "writer", "anchor", "host", "er", "aire")


def is_given_name(word: str) -> bool:
    """Whether gender-guesser's table knows the word as a given name at all ("Tyler", "Kim")."""
    w = _table_word(word)
    return w is not None and (gender_answer(w) != "unknown" or given_name_gender(w) is not None)


def without_prefix(name: str, role_words: frozenset[str] = frozenset()) -> str:
    """A person's name without an owner or an occupation written before it.

    "Breitbart’s Joel Pollak" -> "Joel Pollak", "Comedian Sarah Silverman" -> "Sarah Silverman",
    "Rabbi Rick Jacobs" -> "Rick Jacobs" (a word of `role_words`). The rest must be two or
    more capitalised words whose first is a given name of known gender, so "Walker Percy" or
    "Baker Street" stay whole; an occupation word must itself be no given name ("Tyler").
    """
    words = clean_name(name).split()
    for i, w in enumerate(words[:-2]):
        # an owner of one or more words: "New Republic’s Jeet Heer"
        if POSSESSIVE.search(w) and len(w) > 2:
            rest = words[i + 1 :]
            if all(x[:1].isupper() for x in rest) and given_name_gender(rest[0]) is not None:
                return " ".join(rest)
            break
    if len(words) < 3 or not all(w[:1].isupper() for w in words[1:]):
        return clean_name(name)
    # a place before the occupation: "Phoenix Mayor Greg Stanton"
    for k in range(1, len(words) - 2):
        if words[k].lower() in role_words and given_name_gender(words[k + 1]) is not None:
            return " ".join(words[k + 1:])
    first, rest = words[0].lower(), words[1:]
    if first in role_words or (first.endswith(OCCUPATION_ENDINGS) and not is_given_name(words[0])
                               and given_name_gender(rest[0]) is not None):
        return " ".join(rest)
    return clean_name(name)
