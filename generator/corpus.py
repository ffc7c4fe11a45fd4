"""ArticleDigests -> Corpus: site-wide slugs and one actor per real entity.

Article slugs are unique and stable: derived from date and title, and on a
clash numbered in the order of (date, slug, source, key), which depends only
on the inputs. Actors of different articles are one corpus actor when kind
and canonical name agree (the actors issue adds evidence rules).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from slugify import slugify

from generator.model import ActorRef, ArticleDigest, Corpus, CorpusActor
from generator.slugs import slugify_id

# Article slugs: date + the first words of the title. Long enough to read,
# short enough for a path segment on every filesystem.
SLUG_MAX_CHARS = 80
# Names that must never be a page name on any OS or in our own section.
RESERVED_SLUGS = frozenset(
    {"index", "actors", "quotes", "timeline", "topics", "months", "con", "prn", "aux", "nul"}
    | {f"{dev}{n}" for dev in ("com", "lpt") for n in range(1, 10)}
)


def article_slug(digest: ArticleDigest) -> str:
    a = digest.article
    base = slugify(f"{a.date or 'undated'} {a.title}", max_length=SLUG_MAX_CHARS, word_boundary=True)
    return base or "article"


def assign_slugs(digests: Iterable[ArticleDigest]) -> list[ArticleDigest]:
    items = sorted(digests, key=lambda d: (d.article.date or "", article_slug(d), d.article.source, d.article.key))
    used: set[str] = set(RESERVED_SLUGS)
    out = []
    for d in items:
        out.append(replace(d, slug=slugify_id(article_slug(d), used)))
    return out


def build_corpus(digests: Iterable[ArticleDigest]) -> Corpus:
    ordered = assign_slugs(digests)
    groups: dict[tuple[str, str], list[ActorRef]] = defaultdict(list)
    for d in ordered:
        for actor in d.actors:
            groups[(actor.kind, actor.name)].append(ActorRef(article=d.slug, actor=actor.id, role=actor.role, date=d.article.date))
    used: set[str] = set(RESERVED_SLUGS)  # "index" is the A-Z page; "con", "nul"... cannot be files on Windows
    ids: dict[tuple[str, str], str] = {}
    for key in sorted(groups, key=lambda k: (k[1].casefold(), k[0])):
        ids[key] = slugify_id(key[1], used)
    index = {(ref.article, ref.actor): ids[key] for key, refs in groups.items() for ref in refs}
    together: dict[str, Counter[str]] = defaultdict(Counter)
    for d in ordered:
        present = sorted({index[(d.slug, a.id)] for a in d.actors if a.kind != "place"})
        for a in present:
            for b in present:
                if a != b:
                    together[a][b] += 1
    actors = tuple(
        sorted(
            (
                CorpusActor(
                    id=ids[key],
                    name=key[1],
                    kind=key[0],
                    appearances=tuple(refs),
                    co_actors=tuple(sorted(together[ids[key]].items(), key=lambda kv: (-kv[1], kv[0]))),
                )
                for key, refs in groups.items()
            ),
            key=lambda a: a.id,
        )
    )
    return Corpus(
        digests=tuple(sorted(ordered, key=lambda d: (d.article.date or "", d.slug))),
        actors=actors,
        actor_index=tuple(sorted((art, act, cid) for (art, act), cid in index.items())),
    )
