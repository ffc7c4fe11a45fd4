"""Hostile and broken input at the readers: a clear error or an inert Article, never a crash."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.corpus import RESERVED_SLUGS, assign_slugs
from generator.errors import InputError
from generator.ingest import SUFFIX_FORMATS, ReadOptions, read_articles, read_bytes, read_file
from generator.model import ArticleDigest
from generator.render.escape import escape_md
from tests.conftest import FIXTURES

HOSTILE = FIXTURES / "hostile"


def only_articles(items):
    assert all(not isinstance(x, InputError) for x in items), items
    return items


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.md", "empty file: nothing to read"),
        ("binary.html", "binary or unknown encoding"),
        ("wrong_shape.json", "wrong shape: expected an article object"),
        ("not_json.json", "not valid JSON (line 2, column 1"),
        ("not_a_feed.xml", "not an RSS or Atom feed"),
    ],
)
def test_bad_files_get_a_reason(name, reason):
    with pytest.raises(InputError) as info:
        read_file(HOSTILE / name)
    assert info.value.path == str(HOSTILE / name)
    assert info.value.reason.startswith(reason), info.value.reason
    assert "\n" not in info.value.reason  # one line per bad file


def test_html_scripts_handlers_links_and_comments_do_not_enter_the_text():
    [a] = only_articles(read_file(HOSTILE / "script_and_handlers.html"))
    text = a.text
    for gone in ("digest-xss-1", "digest-xss-2", "digest-xss-3", "digest-xss-4", "digest-xss-5", "digest-xss-6",
                 "onerror", "PHNjcmlwdD5", "digest-comment"):
        assert gone not in text, gone
    # what the page showed as text is kept as text (the escaping makes it inert later)
    assert "{{ 7*7 }}" in text and "{% include 'mkdocs.yml' %}" in text
    assert "[click me](javascript:alert('digest-xss-7'))" in text
    assert "<script>alert('digest-xss-9')</script>" in text
    assert "a link that runs code and a data link were shared" in text
    assert a.title == "../../etc/passwd"


def test_markdown_link_targets_raw_html_and_comments_are_dropped():
    [a] = only_articles(read_file(HOSTILE / "markdown_syntax.md"))
    text = a.text
    for gone in ("digest-xss-12", "digest-xss-13", "digest-xss-14", "digest-xss-15", "digest-xss-16", "data:text",
                 "digest-comment", "onclick"):
        assert gone not in text, gone
    assert a.paragraphs[0].text == "The board said the plan would cost less than expected, and nobody objected."
    assert "{{ 7*7 }} and {% include 'mkdocs.yml' %}" in text
    # front matter is data: kept as the author wrote it, made inert when rendered
    assert a.title == "index" and a.url == "javascript:alert('digest-xss-11')"


def test_control_characters_are_removed():
    [a] = only_articles(read_file(HOSTILE / "control_chars.txt"))
    assert not any(ord(c) < 32 for c in a.title + a.text)
    assert a.paragraphs[0].text == "Forecasters issued a storm warning on Monday for the whole coast, the agency said."


def test_deeply_nested_html_is_read():
    [a] = only_articles(read_file(HOSTILE / "deeply_nested.html"))
    assert a.paragraphs[0].text.startswith("Deep text about the harbour budget")


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:
        line = b"A line of article text that repeats to make a very large file.\n"
        f.write(line * (50 * 1024 * 1024 // len(line) + 1))
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_file(big, ReadOptions())  # default limit: 20 MB
    assert time.perf_counter() - started < 1.0
    assert info.value.reason.startswith("file too large (52.4 MB > limit 21.0 MB)")
    assert "max_file_mb" in info.value.reason


def test_the_limit_is_configurable(tmp_path):
    f = tmp_path / "three.txt"
    f.write_text("Title\n\n" + "Words of text. " * 200_000)
    with pytest.raises(InputError, match="too large"):
        read_file(f, ReadOptions(max_bytes=2 * 1024 * 1024))
    [a] = read_file(f, ReadOptions(max_bytes=4 * 1024 * 1024))
    assert a.title == "Title"


@pytest.mark.parametrize("suffix", [".txt", ".html", ".md"])
def test_a_paragraph_of_one_megabyte(tmp_path, suffix):
    para = ("The council debated the harbour budget again on Tuesday. " * 18_000)[:1_000_000].strip()
    body = {".txt": f"Budget debate\n\n{para}\n",
            ".md": f"---\ntitle: Budget debate\n---\n\n{para}\n",
            ".html": f"<html><body><article><h1>Budget debate</h1><p>{para}</p></article></body></html>"}[suffix]
    path = tmp_path / f"long{suffix}"
    path.write_text(body)
    started = time.perf_counter()
    [a] = only_articles(read_file(path))
    assert a.title == "Budget debate"
    assert len(a.text) > 990_000
    assert len(escape_md(a.text)) > 990_000
    assert time.perf_counter() - started < 30  # linear work; generous for a loaded 2-core machine


def test_a_feed_of_ten_thousand_items(tmp_path):
    items = "".join(
        f"<item><title>Item {n}</title><guid>urn:item:{n}</guid><pubDate>Mon, 06 Feb 2023 08:00:00 +0000</pubDate>"
        f"<description>Text of item {n}.</description></item>"
        for n in range(10_000)
    )
    path = tmp_path / "big.rss"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>')
    result = only_articles(read_file(path))
    assert len(result) == 10_000
    assert len({a.key for a in result}) == 10_000
    assert result[-1].title == "Item 9999" and result[-1].paragraphs[0].text == "Text of item 9999."


def digests_of(*paths):
    return [ArticleDigest(article=a) for a in read_articles(paths) if not isinstance(a, InputError)]


def test_same_title_and_date_give_distinct_stable_slugs():
    one, two = HOSTILE / "same_title_1.txt", HOSTILE / "same_title_2.txt"
    first = {d.article.source: d.slug for d in assign_slugs(digests_of(one, two))}
    again = {d.article.source: d.slug for d in assign_slugs(list(reversed(digests_of(one, two))))}
    assert len(set(first.values())) == 2
    assert first == again  # the input order does not decide which is "-2"
    assert sorted(first.values()) == ["2021-03-03-council-approves-new-budget", "2021-03-03-council-approves-new-budget-2"]


def test_titles_that_look_like_paths_or_reserved_names_give_safe_slugs():
    digests = assign_slugs(digests_of(HOSTILE / "reserved_titles.json", HOSTILE / "markdown_syntax.md"))
    slugs = [d.slug for d in digests]
    assert len(slugs) == len(set(slugs)) == 6
    for slug in slugs:
        assert "/" not in slug and "\\" not in slug and ".." not in slug and slug not in RESERVED_SLUGS
        assert slug.replace("-", "").isalnum() and slug.isascii()


def test_records_with_hostile_dates_keep_only_real_dates():
    items = only_articles(read_file(HOSTILE / "reserved_titles.json"))
    assert [a.date for a in items] == ["2021-06-01", "2021-06-02", "2021-06-03", None, "2021-06-04"]


# ----------------------------------------------------------------------------- any bytes


def _wrapped(fmt: str):
    text = st.text(max_size=300)
    if fmt == ".html":
        return text.map(lambda t: f"<html><body><article><h1>{t[:40]}</h1><p>{t}</p></article></body></html>".encode())
    if fmt == ".json":
        return st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
                            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                                st.sampled_from(["title", "body", "text", "date", "author", "url", "articles", "items"]) | text,
                                inner, max_size=5),
                            max_leaves=12).map(lambda v: json.dumps(v).encode())
    if fmt == ".xml":
        return text.map(lambda t: f'<?xml version="1.0"?><rss version="2.0"><channel><item><title>{t[:30]}</title>'
                                  f"<description>{t}</description></item></channel></rss>".encode("utf-8", "replace"))
    if fmt == ".md":
        return text.map(lambda t: f"---\ntitle: {t[:30]}\ndate: {t[30:40]}\n---\n\n{t}\n".encode("utf-8", "replace"))
    return text.map(lambda t: t.encode("utf-8", "replace"))


@pytest.mark.parametrize("suffix", sorted(set(SUFFIX_FORMATS)))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_bytes_give_articles_or_input_errors(suffix, data):
    """A reader returns Articles and InputErrors, or raises InputError: nothing else, whatever the bytes."""
    raw = data.draw(st.one_of(st.binary(max_size=400), _wrapped(suffix if suffix in (".html", ".json", ".xml", ".md") else ".txt")))
    try:
        items = read_bytes(raw, f"any{suffix}")
    except InputError as exc:
        assert exc.reason and "\n" not in exc.path
        return
    assert items
    for item in items:
        if isinstance(item, InputError):
            continue
        assert item.title.strip() and item.paragraphs and any(c.isalnum() for c in item.text), item
        assert not any(ord(c) < 32 and c != "\n" for c in item.title + item.text), item


def test_feed_external_entities_are_not_resolved():
    [a] = only_articles(read_file(HOSTILE / "xxe.xml"))
    assert "root:" not in a.text and "/bin/" not in a.text
    assert a.paragraphs[0].text.startswith("Before the entity")


def test_feed_entity_expansion_bomb_is_not_expanded():
    started = time.perf_counter()
    [a] = only_articles(read_file(HOSTILE / "billion_laughs.xml"))
    assert len(a.text) < 1000 and "lollol" not in a.text
    assert time.perf_counter() - started < 20


def test_yaml_alias_bomb_in_front_matter_stays_small():
    started = time.perf_counter()
    [a] = only_articles(read_file(HOSTILE / "yaml_alias_bomb.md"))
    assert a.title == "YAML aliases that multiply" and a.tags == () and a.byline == ()
    assert time.perf_counter() - started < 5
