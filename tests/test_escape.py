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
    # the two non-characters U+FFFE and U+FFFF are dropped by design (escape.py: YAML refuses
    # them); what must survive is the rest
    text = text.replace("\ufffe", "").replace("\uffff", "")
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


# --- block syntax of every extension mkdocs.yml enables (issue 15, item 4) ---------------------------------

def site_extensions(tmp_path_factory=None) -> tuple[list, dict]:
    """The markdown_extensions of mkdocs.yml, as names and their configs, to render exactly as the site does."""
    import yaml

    from tests.conftest import ROOT

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    names: list[str] = []
    configs: dict[str, dict] = {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            [(name, options)] = entry.items()
            names.append(name)
            if name == "pymdownx.snippets":
                options = {**options, "base_path": [str(ROOT / "docs")]}
            configs[name] = options or {}
        else:
            names.append(entry)
    return names, configs


SITE_EXTENSIONS, SITE_CONFIGS = site_extensions()
# Syntax that starts a block when it begins a line, one form or more per enabled extension.
BLOCK_STARTS = [
    "???", "???+", "??? note", '???+ danger "t"', "??? note inline end",  # pymdownx.details
    "===", '=== "Tab"', "===!", '===+ "Tab"',  # pymdownx.tabbed
    "!!!", "!!! note", '!!! warning "x"',  # admonition
    "---", "***", "___", "- - -", "-- -", "* * *", "_ _ _", "-" * 9,  # thematic breaks
    "- ", "+ ", "* ", "-", "+", "1. ", "2) ", "1.",  # lists
    "#", "## x", "> ", ">", "```", "~~~", "```python", "| a | b |", "a | b", ":", ": x", "[^1]: x", "*[HTML]: x",
    '--8<-- "index.md"', "-8<-", "<div>", "<details>", "{: #x }", "{ .x }", "&#33;",
]
# What escaped text may become on the page: one paragraph, carrying its anchor, inline text only.
BLOCK_TAGS = re.compile(r"<(details|summary|hr|h[1-6]|ul|ol|li|table|pre|blockquote|div|dl|input|label)[\s>/]")


def paragraph_html(text: str) -> str:
    """The escaped text as the article template lays out a paragraph: its line, then its anchor."""
    md = markdown.Markdown(extensions=SITE_EXTENSIONS, extension_configs=SITE_CONFIGS)
    return md.convert(f"{escape_md(text)}\n{{: #p-3 }}\n")


def assert_one_anchored_paragraph(text: str) -> None:
    out = paragraph_html(text)
    assert out.startswith('<p id="p-3">') and out.endswith("</p>") and out.count("<p") == 1, (text, out)
    assert not BLOCK_TAGS.search(out), (text, out)
    assert html.unescape(out[len('<p id="p-3">'):-4]) == " ".join(text.split()), (text, out)


@pytest.mark.parametrize("start", BLOCK_STARTS)
def test_block_syntax_at_the_start_keeps_the_paragraph_and_its_anchor(start):
    assert_one_anchored_paragraph(start)
    assert_one_anchored_paragraph(f"{start} The mayor said so.")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(BLOCK_STARTS), st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_any_block_start_with_any_tail_stays_one_paragraph(start, tail):
    text = start + tail
    if text.strip():
        assert_one_anchored_paragraph(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="?-=!*_+#>:~|`.^[]{}()<&\"' 1aX\n\t", min_size=1, max_size=30))
def test_a_soup_of_syntax_characters_stays_one_paragraph(text):
    """Any mix of the characters block syntax is made of, setext underlines ("Title\\n---") included."""
    if text.strip():
        assert_one_anchored_paragraph(text)
