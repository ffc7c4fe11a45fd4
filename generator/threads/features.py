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
- `lead`: the words of its title and first paragraphs alone.

And a MinHash of its word 5-shingles (datasketch), to collapse wire copies before
threading. Nothing here depends on other articles, so features can be computed in any
order and in parallel; only the pass that consumes them is ordered.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from generator.analyse.names import clean_name, is_full_name, last_key, org_key
from generator.model import ArticleDigest

# scikit-learn's default token pattern: words of two or more characters.
TOKEN = re.compile(r"(?u)\b\w\w+\b")
# Shingle width for near-duplicate detection: five words is the usual size for news copies
# (short enough that an edited wire copy keeps most, long enough that two stories share few).
SHINGLE_WORDS = 5
# Permutations of the MinHash: 64 estimate a Jaccard similarity within about +-0.06, plenty to
# tell a wire copy (>= 0.8) from a second story on the same event (< 0.5).
NUM_PERM = 64
# The lead: the title and the first paragraphs, where a news story says which event it is
# (who, where, when) before the background that two events of one kind share.
LEAD_PARAGRAPHS = 2


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
    minhash: LeanMinHash | None


def words(text: str) -> list[str]:
    """Lower-cased content words: scikit-learn's tokens less its stop list and bare short numbers."""
    return content_words(TOKEN.findall(text.lower()))


def content_words(tokens: list[str]) -> list[str]:
    return [w for w in tokens if w not in ENGLISH_STOP_WORDS and not (w.isdigit() and len(w) < 3)]


def sublinear(counts: Counter[str]) -> dict[str, float]:
    """1 + log(tf), as TfidfVectorizer(sublinear_tf=True): the tenth "earthquake" adds little."""
    return {k: 1.0 + math.log(n) for k, n in counts.items()}


def actor_keys(name: str, kind: str) -> list[str]:
    """The keys one actor is found under across articles: its full name, and a person's surname."""
    if kind == "person":
        full = " ".join(clean_name(name).casefold().split())
        keys = [full]
        if is_full_name(name):
            keys.append(last_key(name))
        return keys
    return [org_key(name)]


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    """The MinHash permutations, made once (datasketch draws them from a fixed seed)."""
    return MinHash(num_perm=NUM_PERM, seed=1).permutations


def _identity(h: int) -> int:
    return h


def minhash(tokens: list[str]) -> LeanMinHash | None:
    """MinHash of the word 5-shingles; None for a text too short to have one.

    Each shingle's 32-bit hash is a polynomial of its words' CRC-32s, computed for all
    shingles at once with numpy (deterministic, unlike Python's salted `hash`)."""
    if len(tokens) < SHINGLE_WORDS:
        return None
    h = np.fromiter((zlib.crc32(t.encode()) for t in tokens), dtype=np.uint64, count=len(tokens))
    n = len(tokens) - SHINGLE_WORDS + 1
    acc = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE_WORDS):
        acc = (acc * np.uint64(1_000_003) + h[k:k + n]) & np.uint64(0xFFFFFFFF)
    m = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_identity, permutations=_permutations(), scheme="affine32")
    m.update_batch(np.unique(acc).tolist())
    return LeanMinHash(m)


def article_features(digest: ArticleDigest) -> ArticleFeatures:
    """The features of one digest (pure: the same digest gives the same features)."""
    article = digest.article
    raw = TOKEN.findall((article.title + "\n" + article.text).lower())
    tokens = content_words(raw)
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
        lead=sublinear(Counter(words(" ".join([article.title, *(p.text for p in article.paragraphs[:LEAD_PARAGRAPHS])])))),
        minhash=minhash(raw),
    )
