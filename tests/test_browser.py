"""The built example site in a real browser (Debian's chromium driven by Playwright).

The site is served from 127.0.0.1 under a sub-path (/digest/), as from any
static host; every request to another host is blocked and recorded, so the
test also proves the site needs nothing from the internet. Screenshots at
desktop and phone widths go to tests/artifacts/screenshots/ for a person to
look at.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import ROOT, mkdocs_build
from tests.demo_site import demo_project

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
SUB_PATH = "digest"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Debian's chromium, headless, quiet: no sandbox (containers), no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 15_000

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed; ./dev test installs it")
if not CHROMIUM.is_file():
    pytest.skip(f"{CHROMIUM} is missing; ./dev test installs Debian's chromium (apt-get install chromium)", allow_module_level=True)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


@contextlib.contextmanager
def serve(site: Path, root: Path):
    """`site` copied to root/digest/ and served by http.server on a free port of 127.0.0.1; yields its URL."""
    shutil.copytree(site, root / SUB_PATH)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def served_site(built_site, tmp_path_factory):
    """The example site as built by `mkdocs build --strict`."""
    project, _ = built_site
    with serve(project / "site", tmp_path_factory.mktemp("www")) as url:
        yield url, project


@pytest.fixture(scope="module")
def served_demo(tmp_path_factory):
    """The hand-built corpus with quotes, events and topics (tests/demo_site.py)."""
    project = demo_project(tmp_path_factory.mktemp("demo"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    with serve(project / "site", tmp_path_factory.mktemp("www")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def open_page(browser, viewport: dict, blocked: list[str]):
    context = browser.new_context(viewport=viewport)

    def guard(route):
        host = urlparse(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    return context, page


def in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector, "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight && r.bottom > 0; }"
    )


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.wait_for_timeout(250)  # the header's title swap and smooth scrolling settle
    page.screenshot(path=str(path), full_page=False)
    return path


def pick_jump(page):
    """A paragraph link on an article page: a quote's if there is one, else a key fact's.

    Returns (locator, "#p-N", kind). Prefers the link to the paragraph furthest
    down, so following it must scroll. (Material rewrites hrefs to absolute
    URLs once the page runs, so links are compared by their fragment.)
    """
    for selector, kind in ((".admonition.quote a.digest-jump", "quote"), ("a.digest-jump", "fact")):
        hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
        if hrefs:
            anchors = ["#" + h.rsplit("#", 1)[1] for h in hrefs]
            i = max(range(len(anchors)), key=lambda k: int(anchors[k].rsplit("-", 1)[1]))
            return page.locator(selector).nth(i), anchors[i], kind
    raise AssertionError("the article page has no paragraph link at all")


def follow_jump(page) -> str:
    link, anchor, kind = pick_jump(page)
    link.click()
    page.wait_for_function("h => location.hash === h", arg=anchor)
    page.wait_for_timeout(300)  # smooth scrolling settles
    assert in_viewport(page, anchor), f"{anchor} ({kind} link) is not in view after following it"
    return kind


def test_desk_workflow_desktop(served_site, browser):
    base, project = served_site
    digest = json.loads((project / "docs" / "articles" / "digest.json").read_text(encoding="utf-8"))
    blocked: list[str] = []
    context, page = open_page(browser, DESKTOP, blocked)
    try:
        # Home: counts, latest articles, the biggest actors.
        page.goto(base)
        assert page.locator("h1").first.inner_text() == "Article digest"
        assert page.locator(".digest-counts a").count() >= 5
        shot(page, "desktop-home-light")

        # An article, from the home page's list of the latest ones.
        latest = page.locator("h2#latest-articles + ul a").first
        title = latest.inner_text()
        latest.click()
        page.wait_for_url("**/articles/20*/")
        assert page.locator("h1").first.inner_text() == title
        assert page.locator("#key-facts").count() == 1
        shot(page, "desktop-article-light")

        # A quote's (or, while quotes are not extracted, a key fact's) paragraph link lands on its paragraph.
        kind = follow_jump(page)
        shot(page, f"desktop-{kind}-paragraph")

        # Search for an actor by name and reach their page.
        person = next(a for a in sorted(digest["actors"], key=lambda a: (-len(a["appearances"]), a["id"]))
                  if a["kind"] == "person" and (project / "docs" / "articles" / "actors" / f"{a['id']}.md").exists())  # one with a page
        page.keyboard.press("Escape")
        page.locator("label.md-search__icon, .md-search__input").first.click()
        # Typed, not filled: Material searches on key events.
        page.locator("input.md-search__input").press_sequentially(person["name"], delay=20)
        exact = page.locator("h1").filter(has_text=re.compile(f"^{re.escape(person['name'])}$"))
        result = page.locator(".md-search-result__item a.md-search-result__link", has=exact).first
        result.wait_for()
        shot(page, "desktop-search")
        result.click()
        page.wait_for_url(f"**/articles/actors/{person['id']}/**")
        assert page.locator("h1").first.inner_text() == person["name"]

        # Dark mode: the toggle switches the scheme and the page stays readable.
        assert page.get_attribute("body", "data-md-color-scheme") == "default"
        page.locator("form[data-md-component=palette] label:visible").first.click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        shot(page, "desktop-actor-dark")
        page.goto(base)  # the choice is remembered across pages
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        shot(page, "desktop-home-dark")
    finally:
        context.close()
    assert blocked == [], f"requests left 127.0.0.1: {blocked[:5]}"


def test_phone_layout(served_site, browser):
    base, _ = served_site
    blocked: list[str] = []
    context, page = open_page(browser, PHONE, blocked)
    try:
        page.goto(base)
        shot(page, "phone-home")
        # Nothing wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        # The navigation is in the drawer behind the menu button.
        page.locator("label.md-header__button[for=__drawer]").click()
        page.wait_for_function("document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
        page.wait_for_timeout(300)  # the drawer's slide settles
        for tab in ("Articles", "Actors", "Quotes", "Timeline", "Topics", "Threads"):
            assert page.locator(".md-sidebar--primary .md-nav__link", has_text=tab).first.is_visible(), tab
        shot(page, "phone-menu")
        page.keyboard.press("Escape")

        page.goto(base)
        page.locator("h2#latest-articles + ul a").first.click()
        page.wait_for_url("**/articles/20*/")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        shot(page, "phone-article")
        kind = follow_jump(page)
        shot(page, f"phone-{kind}-paragraph")
    finally:
        context.close()
    assert blocked == [], f"requests left 127.0.0.1: {blocked[:5]}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_quote_index_leads_to_the_paragraph(served_demo, browser, viewport):
    """From the site-wide quote index, a quote's paragraph link opens the article at that paragraph."""
    width = "desktop" if viewport is DESKTOP else "phone"
    blocked: list[str] = []
    context, page = open_page(browser, viewport, blocked)
    try:
        page.goto(served_demo + "articles/quotes/")
        assert page.locator("h1").first.inner_text() == "Quotes"
        assert page.locator(".admonition.quote").count() == 4
        shot(page, f"{width}-quotes")
        quote = page.locator(".admonition.quote", has_text="Cool clock")
        assert "Barack Obama" in quote.locator(".admonition-title").inner_text()
        quote.locator("a.digest-jump").click()
        page.wait_for_url("**/articles/2015-09-22-*/#p-10")
        page.wait_for_timeout(300)
        assert in_viewport(page, "#p-10")
        assert "Cool clock" in page.locator("#p-10").inner_text()
        shot(page, f"{width}-quote-paragraph")
        page.goto(served_demo + "articles/2015-09-22-texas-student-ahmed-mohamed-inspires-social/")
        page.locator("#quotes").scroll_into_view_if_needed()
        shot(page, f"{width}-article-quotes")
        page.goto(served_demo + "articles/timeline/")
        shot(page, f"{width}-timeline")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        context.close()
    assert blocked == [], f"requests left 127.0.0.1: {blocked[:5]}"


def test_filter_boxes_narrow_the_long_pages(served_demo, browser):
    """A speaker's name typed into the quote page's filter leaves only their quotes (and their month)."""
    blocked: list[str] = []
    context, page = open_page(browser, DESKTOP, blocked)
    try:
        page.goto(served_demo + "articles/quotes/")
        quotes = page.locator("div.admonition.quote")
        assert quotes.count() == 4
        page.locator("input.digest-filter").press_sequentially("obama", delay=20)
        # Checked as the reader sees it: visible on screen, not only marked hidden.
        visible = page.locator("div.admonition.quote:visible")
        page.wait_for_function("document.querySelectorAll('div.admonition.quote:not([hidden])').length === 1")
        assert visible.count() == 1 and "Cool clock" in visible.inner_text()
        assert page.locator("h2#m-2018-06").is_hidden() and page.locator("h2#m-2015-09").is_visible()
        assert page.locator(".digest-filter-status").inner_text() == "1 of 4 shown"
        shot(page, "desktop-quotes-filtered")
        page.locator("input.digest-filter").fill("")
        page.locator("input.digest-filter").dispatch_event("input")
        page.wait_for_function("document.querySelectorAll('div.admonition.quote:not([hidden])').length === 4")
        assert visible.count() == 4

        page.goto(served_demo + "articles/actors/")
        page.locator("input.digest-filter").press_sequentially("kane", delay=20)
        page.wait_for_function("document.querySelectorAll('h2 + ul > li:not([hidden])').length === 1")
        names = page.locator("h2 + ul > li:visible")
        assert names.count() == 1 and names.inner_text().startswith("Harry Kane")
    finally:
        context.close()
    assert blocked == [], f"requests left 127.0.0.1: {blocked[:5]}"


# -- accessibility: axe-core in the real browser ------------------------------

# One page of every kind the site has (paths under the served root).
PAGE_KINDS = {
    "home": "",
    "article": "articles/2023-02-23-reports-streamlined-uk-asylum-process-to-replace/",
    "actor": "articles/actors/yvette-cooper/",
    "actors": "articles/actors/",
    "people": "articles/people/",
    "articles": "articles/",
    "month": "articles/months/2015-09/",
    "quotes": "articles/quotes/",
    "timeline": "articles/timeline/",
    "topics": "articles/topics/",
    "threads": "articles/threads/",
    "about": "about/",
}
# WCAG 2.0-2.2 A and AA (2.2's target size among them) and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# A tap target smaller than this (CSS px) fails WCAG 2.2's 2.5.8 unless spaced apart; ours are made at least this size.
TAP_PX = 24


def axe_violations(page) -> list[dict]:
    """Serious and critical violations that axe-core (axe-playwright-python's bundled copy) finds on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5], "help": v["help"]}
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def summary(found: dict[str, list[dict]]) -> str:
    """One line per page kind and rule: what failed and on which elements (the whole list goes to tests/artifacts)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "axe-violations.json").write_text(json.dumps(found, indent=1), encoding="utf-8")
    return "\n".join(f"{kind}: {v['id']} ({v['impact']}) on {v['nodes'][:3]}" for kind, vs in found.items() for v in vs)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_nothing_serious_on_any_page_kind(served_site, browser, viewport):
    base, _ = served_site
    width = "desktop" if viewport is DESKTOP else "phone"
    blocked: list[str] = []
    context, page = open_page(browser, viewport, blocked)
    found = {}
    try:
        for kind, path in PAGE_KINDS.items():
            page.goto(base + path)
            page.wait_for_load_state("load")
            shot(page, f"{width}-a11y-{kind}")
            violations = axe_violations(page)
            if violations:
                found[kind] = violations
            # no page scrolls sideways on a phone
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), kind
    finally:
        context.close()
    assert found == {}, summary(found)
    assert blocked == [], f"requests left 127.0.0.1: {blocked[:5]}"


class NotFoundHandler(QuietHandler):
    """Answers a missing path with the site's 404.html and status 404, as static hosts do."""

    def send_error(self, code, message=None, explain=None):  # noqa: ANN001, ANN201 - the stdlib's signature
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def served_at_site_url(built_site):
    """The example site at the root of a host, where its site_url (http://127.0.0.1:8000/) puts it, missing paths
    answered by 404.html; the 404 page's links and assets are absolute from site_url, so it works at any depth."""
    project, _ = built_site
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(NotFoundHandler, directory=str(project / "site")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_404_page_at_any_depth(served_at_site_url, browser, viewport):
    width = "desktop" if viewport is DESKTOP else "phone"
    blocked: list[str] = []
    context, page = open_page(browser, viewport, blocked)
    try:
        response = page.goto(served_at_site_url + "articles/actors/no-such-person/")
        assert response is not None and response.status == 404
        assert page.locator("h1").first.inner_text() == "Page not found"
        # styled (the theme's stylesheet reached it from this depth) and its links lead back in
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
        shot(page, f"{width}-404")
        assert axe_violations(page) == []
        # the links name site_url's host; this server has its own port, so the path is followed here
        href = page.locator("article a", has_text="Quotes").get_attribute("href")
        assert href == "http://127.0.0.1:8000/articles/quotes/"
        page.goto(served_at_site_url + urlparse(href).path.lstrip("/"))
        assert page.locator("h1").first.inner_text() == "Quotes"
    finally:
        context.close()


def test_dark_scheme_passes_axe_too(served_site, browser):
    base, _ = served_site
    blocked: list[str] = []
    context, page = open_page(browser, DESKTOP, blocked)
    try:
        page.goto(base + PAGE_KINDS["article"])
        page.locator("form[data-md-component=palette] label:visible").first.click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        found = {}
        for kind in ("article", "actor", "quotes"):
            page.goto(base + PAGE_KINDS[kind])
            shot(page, f"desktop-a11y-{kind}-dark")
            if violations := axe_violations(page):
                found[kind] = violations
    finally:
        context.close()
    assert found == {}, summary(found)


def test_paragraph_links_are_named_and_big_enough(served_site, browser):
    """Every ¶ link and table paragraph number says which paragraph of which article, and is a 24 px target."""
    base, _ = served_site
    blocked: list[str] = []
    context, page = open_page(browser, PHONE, blocked)
    try:
        for kind in ("article", "actor"):
            page.goto(base + PAGE_KINDS[kind])
            links = page.eval_on_selector_all(
                "a.digest-jump, a.digest-para",
                "els => els.map(e => { const r = e.getBoundingClientRect();"
                " return {name: e.getAttribute('aria-label'), w: r.width, h: r.height}; })")
            assert links, kind
            for link in links:
                assert re.fullmatch(r"Paragraph \d+ of .+", link["name"] or ""), (kind, link)
                # (a link in a tab not open, an actor table of another kind, is not laid out: 0 by 0)
                assert (link["w"] >= TAP_PX and link["h"] >= TAP_PX) or link["w"] == link["h"] == 0, (kind, link)
            assert any(link["w"] >= TAP_PX for link in links), kind
    finally:
        context.close()


def test_actor_tables_fit_a_phone(served_site, browser):
    base, project = served_site
    blocked: list[str] = []
    context, page = open_page(browser, PHONE, blocked)
    try:
        # the actor with the most articles: the longest Articles table
        digest = json.loads((project / "docs" / "articles" / "digest.json").read_text(encoding="utf-8"))
        actor = max(digest["actors"], key=lambda a: (len(a["appearances"]), a["id"]))
        page.goto(base + f"articles/actors/{actor['id']}/")
        page.locator("h2#articles").scroll_into_view_if_needed()
        shot(page, "phone-actor-table")
        fits = page.eval_on_selector(
            "h2#articles ~ * table",
            "t => { const r = t.getBoundingClientRect(); const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;"
            " return {right: r.right, width: window.innerWidth, scroll: box.scrollWidth, client: box.clientWidth}; }")
        assert fits["right"] <= fits["width"] and fits["scroll"] <= fits["client"] + 1, fits
    finally:
        context.close()


def _fold(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


def test_filters_match_whole_words_whatever_the_case_and_accents(served_site, browser):
    """A word typed into a filter finds items holding it as a word, never inside a longer one.

    The word is chosen from the page itself: one that some quote holds as a word and another
    only inside a longer word (so a substring filter would show too much). It is typed in
    capitals with an accent on its first vowel, which must change nothing."""
    base, _ = served_site
    blocked: list[str] = []
    context, page = open_page(browser, DESKTOP, blocked)
    try:
        page.goto(base + "articles/quotes/")
        texts = page.eval_on_selector_all("div.admonition.quote", "els => els.map(e => e.textContent)")
        as_words = [set(re.findall(r"\w+", _fold(t))) for t in texts]
        vocabulary = sorted({w for ws in as_words for w in ws if len(w) >= 4 and w.isalpha() and w.isascii()})
        word = next(w for w in vocabulary
                    if any(w not in ws and w in _fold(t) for t, ws in zip(texts, as_words, strict=True)))
        expected = [w_set.__contains__(word) for w_set in as_words]
        assert 0 < sum(expected) < sum(word in _fold(t) for t in texts)
        vowel = next(i for i, c in enumerate(word) if c in "aeiou")
        typed = (word[:vowel] + {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}[word[vowel]] + word[vowel + 1:]).upper()
        page.locator("input.digest-filter").press_sequentially(typed, delay=10)
        page.wait_for_function("n => document.querySelectorAll('div.admonition.quote:not([hidden])').length === n",
                               arg=sum(expected))
        shown = page.eval_on_selector_all("div.admonition.quote", "els => els.map(e => !e.hidden)")
        assert shown == expected, word
        shot(page, "desktop-quotes-whole-word")
    finally:
        context.close()
    assert blocked == []


# -- story threads (issue 19) -------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_thread_page_from_the_index_to_an_article_and_back(served_site, browser, viewport):
    """The Threads index leads to the largest story; its page lists the articles in order with what each adds;
    an article of it names the story and its neighbours, and the link back lands on the thread page."""
    base, _ = served_site
    width = "desktop" if viewport is DESKTOP else "phone"
    blocked: list[str] = []
    context, page = open_page(browser, viewport, blocked)
    try:
        page.goto(base + "articles/threads/")
        first = page.locator("article table a").first
        headline = first.inner_text()
        first.click()
        page.wait_for_url("**/articles/threads/*/")
        assert page.locator("h1").first.inner_text() == headline
        shot(page, f"{width}-thread")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert axe_violations(page) == []
        articles = page.locator("h2#articles-in-order ~ h3 a")
        count = articles.count()
        assert count >= 3
        assert page.locator(".admonition.note .admonition-title", has_text="New in this article").count() >= 1
        assert page.locator("h2#who-is-involved").count() == 1
        # the second article: its page names the story, article 2 of n, with the first as "earlier"
        first_title, second_title = articles.nth(0).inner_text(), articles.nth(1).inner_text()
        articles.nth(1).click()
        page.wait_for_url("**/articles/*/")
        story = page.locator("p.digest-story")
        assert f"article 2 of {count}." in story.inner_text()
        assert story.locator("a").nth(1).inner_text() == first_title
        assert page.locator("h1").first.inner_text().startswith(second_title.rstrip("…"))
        shot(page, f"{width}-thread-article")
        story.locator("a").first.click()
        page.wait_for_url("**/articles/threads/*/")
        assert page.locator("h1").first.inner_text() == headline
    finally:
        context.close()
    assert blocked == [], f"requests left 127.0.0.1: {blocked[:5]}"


def test_numbers_beside_paragraphs_are_their_own_and_headings_have_none(served_site, browser):
    """Headings and captions (Paragraph.kind) carry their anchor but no number; every other paragraph shows
    the number its ¶ links use, even after a heading (issue 16)."""
    base, _ = served_site
    blocked: list[str] = []
    context, page = open_page(browser, DESKTOP, blocked)
    try:
        page.goto(base + "articles/2016-09-07-pop-culture-celebrated-at-fan-expo-canada-2016-in/")
        shown = page.eval_on_selector_all(
            "[id^='p-']", "els => els.map(e => [e.id, e.tagName, e.className, getComputedStyle(e, '::before').content])")
        kinds = {tag for _id, tag, _cls, _c in shown}
        assert kinds == {"P", "H3"}, kinds
        assert any("digest-caption" in cls for _id, _tag, cls, _c in shown)
        for anchor, tag, cls, content in shown:
            if tag == "H3" or "digest-caption" in cls:
                assert not re.search(r"\d", content), (anchor, content)
            else:
                assert content == f'"{anchor.removeprefix("p-")}"', (anchor, content)
    finally:
        context.close()
