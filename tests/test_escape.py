"""The one escaping function: nothing executable survives, the visible text does."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.escape import escape_attr, escape_md

EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "pymdownx.details"]


def to_html(md_text: str) -> str:
    return markdown.markdown(md_text, extensions=EXTENSIONS)


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "{{ 7*7 }} {% include 'x' %}",
    "text {: onclick=alert(1) }",
    "<!-- hidden -->",
    "!!! danger \"boom\"",
    "# heading",
    "- list",
    "1. list",
    "| a | b |",
    "`code` *em* __strong__ ~~del~~",
    "<http://evil.example>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_inert(text):
    out = to_html(escape_md(text))
    assert out.startswith("<p>") and out.endswith("</p>"), out
    inner = out[3:-4]
    assert "<" not in inner and "{{" not in inner and "{:" not in inner
    assert html.unescape(inner) == " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80))
def test_visible_text_survives_and_no_markup_does(text):
    if not text.strip():
        return
    out = to_html(escape_md(text))
    assert out.count("<p>") == 1 and out.endswith("</p>")
    inner = out[3:-4]
    for bad in ("<script", "<a ", "<img", "<em", "<strong", "<code", "href=", "{{", "{%"):
        assert bad not in inner
    assert html.unescape(inner).strip() == " ".join(text.split()).strip()


def test_attr_escapes_yaml_quotes():
    assert escape_attr('He said "no"') == "He said &quot;no&quot;"
    assert "\\" not in escape_attr("back\\slash").replace("&#92;", "")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_front_matter_title_stays_one_yaml_string(text):
    """A title in front matter is one quoted YAML scalar: no new keys, no broken document, text intact."""
    import yaml

    doc = yaml.safe_load(f'---\ngenerated_by: digest\ntitle: "{escape_attr(text)}"\n')
    assert set(doc) == {"generated_by", "title"}
    title = doc["title"]
    assert isinstance(title, str) and "<" not in title and "{{" not in title
    visible = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", "", text)
    assert html.unescape(title) == " ".join(visible.split())


@pytest.mark.parametrize("text", ["{{ 7*7 }}", "{% include 'mkdocs.yml' %}", "{# c #}", "{: onclick=x }", "{#p-1}"])
def test_template_and_attr_list_syntax_is_inert(text):
    out = to_html(escape_md(text))
    assert html.unescape(out[3:-4]) == text
    assert "id=" not in out and "onclick=" not in out.replace("onclick&#61;", "")
