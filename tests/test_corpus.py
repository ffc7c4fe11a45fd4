"""Corpus: one actor page per real person across articles, by name plus evidence."""

from __future__ import annotations

from generator.corpus import build_corpus, roles_agree
from generator.model import Actor, Article, ArticleDigest, Mention, Paragraph
from generator.render.views import Views


def article(source: str, date: str, *paragraphs: str) -> Article:
    return Article(source=source, title=source, date=date,
                   paragraphs=tuple(Paragraph(index=i + 1, text=p) for i, p in enumerate(paragraphs)))


def test_two_articles_one_actor_page(analyser):
    a = article("a.txt", "2015-09-18",
                "Secretary of State John Kerry met Sergey V. Lavrov, the Russian foreign minister, in Geneva on Friday.",
                "Mr. Kerry said the talks were useful.")
    b = article("b.txt", "2015-09-22",
                "Secretary of State John Kerry flew to Moscow on Tuesday.",
                "Mr. Kerry said he would meet Sergey V. Lavrov there.")
    corpus = build_corpus(list(analyser.run([a, b])))
    kerry = [x for x in corpus.actors if x.name == "John Kerry"]
    assert len(kerry) == 1
    assert len({r.article for r in kerry[0].appearances}) == 2
    assert {(r.role, r.date) for r in kerry[0].appearances} == {("Secretary of State", "2015-09-18"),
                                                                 ("Secretary of State", "2015-09-22")}
    lavrov = next(x for x in corpus.actors if x.name == "Sergey V. Lavrov")
    assert dict(kerry[0].co_actors)[lavrov.id] == 2
    page = Views(corpus).actor(kerry[0])
    assert [r["role"] for r in page["roles"]] == ["Secretary of State"]
    assert page["roles"][0]["dates"] == "18 September 2015, 22 September 2015"
    assert len(page["appearances"]) == 2


def digest(source: str, date: str, *actors: Actor) -> ArticleDigest:
    return ArticleDigest(article=article(source, date, "x"), actors=actors)


def person(name: str, role: str | None = None, aid: str | None = None) -> Actor:
    return Actor(id=aid or name.lower().replace(" ", "-"), name=name, kind="person", role=role,
                 mentions=(Mention(paragraph=1, start=0, end=1, text="x"),))


def org(name: str, *aliases: str) -> Actor:
    return Actor(id=name.lower().replace(" ", "-"), name=name, kind="organization", aliases=aliases,
                 mentions=(Mention(paragraph=1, start=0, end=1, text="x"),))


def names_of(corpus) -> list[tuple[str, int]]:
    return sorted((a.name, len(a.appearances)) for a in corpus.actors)


def test_same_surname_is_not_enough():
    corpus = build_corpus([
        digest("a.txt", "2015-01-01", person("Hillary Clinton", "Secretary of State")),
        digest("b.txt", "2015-01-02", person("Bill Clinton", "former President")),
        digest("c.txt", "2015-01-03", person("Clinton")),  # surname only, no role, nobody in common
    ])
    assert names_of(corpus) == [("Bill Clinton", 1), ("Clinton", 1), ("Hillary Clinton", 1)]


def test_surname_joins_with_the_same_role():
    corpus = build_corpus([
        digest("a.txt", "2015-01-01", person("John Kerry", "Secretary of State")),
        digest("b.txt", "2015-01-02", person("Kerry", "secretary of state")),
    ])
    assert names_of(corpus) == [("John Kerry", 2)]


def test_same_full_name_needs_evidence():
    corpus = build_corpus([
        digest("a.txt", "2015-01-01", person("John Smith", "coach"), org("Leeds United")),
        digest("b.txt", "2015-01-02", person("John Smith", "novelist"), org("Penguin Books")),
        digest("c.txt", "2015-01-03", person("John Smith"), org("Leeds United")),
    ])
    # a and c share Leeds United; b has another role and nothing in common
    assert names_of(corpus) == [("John Smith", 1), ("John Smith", 2), ("Leeds United", 2), ("Penguin Books", 1)]
    assert len({a.id for a in corpus.actors}) == 4


def test_organisation_alias_across_articles():
    corpus = build_corpus([
        digest("a.txt", "2015-01-01", org("Islamic State", "ISIS", "ISIL")),
        digest("b.txt", "2015-01-02", org("ISIS")),
    ])
    assert names_of(corpus) == [("Islamic State", 2)]


def test_roles_agree():
    assert roles_agree("Secretary of State", "the secretary of state")
    assert roles_agree("Russian foreign minister", "foreign minister")
    assert not roles_agree("Defense Secretary", "Secretary of State")
    assert not roles_agree(None, "President")


def test_article_page_lists_people_then_organisations_then_places(seed_digest):
    corpus = build_corpus([seed_digest])
    view = Views(corpus).article(corpus.digests[0])
    assert [g.label for g in view.actor_groups] == ["People", "Organisations", "Places"]
    people = view.actor_groups[0].items
    kerry = next(x for x in people if x.name == "John Kerry")
    assert kerry.role == "Secretary of State" and kerry.paragraphs[0].url == "#p-1" and kerry.mentions >= 12
    assert not {"Michael R. Gordon", "Evan Vucci", "Eric Schmitt", "Neil MacFarquhar"} & {x.name for x in people}


def place(name: str) -> Actor:
    return Actor(id=name.lower().replace(" ", "-"), name=name, kind="place",
                 mentions=(Mention(paragraph=1, start=0, end=1, text="x"),))


def test_an_organisation_and_a_place_of_one_name_are_one_page_of_the_commoner_kind():
    corpus = build_corpus([
        digest("a.txt", "2015-01-01", place("Chennai")),
        digest("b.txt", "2015-01-02", org("Chennai")),
        digest("c.txt", "2015-01-03", place("Chennai")),
    ])
    assert [(a.name, a.kind, len(a.appearances)) for a in corpus.actors] == [("Chennai", "place", 3)]
    # a tie goes to the organisation
    tie = build_corpus([digest("a.txt", "2015-01-01", place("Best Buy")), digest("b.txt", "2015-01-02", org("Best Buy"))])
    assert [(a.name, a.kind) for a in tie.actors] == [("Best Buy", "organization")]


def test_a_person_never_joins_a_place_of_the_same_name():
    corpus = build_corpus([digest("a.txt", "2015-01-01", place("Washington")),
                           digest("b.txt", "2015-01-02", person("Washington"))])
    assert sorted((a.name, a.kind) for a in corpus.actors) == [("Washington", "person"), ("Washington", "place")]


def test_a_short_word_of_an_organisations_own_name_ties_no_articles():
    corpus = build_corpus([
        digest("a.txt", "2015-01-01", org("Florida House", "House")),
        digest("b.txt", "2015-01-02", org("House")),
        digest("c.txt", "2015-01-03", org("Church of Scientology", "Scientology")),
        digest("d.txt", "2015-01-04", org("Scientology")),
        digest("e.txt", "2015-01-05", org("European Parliament", "Parliament")),
        digest("f.txt", "2015-01-06", org("Parliament")),
    ])
    assert names_of(corpus) == [("Church of Scientology", 2), ("European Parliament", 1), ("Florida House", 1),
                                ("House", 1), ("Parliament", 1)]


def test_a_lone_common_noun_of_a_body_ties_no_articles():
    corpus = build_corpus([
        digest("a.txt", "2015-01-01", org("State")),
        digest("b.txt", "2015-01-02", org("State")),
        digest("c.txt", "2015-01-03", org("Government")),
        digest("d.txt", "2015-01-04", org("the Government")),
        digest("e.txt", "2015-01-05", org("Senate")),
        digest("f.txt", "2015-01-06", org("Senate")),
    ])
    assert names_of(corpus) == [("Government", 1), ("Senate", 2), ("State", 1), ("State", 1), ("the Government", 1)]


def test_a_surname_alone_joins_one_full_name_never_two():
    iaaf = org("IAAF")
    corpus = build_corpus([
        digest("a.txt", "2004-01-01", person("Jade Johnson", "long jumper"), iaaf),
        digest("b.txt", "2004-01-02", person("Johnson", "long jumper"), iaaf),
        digest("c.txt", "2004-01-03", person("Michael Johnson", "long jumper"), iaaf),
    ])
    people = {a.name: len(a.appearances) for a in corpus.actors if a.kind == "person"}
    assert people == {"Jade Johnson": 2, "Michael Johnson": 1}


def test_two_people_who_share_a_surname_keep_two_pages_across_articles(analyser):
    # real text through the real pipeline: both articles name both Clintons and the same party
    a = article("a.txt", "2016-10-01",
                "Hillary Clinton spoke to the Democratic National Committee in Philadelphia on Monday.",
                "Mrs. Clinton said the party would win. Bill Clinton watched from the front row.")
    b = article("b.txt", "2016-10-02",
                "Bill Clinton campaigned for the Democratic National Committee in Ohio on Tuesday.",
                "Mr. Clinton said his wife, Hillary Clinton, would win.")
    corpus = build_corpus(list(analyser.run([a, b])))
    pages = {x.name: x for x in corpus.actors if x.kind == "person"}
    assert {"Hillary Clinton", "Bill Clinton"} <= set(pages)
    assert len({r.article for r in pages["Hillary Clinton"].appearances}) == 2
    assert len({r.article for r in pages["Bill Clinton"].appearances}) == 2
    assert "Clinton" not in pages  # "Mrs." and "Mr." each went to the one person of their gender


def test_a_suffix_never_names_an_actor_page(analyser):
    a = article("a.txt", "2020-01-20", "Joseph R. Biden Jr. quoted Martin Luther King Jr. in Atlanta on Monday.")
    b = article("b.txt", "2020-01-21", "Martin Luther King Jr. led the march in Selma. Joseph R. Biden Jr. praised him.")
    corpus = build_corpus(list(analyser.run([a, b])))
    names = {x.name for x in corpus.actors}
    assert "Jr." not in names and "Jr" not in names
    assert "Martin Luther King Jr." in names
    king = next(x for x in corpus.actors if x.name == "Martin Luther King Jr.")
    assert len({r.article for r in king.appearances}) == 2
    assert all(r.role != "Martin Luther King" for x in corpus.actors for r in x.appearances)


def test_a_co_actor_named_with_and_without_a_middle_name_is_shared_context():
    # the same full name in two articles, each with a lawyer named once with his middle name
    corpus = build_corpus([
        digest("a.txt", "2013-05-01", person("Lindsay Lohan"), person("Mark Heller", "lawyer")),
        digest("b.txt", "2013-05-03", person("Lindsay Lohan"), person("Mark Jay Heller")),
    ])
    assert names_of(corpus) == [("Lindsay Lohan", 2), ("Mark Jay Heller", 2)]


def test_a_co_actor_with_another_given_name_is_no_shared_context():
    corpus = build_corpus([
        digest("a.txt", "2013-05-01", person("Lindsay Lohan"), person("Mark Heller")),
        digest("b.txt", "2013-05-03", person("Lindsay Lohan"), person("Tom Heller")),
    ])
    assert names_of(corpus) == [("Lindsay Lohan", 1), ("Lindsay Lohan", 1), ("Mark Heller", 1), ("Tom Heller", 1)]


def test_co_actors_are_counted_per_article_most_first_then_by_id(analyser):
    """Each article counts once for each pair of its people and organisations; the list goes by count, then id."""
    a = article("a.txt", "2015-09-18", "Angela Merkel met Emmanuel Macron and Mark Rutte in Brussels on Friday.")
    b = article("b.txt", "2015-09-19", "Angela Merkel called Mark Rutte on Saturday.")
    c = article("c.txt", "2015-09-20", "Angela Merkel and Mark Rutte spoke again, and Merkel said Rutte agreed.")
    corpus = build_corpus(list(analyser.run([a, b, c])))
    merkel = next(x for x in corpus.actors if x.name == "Angela Merkel")
    ids = {x.name: x.id for x in corpus.actors}
    assert merkel.co_actors[:2] == ((ids["Mark Rutte"], 3), (ids["Emmanuel Macron"], 1))
    assert ids["Angela Merkel"] not in dict(merkel.co_actors)
    counts = [n for _id, n in merkel.co_actors]
    assert counts == sorted(counts, reverse=True)
    for n in set(counts):
        tied = [i for i, m in merkel.co_actors if m == n]
        assert tied == sorted(tied)


def test_an_actor_of_one_article_has_its_others_once_each_by_id_and_a_place_has_none(analyser):
    """The co-actors of an actor named in one article are cut from that article's one sorted list (corpus._co_actors)."""
    a = article("a.txt", "2015-09-18", "Angela Merkel met Emmanuel Macron and Mark Rutte in Brussels on Friday.")
    b = article("b.txt", "2015-09-19", "Angela Merkel called Mark Rutte on Saturday.")
    corpus = build_corpus(list(analyser.run([a, b])))
    by_name = {x.name: x for x in corpus.actors}
    macron, merkel, rutte = by_name["Emmanuel Macron"], by_name["Angela Merkel"], by_name["Mark Rutte"]
    assert macron.co_actors == tuple(sorted([(merkel.id, 1), (rutte.id, 1)]))
    assert merkel.co_actors == ((rutte.id, 2), (macron.id, 1))
    assert by_name["Brussels"].co_actors == ()
    assert rutte.co_actors == ((merkel.id, 2), (macron.id, 1))
