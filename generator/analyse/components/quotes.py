"""digest_quotes: direct quotations with their speakers, as plain data on the doc.

A thin adapter: `quotes.find_quote_spans` finds the quoted stretches,
`speakers.attribute_quotes` says who said each, `speakers.canonical_speaker`
maps the speaker to an actor of `doc._.digest_actors`; `find_quotes` keeps
what is a quotation (not a scare quote, title or nickname) and builds the
records of the `digest_quotes` extension (see components/__init__.py).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from generator.analyse.body import repeated_paragraphs
from generator.analyse.components import note_error
from generator.analyse.confidence import confidence, features
from generator.analyse.lexicon import reporting_lemma
from generator.analyse.names import match_words, without_prefix
from generator.analyse.roles import ROLE_NOUNS
from generator.analyse.quotes import (QuoteSpan, find_quote_spans, is_scare, is_title_like, is_title_phrase, names_a_work,
                                      paragraph_bounds)
from generator.analyse.speakers import Attribution, attribute_quotes, canonical_speaker, clean_name
from generator.analyse.doccache import sentences
from generator.analyse import doccache
from generator.model import PARAGRAPH_SEPARATOR

_PARTIAL_AFTER = ",:;—–-…(["


def is_partial(text: str, q: QuoteSpan, sentence_start: int, follows_quote: bool) -> bool:
    """Whether a quote is part of the writer's own sentence ("described the discussion as “constructive”").

    Partial when the writer's words run straight into the opening mark, or
    when the quote starts in lower case without being the second half of a
    split quote ("“…,” Mr. Kerry said, “and I think …”" is not partial).
    """
    prefix = text[sentence_start : q.start].rstrip().rstrip("“\"'„«`").rstrip()
    first = next((c for c in text[q.start : q.end] if c.isalpha()), "")
    if prefix and prefix[-1] not in _PARTIAL_AFTER and not prefix.endswith(("”", '"', "''")):
        return True
    return bool(first) and first.islower() and not follows_quote


def keep_quote(text: str, q: QuoteSpan, attribution: Attribution, partial: bool) -> bool:
    """A quote box, or a scare quote / title / nickname / id to leave in the text.

    A short phrase stays only when someone is found to have said it ("Mr.
    Cook described the discussion as “constructive”", or the subject of its
    clause: "Reid has gone after Trump as a “spoiled brat”"); a title-cased
    phrase inside the writer's sentence ("told “Morning Joe”", "the
    “Contract with America.”") or set off by commas ("In his 2002 book,
    ''Make Your Kid a Millionaire,'' Mr. McKinley suggested") never does; a
    partial quote nobody is said to have said is a scare quote. The name of a work or thing
    written after the word that says so ("her memoir, “Tough Choices.”", "the so-called “war
    on coal”") is never a quotation, even in a sentence with a speaker.
    """
    words = text[q.start : q.end]
    if words.strip(" .,").startswith("(") and words.strip(" .,").endswith(")"):
        return False  # a stage direction in a transcript: "(CROSSTALK.)"
    if q.continues is not None:
        return True
    if names_a_work(text, q.start, q.end):
        return False  # "his book “The Art of the Deal”", "the so-called “war on coal”"
    if is_title_like(words) and (partial or is_title_phrase(words)):
        return False
    if is_scare(words):
        return attribution.name is not None or attribution.heard
    if partial and not attribution.name and not attribution.heard:
        return False
    return True


def shown_speaker(doc: Doc, a: Attribution, actors: list[dict]) -> tuple[str | None, str | None]:
    """The actor id and the name to show for an attribution (None, None when it names no one)."""
    if not (a.name and a.mention):
        return None, None
    if not a.is_actor_like:
        return None, clean_name(a.name)
    speaker, name = canonical_speaker(doc, a.mention, a.name, actors, a.gender)
    # the person, not the occupation or owner written before the name
    # ("Comedian Sarah Silverman", "Breitbart’s Joel Pollak")
    return speaker, (clean_name(without_prefix(name, ROLE_NOUNS)) if name else name)


def find_quotes(doc: Doc, actors: list[dict], *, with_features: bool = False, ranker: dict | None = None,
                disabled: frozenset[str] = frozenset()) -> list[dict]:
    """The `digest_quotes` records of a parsed doc, in text order.

    `with_features` adds each record's confidence features and its speaker candidates with
    their ranking features (for bench/fit_speakers.py); `ranker` is the candidate ranking to
    apply (None: the installed one, see speaker_rank.py); `disabled` names speakers.RULES to leave
    out (bench/ablate_speaker_rules.py).
    """
    doccache.fresh(doc)  # a new Doc, or one changed since: read its sentences and entities anew
    text = doc.text
    bounds = paragraph_bounds(text, PARAGRAPH_SEPARATOR)
    spans = find_quote_spans(text, bounds)
    if not spans:
        return []
    repeated = repeated_paragraphs(doc)
    candidates: dict | None = {} if with_features else None
    attributions = attribute_quotes(doc, spans, bounds, actors, ranker=ranker, candidates=candidates, disabled=disabled)
    records: list[dict] = []
    kept: dict[int, int] = {}
    for qi, (q, a) in enumerate(zip(spans, attributions)):
        if q.paragraph in repeated:
            continue  # given once, from the paragraph's first copy
        sents = [s for s in sentences(doc) if s.start_char < q.end and s.end_char > q.start]
        lo, hi = bounds[q.paragraph]
        s_start = max(min((s.start_char for s in sents), default=lo), lo)
        s_end = min(max((s.end_char for s in sents), default=hi), hi)
        follows = qi > 0 and spans[qi - 1].paragraph == q.paragraph and spans[qi - 1].end >= s_start
        partial = is_partial(text, q, s_start, follows)
        if q.continues is not None and q.continues not in kept:
            q = replace(q, continues=None)  # what it continued was no quote box: judge it alone
        if not keep_quote(text, q, a, partial):
            continue
        speaker, name = shown_speaker(doc, a, actors)
        feats = features(
            how=a.how, cue_lemma=reporting_lemma(a.cue) if a.cue else None, has_cue=a.has_cue,
            is_actor_like=a.is_actor_like, has_actor=speaker is not None, name_words=len(match_words(name or "")),
            gendered=a.gender is not None, mention=a.mention, quote=(q.start, q.end),
            quote_words=len(text[q.start : q.end].split()), partial=partial, continues=q.continues is not None,
        ) if name else None
        p = confidence(feats) if feats is not None else None
        kept[qi] = len(records)
        records.append(
            {
                "start": q.start,
                "end": q.end,
                "text": text[q.start : q.end],
                "speaker": speaker,
                "speaker_name": name,
                "cue": a.cue,
                "how": a.how,
                "confidence": round(p, 3) if p is not None else None,
                "partial": partial,
                "sentence": [s_start, s_end],
            }
        )
        if with_features and candidates is not None:
            records[-1]["features"] = feats
            records[-1]["candidates"] = [(shown_speaker(doc, c, actors)[1], row) for c, row, _ in candidates.get(qi, ())]
    return records


@Language.factory(
    "digest_quotes",
    requires=["doc.sents", "doc.ents", "token.dep", "doc._.digest_actors"],
    assigns=["doc._.digest_quotes"],
)
def make_quotes(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder()


class QuoteFinder:
    """The component: find, then annotate; a failure is noted on the doc."""

    def __call__(self, doc: Doc) -> Doc:
        try:
            found = self.find(doc)
        except Exception as exc:  # noqa: BLE001 - per-doc boundary, reported by analyse
            found = []
            note_error(doc, "digest_quotes", exc)
        self.annotate(doc, found)
        return doc

    def find(self, doc: Doc) -> list[dict]:
        return find_quotes(doc, list(doc._.digest_actors or ()))

    def annotate(self, doc: Doc, found: list[dict]) -> None:
        doc._.digest_quotes = found
