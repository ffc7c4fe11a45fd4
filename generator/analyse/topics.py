"""Analyse: a few topic tags per article, for MkDocs/Material tags and topic pages.

In: the article's actors (`doc._.digest_actors`: canonical names, kinds,
mentions) and its parsed Doc (noun chunks). Out: up to MAX_TOPICS tags, most
salient first: the people and organisations the article is most about, its
main places, and the key noun phrases ("refugee situation", "hepatitis").

Salience is frequency, with a bonus for appearing in the lead (where the news
is). Actor tags use the canonical name, so the same person is one tag across
articles; noun phrase tags are lower case.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span

MAX_TOPICS = 6
# Per kind: at most this many tags, so a crowd of places does not crowd out the people.
MAX_PER_KIND = {"person": 2, "organization": 2, "place": 2, "phrase": 2}
# An actor or a two-word phrase must weigh this much (lead mentions count double) to be a
# topic; a one-word phrase ("clock", "salt") needs MIN_WORD_WEIGHT, as single nouns are
# more often the article's furniture ("event", "image", "support") than its subject.
MIN_WEIGHT = 2
MIN_WORD_WEIGHT = 4
# Characters of the lead (about its first two sentences) whose mentions count double.
LEAD_CHARS = 400
# Nouns too general to tag an article with.
GENERIC_NOUNS = frozenset(
    {
        "people", "person", "man", "men", "woman", "women", "time", "times", "year", "years", "day", "days",
        "way", "thing", "things", "part", "lot", "number", "place", "world", "statement", "interview", "report",
        "reports", "news", "story", "week", "weeks", "month", "months", "official", "officials", "source",
        "sources", "spokesman", "spokeswoman", "mr", "mrs", "ms", "dr", "percent", "cent", "per", "image",
        "images", "photo", "picture", "video", "event", "events", "group", "organization", "organisation",
        "sentence", "support", "users", "members", "side", "case", "issue", "issues", "half", "site",
        "dozens", "hundreds", "thousands", "millions",
    }
)


def _phrase(chunk: Span) -> str | None:
    """ "the refugee situation" -> "refugee situation"; None for names, pronouns and generic nouns."""
    root = chunk.root
    if root.pos_ != "NOUN" or root.lower_ in GENERIC_NOUNS or not root.is_alpha or len(root.text) < 4:
        return None
    words = [t for t in chunk if t.i <= root.i and (t.dep_ == "compound" and t.pos_ == "NOUN" or t.i == root.i)]
    words = words[-2:]  # "transport plane flights" -> "plane flights": tags stay short
    return " ".join(t.lower_ for t in words)


def find_topics(doc: Doc, actors: list[dict]) -> list[str]:
    """Topic tags of one article, most salient first."""
    scored: list[tuple[float, str, str]] = []  # (weight, kind, tag)
    for actor in actors:
        mentions = actor.get("mentions", ())
        weight = sum(2 if s < LEAD_CHARS else 1 for s, _e in mentions)
        if weight >= MIN_WEIGHT and actor.get("name"):
            scored.append((weight, actor.get("kind") or "organization", actor["name"]))
    phrases: Counter[str] = Counter()
    for chunk in doc.noun_chunks:
        if (p := _phrase(chunk)) is not None:
            phrases[p] += 2 if chunk.start_char < LEAD_CHARS else 1
    scored.extend((w, "phrase", p) for p, w in phrases.items() if w >= (MIN_WEIGHT if " " in p else MIN_WORD_WEIGHT))
    out: list[str] = []
    taken: Counter[str] = Counter()
    seen: set[str] = set()
    for _weight, kind, tag in sorted(scored, key=lambda x: (-x[0], x[2].casefold(), x[1])):
        key = tag.casefold()
        if key in seen or taken[kind] >= MAX_PER_KIND.get(kind, 1):
            continue
        if any(key in s or s in key for s in seen):  # "Kerry" after "John Kerry", "plane flights" after "flights"
            continue
        seen.add(key)
        taken[kind] += 1
        out.append(tag)
        if len(out) >= MAX_TOPICS:
            break
    return out
