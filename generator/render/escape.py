"""The one escaping function: article text -> inert Markdown/HTML text.

Article text is untrusted. Everything that Python-Markdown, its extensions
(attr_list, md_in_html, admonition, pymdownx details, tabbed and superfences,
tables, footnotes) or the browser could read as
syntax is replaced by a numeric character reference, which Markdown passes
through untouched and the browser shows as the character. So `<script>`,
`[x](javascript:...)`, `{: onclick=...}`, `{{ 7*7 }}` and `!!! note` all
arrive on the page as the visible text the author wrote, and nothing else.
"""

from __future__ import annotations

import re

# Characters that start or end syntax somewhere in the Markdown/HTML stack.
# "&" first so the references we add are not escaped again.
_ALWAYS = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "\\": "&#92;",
    "`": "&#96;",
    "*": "&#42;",
    "_": "&#95;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "|": "&#124;",
    "!": "&#33;",
    "~": "&#126;",
    "#": "&#35;",
    "^": "&#94;",
    "=": "&#61;",
    ":": "&#58;",
    "$": "&#36;",
}
_TABLE = str.maketrans(_ALWAYS)
# Control characters and the two non-characters: invisible, and YAML refuses
# them, so one in a title would break the page's front matter. (Ingest already
# removes them; this keeps the escaping safe on its own.)
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Block syntax that the table above does not cover, all at the start of the
# text (escape_md makes one line of it, and templates put it at a line start,
# after a list marker or inside a call-out, where block syntax is live):
# list markers ("- ", "+ "), a thematic break or setext underline made of
# dashes ("---", "-- -"), pymdownx.details ("???", "???+") and numbered lists
# ("1. ", "2) "). A leading "-", "+" or "?" is always escaped: cheaper to
# prove than every form each extension accepts, and it looks the same.
# ("#", ">", "*", "_", "=", "!", "|", "~", "`", ":" are escaped everywhere.)
_LINE_START = re.compile(r"^(\s*)([-+?])|^(\s*\d+)([.)])(?=\s|$)")


def escape_md(text: str | None) -> str:
    """Escape for Markdown and HTML; newlines become spaces (one line out)."""
    if not text:
        return ""
    text = " ".join(_INVISIBLE.sub("", text).split())
    out = text.translate(_TABLE)
    return _LINE_START.sub(_line_start, out)


def _line_start(m: re.Match[str]) -> str:
    if m.group(2):
        return f"{m.group(1)}&#{ord(m.group(2))};"
    return f"{m.group(3)}&#{ord(m.group(4))};"


def escape_attr(text: str | None) -> str:
    """Escape for a YAML double-quoted scalar inside front matter.

    The value is shown by the theme (page title, tags); it gets the same
    HTML escaping, then YAML's own: backslash and double quote.
    """
    return escape_md(text).replace("\\", "\\\\").replace('"', '\\"')
