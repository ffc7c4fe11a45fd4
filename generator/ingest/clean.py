"""Ingest, last step of every reader: web-copy furniture left inside the body text.

Some copies reach us as one run of text where the page furniture was flattened
into the first paragraph, each former line ending in " . ":

    By . Associated Press . PUBLISHED: . 14:11 EST, 25 October 2013 . | .
    UPDATED: . 15:36 EST, 25 October 2013 . The bishop of the Fargo ...
    Canberra, Australia (CNN) -- At first glance, it doesn't look like much.
    Two lawyers representing a woman who . claims to have had sex ...

None of that furniture is news, and a sentence splitter turns it into
"sentences" that would become key facts, timeline events or actors. This step
takes an ingested Article and returns one whose paragraphs no longer hold it:
the byline goes to `byline`, the publication date to `date` (when ingest did
not find one), the place of a "(CNN) --" dateline to `dateline`, and a line
break flattened to " . " inside a sentence becomes a space again. Everything
downstream (actors, quotes, facts, the Lead-3 baseline of bench/facts.py) sees
the same cleaned text. An article without such furniture comes back unchanged.

The same pass puts back the space web copy lost beside a quotation mark ("Ryan
said,“Look"), where the mark's side is certain: see `space_glued_marks`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from generator.ingest.dates import parse_date
from generator.ingest.text import shorten_title, split_names
from generator.model import Article, Paragraph

# A flattened line break: space, full stop, space ("By . Associated Press .").
_SEP = r"\s\.\s"
# "By . Daily Mail Reporter . " / "By . Rob Cooper . and . Sam Webb . "; a byline is a few words.
# A line of its own ends in " ." instead: _END.
_END = rf"(?:{_SEP}|\s\.\s*$)"
_BYLINE = re.compile(rf"^By{_SEP}(?P<names>[A-Z][^|]{{1,80}}?(?:{_SEP}and{_SEP}[A-Z][^|]{{1,60}}?)?){_END}")
# "PUBLISHED: . 14:11 EST, 25 October 2013 . | . UPDATED: . 15:36 EST, 25 October 2013 . "
_STAMP = re.compile(rf"^(?P<kind>PUBLISHED|UPDATED|Last updated at|Updated|Published)\s*:?(?:{_SEP}|\s)(?P<when>[^|]{{4,60}}?)(?:{_SEP}\|)?{_END}")
# "(CNN) -- ", "Beirut (CNN) -- ", "Kabul, Afghanistan (CNN) -- ": place, agency, dash.
_AGENCY_DATELINE = re.compile(r"^(?:(?P<place>[A-Z][\w .,'’-]{1,50}?)\s+)?\((?P<agency>CNN|AP|AFP|Reuters|EW\.com|CNN Student News)\)\s*(?:--|—|–|-|:)\s*")
# A byline's trailing outlet: "Harriet Arkell For Mailonline".
_FOR_OUTLET = re.compile(r"\s+for\s+\S.*$", re.IGNORECASE)
# Inside a sentence: "a woman who . claims"; the next word starts in lower case.
_INNER_BREAK = re.compile(rf"(?<=[\w,;’'\"”)]){_SEP}(?=[a-z])")
# At a sentence end the break stays a full stop, without the stray space before it.
_END_BREAK = re.compile(rf"(?<=[\w’'\"”)%]){_SEP}(?=[A-Z0-9“\"‘'(])")


def strip_furniture(text: str) -> tuple[str, dict[str, object]]:
    """Remove flattened page furniture from the start of a body text.

    Returns the text left and what was found: "byline" (names), "date" (ISO),
    "dateline" (place). Only the start of the text is searched for bylines and
    stamps: the same words later are prose.
    """
    found: dict[str, object] = {}
    changed = True
    while changed:
        changed = False
        if m := _BYLINE.match(text):
            names = [_FOR_OUTLET.sub("", n) for n in re.split(rf"{_SEP}and{_SEP}", m.group("names"))]
            found.setdefault("byline", [x for n in names for x in split_names(n)])
            text, changed = text[m.end() :], True
        if m := _STAMP.match(text):
            when = re.sub(r"^(on|at)\s+", "", m.group("when").strip())
            when = re.sub(r"^\d{1,2}:\d\d\s*(AM|PM|EST|GMT|BST|ET)?\s*(on)?\s*,?\s*", "", when, flags=re.IGNORECASE)
            iso = parse_date(re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", when))
            if iso and m.group("kind").lower().startswith("published"):
                found["date"] = iso
            elif iso:
                found.setdefault("date", iso)
            text, changed = text[m.end() :], True
    if m := _AGENCY_DATELINE.match(text):
        if m.group("place"):
            found["dateline"] = m.group("place").strip(" ,")
        text = text[m.end() :]
    return text, found


# Glued quotation marks. Web copy sometimes loses the space between a quotation mark and
# the word beside it ("Ryan said,“Look, ...”", "“... paranoia,”Clinton said."): the tokenizer
# then makes the mark and the word one token and the speech cue is lost. Only double marks,
# only where the mark's side is certain from the marks before it in the paragraph (an opening
# mark outside a quotation, a closing one inside) and from the punctuation it is glued to (a
# quotation opens after ",", ":" or ";" and closes after ",", ".", "?" or "!"). Single marks are
# left alone (they are also apostrophes), and so is a paragraph using other conventions
# (German „...“, French «...»), where “ may close a quotation.
_DOUBLE_MARKS = frozenset("“”\"")
_OPENS_AFTER = frozenset(",:;")
_CLOSES_AFTER = frozenset(",.?!")
_OTHER_CONVENTIONS = frozenset("„«»")


def space_glued_marks(text: str) -> str:
    """`text` with a space between a double quotation mark and the word glued to its outer side."""
    if not any(c in _DOUBLE_MARKS for c in text) or any(c in _OTHER_CONVENTIONS for c in text):
        return text
    out: list[str] = []
    inside = False
    n = len(text)
    for i, c in enumerate(text):
        if c not in _DOUBLE_MARKS:
            out.append(c)
            continue
        prev = text[i - 1] if i > 0 else ""
        before = text[i - 2] if i > 1 else ""
        nxt = text[i + 1] if i + 1 < n else ""
        closes = c == "”" or (inside and (c == '"' or prev in _CLOSES_AFTER))
        if closes and inside:
            out.append(c)
            if prev in _CLOSES_AFTER and nxt.isalpha():
                out.append(" ")  # '... paranoia,”Clinton said' -> '... paranoia,” Clinton said'
            inside = False
        elif not inside and c != "”":
            if prev in _OPENS_AFTER and (before.isalnum() or before == ")") and nxt.isalpha():
                out.append(" ")  # 'Ryan said,“Look' -> 'Ryan said, “Look', '(R-S.C.):"I' -> '(R-S.C.): "I'
            out.append(c)
            inside = True
        else:
            out.append(c)  # a mark the count cannot place (a stray closing mark): as it is
            inside = False
    return "".join(out)


def mend_breaks(text: str) -> str:
    """Undo line breaks flattened to " . ": a space inside a sentence, ". " at its end."""
    return _END_BREAK.sub(". ", _INNER_BREAK.sub(" ", text))


def clean_article(article: Article) -> Article:
    """The article with furniture moved out of its paragraphs (see the module doc)."""
    if not article.paragraphs:
        return article
    texts = [p.text for p in article.paragraphs]
    found: dict[str, object] = {}
    for i, text in enumerate(texts):  # the furniture may fill the first lines, one item a line
        texts[i], more = strip_furniture(text)
        for key, value in more.items():
            found.setdefault(key, value)
        if texts[i].strip():
            break
    texts = [space_glued_marks(mend_breaks(t)).strip() for t in texts]
    if not found and texts == [p.text for p in article.paragraphs]:
        return article
    kept = [(t, p.kind) for t, p in zip(texts, article.paragraphs, strict=True) if t]
    if not kept:  # all furniture: keep the text as it was rather than lose the article
        return article
    changes: dict[str, object] = {"paragraphs": tuple(Paragraph(index=n, text=t, kind=k) for n, (t, k) in enumerate(kept, 1))}
    if found.get("byline") and not article.byline:
        changes["byline"] = tuple(found["byline"])  # type: ignore[arg-type]
    if found.get("date") and not article.date:
        changes["date"] = found["date"]
    if found.get("dateline") and not article.dateline:
        changes["dateline"] = found["dateline"]
    if article.title_generated:  # the title was the furniture's "sentence"; take the lead's instead
        changes["title"] = shorten_title(re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", kept[0][0], maxsplit=1)[0])
    return replace(article, **changes)  # type: ignore[arg-type]
