"""The corpus merge across builds: from the groups the last build saved, an edit, an addition and a
deletion give the corpus a full build gives (the same actors, ids, appearances, co-actors, order)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import generator.cache
import generator.corpus
from generator.cache import StageState, article_key
from generator.corpus import SavedMerge, build_corpus, merge_state
from generator.ingest import ReadOptions, read_file
from generator.model import Actor, Article, ArticleDigest, Mention, Paragraph
from tests.conftest import ROOT

ECBPLUS = sorted((ROOT / "articles" / "ecbplus").glob("*.txt"))


def identity(d: ArticleDigest) -> str:
    """What build() gives: what the digest was made from (there its article as read; here the actors too, as the
    digests of the tests below are made by hand) and its source."""
    actors = hashlib.blake2b(repr(d.actors).encode(), digest_size=8).hexdigest()
    return f"{article_key(d.article, 'test')}|{actors}|{d.article.source}"


def new_process() -> None:
    """Forget what this process keeps of saved states: the next build reads the file, as a new process does."""
    generator.cache._KEPT_STATES.clear()


@pytest.fixture
def store(tmp_path: Path) -> StageState:
    return merge_state(tmp_path / "cache", tmp_path / "docs" / "articles")


@pytest.fixture
def entries_made(monkeypatch) -> list[str]:
    """The source of every article whose actors' entries the merge made, in this test."""
    made: list[str] = []
    real = generator.corpus._entries

    def counting(d, article, places=None):
        made.append(d.article.source)
        return real(d, article, places)

    monkeypatch.setattr(generator.corpus, "_entries", counting)
    return made


def merged_as_full(digests: list[ArticleDigest], store: StageState, made: list[str] | None = None):
    """The corpus from the saved merge, after checking it is the full merge's (`made`: `entries_made` by the first only)."""
    if made is not None:
        made.clear()
    corpus = build_corpus(digests, identity, store)
    seen = list(made) if made is not None else []
    assert corpus == build_corpus(digests)
    assert {a.id: a.co_actors for a in corpus.actors} == counted_co_actors(corpus)
    if made is not None:
        made[:] = seen
    return corpus


def counted_co_actors(corpus) -> dict[str, tuple[tuple[str, int], ...]]:
    """Each actor's co-actors counted the plain way: per article, every pair of its people and organisations
    (an actor named there only as a place is not one), most shared first, then by id."""
    kind = {(d.slug, a.id): a.kind for d in corpus.digests for a in d.actors}
    present: dict[str, set[str]] = {}
    for slug, actor, cid in corpus.actor_index:
        if kind[(slug, actor)] != "place":
            present.setdefault(slug, set()).add(cid)
    counts: dict[str, dict[str, int]] = {a.id: {} for a in corpus.actors}
    for ids in present.values():
        for x in ids:
            for y in ids - {x}:
                counts[x][y] = counts[x].get(y, 0) + 1
    return {cid: tuple(sorted(c.items(), key=lambda item: (-item[1], item[0]))) for cid, c in counts.items()}


@pytest.fixture(scope="module")
def ecbplus(analyser) -> list[ArticleDigest]:
    """The sixteen bundled ECB+ articles (two stories: their people recur from article to article), analysed."""
    articles = [a for path in ECBPLUS for a in read_file(path, ReadOptions())]
    return list(analyser.run(articles))


def test_an_edit_an_addition_and_a_deletion_merge_as_a_full_build_does(ecbplus, analyser, store, entries_made):
    digests = list(ecbplus)
    first = merged_as_full(digests, store, entries_made)
    assert len(entries_made) == len(digests)  # nothing saved yet: every article's actors are grouped
    # an edit naming the person of the most articles in an article of the same story that does not name them
    star = max((a for a in first.actors if a.kind == "person"), key=lambda a: len(a.appearances))
    named = {r.article for r in star.appearances}
    actors_of: dict[str, set[str]] = {}
    for slug, _actor, cid in first.actor_index:
        actors_of.setdefault(slug, set()).add(cid)
    around = set().union(*(actors_of[slug] for slug in named)) - {star.id}
    target = max((d for d in first.digests if d.slug not in named), key=lambda d: (len(actors_of.get(d.slug, set()) & around), d.slug))
    at = next(i for i, d in enumerate(digests) if d.article.source == target.article.source)
    old = digests[at]
    # with the person they are most often named with: the shared context that joins a full name across articles
    company = next(a for a in first.actors if a.id == star.co_actors[0][0])
    text = Paragraph(index=len(old.article.paragraphs) + 1,
                     text=f"{star.name} and {company.name} declined to comment on the report.")
    [edited] = analyser.run([replace(old.article, paragraphs=(*old.article.paragraphs, text))])
    digests[at] = edited
    after_edit = merged_as_full(digests, store, entries_made)
    assert 0 < len(set(entries_made)) < len(digests)  # only the articles of the groups the edit reached
    joined = next(a for a in after_edit.actors if a.id == star.id)
    assert target.slug in {r.article for r in joined.appearances}  # the new mention joined the person across articles
    # an addition: a copy of an article under another name (its people join theirs), read by a new process
    new_process()
    digests.append(replace(digests[0], article=replace(digests[0].article, source="copy-of-the-first.txt")))
    merged_as_full(digests, store)
    # a deletion: the article the edit changed
    del digests[at]
    merged_as_full(digests, store)
    new_process()
    merged_as_full(digests, store, entries_made)  # nothing changed: the saved groups are the merge
    assert entries_made == []


def article(source: str, date: str, title: str | None = None) -> Article:
    return Article(source=source, title=title or source, date=date, paragraphs=(Paragraph(index=1, text="x"),))


def digest(source: str, date: str, *actors: Actor, title: str | None = None) -> ArticleDigest:
    return ArticleDigest(article=article(source, date, title), actors=actors)


def person(name: str, role: str | None = None) -> Actor:
    return Actor(id=name.lower().replace(" ", "-").replace(".", ""), name=name, kind="person", role=role,
                 mentions=(Mention(paragraph=1, start=0, end=1, text="x"),))


def org(name: str, *aliases: str, kind: str = "organization") -> Actor:
    return Actor(id=name.lower().replace(" ", "-"), name=name, kind=kind, aliases=aliases,  # type: ignore[arg-type]
                 mentions=(Mention(paragraph=1, start=0, end=1, text="x"),))


def test_a_deleted_full_name_lets_the_surname_join_the_other_one(store):
    """A surname alone joins the first full name it meets in the site's order, never two: when that
    one goes, the whole surname's bucket is grouped again, in order."""
    iaaf = org("IAAF")
    jade = digest("a.txt", "2004-01-01", person("Jade Johnson", "long jumper"), iaaf)
    digests = [jade,
               digest("b.txt", "2004-01-02", person("Johnson", "long jumper"), iaaf),
               digest("c.txt", "2004-01-03", person("Michael Johnson", "long jumper"), iaaf)]
    people = {a.name: len(a.appearances) for a in merged_as_full(digests, store).actors if a.kind == "person"}
    assert people == {"Jade Johnson": 2, "Michael Johnson": 1}
    people = {a.name: len(a.appearances) for a in merged_as_full(digests[1:], store).actors if a.kind == "person"}
    assert people == {"Michael Johnson": 2}
    people = {a.name: len(a.appearances) for a in merged_as_full(digests, store).actors if a.kind == "person"}
    assert people == {"Jade Johnson": 2, "Michael Johnson": 1}


def test_the_article_that_ties_two_names_of_one_organisation_takes_the_tie_when_it_goes(store):
    digests = [digest("a.txt", "2015-01-01", org("Islamic State", "ISIS")),
               digest("b.txt", "2015-01-02", org("ISIS")),
               digest("c.txt", "2015-01-03", org("Islamic State"))]
    assert [len(a.appearances) for a in merged_as_full(digests, store).actors] == [3]
    assert sorted(a.name for a in merged_as_full(digests[1:], store).actors) == ["ISIS", "Islamic State"]
    assert [len(a.appearances) for a in merged_as_full(digests, store).actors] == [3]


def test_an_added_namesake_renumbers_ids_and_a_title_clash_renumbers_slugs(store):
    coach = digest("a.txt", "2015-01-02", person("John Smith", "coach"), org("Leeds United"))
    novelist = digest("b.txt", "2015-01-03", person("John Smith", "novelist"), org("Penguin Books"))
    merged_as_full([novelist], store)
    # the coach's John Smith comes first in the site's order: he takes "john-smith", the novelist "john-smith-2"
    corpus = merged_as_full([novelist, coach], store)
    assert [r.article for r in next(a for a in corpus.actors if a.id == "john-smith").appearances] == ["2015-01-02-a-txt"]
    # an article of the same date and title as the novelist's: one of the two slugs is numbered
    corpus = merged_as_full([novelist, coach, digest("c.txt", "2015-01-03", title="b.txt")], store)
    assert sorted(d.slug for d in corpus.digests)[-2:] == ["2015-01-03-b-txt", "2015-01-03-b-txt-2"]


def test_a_damaged_or_foreign_saved_merge_is_a_full_merge(tmp_path, store):
    digests = [digest("a.txt", "2015-01-01", person("John Kerry", "Secretary of State")),
               digest("b.txt", "2015-01-02", person("Kerry", "secretary of state"))]
    merged_as_full(digests, store)
    new_process()
    store.path.write_bytes(b"not a pickle")
    merged_as_full(digests, store)
    new_process()
    store.save(b"\x80\x05N.")  # a pickle of None: not a SavedMerge
    merged_as_full(digests, store)
    assert isinstance(store.restore(SavedMerge), SavedMerge)  # the merge above saved its own again


# Names that meet in buckets in every way the merge knows: full names, surnames alone, roles,
# aliases that tie two names, an organisation and a place of one name, a body's common noun.
PEOPLE = [("John Smith", "coach"), ("John Smith", "novelist"), ("Smith", "coach"), ("Smith", None), ("Jane Smith", None),
          ("Mr. Smith", "coach"), ("John Kerry", "Secretary of State"), ("Kerry", "secretary of state"), ("Kerry", None)]
BODIES = [("Islamic State", ("ISIS",), "organization"), ("ISIS", (), "organization"), ("Islamic State", (), "organization"),
          ("Leeds United", ("Leeds",), "organization"), ("Leeds", (), "place"), ("Leeds", (), "organization"),
          ("State", (), "organization"), ("Texas", (), "place")]

an_article = st.tuples(
    st.sampled_from(["2015-01-01", "2015-01-02", "2015-01-03"]),
    st.sampled_from(["Talks", "Match", "Report"]),
    st.lists(st.sampled_from(range(len(PEOPLE))), max_size=3, unique=True),
    st.lists(st.sampled_from(range(len(BODIES))), max_size=3, unique=True),
)


def made(spec: tuple[str, str, list[int], list[int]], source: str) -> ArticleDigest:
    date, title, people, bodies = spec
    actors: dict[str, Actor] = {}
    for p in people:
        actors.setdefault(person(*PEOPLE[p]).id, person(*PEOPLE[p]))
    for b in bodies:
        name, aliases, kind = BODIES[b]
        actors.setdefault(org(name).id, org(name, *aliases, kind=kind))
    return digest(source, date, *actors.values(), title=title)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.lists(an_article, min_size=1, max_size=8),
       steps=st.lists(st.tuples(st.sampled_from(["edit", "add", "delete"]), st.integers(0, 20), an_article), max_size=6),
       fresh=st.lists(st.booleans(), min_size=6, max_size=6))
def test_any_edits_additions_and_deletions_merge_as_a_full_build_does(tmp_path_factory, start, steps, fresh):
    where = tmp_path_factory.mktemp("merge")
    store = merge_state(where / "cache", where / "docs")
    new_process()
    digests = [made(spec, f"{n}.txt") for n, spec in enumerate(start)]
    merged_as_full(digests, store)
    for n, ((step, at, spec), is_new) in enumerate(zip(steps, fresh)):
        if step == "edit":
            digests[at % len(digests)] = made(spec, digests[at % len(digests)].article.source)
        elif step == "add":
            digests.insert(at % (len(digests) + 1), made(spec, f"new-{n}.txt"))
        elif len(digests) > 1:
            del digests[at % len(digests)]
        if is_new:
            new_process()
        merged_as_full(digests, store)
