"""The view layer holds even when an Article arrives with hostile fields (not only from our readers)."""

from __future__ import annotations

import pytest
import yaml

from generator.corpus import build_corpus
from generator.model import Article, ArticleDigest, Paragraph
from generator.render import render
from generator.render.views import _iso_date, _safe_url


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1&c=2", True),
        ("http://example.org/", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("https://example.org/ok\n# injected", False),
        ("https://example.org/a b", False),
        ("https://example.org/a)[x](javascript:alert(1)", False),
        ("https://example.org/\u2028x", False),
        ("https://example.org/{: onclick=x}", False),
    ],
)
def test_only_plain_http_urls_become_links(url, safe):
    assert (_safe_url(url) == url) is safe


@pytest.mark.parametrize(("value", "out"), [("2021-03-03", "2021-03-03"), ('2021-03-03"\ninjected: yes', ""), (None, ""), ("yesterday", "")])
def test_front_matter_date_is_iso_or_nothing(value, out):
    assert _iso_date(value) == out


def test_hostile_fields_cannot_add_front_matter_keys_or_links():
    article = Article(source="x.json", key="1", title='Title"\ninjected: yes\n---\n# H', date='../../2021-03"\nevil: 1',
                      url="https://ok.example/\n[x](javascript:alert(1))", byline=("<b>Jo</b>",),
                      paragraphs=(Paragraph(index=1, text="Text {{ 7*7 }} <script>x</script>"),))
    pages = render(build_corpus([ArticleDigest(article=article)]))
    [name] = [p for p in pages if p.endswith(".md") and "/" not in p and "generated_by: digest\ntitle: \"Title" in pages[p]]
    page = pages[name]
    meta = yaml.safe_load(page.split("---\n", 2)[1])
    assert set(meta) == {"generated_by", "title", "description"}
    assert all(p.startswith(("months/undated", "actors/", "data/", "feeds/", "quotes/", "timeline/", "topics/", "threads/")) or "/" not in p for p in pages)  # no month from a bad date
    assert "[Source]" not in page and "<script" not in page and "{{" not in page and "<b>" not in page
