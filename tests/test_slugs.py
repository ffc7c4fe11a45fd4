"""Slugs: one safe path segment each, never two alike, the same whatever the input order."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.corpus import RESERVED_SLUGS, SLUG_MAX_CHARS, assign_slugs
from generator.model import Article, ArticleDigest, Paragraph
from generator.slugs import MAX_ID_CHARS, slugify_id

SAFE_SEGMENT = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

titles = st.one_of(
    st.text(max_size=120),
    st.sampled_from(["../../etc/passwd", "index", "CON", "con", "NUL", "com1", "..", ".", "/", "\\", "", " ",
                     "{{ 7*7 }}", "<script>", "Ünïcödé", "日本語の見出し", "a" * 300]),
)
dates = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))


def digest(title: str, date: str | None, source: str, key: str = "") -> ArticleDigest:
    article = Article(source=source, key=key, title=title, date=date, paragraphs=(Paragraph(index=1, text="x"),))
    return ArticleDigest(article=article)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(titles, dates), max_size=25))
def test_article_slugs_are_safe_distinct_and_order_free(items):
    digests = [digest(t, d, f"in/{n}.txt") for n, (t, d) in enumerate(items)]
    slugs = {d.article.source: d.slug for d in assign_slugs(digests)}
    again = {d.article.source: d.slug for d in assign_slugs(list(reversed(digests)))}
    assert slugs == again
    assert len(set(slugs.values())) == len(digests)
    for slug in slugs.values():
        assert SAFE_SEGMENT.fullmatch(slug), slug
        assert slug not in RESERVED_SLUGS
        assert len(slug) <= SLUG_MAX_CHARS + 6  # room for a "-NNNN" counter


@settings(max_examples=200, deadline=None)
@given(st.lists(titles, max_size=40))
def test_ids_never_collide(names):
    used: set[str] = set(RESERVED_SLUGS)
    ids = [slugify_id(n, used) for n in names]
    assert len(set(ids)) == len(ids)
    for i in ids:
        assert SAFE_SEGMENT.fullmatch(i) and i not in RESERVED_SLUGS
        assert len(i) <= MAX_ID_CHARS + 6


def test_records_of_one_file_with_one_title_are_two_pages():
    a, b = digest("Same", "2021-03-03", "feed.xml", "1"), digest("Same", "2021-03-03", "feed.xml", "2")
    assert sorted(d.slug for d in assign_slugs([b, a])) == ["2021-03-03-same", "2021-03-03-same-2"]
    assert {d.article.key: d.slug for d in assign_slugs([b, a])} == {"1": "2021-03-03-same", "2": "2021-03-03-same-2"}


def test_slug_bases_a_last_build_made_are_taken_only_when_this_slugify_made_them(monkeypatch):
    """`remember` gives slug_base the bases a last build saved; bases made by another slugify release (or
    length limit) are not taken, as it may slug a name otherwise."""
    from generator import slugs

    monkeypatch.setattr(slugs, "_REMEMBERED", {})
    slugs.remember({"Jack Ma": "jack-ma-from-before"}, "python-slugify 0.0.1 60")
    assert slugs.slug_base("Jack Ma") == "jack-ma"
    slugs.remember({"Jack Ma": "jack-ma-from-before", 3: "x"}, slugs.bases_made_by())  # type: ignore[dict-item]
    assert slugs.slug_base("Jack Ma") == "jack-ma-from-before"  # taken as given: the record is trusted as a cache
    assert slugs.slug_base("Pony Ma") == "pony-ma"
