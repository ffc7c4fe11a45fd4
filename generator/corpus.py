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

The merge is incremental across builds when build() gives it a store (a
`generator.cache.StageState`, like the threads stage's): each build leaves
its groups, each with the buckets its members sit in, and its articles by
what their digests were made from (`SavedMerge`). The next build regroups
only the groups an added or removed article can reach (`_merge`: every group
in a bucket of an article that came or went) and takes the others as they
were, so an edit regroups a few buckets instead of the archive's 15,000
article actors. Naming, ids, co-actors and topics are then made for the
whole archive as in a full build, and the corpus is the one a full build
makes (tests/test_corpus_merge.py).
"""

from __future__ import annotations

import logging
import marshal
import pickle
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain, repeat
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from slugify import slugify

from generator.analyse import names as nm
from generator.corpus_topics import connect_topics
from generator.heap import settle, steady_heap
from generator.model import Actor, ActorRef, ArticleDigest, Corpus, CorpusActor, corpus_order
from generator.slugs import number_slug, slug_base

if TYPE_CHECKING:
    from generator.cache import StageState

log = logging.getLogger(__name__)

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
# The layout of SavedMerge: a saved merge of another layout is not read (it is in the state's version).
MERGE_FORMAT = "1"

Bucket = tuple[str, str]
# A group of article actors that are one corpus actor, as build_corpus keeps it from one build to the next:
# (name, kind, slug_base of the name, members as (article identity, the actor's place in the digest's
# actors), the buckets its members sit in)
Group = tuple[str, str, str, tuple[tuple[str, int], ...], tuple[Bucket, ...]]


def article_slug(digest: ArticleDigest) -> str:
    return _article_slug(digest.article.date, digest.article.title)


@lru_cache(maxsize=1 << 14)
def _article_slug(date: str | None, title: str) -> str:
    """An article's slug from its date and title (slugify is slow, and a preview asks again on every edit)."""
    base = slugify(f"{date or 'undated'} {title}", max_length=SLUG_MAX_CHARS, word_boundary=True)
    return base or "article"


def assign_slugs(digests: Iterable[ArticleDigest], identity: Callable[[ArticleDigest], str] | None = None,
                 store: StageState | None = None) -> list[ArticleDigest]:
    """The digests in site order (date, slug, source, key), each with its unique slug; with `store` and
    `identity` (as `build_corpus` takes them), the slugs of the articles the saved merge knows are taken
    from it, as `build_corpus` does (slugify is slow: 0.05 s at 921 articles)."""
    items = list(digests)
    keys, _store, saved = _keyed(items, identity, store if identity is not None else None)
    return _slugged(items, keys, saved)[0]


def _keyed(items: list[ArticleDigest], identity: Callable[[ArticleDigest], str] | None,
           store: StageState | None) -> tuple[list[str], StageState | None, SavedMerge]:
    """Each digest's key (`identity`, else its place), the store when the keys can name what it saves
    (unique), and the merge saved there (empty without one)."""
    keys = [identity(d) for d in items] if identity is not None else [str(i) for i in range(len(items))]
    if store is not None and len(set(keys)) != len(keys):  # not an identity: nothing can be saved by it
        store = None
    return keys, store, (store.restore(SavedMerge) if store is not None else None) or SavedMerge()


def _slugged(digests: list[ArticleDigest], keys: list[str],
             saved: SavedMerge) -> tuple[list[ArticleDigest], list[str], list[tuple[str, str]]]:
    """`assign_slugs` of digests known by `keys`, with the slugs of the articles `saved` knows taken from it
    (slugify is slow, and a new process has none cached): the digests, their keys and slug bases, in site order."""
    bases = [saved.slugs(k) or _slug_bases(d) for d, k in zip(digests, keys, strict=True)]
    order = sorted(range(len(digests)), key=lambda i: (digests[i].article.date or "", bases[i][0],
                                                       digests[i].article.source, digests[i].article.key))
    used: set[str] = set(RESERVED_SLUGS)
    ordered = [replace(digests[i], slug=number_slug(bases[i][1], used)) for i in order]
    return ordered, [keys[i] for i in order], [bases[i] for i in order]


def _slug_bases(digest: ArticleDigest) -> tuple[str, str]:
    """An article's slug before clashes are numbered (its place in the site's order), and that as an id's base."""
    slug = article_slug(digest)
    return slug, slug_base(slug)


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
    article: int = 0  # the article's place in the site's order
    at: int = 0  # the actor's place in its digest's actors


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


def _entries(d: ArticleDigest, article: int, only: set[int] | None = None) -> list[_Entry]:
    """The entries of the actors of `d`, the article at place `article` in the site's order (with `only`, of
    the actors at those places only).

    The context is made only when a person is asked for: `same_actor` reads it for two people
    only, so the entries of organisations and places are made without it when they are grouped
    again (`_merge`), and an edit touching "US" does not make the context of the 200 articles
    that name it."""
    if only is not None:
        if all(d.actors[at].kind != "person" for at in only):
            return [_Entry(slug=d.slug, actor=d.actors[at], date=d.article.date, others=frozenset(), places=frozenset(),
                           article=article, at=at) for at in sorted(only)]
        return [e for e in _entries(d, article) if e.at in only]
    keys = {a.id: context_key(a) for a in d.actors}
    people = Counter(keys[a.id] for a in d.actors if a.kind != "place")
    where = Counter(keys[a.id] for a in d.actors if a.kind == "place")
    others, places = frozenset(people), frozenset(where)
    out = []
    for at, actor in enumerate(d.actors):
        key = keys[actor.id]
        is_place = actor.kind == "place"
        own_other = key if not is_place and people[key] == 1 else None
        own_place = key if is_place and where[key] == 1 else None
        out.append(_Entry(slug=d.slug, actor=actor, date=d.article.date, others=others, places=places,
                          own_other=own_other, own_place=own_place, article=article, at=at))
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


def _buckets(entry: _Entry) -> list[Bucket]:
    """Actors that could be one: people by surname key, the rest by every name they go by (their
    own and their `identity_aliases`), organisations and places together (news text and the model
    blur "Russia" the place and "Russia" the government: one article's place is another's organisation)."""
    a = entry.actor
    if a.kind == "person":
        return [("person", nm.last_key(a.name))]
    return [("named", nm.org_key(a.name)), *(("named", alias) for alias in identity_aliases(a))]


def group_kind(members: list[_Entry]) -> str:
    """The kind most of a group's articles give it; a tie goes to the organisation, which acts."""
    votes = Counter(kind for _slug, kind in {(m.slug, m.actor.kind) for m in members})
    return min(votes, key=lambda k: (-votes[k], KIND_TIES[k]))


def group_entries(entries: list[_Entry], buckets_of: list[list[Bucket]] | None = None) -> list[list[int]]:
    """Entries -> groups of one real actor each, as lists of their places in `entries` (union of
    `same_actor` pairs inside buckets, in the entries' order; `buckets_of` the entries' `_buckets`,
    when the caller has them)."""
    parent = list(range(len(entries)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    buckets: dict[Bucket, list[int]] = defaultdict(list)
    for i, e in enumerate(entries):
        for bucket in buckets_of[i] if buckets_of is not None else _buckets(e):
            buckets[bucket].append(i)
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
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(entries)):
        groups[find(i)].append(i)
    return list(groups.values())


def _most_first(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    """(key, count) by count, most first, then key: two C-level sorts (sorting is stable)."""
    return tuple(sorted(sorted(counts.items()), key=itemgetter(1), reverse=True))




@dataclass(slots=True)
class SavedMerge:
    """What one build's merge leaves for the next (`build_corpus` with a store).

    An article is known by its identity (what its digest was made from, and its source: the same
    identity is the same actors, title and date), a group's members by that identity and their
    places in the digest's actors. Plain strings, ints and tuples, which a new process unpickles
    in C (pickled dataclasses are rebuilt one Python call at a time).
    """

    # identity -> (article slug, its slug_base, the places in `groups` of the groups of its actors)
    articles: dict[str, tuple[str, str, tuple[int, ...]]] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)

    def slugs(self, identity: str) -> tuple[str, str] | None:
        """The slug bases of a known article (`_slug_bases`), else None."""
        known = self.articles.get(identity)
        return (known[0], known[1]) if known is not None else None

    def __reduce__(self) -> tuple[Callable[[bytes], SavedMerge], tuple[bytes]]:
        """Pickled as one marshal of its plain values: written on every edit (the articles changed), five
        times faster than pickle's walk of them (0.009 -> 0.002 s at 921 articles), read as fast."""
        return _saved_merge, (marshal.dumps((self.articles, self.groups)),)


def _saved_merge(data: bytes) -> SavedMerge:
    """A SavedMerge from what its `__reduce__` wrote (a marshal of another Python's fails: read as no state)."""
    articles, groups = marshal.loads(data)
    return SavedMerge(articles=articles, groups=groups)


def merge_state(cache_dir: str | Path, section: str | Path, *, enabled: bool = True) -> StageState:
    """Where the merge of one section is saved (generator/cache.py): per section and version of the generator's code
    (the merge reads the names layer too; any change of code is a full merge, as it renders every page)."""
    from generator.cache import StageState, generator_version

    return StageState(cache_dir, Path(section), "corpus", f"{generator_version()}{MERGE_FORMAT}", enabled=enabled)


def _merge(ordered: list[ArticleDigest], keys: list[str], saved: SavedMerge) -> list[Group]:
    """The groups of the articles `ordered` (known by `keys`): the saved groups no change can reach, the others made again.

    `group_entries` unites pairs of entries inside buckets. For organisations and places the
    result is the connected parts of the `same_actor` pairs, whatever the order; a person's
    group lies in one bucket (its surname's), where a surname joins the first full name it
    meets, so a person bucket is made again whole, in the site's order. So the groups made
    again are every saved group in a bucket of an article that came (its entries' buckets) or
    went (its groups' buckets), with what is left of their members and the new articles'
    entries. Nothing else can change: an untouched group lost no member and shares no bucket
    with a new entry, and an entry grouped again shares a bucket with an untouched group's only
    as an organisation or place the last build weighed against it already and left apart. An
    edited article is one that went and one that came. With nothing saved, every entry is
    grouped: the full merge.
    """
    at = {k: i for i, k in enumerate(keys)}
    entries = [e for i, k in enumerate(keys) if k not in saved.articles for e in _entries(ordered[i], i)]
    buckets_of = [_buckets(e) for e in entries]
    affected: set[int] = set()
    if saved.groups:
        affected.update(g for k, known in saved.articles.items() if k not in at for g in known[2])
        touched = {b for g in affected for b in saved.groups[g][4]}
        touched.update(b for buckets in buckets_of for b in buckets)
        by_bucket: dict[Bucket, list[int]] = defaultdict(list)
        for g, group in enumerate(saved.groups):
            for b in group[4]:
                by_bucket[b].append(g)
        affected.update(g for b in touched for g in by_bucket.get(b, ()))
        again: dict[int, set[int]] = defaultdict(set)  # article -> the places of its actors to group again
        for g in affected:
            for k, place in saved.groups[g][3]:
                if k in at:
                    again[at[k]].add(place)
        more = [e for i, places in again.items() for e in _entries(ordered[i], i, places)]
        if more:  # in the site's order, as a full merge takes them
            pairs = sorted(zip(entries + more, buckets_of + [_buckets(e) for e in more], strict=True),
                           key=lambda pair: (pair[0].article, pair[0].at))
            entries, buckets_of = [e for e, _b in pairs], [b for _e, b in pairs]
    groups = [group for g, group in enumerate(saved.groups) if g not in affected]
    log.debug("corpus: %d saved groups kept, %d article actors grouped again", len(groups), len(entries))
    for part in group_entries(entries, buckets_of):
        members = [entries[i] for i in part]
        kind = group_kind(members)
        name = nm.canonical_name([m.actor.name for m in members]) if kind == "person" else max(
            (m.actor.name for m in members), key=lambda n: (len(n.split()), len(n), n))
        buckets = tuple(dict.fromkeys(b for i in part for b in buckets_of[i]))
        groups.append((name, kind, slug_base(name), tuple((keys[m.article], m.at) for m in members), buckets))
    return groups


@steady_heap()
def preload(store: StageState | None) -> None:
    """Read the saved merge ahead, for `build_corpus` to recall (build() does while a worker analyses the
    changed articles)."""
    if store is not None:
        store.restore(SavedMerge)


def build_corpus(digests: Iterable[ArticleDigest], identity: Callable[[ArticleDigest], str] | None = None,
                 store: StageState | None = None) -> Corpus:
    """The corpus of `digests`: slugs, one actor per real entity, co-actors, connected topics.

    With `store` (and `identity`: what a digest was made from, unique to the article), the merge
    starts from the groups the last build saved there and saves its own (see `_merge`).
    """
    items = list(digests)
    keys, store, saved = _keyed(items, identity, store)
    settle()  # the saved merge lives to the end of the stage: no collection walks it
    known = {k: k for k in saved.articles}
    keys = [known.get(k, k) for k in keys]  # the saved strings: its groups name articles by them, pickled once
    ordered, keys, bases = _slugged(items, keys, saved)
    groups = _merge(ordered, keys, saved)
    if store is not None and saved.articles.keys() != set(keys):  # the same articles: the saved merge is this one
        of_article: dict[str, list[int]] = {k: [] for k in keys}
        for g, group in enumerate(groups):
            for k in dict.fromkeys(k for k, _place in group[3]):
                of_article[k].append(g)
        merged = SavedMerge(articles={k: (*bases[i], tuple(of_article[k])) for i, k in enumerate(keys)}, groups=groups)
        store.save(lambda: pickle.dumps(merged, protocol=pickle.HIGHEST_PROTOCOL), merged)
    return _corpus(ordered, keys, groups)


def _corpus(ordered: list[ArticleDigest], keys: list[str], groups: list[Group]) -> Corpus:
    """The corpus of the articles `ordered` (known by `keys`) and the groups of their actors: ids, co-actors, topics."""
    at = {k: i for i, k in enumerate(keys)}
    ids = _actor_ids(ordered, at, groups)
    rows: list[list[str]] = [[""] * len(d.actors) for d in ordered]  # per article, the site actor of each of its actors
    for g, group in enumerate(groups):
        cid = ids[g]
        for k, place in group[3]:
            rows[at[k]][place] = cid
    co_actors = _co_actors(ordered, rows)
    actors = []
    for g, group in enumerate(groups):
        members = group[3]
        if len(members) == 1:
            d = ordered[at[members[0][0]]]
            a = d.actors[members[0][1]]
            refs: tuple[ActorRef, ...] = (ActorRef(article=d.slug, actor=a.id, role=a.role, date=d.article.date),)
        else:
            refs = tuple(sorted((ActorRef(article=d.slug, actor=a.id, role=a.role, date=d.article.date)
                                 for k, place in members for d in (ordered[at[k]],) for a in (d.actors[place],)),
                                key=_ref_order))
        actors.append(CorpusActor(id=ids[g], name=group[0], kind=group[1],  # type: ignore[arg-type]
                                  appearances=refs, co_actors=co_actors.get(ids[g], ())))
    actors.sort(key=attrgetter("id"))
    actor_index = tuple(chain.from_iterable(  # by article slug (unique), then by actor id (unique in its article)
        sorted(zip(repeat(d.slug, len(d.actors)), map(_ID, d.actors), rows[i], strict=True))
        for i, d in sorted(enumerate(ordered), key=lambda item: item[1].slug)))
    return Corpus(
        digests=tuple(sorted(connect_topics(ordered, actors, actor_index), key=corpus_order)),
        actors=tuple(actors),
        actor_index=actor_index,
    )


_ID = attrgetter("id")


def _ref_order(r: ActorRef) -> tuple[str, str, str]:
    """The order of a corpus actor's appearances: by date (undated first), article and actor."""
    return (r.date or "", r.article, r.actor)


def _actor_ids(ordered: list[ArticleDigest], at: dict[str, int], groups: list[Group]) -> list[str]:
    """The site-wide id of each group: its name's slug, numbered on a clash in the order of (name casefolded,
    kind, the first (article slug, actor id) of its members), which depends only on the inputs."""
    order = []
    for g, (name, kind, _base, members, _buckets) in enumerate(groups):
        if len(members) == 1:
            d = ordered[at[members[0][0]]]
            first = (d.slug, d.actors[members[0][1]].id)
        else:
            first = min((d.slug, d.actors[place].id) for k, place in members for d in (ordered[at[k]],))
        order.append((name.casefold(), kind, first, g))
    order.sort()
    used: set[str] = set(RESERVED_SLUGS)  # "index" is the A-Z page; "con", "nul"... cannot be files on Windows
    ids = [""] * len(groups)
    for *_key, g in order:
        ids[g] = number_slug(groups[g][2], used)
    return ids


def _co_actors(ordered: list[ArticleDigest], rows: list[list[str]]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Each site actor's co-actors: (the site actors named with it outside places, in how many articles), most
    shared first, then by id (`_most_first`); an actor named in no article but as a place has none.

    Most site actors are named in one article (8,700 of 10,000 at 921 articles, with 240,000 of the 300,000
    co-actor pairs): their co-actors are the others of that article, each once, by id. They are cut from one
    sorted tuple per article whose pairs every actor shares, instead of counted and sorted actor by actor."""
    present = [sorted({cid for a, cid in zip(d.actors, row, strict=True) if a.kind != "place"})
               for d, row in zip(ordered, rows, strict=True)]
    articles = Counter(chain.from_iterable(present))
    pairs = {cid: (cid, 1) for cid in articles}
    out: dict[str, tuple[tuple[str, int], ...]] = {}
    together: dict[str, Counter[str]] = defaultdict(Counter)
    for ids in present:
        shared = tuple(map(pairs.__getitem__, ids))
        for n, cid in enumerate(ids):
            if articles[cid] == 1:
                out[cid] = shared[:n] + shared[n + 1:]
            else:
                together[cid].update(ids)
    for cid, counts in together.items():
        del counts[cid]
        out[cid] = _most_first(counts)
    return out
