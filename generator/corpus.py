"""ArticleDigests -> Corpus: site-wide slugs and one actor per real entity.

Article slugs are unique and stable: derived from date and title, and on a
clash numbered in the order of (date, slug, source, key), which depends only
on the inputs.

Actors of different articles are one corpus actor when their names agree and
there is evidence they are the same: for people, the same full name plus the
same role or a shared context (another actor or place named in both
articles); a surname alone ("Kerry" in an article that never gives the first
name) joins a full name only with a matching role or a shared co-actor. Never
by surname alone. Organisations and places: the same name, or an alias one
article declares ("ISIS" / "Islamic State").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import itemgetter

from slugify import slugify

from generator.analyse import names as nm
from generator.corpus_topics import connect_topics
from generator.heap import steady_heap
from generator.model import Actor, ActorRef, ArticleDigest, Corpus, CorpusActor
from generator.slugs import slugify_id

# Article slugs: date + the first words of the title. Long enough to read,
# short enough for a path segment on every filesystem.
SLUG_MAX_CHARS = 80
# Names that must never be a page name on any OS or in our own section.
RESERVED_SLUGS = frozenset(
    {"index", "actors", "quotes", "timeline", "topics", "months", "con", "prn", "aux", "nul"}
    | {f"{dev}{n}" for dev in ("com", "lpt") for n in range(1, 10)}
)
# Which kind a corpus actor takes when its articles are split evenly between two.
KIND_TIES = {"person": 0, "organization": 1, "place": 2}
# Words too common in roles to count as evidence that two roles are the same one.
ROLE_STOP_WORDS = frozenset({"the", "of", "for", "a", "an", "and", "to", "at", "in", "on", "s", "former", "then", "new"})
# Two roles agree when this share of their content words is common (Dice); "Secretary of
# State" and "the secretary of state" agree, "Defense Secretary" and "Secretary of State"
# do not (0.5 would let them). Guarded by tests/test_corpus.py.
ROLE_AGREEMENT = 0.6


def article_slug(digest: ArticleDigest) -> str:
    return _article_slug(digest.article.date, digest.article.title)


@lru_cache(maxsize=1 << 14)
def _article_slug(date: str | None, title: str) -> str:
    """An article's slug from its date and title (slugify is slow, and a preview asks again on every edit)."""
    base = slugify(f"{date or 'undated'} {title}", max_length=SLUG_MAX_CHARS, word_boundary=True)
    return base or "article"


def assign_slugs(digests: Iterable[ArticleDigest]) -> list[ArticleDigest]:
    items = sorted(digests, key=lambda d: (d.article.date or "", article_slug(d), d.article.source, d.article.key))
    used: set[str] = set(RESERVED_SLUGS)
    out = []
    for d in items:
        out.append(replace(d, slug=slugify_id(article_slug(d), used)))
    return out


def role_words(role: str | None) -> list[str]:
    words = re.findall(r"[a-z0-9]+", (role or "").lower().replace("\u2019", "'").replace("'s", ""))
    return [w for w in words if w not in ROLE_STOP_WORDS]


def roles_agree(a: str | None, b: str | None) -> bool:
    """Same role in other words: "Secretary of State" / "secretary of state"; one inside the other."""
    wa, wb = role_words(a), role_words(b)
    if not wa or not wb:
        return False
    sa, sb = " ".join(wa), " ".join(wb)
    if sa in sb or sb in sa:
        return True
    common = sum((Counter(wa) & Counter(wb)).values())
    return 2 * common / (len(wa) + len(wb)) >= ROLE_AGREEMENT


@dataclass(frozen=True, slots=True)
class _Entry:
    """One article actor and what the corpus stage knows around it.

    The article's context is shared by all its actors (one set per article,
    not one per actor: with a hundred actors in an article, per-actor sets
    made the corpus stage's memory grow with the square of that).
    `others` and `places` are the org_keys of the article's
    people/organisations and places; `own_other` / `own_place` is this
    actor's key when it is one of them and no other actor of the article
    has that key: it is not part of its own context.
    """

    slug: str
    actor: Actor
    date: str | None
    others: frozenset[str]  # org_key of the people/organisations of the article
    places: frozenset[str]  # org_key of the places of the article
    own_other: str | None = None
    own_place: str | None = None


def _meet(x: frozenset[str], y: frozenset[str], drop: tuple[str | None, str | None]) -> bool:
    """Whether two contexts, each without its entry's own key, share a key."""
    common = x & y
    return bool(common) and bool(common - set(drop))


def same_actor(a: _Entry, b: _Entry) -> bool:
    """Are two article actors one real person/organisation/place? (See the module docstring.)"""
    x, y = a.actor, b.actor
    if x.kind != y.kind and "person" in (x.kind, y.kind):
        return False
    if x.kind != y.kind:  # an organisation and a place of one name are one: "Chennai" the city and its team
        return nm.org_key(x.name) == nm.org_key(y.name)  # by the name itself, never through an alias
    if x.kind != "person":
        if nm.is_generic_body(x.name) or nm.is_generic_body(y.name):
            return False  # "State" here and "State" there may be two states
        keys_x = {nm.org_key(x.name), *identity_aliases(x)}
        keys_y = {nm.org_key(y.name), *identity_aliases(y)}
        return nm.org_key(x.name) in keys_y or nm.org_key(y.name) in keys_x
    same_role = roles_agree(x.role, y.role)
    co_actors = _meet(a.others, b.others, (a.own_other, b.own_other))
    if nm.is_full_name(x.name) and nm.is_full_name(y.name):
        if not nm.same_full_name(x.name, y.name):
            return False
        return same_role or co_actors or _meet(a.places, b.places, (a.own_place, b.own_place))
    if nm.is_full_name(x.name) or nm.is_full_name(y.name):
        full, short = (x.name, y.name) if nm.is_full_name(x.name) else (y.name, x.name)
        return nm.short_name_fits(short, full) and (same_role or co_actors)
    return nm.last_key(x.name) == nm.last_key(y.name) and (same_role or co_actors)


def context_key(actor: Actor) -> str:
    """How an actor counts as context for the others of its article: a person's full name by its
    first and last name words ("Mark Jay Heller" and "Mark Heller" are one co-actor), anything
    else by its name."""
    return _context_key(actor.kind == "person", actor.name)


@lru_cache(maxsize=1 << 16)
def _context_key(person: bool, name: str) -> str:
    """context_key by the two things it reads: one name recurs across an archive, and a preview
    process builds the corpus again on every edit (a name's key is a pure function of it)."""
    if person and nm.is_full_name(name):
        return f"{nm.first_key(name)} {nm.last_key(name)}"
    return nm.org_key(name)


def _entries(ordered: list[ArticleDigest]) -> list[_Entry]:
    out = []
    for d in ordered:
        keys = {a.id: context_key(a) for a in d.actors}
        people = Counter(keys[a.id] for a in d.actors if a.kind != "place")
        where = Counter(keys[a.id] for a in d.actors if a.kind == "place")
        others, places = frozenset(people), frozenset(where)
        for actor in d.actors:
            key = keys[actor.id]
            is_place = actor.kind == "place"
            own_other = key if not is_place and people[key] == 1 else None
            own_place = key if is_place and where[key] == 1 else None
            out.append(_Entry(slug=d.slug, actor=actor, date=d.article.date, others=others, places=places,
                              own_other=own_other, own_place=own_place))
    return out


def identity_aliases(actor: Actor) -> list[str]:
    """The aliases (as org keys) that may tie an organisation or place to other articles: not a
    short capitalised word of its own name. "House" is "Florida House" in the article that says
    both, and any other "House" elsewhere (a heading, "House of Flying Daggers"): 27 of them
    joined "Florida House" at 921 articles. Nor the head noun alone ("Parliament" of "European
    Parliament": the UK's joined it). "Scientology" of "Church of Scientology" still ties."""
    words = nm.org_key(actor.name).split()
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1] if words else ""
    return [nm.org_key(a) for a in actor.aliases
            if not ((nm.is_capitalised_word(nm.clean_name(a)) and nm.org_key(a) in words) or nm.org_key(a) == head)]


def _bucket(entry: _Entry) -> tuple[str, str]:
    """Actors that could be one: people by surname key, the rest by every name they go by,
    organisations and places together (news text and the model blur "Russia" the place and
    "Russia" the government: one article's place is another's organisation)."""
    a = entry.actor
    return ("person", nm.last_key(a.name)) if a.kind == "person" else ("named", nm.org_key(a.name))


def group_kind(members: list[_Entry]) -> str:
    """The kind most of a group's articles give it; a tie goes to the organisation, which acts."""
    votes = Counter(kind for _slug, kind in {(m.slug, m.actor.kind) for m in members})
    return min(votes, key=lambda k: (-votes[k], KIND_TIES[k]))


def group_entries(entries: list[_Entry]) -> list[list[_Entry]]:
    """Entries -> groups of one real actor each (union of `same_actor` pairs inside buckets)."""
    parent = list(range(len(entries)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, e in enumerate(entries):
        buckets[_bucket(e)].append(i)
        if e.actor.kind != "person":
            for alias in identity_aliases(e.actor):
                buckets[("named", alias)].append(i)
    # the full names of people in each group: a surname alone may join "Jade Johnson" or
    # "Michael Johnson", never both (it did, and made one athlete of three at 921 articles)
    fulls: dict[int, set[str]] = {i: ({e.actor.name} if e.actor.kind == "person" and nm.is_full_name(e.actor.name) else set())
                                  for i, e in enumerate(entries)}
    for members in buckets.values():
        for n, i in enumerate(members):
            for j in members[n + 1:]:
                a, b = find(i), find(j)
                if a == b or not same_actor(entries[i], entries[j]):
                    continue
                if any(not nm.same_full_name(x, y) for x in fulls[a] for y in fulls[b]):
                    continue
                keep, gone = min(a, b), max(a, b)
                parent[gone] = keep
                fulls[keep] |= fulls.pop(gone)
    groups: dict[int, list[_Entry]] = defaultdict(list)
    for i, e in enumerate(entries):
        groups[find(i)].append(e)
    return list(groups.values())


def _most_first(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    """(key, count) by count, most first, then key: two C-level sorts (sorting is stable)."""
    return tuple(sorted(sorted(counts.items()), key=itemgetter(1), reverse=True))


@steady_heap()
def build_corpus(digests: Iterable[ArticleDigest]) -> Corpus:
    ordered = assign_slugs(digests)
    groups = group_entries(_entries(ordered))
    named = []
    for members in groups:
        kind = group_kind(members)
        name = nm.canonical_name([m.actor.name for m in members]) if kind == "person" else max(
            (m.actor.name for m in members), key=lambda n: (len(n.split()), len(n), n))
        named.append((name, kind, members))
    used: set[str] = set(RESERVED_SLUGS)  # "index" is the A-Z page; "con", "nul"... cannot be files on Windows
    ids: dict[int, str] = {}
    for k in sorted(range(len(named)), key=lambda k: (named[k][0].casefold(), named[k][1], min((m.slug, m.actor.id) for m in named[k][2]))):
        ids[k] = slugify_id(named[k][0], used)
    index = {(m.slug, m.actor.id): ids[k] for k, (_n, _k, members) in enumerate(named) for m in members}
    together: dict[str, Counter[str]] = defaultdict(Counter)
    for d in ordered:
        present = {index[(d.slug, a.id)] for a in d.actors if a.kind != "place"}
        for a in present:
            with_a = together[a]
            with_a.update(present)  # one C-level count per article, then the actor itself taken out
            del with_a[a]
    actors = tuple(
        sorted(
            (
                CorpusActor(
                    id=ids[k],
                    name=name,
                    kind=kind,
                    appearances=tuple(sorted(
                        (ActorRef(article=m.slug, actor=m.actor.id, role=m.actor.role, date=m.date) for m in members),
                        key=lambda r: (r.date or "", r.article, r.actor))),
                    co_actors=_most_first(together[ids[k]]),
                )
                for k, (name, kind, members) in enumerate(named)
            ),
            key=lambda a: a.id,
        )
    )
    actor_index = tuple(sorted((art, act, cid) for (art, act), cid in index.items()))
    return Corpus(
        digests=tuple(sorted(connect_topics(ordered, actors, actor_index), key=lambda d: (d.article.date or "", d.slug))),
        actors=actors,
        actor_index=actor_index,
    )
