"""HTML pages: main text with trafilatura, metadata from what the page declares.

trafilatura finds the article body (boilerplate, menus and comments dropped)
and keeps its paragraphs, one per line of its text output. The metadata is
chosen here from what every news page carries, in a fixed order of trust:

- title: the displayed headline (the page's `<h1>`) over the SEO title of
  `<title>` / `og:title`, which are often rewritten for search and carry the
  site name ("... | TechCrunch"). Without a usable `<h1>`, the declared titles
  with the site name stripped.
- date: JSON-LD `datePublished` of the article object when it is given in
  the newsroom's own time zone, then trafilatura's date search (htmldate:
  meta tags, URL, `<time>` and date-like text near the top).
- authors: trafilatura's byline search, then the people of the JSON-LD
  article objects and the author meta tags; a name that is the site itself
  ("Condé Nast") is dropped unless the page names no one else.
- site, URL, lead image caption: `og:site_name` / JSON-LD publisher,
  canonical link / `og:url`, the first `<figcaption>` of the article.

Every rule is about the kind of page (what a CMS emits), never about a site.
"""

from __future__ import annotations

import html as html_entities
import json
import logging
import re
from html.parser import HTMLParser
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from generator.errors import InputError
from generator.ingest.dates import parse_date
from generator.ingest.kinds import summary_kinds
from generator.ingest.normalise import clean_text, decode, squash_spaces
from generator.ingest.text import shorten_title
from generator.model import Article, Paragraph

log = logging.getLogger(__name__)
# trafilatura logs an ERROR for every page it cannot parse; we report those
# pages ourselves, once, as an InputError naming the file.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

# A page with more elements than this is refused rather than handed to
# trafilatura, whose time grows with the tree. Real article pages are far
# smaller: median about 800 elements, largest 3,572 in corpus/html/naeb and
# 1,596 in corpus/html/aeb (bench/ingest_html.py reads both).
MAX_TREE_ELEMENTS = 200_000
# An h1 longer than this is not a headline but a block of text marked up as one.
MAX_HEADLINE_CHARS = 300
# A kicker before the headline inside the h1 ("Opinion", "Politics |") is at most this many words.
MAX_KICKER_WORDS = 3

# htmldate settings: only dates the page marks as dates (meta tags, <time>,
# URL, date-like text near the top). Its extensive search also takes a bare
# year from the body ("costs by 2025" -> 2025-01-01), a wrong date that looks
# right; on corpus/html/naeb both settings score the same (bench/ingest_html.py).
DATE_SEARCH = {"extensive_search": False, "original_date": True}

# trafilatura's precision mode: fewer boilerplate lines (teasers, "read more",
# captions of other stories) at a small cost in recall. Boilerplate in the body
# becomes false key facts and quotes downstream, so precision is worth more.
# bench/ingest_html.py body F1: naeb 0.916 -> 0.927, aeb 0.964 -> 0.966.
FAVOR_PRECISION = True

# Page text run into a byline by the layout: a weekday or month ("Malcolm Owen
# Monday", "STAFF NOVEMBER"), "Published ...", "is a reporter ...". May, June
# and August are left out: they end real names (Theresa May).
_TRAILING_DAY = re.compile(r"\s+((Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
                           r"|April|July|September|October|November|December)\b|Published\b|Updated\b|is an?\s).*$",
                           re.I)
_JOB_TITLE = re.compile(r"\b(writer|editor|correspondent|reporter|staff|contributor|columnist|desk|bureau)s?\b", re.I)

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014\-:\u00b7\u2022/]{1,2}\s+")
_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|NewsArticle|Report|Posting", re.I)
_BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "section", "article",
               "header", "footer", "figure", "figcaption", "dd", "dt", "table", "ul", "ol", "aside", "main")
_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "template", "svg", "math", "head", "form",
              "button", "select", "textarea")


def decode_html(data: bytes, path: str, encoding: str | None = None) -> tuple[str, tuple[str, ...]]:
    """HTML bytes to text: a BOM or valid UTF-8 wins, then the declared charset, then detection."""
    if encoding or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(data, path, encoding)
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "replace")
        try:
            return data.decode(declared), (f"decoded as {declared}, as the page declares",)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, path)


_PARSER = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)


def parse_tree(text: str, path: str) -> Any:
    """An lxml tree of the page; an InputError when there is no document at all."""
    try:
        # huge_tree lifts libxml2's limits on depth and text size as far as they go
        tree = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(path, f"not a readable HTML page ({exc})") from None
    if tree is None:
        raise InputError(path, "not a readable HTML page (no elements)")
    return tree


def _text_of(el: Any) -> str:
    return squash_spaces(clean_text(el.text_content() or ""))


def fragment_paragraphs(markup: str) -> list[str]:
    """Paragraphs of an HTML fragment (feed content, a record's HTML body).

    Scripts, styles and embedded objects are dropped with their text; every
    block element and `<br>` ends a paragraph; tags are gone, text stays.
    """
    if not markup.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div", parser=_PARSER)
    except (etree.ParserError, ValueError):
        return stream_paragraphs(markup)
    return element_paragraphs(root)


def element_paragraphs(root: Any) -> list[str]:
    """Paragraphs of an element, which is changed in place (use a copy to keep it)."""
    for bad in list(root.iter(*_DROP_TAGS)):
        parent = bad.getparent()
        if parent is not None:
            bad.drop_tree()
    for el in root.iter(etree.Comment, etree.ProcessingInstruction):
        el.text = ""
    for el in root.iter("br"):
        el.tail = "\n\n" + (el.tail or "")
    for el in root.iter(*_BLOCK_TAGS):
        el.text = "\n\n" + (el.text or "")
        el.tail = "\n\n" + (el.tail or "")
    text = clean_text(root.text_content())
    return [p for p in (squash_spaces(b.replace("\n", " ")) for b in re.split(r"\n\s*\n", text)) if p]


class _TextCollector(HTMLParser):
    """Text of an HTML page by events: no tree, so no limit on nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _DROP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS or tag == "br":
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def stream_paragraphs(markup: str) -> list[str]:
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    text = clean_text("".join(collector.parts))
    return [p for p in (squash_spaces(b.replace("\n", " ")) for b in re.split(r"\n\s*\n", text)) if p]


# ----------------------------------------------------------------------------- metadata


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, flattened out of lists and @graph."""
    found: list[dict[str, Any]] = []

    def walk(node: Any, depth: int = 0) -> None:
        if depth > 6:
            return
        if isinstance(node, list):
            for item in node:
                walk(item, depth + 1)
        elif isinstance(node, dict):
            found.append(node)
            if "@graph" in node:
                walk(node["@graph"], depth + 1)

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            walk(json.loads(script.text or ""))
        except (ValueError, RecursionError):
            continue
    return found


def _types(obj: dict[str, Any]) -> list[str]:
    t = obj.get("@type", [])
    return [str(x) for x in (t if isinstance(t, list) else [t])]


def _ld_article(objects: list[dict[str, Any]]) -> dict[str, Any]:
    for obj in objects:
        if any(_ARTICLE_TYPES.search(t) for t in _types(obj)):
            return obj
    return {}


def _ld_names(value: Any) -> list[str]:
    """Person names of a JSON-LD author field (a string, an object, a list of either)."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and isinstance(item.get("name"), str) and "Organization" not in _types(item):
            names.append(item["name"])
    return names


def _meta(tree: Any, *keys: str) -> str | None:
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            values = tree.xpath(f'//meta[@{attr}="{key}"]/@content')
            for v in values:
                v = squash_spaces(clean_text(v))
                if v:
                    return v
    return None


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _words(text: str) -> set[str]:
    return set(_norm(text).split())


def _is_site_part(part: str, site_names: list[str]) -> bool:
    """Whether a title segment is the site's name ("TechCrunch", "The Harvard Crimson", "Eurogamer.net")."""
    p = _norm(part).replace(" ", "")
    if not p:
        return True
    for name in site_names:
        n = _norm(name).replace(" ", "")
        # equal, a shortened form ("Crimson" of "The Harvard Crimson"), or the name with a
        # suffix ("Eurogamer.net" of "eurogamer"); a two-letter piece matches nothing
        if n and (p == n or len(p) >= 3 and p in n or n in p and len(n) >= 0.6 * len(p)):
            return True
    return False


def strip_site_name(title: str, site_names: list[str]) -> str:
    """ "Headline | Section | Site" -> "Headline"; "Site - Headline" -> "Headline".

    Only segments that are the site's name are cut (with any section names
    between them and the end), so a headline with a colon or dash of its own
    keeps it.
    """
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    seps = _TITLE_SEPARATORS.findall(title)
    # trailing: cut from the first site segment after the headline to the end, with the
    # short section names before it that use the same separator ("| News | The Crimson")
    for i in range(1, len(parts)):
        if _is_site_part(parts[i], site_names):
            j = i
            while j > 1 and seps[j - 2].strip() == seps[i - 1].strip() and len(parts[j - 1].split()) <= MAX_KICKER_WORDS:
                j -= 1
            kept = parts[0] + "".join(s + p for s, p in zip(seps[: j - 1], parts[1:j], strict=True))
            return kept.strip()
    if _is_site_part(parts[0], site_names):
        return title[len(parts[0]) + len(seps[0]) :].strip()
    return title


def _headline(tree: Any, declared: list[str], site_names: list[str]) -> str | None:
    """The displayed headline: the h1 that is not the site's logo, closest to the declared titles."""
    candidates = []
    for h1 in tree.iter("h1"):
        text = _text_of(h1)
        if not text or len(text) > MAX_HEADLINE_CHARS or _is_site_part(text, site_names):
            continue
        candidates.append(text)
    if not candidates:
        return None
    declared_words = [_words(d) for d in declared if d]

    def overlap(text: str) -> float:
        w = _words(text)
        return max((len(w & d) / max(len(w), 1) for d in declared_words), default=0.0)

    best = max(candidates, key=overlap) if declared_words else candidates[0]
    if declared_words and overlap(best) == 0:
        # no word in common with any declared title: a short one is a logo or a
        # section name ("Enter Media", "Opinion"), not this article's headline
        if len(best.split()) <= MAX_KICKER_WORDS:
            return None
        best = candidates[0]
    # A kicker inside the h1 ("Opinion What I'll be praying for"): a declared
    # title that is the h1 minus a few leading words is the headline itself.
    for d in declared:
        d = strip_site_name(d, site_names)
        nb, nd = _norm(best), _norm(d)
        if nd and nb != nd and nb.endswith(nd) and len(nb[: -len(nd)].split()) <= MAX_KICKER_WORDS:
            return d
    return best


def _choose_title(tree: Any, ld: dict[str, Any], traf_title: str | None, site_names: list[str]) -> str | None:
    declared = [x for x in (
        ld.get("headline") if isinstance(ld.get("headline"), str) else None,
        _meta(tree, "og:title", "twitter:title"),
        squash_spaces(clean_text(" ".join(tree.xpath("//title/text()")[:1]))) or None,
    ) if x]
    declared = [squash_spaces(clean_text(html_entities.unescape(x))) for x in declared]
    headline = _headline(tree, declared, site_names)
    if headline:
        return headline
    # trafilatura's own pick comes last: it may be an h1 we just judged a logo
    for title in [*declared, *([traf_title] if traf_title else [])]:
        stripped = strip_site_name(title, site_names)
        if stripped:
            return stripped
    return None


def _clean_names(names: list[str], site_names: list[str]) -> list[str]:
    """Byline names without "By", dates run into them, job titles or the site itself.

    Job titles ("AP Auto Writer") are dropped only when a person is left, so a
    page signed "Staff Reporter" keeps that signature.
    """
    out: list[str] = []
    for raw in names:
        name = squash_spaces(clean_text(html_entities.unescape(raw))).strip(" ,;|-")
        name = re.sub(r"^((analysis|opinion|commentary|review|story|text|written|words)\s+)?by\s+", "", name, flags=re.I)
        name = _TRAILING_DAY.sub("", name).strip(" ,;|-")
        if not re.search(r"[^\W\d_]{2}", name) or len(name) > 80 or _is_site_part(name, site_names):
            continue
        if "http" in name or "@" in name:
            continue
        if name.casefold() not in {n.casefold() for n in out}:
            out.append(name)
    people = [n for n in out if not _JOB_TITLE.search(n)]
    return people or out


def _caption(tree: Any, ld: dict[str, Any]) -> str | None:
    for scope in ("//article//figcaption", "//main//figcaption", "//figcaption"):
        for el in tree.xpath(scope):
            text = _text_of(el)
            if text:
                return text
    image = ld.get("image")
    if isinstance(image, list) and image:
        image = image[0]
    if isinstance(image, dict) and isinstance(image.get("caption"), str):
        return squash_spaces(clean_text(image["caption"])) or None
    return None


def _site_names(tree: Any, ld_objects: list[dict[str, Any]], ld: dict[str, Any], traf_site: str | None,
                url: str | None) -> list[str]:
    names = [_meta(tree, "og:site_name", "application-name", "twitter:site")]
    publisher = ld.get("publisher")
    if isinstance(publisher, dict):
        names.append(publisher.get("name") if isinstance(publisher.get("name"), str) else None)
    for obj in ld_objects:
        if "WebSite" in _types(obj) or "Organization" in _types(obj) or "NewsMediaOrganization" in _types(obj):
            names.append(obj.get("name") if isinstance(obj.get("name"), str) else None)
    names.append(traf_site)
    if url and (m := re.match(r"https?://(?:www\.)?([^/:]+)", url)):
        names.append(m.group(1).rsplit(".", 1)[0])
    out = []
    for name in names:
        if name and (m := re.match(r"https?://(?:www\.)?([^/:]+)", name)):
            name = m.group(1)  # a site "name" that is its address: the host is what people call it
        if name:
            out.append(name.lstrip("@"))
    return out


def _url(tree: Any, ld: dict[str, Any], traf_url: str | None) -> str | None:
    for value in (*tree.xpath('//link[@rel="canonical"]/@href'), _meta(tree, "og:url"), ld.get("url"), traf_url):
        if isinstance(value, str) and value.lower().startswith(("http://", "https://")):
            return value.strip()
    return None


# ----------------------------------------------------------------------------- the reader


def _local_date(value: Any) -> str | None:
    """The day of a JSON-LD timestamp when it is the publisher's local day.

    A bare date, or a time with the newsroom's own offset, names the day the
    page shows; a UTC time ("...T01:48:19Z") is often the next day for an
    American evening story, so it is left to htmldate, which reads the
    visible dates too (corpus/html/naeb: 5 pages where the two disagree).
    """
    if not isinstance(value, str) or not (m := re.match(r"(\d{4}-\d\d-\d\d)(.*)$", value.strip())):
        return None
    rest = m.group(2)
    if rest and re.search(r"(Z|[+-]00:?00)$", rest) or rest and not re.search(r"[+-]\d\d:?\d\d$", rest):
        return None
    return parse_date(m.group(1))


def _authors(tree: Any, ld_objects: list[dict[str, Any]], found: str | None, sites: list[str]) -> list[str]:
    """Byline names: trafilatura's, else the article objects' people, else meta tags; the site itself last."""
    raw = [x for x in re.split(r";|\band\b|,(?=\s*[A-Z])", found or "") if x.strip()]
    names = _clean_names(raw, sites)
    if names:
        return names
    people = [n for obj in ld_objects if any(_ARTICLE_TYPES.search(t) for t in _types(obj)) for n in _ld_names(obj.get("author"))]
    names = _clean_names(people + [_meta(tree, "author", "article:author", "byl") or ""], sites)
    # a page signed by the publication itself ("The Citizen") is still signed
    return names or _clean_names(raw, [])


def _body(text: str, tree_size: int) -> tuple[list[str], Any]:
    if tree_size > MAX_TREE_ELEMENTS:
        raise ValueError("too many elements")
    doc = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=True, deduplicate=False,
        date_extraction_params=DATE_SEARCH, favor_precision=FAVOR_PRECISION,
    )
    if doc is None:
        return [], None
    paragraphs = [squash_spaces(clean_text(line)) for line in (getattr(doc, "text", None) or "").split("\n")]
    return [p for p in paragraphs if p], doc


def extract_article(text: str, path: str, *, content_hash: str, notes: tuple[str, ...] = (), key: str = "") -> Article:
    """One Article of one decoded HTML page; InputError when it holds no article text."""
    text = clean_text(text)  # lxml refuses control characters in the text it builds
    tree = parse_tree(text, path)
    size = sum(1 for _ in tree.iter())
    if size > MAX_TREE_ELEMENTS:
        raise InputError(path, f"page too complex ({size} elements > {MAX_TREE_ELEMENTS}); save the article alone")
    paragraphs, doc = _body(text, size)
    ld_objects = _json_ld(tree)
    ld = _ld_article(ld_objects)
    traf = {s: getattr(doc, s, None) for s in ("title", "author", "date", "sitename", "url")} if doc is not None else {}
    url = _url(tree, ld, traf.get("url"))
    sites = _site_names(tree, ld_objects, ld, traf.get("sitename"), url)
    title = _choose_title(tree, ld, traf.get("title"), sites)
    caption = _caption(tree, ld)
    if not paragraphs:
        # trafilatura found no article (a bare page): every block of the body is text
        body = tree.find("body")
        paragraphs = element_paragraphs(body) if body is not None else []
    if not paragraphs:
        # libxml2 stops building the tree past 2,048 levels and loses the text below;
        # a streaming parse has no depth at all
        paragraphs = stream_paragraphs(text)
    if not paragraphs:
        raise InputError(path, "no article text found in the HTML page")
    generated = False
    if not title:
        title, generated = shorten_title(paragraphs[0]), True
    date = _local_date(ld.get("datePublished")) or traf.get("date") or None
    if date and not re.fullmatch(r"\d{4}-\d\d-\d\d", date):
        date = parse_date(date)
    # the title repeated as the first paragraph is furniture, not text
    if len(paragraphs) > 1 and _norm(paragraphs[0]) == _norm(title):
        paragraphs = paragraphs[1:]
    # the declared names come first; the last one may be the bare host name
    site = sites[0] if sites and (len(sites) > 1 or not url) else None
    return Article(
        source=path,
        key=key,
        format="html",
        title=title,
        title_generated=generated,
        date=date,
        byline=tuple(_authors(tree, ld_objects, traf.get("author"), sites)),
        photo_caption=caption,
        url=url,
        site=site,
        paragraphs=tuple(Paragraph(index=n, text=t, kind=k) for n, (t, k) in enumerate(
            zip(paragraphs, summary_kinds(paragraphs, _meta(tree, "description", "og:description")), strict=True), 1)),
        content_hash=content_hash,
        notes=notes,
    )
