"""Corpus: topics that connect articles.

Analysis tags each article alone (generator/analyse/topics.py): its main
actors by their names in that article and a few key noun phrases. Across the
archive those tags split what is one topic ("U.S." in one article, "United
States" in another; "school" and "schools") and keep words that connect
nothing. Here, once every article is known:

- an actor's tag becomes its corpus actor's name (the actors layer already
  decided that "U.S." and "United States", or "Scientology" and "Church of
  Scientology", are one), so an actor is one topic;
- phrase tags that differ only by number are one topic (`number_key`), named
  by the form most articles use (the shorter on a tie);
- a phrase tagged in more than GENERIC_SHARE of the archive's articles is
  too general to tag any of them with (document frequency across the
  archive, used once the archive has at least MIN_ARCHIVE articles). It is
  the tags' frequency, not the words' in the text: the corpus stage sees
  slim digests without their text when it streams (generator/cache.py);
- a topic, phrase or actor, stays only when it links at least MIN_ARTICLES
  articles: a topic page of one article shows nothing its article page does
  not (and at 921 articles 2,000 such pages were a third of the site). The
  actor of a dropped tag is still on the actors A-Z, with a page of its own
  or a link to the paragraph that names it (render/views.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from generator.model import ArticleDigest, CorpusActor

# A phrase tagged in more than this share of the archive's articles is generic.
GENERIC_SHARE = 0.5
# Document frequency says little in a handful of articles: below this many it is not used.
MIN_ARCHIVE = 10
# A topic (a phrase or an actor) needs this many articles to be a topic: it has a page and tags them.
MIN_ARTICLES = 2


def number_key(word: str) -> str:
    """A word with English plural endings folded, so "schools"/"school" and "cities"/"city" meet.

    Only for comparing tags that are both in the archive: "news" and "new" never both are
    phrase topics, and a wrong fold merges nothing that is not there.
    """
    w = word.casefold()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith("es") and w[:-2].endswith(("s", "x", "z", "ch", "sh")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def phrase_key(phrase: str) -> str:
    """A phrase tag's key: its words casefolded, the last one's number folded."""
    words = phrase.casefold().split()
    return " ".join([*words[:-1], number_key(words[-1])]) if words else ""


def connect_topics(digests: Sequence[ArticleDigest], actors: Sequence[CorpusActor],
                   actor_index: Sequence[tuple[str, str, str]]) -> list[ArticleDigest]:
    """The digests with their topics rewritten so that topics connect articles (see the module doc)."""
    corpus_name = {a.id: a.name for a in actors}
    in_corpus = {(article, actor): cid for article, actor, cid in actor_index}
    tagged: list[list[tuple[str, bool]]] = []  # per digest: (tag, is an actor)
    forms: dict[str, Counter[str]] = defaultdict(Counter)  # phrase key -> surface form -> articles
    articles: Counter[str] = Counter()  # phrase key -> articles
    actor_articles: Counter[str] = Counter()  # actor topic (its corpus name) -> articles
    for d in digests:
        names: dict[str, str] = {}
        for a in d.actors:
            cid = in_corpus.get((d.slug, a.id))
            if cid is not None:
                for n in (a.name, *a.aliases):
                    names.setdefault(n.casefold(), corpus_name[cid])
        tags = [(names[t.casefold()], True) if t.casefold() in names else (t, False) for t in d.topics]
        for t, is_actor in dict.fromkeys(tags):
            if not is_actor:
                forms[phrase_key(t)][t] += 1
        articles.update({phrase_key(t) for t, is_actor in tags if not is_actor})
        actor_articles.update({t for t, is_actor in tags if is_actor})
        tagged.append(tags)
    generic = {k for k, n in articles.items() if n > GENERIC_SHARE * len(digests)} if len(digests) >= MIN_ARCHIVE else set()
    name_of = {k: min(c, key=lambda f: (-c[f], len(f), f)) for k, c in forms.items()}
    out = []
    for d, tags in zip(digests, tagged, strict=True):
        kept: list[str] = []
        for t, is_actor in tags:
            if is_actor:
                if actor_articles[t] < MIN_ARTICLES:
                    continue
            else:
                k = phrase_key(t)
                if k in generic or articles[k] < MIN_ARTICLES:
                    continue
                t = name_of[k]
            if t.casefold() not in {x.casefold() for x in kept}:
                kept.append(t)
        out.append(replace(d, topics=tuple(kept)) if tuple(kept) != tuple(d.topics) else d)
    return out
