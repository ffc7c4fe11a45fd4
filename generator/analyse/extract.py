"""Doc -> ArticleDigest: the only reader of `doc._`.

Components speak in character offsets into `doc.text` (the article's
paragraphs joined by a blank line); the model speaks in (paragraph, offset
inside the paragraph). This module translates, and sorts every collection so
the digest does not depend on the order components found things.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from generator.analyse.confidence import is_confident
from generator.model import PARAGRAPH_SEPARATOR, Actor, Article, ArticleDigest, Event, Fact, Figure, Mention, Quote


class ParagraphMap:
    """Map a doc character offset to (paragraph index, offset inside it)."""

    def __init__(self, article: Article) -> None:
        self.starts: list[int] = []
        pos = 0
        for p in article.paragraphs:
            self.starts.append(pos)
            pos += len(p.text) + len(PARAGRAPH_SEPARATOR)
        self.article = article

    def locate(self, offset: int) -> tuple[int, int]:
        i = max(bisect_right(self.starts, offset) - 1, 0)
        return self.article.paragraphs[i].index, offset - self.starts[i]

    def mention(self, text: str, start: int, end: int, kind: str = "name") -> Mention:
        para, local = self.locate(start)
        return Mention(paragraph=para, start=local, end=local + (end - start), text=text[start:end], kind=kind)


def extract(doc: Doc, article: Article) -> ArticleDigest:
    pmap = ParagraphMap(article)
    # The doc was made from the article's text; spaCy's `doc.text` would
    # rebuild that string token by token in the main process.
    text = article.text
    if len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) != len(text):
        text = doc.text  # a Doc made from other text (tests build some by hand)
    actors = tuple(
        sorted(
            (
                Actor(
                    id=a["id"],
                    name=a["name"],
                    kind=a["kind"],
                    role=a.get("role"),
                    affiliation=a.get("affiliation"),
                    aliases=tuple(a.get("aliases", ())),
                    mentions=tuple(sorted(_mentions(pmap, text, a), key=_pos)),
                )
                for a in (doc._.digest_actors or ())
            ),
            key=lambda a: (a.first_paragraph, a.id),
        )
    )
    quotes = []
    for q in doc._.digest_quotes or ():
        m = pmap.mention(text, q["start"], q["end"])
        sentence = None
        if q.get("sentence"):
            s, e = q["sentence"]
            sentence = text[s:e]
        quotes.append(
            Quote(
                text=q.get("text") or m.text,
                paragraph=m.paragraph,
                start=m.start,
                end=m.end,
                speaker=q.get("speaker"),
                speaker_name=q.get("speaker_name"),
                cue=q.get("cue"),
                partial=bool(q.get("partial")),
                sentence=sentence if q.get("partial") else None,
                how=q.get("how") if q.get("speaker_name") else None,
                confidence=q.get("confidence"),
                confident=q.get("confidence") is None or is_confident(q.get("confidence")),
            )
        )
    facts = []
    for f in doc._.digest_facts or ():
        s, e = f["sentence"]
        para, _ = pmap.locate(s)
        facts.append(Fact(rank=int(f["rank"]), text=text[s:e].strip(), paragraph=para, score=round(float(f.get("score", 0.0)), 4)))
    figures = []
    for g in doc._.digest_figures or ():
        s, _e = g["span"]
        para, _ = pmap.locate(s)
        figures.append(Figure(text=g["text"], value=g["value"], unit=g.get("unit"), counts=g.get("counts"), paragraph=para))
    events = []
    for ev in doc._.digest_events or ():
        s, e = ev["sentence"]
        para, _ = pmap.locate(s)
        events.append(
            Event(
                start=ev["start"],
                end=ev["end"],
                precision=ev["precision"],
                expression=ev["expression"],
                text=ev.get("text") or text[s:e].strip(),
                paragraph=para,
                approximate=bool(ev.get("approximate")),
                planned=bool(ev.get("planned")),
                actors=tuple(sorted(ev.get("actors", ()))),
            )
        )
    return ArticleDigest(
        article=article,
        actors=actors,
        quotes=tuple(sorted(quotes, key=lambda q: (q.paragraph, q.start))),
        facts=tuple(sorted(facts, key=lambda f: f.rank)),
        figures=tuple(sorted(figures, key=lambda g: g.paragraph)),  # stable: text order inside a paragraph
        events=tuple(sorted(events, key=lambda ev: (ev.start, ev.end, ev.paragraph, ev.expression))),
        topics=tuple(doc._.digest_topics or ()),
    )


def _mentions(pmap: ParagraphMap, text: str, actor: dict) -> list[Mention]:
    """An actor's mentions; `mention_kinds`, when given, runs parallel to `mentions`."""
    kinds = actor.get("mention_kinds") or ["name"] * len(actor["mentions"])
    return [pmap.mention(text, s, e, kind) for (s, e), kind in zip(actor["mentions"], kinds, strict=True)]


def _pos(m: Mention) -> tuple[int, int]:
    return (m.paragraph, m.start)
