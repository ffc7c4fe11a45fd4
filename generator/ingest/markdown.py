"""Markdown notes with YAML front matter -> Article.

Front matter (between `---` lines at the top) gives the metadata: `title`,
`date`, `authors` (or `author`, `byline`), `source` (or `url`, `link`),
`site`, `tags`. The body is parsed with markdown-it (CommonMark) and turned
back into plain text, one paragraph per block: emphasis, code marks, links
and images give their visible text only (a link's URL and an image's address
never enter the article), raw HTML gives its text without tags, and an
attr_list suffix (`{: #id .class onclick=...}`) is dropped. Without a `title`
the first heading is the title; without either, the lead sentence.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from markdown_it import MarkdownIt

from generator.errors import InputError
from generator.ingest.dates import parse_date
from generator.ingest.normalise import clean_text, content_hash, decode, squash_spaces
from generator.ingest.text import shorten_title, split_names
from generator.model import BODY, HEADING, Article, Paragraph

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
# attr_list: "{: #id .class key=value }" or "{#id .class}" at the end of a block
_ATTR_LIST = re.compile(r"\s*\{:?\s*[#.:\w][^{}]*\}\s*$")
_BLOCK_OPEN = ("paragraph_open", "heading_open")
_MD = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
# markdown-it leaves a link with a javascript:/data: target as literal text; we
# want every link parsed, so its text is kept and its target dropped, whatever it is.
_MD.validateLink = lambda url: True  # type: ignore[method-assign]


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str]:
    """(front matter mapping, body). Bad YAML or a non-mapping is an InputError naming the line."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        meta = yaml.safe_load(m.group("yaml"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise InputError(path, f"front matter is not valid YAML{where}; fix it or remove the --- block") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(path, f"front matter must be a mapping of keys (title:, date:, ...), not a {type(meta).__name__}")
    return meta, text[m.end() :]


def _inline_text(token: Any) -> str:
    """Visible text of an inline token: text and code, images by their alt text, no URLs, no tags."""
    out: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            continue  # an image is not article text; its alt is a description at best
        elif child.type == "html_inline":
            continue  # a tag; the text between tags arrives as text tokens
    return "".join(out)


def _html_block_text(content: str) -> list[str]:
    from generator.ingest.html import fragment_paragraphs

    return fragment_paragraphs(content)


def markdown_blocks(body: str) -> list[tuple[str, str]]:
    """(kind, text) per block: kind is "heading" or "paragraph"; Markdown syntax gone."""
    blocks: list[tuple[str, str]] = []
    tokens = _MD.parse(body)
    kind = "paragraph"
    for i, tok in enumerate(tokens):
        if tok.type in _BLOCK_OPEN:
            kind = "heading" if tok.type == "heading_open" and tok.tag in ("h1", "h2") else "paragraph"
        elif tok.type == "inline" and i > 0 and tokens[i - 1].type in _BLOCK_OPEN:
            text = _ATTR_LIST.sub("", squash_spaces(_inline_text(tok)))
            if text:
                blocks.append((kind, text))
        elif tok.type == "inline":  # table cells and the like
            text = squash_spaces(_inline_text(tok))
            if text:
                blocks.append(("paragraph", text))
        elif tok.type == "html_block":
            blocks.extend(("paragraph", t) for t in _html_block_text(tok.content))
        elif tok.type in ("fence", "code_block"):
            text = squash_spaces(tok.content.replace("\n", " "))
            if text:
                blocks.append(("paragraph", text))
    return blocks


def _text_field(meta: dict[str, Any], *names: str) -> str | None:
    for name in names:
        value = meta.get(name)
        if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
            return squash_spaces(clean_text(str(value)))
    return None


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return split_names(squash_spaces(clean_text(value))) or [squash_spaces(clean_text(value))]
    if isinstance(value, list):
        return [squash_spaces(clean_text(str(v))) for v in value if isinstance(v, str | int) and str(v).strip()]
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return [squash_spaces(clean_text(value["name"]))]
    return []


def meta_date(value: Any) -> str | None:
    """YAML gives a date object for `2015-09-18`, a string for anything else."""
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        return value.isoformat()[:10]
    if isinstance(value, str):
        return parse_date(value)
    return None


def read_markdown(data: bytes, path: str, options: Any) -> Article:
    text, notes = decode(data, path, getattr(options, "encoding", None))
    meta, body = split_front_matter(clean_text(text), path)
    blocks = markdown_blocks(body)
    title = _text_field(meta, "title", "headline")
    if title is None and blocks and blocks[0][0] == "heading":
        title = blocks.pop(0)[1]
    elif title is not None and blocks and blocks[0][0] == "heading" and blocks[0][1].casefold() == title.casefold():
        blocks.pop(0)  # the title repeated as the first heading
    paragraphs = [t for _kind, t in blocks]
    if not paragraphs:
        raise InputError(path, "no article text: the Markdown has no paragraphs after its front matter")
    generated = title is None
    if title is None:
        title = shorten_title(paragraphs[0])
    authors: list[str] = []
    for key in ("authors", "author", "byline"):
        if key in meta:
            authors = _names(meta[key])
            break
    tags = meta.get("tags") or meta.get("keywords") or ()
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    return Article(
        source=path,
        format="markdown",
        title=title,
        title_generated=generated,
        date=meta_date(meta.get("date") or meta.get("published")),
        byline=tuple(a for a in authors if a),
        url=_text_field(meta, "source", "url", "link"),
        site=_text_field(meta, "site", "publisher"),
        tags=tuple(squash_spaces(clean_text(str(t))) for t in tags if isinstance(t, str | int) and str(t).strip())
        if isinstance(tags, list | tuple) else (),
        paragraphs=tuple(Paragraph(index=n, text=t, kind=HEADING if kind == "heading" else BODY)
                         for n, (kind, t) in enumerate(blocks, 1)),
        content_hash=content_hash(data),
        notes=notes,
    )
