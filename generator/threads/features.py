"""Threads: what one article brings to the threading pass, computed from its digest alone.

Each article is represented by three bags of keys, each weighed later by an inverse
document frequency the pass keeps online (threads/cluster.py):

- `terms`: the words of its title and text, as scikit-learn's TfidfVectorizer reads them
  (its token pattern and English stop list), with sublinear term frequency;
- `people`: its people and organisations, from the digest's actors (the names layer gave
  them their fullest form); a person also by surname, since another outlet may only ever
  say "Reid";
- `places`: its places, kept apart because two earthquakes share a country more often
  than two rehab stories share a celebrity (the fitted weights say how much each counts);
- `lead`: the words of its title and first paragraphs alone;
- `numbers`: the numbers it gives (ages, counts, magnitudes, scores, years), which tell two
  events of one kind apart when their words agree (a 6.1 earthquake is not a 7.0 one); a
  record, score or age is also kept whole ("52-3", "36y"), beside its digits.
- `when`: the weekdays and ages its lead gives (`lead_when`): the day the event happened and
  the year of its actor's life, which two events of one kind with the same who and what
  rarely share ("fired on Saturday" against "hired on Monday").

And a MinHash of its word 5-shingles (datasketch's "affine32" values, computed here with
numpy), to collapse wire copies before threading. Nothing here depends on other articles, so features can be computed in any
order and in parallel; only the pass that consumes them is ordered.
"""

from __future__ import annotations

import importlib.util
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from generator.analyse.names import clean_name, is_full_name, last_key, org_key
from generator.model import BODY, ArticleDigest


def _sklearn_stop_words() -> frozenset[str]:
    """scikit-learn's English stop list (TfidfVectorizer's), read from its own module file.

    Importing it the ordinary way runs `sklearn.feature_extraction`'s package init, which pulls
    in scipy.stats and the rest of scikit-learn (about a second in every fresh process, paid on
    every preview edit) for one frozenset literal. `find_spec` of the top-level package locates
    it without importing it; tests/test_threads.py checks the words are the same."""
    sklearn = importlib.util.find_spec("sklearn")
    if sklearn is None or sklearn.origin is None:
        raise ImportError("scikit-learn is not installed (its English stop list is needed)")
    path = Path(sklearn.origin).parent / "feature_extraction" / "_stop_words.py"
    spec = importlib.util.spec_from_file_location("_sklearn_stop_words", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"scikit-learn's stop list not found at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.ENGLISH_STOP_WORDS)


ENGLISH_STOP_WORDS = _sklearn_stop_words()

# scikit-learn's default token pattern, `(?u)\b\w\w+\b`: words of two or more characters. Without
# its word boundaries it finds the same words (a run of word characters is always entered at its
# start, and `\w\w+` is greedy), a quarter faster.
TOKEN = re.compile(r"\w\w+")
# Shingle width for near-duplicate detection: five words is the usual size for news copies
# (short enough that an edited wire copy keeps most, long enough that two stories share few).
SHINGLE_WORDS = 5
# Permutations of the MinHash: 64 estimate a Jaccard similarity within about +-0.06, plenty to
# tell a wire copy (>= 0.8) from a second story on the same event (< 0.5).
NUM_PERM = 64
# The lead: the title and the first paragraphs, where a news story says which event it is
# (who, where, when) before the background that two events of one kind share.
LEAD_PARAGRAPHS = 2
# A number as written: digits with inner decimal points or thousands commas ("6.1", "1,200").
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A figure that names one event more than a bare number does: a record or score ("52-3",
# "45-7-2"), an age ("36-year-old"). Kept whole in the numbers bag beside its digits, so two
# boxers' records or ages differ as wholes, as two quakes' magnitudes ("6.1") do.
# (Decimals are NUMBER's already.) No leading `\b`: a pattern that starts with a word boundary
# cannot skip ahead to the next digit, and costs twice as much; `_marks` checks the boundary.
MARK = re.compile(r"\d+-(?:\d+(?:-\d+)*\b(?!-)|year-old\b)")
# The lead `lead_when` reads: the title and this many body paragraphs (a heading or the repeat of the
# title says nothing new). Chosen by leave-topics-out CV on threads_dev (bench/fit_threads.py --cv,
# BCubed F1 / look-alike merges): 1 0.9198 / 2, 2 0.9364 / 2, 3 0.9206 / 2 (without the channel 0.9227 / 2).
WHEN_PARAGRAPHS = 2
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_SET = frozenset(WEEKDAYS)
# No leading `\b` (as MARK): a pattern that starts with a word boundary tries every position, three times
# slower; `lead_when` checks the boundary.
WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day\b")
# An age as a lead gives it ("the 33-year-old actress"), kept as `numbers` keeps it ("33y").
AGE = re.compile(r"(\d{1,3})-year-old\b")


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """One article as the threading pass sees it. `id` is the article's slug (or source)."""

    id: str
    title: str
    date: str | None
    outlet: str | None
    terms: dict[str, float]
    people: dict[str, float]
    places: dict[str, float]
    lead: dict[str, float]
    minhash: bytes | None  # the MinHash's NUM_PERM values (uint32 each, `minhash`)
    numbers: dict[str, float] = field(default_factory=dict)
    when: dict[str, float] = field(default_factory=dict)

    @property
    def bags(self) -> tuple[dict[str, float], ...]:
        """Its bags in the pass's channel order (cluster.CHANNELS: terms, people, places, lead, numbers, when)."""
        return (self.terms, self.people, self.places, self.lead, self.numbers, self.when)


def words(text: str) -> list[str]:
    """Lower-cased content words: scikit-learn's tokens less its stop list and bare short numbers."""
    return content_words(TOKEN.findall(text.lower()))


def content_words(tokens: list[str]) -> list[str]:
    return [w for w in tokens if w not in ENGLISH_STOP_WORDS and not (w.isdigit() and len(w) < 3)]


# 1 + log(n) for each count n met so far (index n; 0 unused): the same floats, computed once each.
_SUBLINEAR: list[float] = [0.0]


def sublinear(counts: Counter[str]) -> dict[str, float]:
    """1 + log(tf), as TfidfVectorizer(sublinear_tf=True): the tenth "earthquake" adds little."""
    if not counts:
        return {}
    top = max(counts.values())
    if top >= len(_SUBLINEAR):
        _SUBLINEAR.extend(1.0 + math.log(n) for n in range(len(_SUBLINEAR), top + 1))
    return dict(zip(counts.keys(), map(_SUBLINEAR.__getitem__, counts.values())))


@lru_cache(maxsize=65_536)
def actor_keys(name: str, kind: str) -> tuple[str, ...]:
    """The keys one actor is found under across articles: its full name, and a person's surname.
    Remembered: the same people and places recur across a corpus's articles."""
    if kind == "person":
        full = " ".join(clean_name(name).casefold().split())
        return (full, last_key(name)) if is_full_name(name) else (full,)
    return (org_key(name),)


def numbers(text: str) -> dict[str, float]:
    """The numbers of a text, thousands commas dropped, as a sublinear bag: "1,200" and "1200" are one."""
    found = [n.replace(",", "") for n in NUMBER.findall(text)]
    found += _marks(text)
    return sublinear(Counter(found))


def _marks(text: str) -> list[str]:
    """The records and ages of a text (MARK) that start a word ("MS08-078" is a name, not a record),
    an age as "36y"."""
    out = []
    for m in MARK.finditer(text):
        s = m.start()
        if s and (text[s - 1].isalnum() or text[s - 1] == "_"):
            continue
        out.append(m.group().replace("-year-old", "y"))
    return out


def lead_when(lead: str) -> list[str]:
    """The weekdays and ages a lead gives, in order ("saturday", "33y"): when the event happened and how
    old its actor was. Two events of one kind share their who and what (a coach fired, the same coach
    hired; one company's two emergency patches) but seldom the day of the week their leads name or the
    age they give their actor, while the outlets reporting one event name its day and its actor's age
    alike (on threads_dev, two leads naming weekdays share one in 77% of same-event pairs and 26% of
    look-alike pairs; two leads giving ages share one in 90% and none)."""
    text = lead.lower()
    found = [m.group() for m in WEEKDAY.finditer(text) if _starts_word(text, m.start())]
    if "-year-old" in text:
        found += [m.group(1) + "y" for m in AGE.finditer(text) if _starts_word(text, m.start())]
    return found


def _starts_word(text: str, s: int) -> bool:
    """Whether a match at `s` starts a word (what a leading `\\b` would check)."""
    return not s or not (text[s - 1].isalnum() or text[s - 1] == "_")


_NO_WHEN = (0.0, 0.0, 0.0, 0.0)


def main_day(when: dict[str, float]) -> dict[str, float]:
    """A thread's `when` bag with only its weightiest weekday (ties to the greater key), its ages kept: the
    day most of its leads name. A thread of many articles gathers stray weekdays (a follow-up's "said on
    Tuesday", one outlet's day after), so two threads of one story often share some weekday while their
    leads mostly name one day; the repair compares that day (`repair.merge_features`). By leave-topics-out
    CV on threads_dev (bench/fit_threads.py --cv): 0.9364 / 2 with every weekday, 0.9394 / 1 with the main
    day; the same for the pass (an article against a thread) gave 0.9193 / 3: an article's lead is one lead."""
    days = [k for k in when if k in _WEEKDAY_SET]
    if len(days) < 2:
        return when
    top = max(days, key=lambda k: (when[k], k))
    return {k: x for k, x in when.items() if k == top or k not in _WEEKDAY_SET}


def when_flags(a: dict[str, float] | set[str], b: dict[str, float] | set[str]) -> tuple[float, float, float, float]:
    """Whether two `when` bags both name weekdays and share none, share a weekday, both give ages and share
    none, share an age: the pass's and the repair's reading of the `when` channel."""
    if not a or not b:  # most leads name no weekday and no age: nothing to compare
        return _NO_WHEN
    wa, wb = _WEEKDAY_SET.intersection(a), _WEEKDAY_SET.intersection(b)
    aa, ab = set(a) - wa, set(b) - wb
    return (1.0 if wa and wb and wa.isdisjoint(wb) else 0.0, 0.0 if wa.isdisjoint(wb) else 1.0,
            1.0 if aa and ab and aa.isdisjoint(ab) else 0.0, 0.0 if aa.isdisjoint(ab) else 1.0)


# The seed of datasketch's MinHash permutations (its default).
SEED = 1
# Bytes of one MinHash value (uint32, the "affine32" scheme's width).
VALUE_BYTES = 4


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's "affine32" permutations (a odd, b; uint32), drawn as `MinHash._init_permutations`
    draws them from its fixed seed. Importing datasketch costs over a second in every fresh process
    (it imports scipy.integrate for its LSH); tests/test_threads.py checks the values are its."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a.reshape(1, -1), b.reshape(1, -1)


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which datasketch's "affine32" scheme applies first."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


class _Crc32(dict[str, int]):
    """CRC-32 of a word, remembered: most words of an article were met before, and a dict hit
    costs less than encoding and hashing again. Cleared when it grows past MEMO_WORDS."""

    def __missing__(self, word: str) -> int:
        if len(self) > MEMO_WORDS:
            self.clear()
        h = self[word] = zlib.crc32(word.encode())
        return h


# Words whose CRC-32 is remembered at most (a few tens of MB).
MEMO_WORDS = 200_000
_CRC32 = _Crc32()


def minhash(tokens: list[str]) -> bytes | None:
    """MinHash of the word 5-shingles, its NUM_PERM values as bytes (uint32 each: compact in a saved
    pass, compared and cut into bands as they are); None for a text too short to have one.

    Each shingle's 32-bit hash is a polynomial of its words' CRC-32s, computed for all
    shingles at once with numpy (deterministic, unlike Python's salted `hash`). Then
    datasketch's "affine32" scheme (MurmurHash3 mix, then a*h + b modulo 2^32) for all
    shingles in one numpy step: the values `MinHash.update_batch` gives, without its
    Python call per shingle (tests/test_threads.py compares them)."""
    if len(tokens) < SHINGLE_WORDS:
        return None
    h = np.fromiter(map(_CRC32.__getitem__, tokens), dtype=np.uint32, count=len(tokens))
    n = len(tokens) - SHINGLE_WORDS + 1
    # the polynomial modulo 2^32 in uint32's own wraparound, in place (its first step is the first word)
    acc = h[:n].copy()
    for k in range(1, SHINGLE_WORDS):
        acc *= np.uint32(1_000_003)
        acc += h[k:k + n]
    a, b = _permutations()
    # a shingle met twice gives its hash twice, which leaves the minimum as it is: no np.unique
    hv = _fmix32(acc).reshape(-1, 1) * a
    hv += b
    return hv.min(axis=0).tobytes()


def article_features(digest: ArticleDigest) -> ArticleFeatures:
    """The features of one digest (pure: the same digest gives the same features)."""
    article = digest.article
    paras = [p.text for p in article.paragraphs]
    body = [p.text for p in article.paragraphs if p.kind == BODY]
    head = (article.title + "\n" + "\n".join(paras[:LEAD_PARAGRAPHS])).lower()
    lead_raw = TOKEN.findall(head)
    raw = lead_raw + TOKEN.findall("\n".join(paras[LEAD_PARAGRAPHS:]).lower())
    lead = content_words(lead_raw)
    tokens = lead + content_words(raw[len(lead_raw):])
    people: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for actor in digest.actors:
        n = max(1, sum(m.kind == "name" for m in actor.mentions))
        bag = places if actor.kind == "place" else people
        for key in actor_keys(actor.name, actor.kind):
            if key:
                bag[key] += n
    return ArticleFeatures(
        id=digest.slug or article.source,
        title=article.title,
        date=article.date,
        outlet=article.site,
        terms=sublinear(Counter(tokens)),
        people=sublinear(people),
        places=sublinear(places),
        lead=sublinear(Counter(lead)),
        minhash=minhash(raw),
        numbers=numbers(article.title + "\n" + article.text),
        when=sublinear(Counter(lead_when("\n".join([article.title, *body[:WHEN_PARAGRAPHS]])))),
    )
