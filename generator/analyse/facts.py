"""Analyse: key facts, the sentences that carry the news, ranked by a fitted model.

In: a parsed Doc (sentences, entities), the character spans of its direct
quotations, its actors and the character ranges that are not body text
(captions, credits, headings: paragraph kinds decided in ingest). Out:
sentence spans with a rank and a score.

Each candidate gets named features (`FEATURES`): its place among the
sentences that can be facts (a news article puts its news first, so the
Lead-3 baseline is hard to beat), its length, the named actors and figures
it holds, how much of it is someone's direct speech, its centrality (its
content words recur in the rest of the article) and a few marks of what
editors never pick (questions, first- and second-person asides). A logistic
regression fitted by `bench/fit_facts.py` on
../shared/corpus/summaries_train.jsonl (does this sentence belong to the
set of article sentences that best matches the editors' highlights?) turns
them into a score; its numbers are `facts_weights.json`, applied by
`fitted.probability`. Choice is then greedy with a redundancy penalty
against the facts already chosen (novelty), its weight chosen by the same
script.

A fact is always a whole sentence of the article: when a quotation runs
across sentence boundaries ("'... we will win.' Trump said at a fundraiser.")
the sentences it spans are one candidate, so no fact is a quote with its
speech cut out. Boilerplate (bylines, "PUBLISHED:", photo captions, "Click
here", "Image: ...") and sentences without a finite verb (captions and
labels) are never facts, and position is counted among the sentences that
can be facts, so captions before the lead do not push it down.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from generator.analyse import doccache, fitted
from generator.analyse.lexicon import reporting_lemma
from generator.analyse.speakers import FOLLOWING_CUE_WITHIN

WEIGHTS_FILE = Path(__file__).with_name("facts_weights.json")
_MODEL = fitted.load(WEIGHTS_FILE)

# How many key facts: at least MIN_FACTS when the article has them, and up to
# MAX_FACTS when the extra ones score at least EXTRA_FACT_SHARE of the best.
MIN_FACTS = 3
MAX_FACTS = 5
EXTRA_FACT_SHARE = 0.6
# A sentence this short is a fragment ("Oh dear.", a label), never a fact.
MIN_WORDS = 6
LONG_WORDS = 40  # above this many words a sentence makes a poor highlight
CAP_WORDS = 60  # the length features stop growing here
# Share of a sentence's characters inside direct quotes above which it is "mostly speech".
QUOTE_SHARE = 0.5
# Counts above these caps add nothing: a sentence with three names is not half as news-like again as one with two.
COUNT_CAP = 3

# A sentence without a finite verb is a caption or a label ("Instituto Gonzaga, a catholic
# school in Milan.", "Group F — Sweden 1 – 0 Korea Republic", Wikinews photo captions), never a fact.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "DATE", "TIME"})
PEOPLE_LABELS = frozenset({"PERSON"})
GROUP_LABELS = frozenset({"ORG", "GPE", "NORP"})
_PERSONAL = re.compile(r"\b(I|me|my|mine|we|us|our|you|your)\b")
_OPEN_QUOTES = "\"“‘'"
_CLOSING = " \n\"”’'.,?!"
# Photo captions and page furniture, as they appear flattened into body text:
# "Craig Eccleston-Todd, 27 (left) ...", "Pictured: ...", "Click here to ...",
# "Image: ...", "PUBLISHED: ...", "By . Associated Press .", "Scroll down for video".
_BOILERPLATE = re.compile(
    r"\((?:pictured|left|right|above|below|centre|center|inset|top|bottom|file (?:photo|picture)|stock image)\b"
    r"|^(?:pictured|image|images|photo|photos|photograph|picture|video|watch|read|credit|source|see|published|updated)\s*:"
    r"|^(?:pictured\b|click here|read more|scroll down|see more|last updated|advertisement|by\s+\.)"
    r"|\b(?:click here|scroll down|for more videos|follow us on|sign up for)\b"
    r"|\b(?:PUBLISHED|UPDATED):",
    re.IGNORECASE,
)
# A caption label: one to four words, the first capitalised, a colon, then a capital
# ("Retread: David Cameron ...", "High spirits: She appeared ...", "Chocolate cot: A tribute
# cradle ...", Daily Mail captions) - but not a speaker's cue ("Blake said: 'We are sorry'").
_LABEL = re.compile(r"^[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,3}:\s+[A-Z]")
_CUE_WORDS = re.compile(r"\b(said|says|say|told|tells|added|adds|explained|explains|wrote|writes|asked|asks|warned|"
                        r"warns|stated|states|declared|insisted|replied|tweeted|posted|continued|revealed|admitted)\b", re.IGNORECASE)

# The model's inputs, in the order of the weights file. Why each may matter:
FEATURES = (
    "lead",  # 1 / (1 + place): the news comes first
    "first",  # the lead sentence itself
    "second",
    "third",
    "place_log",  # log(1 + place): a slow decay past the lead
    "relative_place",  # place / candidates: the end of a long article is rarely news
    "words_log",  # log(words): a highlight is a full statement, not a fragment
    "long",  # over LONG_WORDS words
    "numbers",  # figures, amounts and dates (capped): news is specific
    "people",  # PERSON names (capped): who did it
    "groups",  # organisations, places, nationalities (capped)
    "main_actor",  # names the article's most-mentioned actor
    "actor_mentions",  # mentions of any actor (capped)
    "quote_share",  # share of the characters in direct speech
    "opens_with_quote",
    "reported",  # a reporting verb ("said", "told"): attribution, often detail
    "question",
    "personal",  # "I", "we", "you" in the writer's own words: columns and asides
    "centrality",  # content words recurring in the article, 0..1 of its most central sentence
    "centrality_sq",  # ... with diminishing returns: the most central sentences are long summaries deep in the text
    "candidates_log",  # log(candidates): how long the article is
    "lead_x_length",  # lead * candidates_log: in a long article the lead matters more against the rest
    "words",  # words / 10 (capped at 60 words), with words_sq: highlights favour a middle length
    "words_sq",
    "digits",  # any digit at all, also those the entity recogniser leaves out
    "joined",  # several sentences joined by one quotation: a long candidate
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One candidate fact (one sentence, or the sentences one quotation spans) and its features."""

    index: int
    start: int
    end: int
    words: int
    content: frozenset[str]
    numbers: int
    people: int
    groups: int
    actor_mentions: int
    main_actor: bool
    quote_share: float
    reported: bool
    has_digit: bool
    joined: bool
    is_question: bool
    is_speech: bool
    is_personal: bool
    is_boilerplate: bool
    has_finite_verb: bool = True

    @property
    def eligible(self) -> bool:
        """Whether the sentence can be a fact at all."""
        return not self.is_boilerplate and self.words >= MIN_WORDS and self.has_finite_verb


def is_boilerplate(text: str) -> bool:
    """Page furniture or a photo caption, never a fact (see _BOILERPLATE)."""
    text = text.strip()
    label = _LABEL.match(text)
    if label and (_CUE_WORDS.search(label.group(0)) or label.group(0).split(":")[0].isupper()):
        label = None  # a speaker's cue, or a dateline ("BAGHDAD: The ...")
    return bool(_BOILERPLATE.search(text) or label)


def _overlap(start: int, end: int, spans: Iterable[tuple[int, int]]) -> int:
    return sum(max(0, min(e, end) - max(s, start)) for s, e in spans)


def _attributes_quote_before(doc: Doc, first: int, end: int) -> bool:
    """Whether a sentence opens as the attribution of the quote before it ("Trump said at a ...")."""
    return any(t.pos_ == "VERB" and reporting_lemma(t.lower_) for t in doc[first : min(end, first + FOLLOWING_CUE_WITHIN)])


def sentence_units(doc: Doc, quotes: Sequence[tuple[int, int]]) -> list[tuple[int, int, int, int, bool]]:
    """(first token, end token, start char, end char, joined) of each candidate: a sentence, or
    the run of sentences one quotation spans or is attributed in ("'... win.' Trump said at a
    fundraiser."), then `joined`."""
    units: list[list[int]] = []
    text = doccache.text(doc)
    for span in doccache.sentences(doc):
        s, e = span.start_char, span.end_char
        if not text[s:e].strip():
            continue
        joins = False
        if units and "\n\n" not in text[units[-1][3] : s]:
            inside = any(qs < s < qe for qs, qe in quotes)
            said = any(units[-1][2] <= qs and units[-1][3] - 3 <= qe <= s and not text[qe:s].strip(_CLOSING) for qs, qe in quotes)
            joins = inside or (said and _attributes_quote_before(doc, span.start, span.end))
        if joins:
            units[-1][1], units[-1][3], units[-1][4] = span.end, e, 1
        else:
            units.append([span.start, span.end, s, e, 0])
    return [(a, b, c, d, bool(j)) for a, b, c, d, j in units]


def describe_sentences(
    doc: Doc,
    quotes: Sequence[tuple[int, int]] = (),
    actors: Sequence[dict] = (),
    skip: Sequence[tuple[int, int]] = (),
) -> list[Sentence]:
    """Every candidate of the doc with the features ranking uses; candidates inside `skip`
    (character ranges that are not body text) are left out.

    One walk over each sentence's tokens and one over the entities: the
    memoised sentences, entities and text (doccache) instead of spaCy's
    views, which rebuild themselves token by token on every access.
    """
    doc_text = doccache.text(doc)
    units = [u for u in sentence_units(doc, quotes) if not _overlap(u[2], u[3], skip)]
    starts = [u[0] for u in units]
    counts = [Counter[str]() for _ in units]
    for ent in doccache.entities(doc):
        k = bisect_right(starts, ent.start) - 1
        if k >= 0 and ent.end <= units[k][1]:
            label = ent.label_
            counts[k]["numbers" if label in NUMBER_LABELS else "people" if label in PEOPLE_LABELS
                      else "groups" if label in GROUP_LABELS else "other"] += 1
    char_starts = [u[2] for u in units]
    main = max(actors, key=lambda a: len(a.get("mentions", ())), default=None)
    for actor in actors:
        for ms, _me in actor.get("mentions", ()):
            k = bisect_right(char_starts, ms) - 1
            if k >= 0 and ms < units[k][3]:
                counts[k]["actor"] += 1
                counts[k]["main"] += actor is main
    out: list[Sentence] = []
    for k, (first, end, s, e, joined) in enumerate(units):
        text = doc_text[s:e].strip()
        words = 0
        content: set[str] = set()
        finite = reported = False
        for t in doc[first:end]:
            if not t.is_space and not t.is_punct:
                words += 1
                if not t.is_stop and t.is_alpha:
                    content.add(t.lower_)
            finite = finite or t.tag_ in FINITE_TAGS
            reported = reported or (t.pos_ == "VERB" and reporting_lemma(t.lower_) is not None)
        share = _overlap(s, e, quotes) / max(e - s, 1)
        out.append(
            Sentence(
                index=len(out),
                start=s,
                end=e,
                words=words,
                content=frozenset(content),
                numbers=counts[k]["numbers"],
                people=counts[k]["people"],
                groups=counts[k]["groups"],
                actor_mentions=counts[k]["actor"],
                main_actor=counts[k]["main"] > 0,
                quote_share=share,
                reported=reported,
                has_digit=any(ch.isdigit() for ch in text),
                joined=joined,
                is_question=text.rstrip("\"'”’ )").endswith("?"),
                is_speech=text[:1] in _OPEN_QUOTES or share > QUOTE_SHARE,
                is_personal=bool(_PERSONAL.search(_without_quotes(text))),
                is_boilerplate=is_boilerplate(text),
                has_finite_verb=finite,
            )
        )
    return out


def _without_quotes(text: str) -> str:
    """The writer's own words: "I" inside a quotation is the speaker's, not the writer's."""
    return re.sub(r"[\"“][^\"”]*[\"”]", " ", text)


def centrality(sentences: Sequence[Sentence]) -> list[float]:
    """How much each sentence's content words recur elsewhere, scaled to the article's maximum."""
    df: Counter[str] = Counter()
    for s in sentences:
        df.update(s.content)
    raw = [sum(df[w] - 1 for w in s.content) / (len(s.content) + 1) for s in sentences]
    top = max(raw, default=0.0) or 1.0
    return [r / top for r in raw]


def features(sentences: Sequence[Sentence]) -> list[dict[str, float] | None]:
    """The model's inputs per sentence (`FEATURES`); None for one that can never be a fact."""
    eligible = [s for s in sentences if s.eligible]
    central = dict(zip((s.index for s in eligible), centrality(eligible), strict=True))
    out: list[dict[str, float] | None] = []
    place = 0  # position among the sentences that can be facts: captions before the lead do not push it down
    for s in sentences:
        if not s.eligible:
            out.append(None)
            continue
        length = math.log(max(len(eligible), 1))
        words = min(s.words, CAP_WORDS) / 10
        out.append({
            "lead": 1.0 / (1 + place),
            "first": float(place == 0),
            "second": float(place == 1),
            "third": float(place == 2),
            "place_log": math.log1p(place),
            "relative_place": place / max(len(eligible) - 1, 1),
            "words_log": math.log(max(s.words, 1)),
            "long": float(s.words > LONG_WORDS),
            "numbers": float(min(s.numbers, COUNT_CAP)),
            "people": float(min(s.people, COUNT_CAP)),
            "groups": float(min(s.groups, COUNT_CAP)),
            "main_actor": float(s.main_actor),
            "actor_mentions": float(min(s.actor_mentions, COUNT_CAP)),
            "quote_share": s.quote_share,
            "opens_with_quote": float(s.is_speech and s.quote_share > 0 and s.quote_share <= QUOTE_SHARE),
            "reported": float(s.reported),
            "question": float(s.is_question),
            "personal": float(s.is_personal),
            "centrality": central[s.index],
            "centrality_sq": central[s.index] ** 2,
            "candidates_log": length,
            "lead_x_length": length / (1 + place),
            "words": words,
            "words_sq": words**2,
            "digits": float(s.has_digit),
            "joined": float(s.joined),
        })
        place += 1
    return out


def score_sentences(sentences: Sequence[Sentence], model: dict | None = None) -> list[float | None]:
    """A score per sentence (the fitted probability that it is a highlight); None for one that can never be a fact."""
    model = model or _MODEL
    if model is None:
        raise FileNotFoundError(f"{WEIGHTS_FILE.name} is missing: run bench/fit_facts.py --write")
    return [None if f is None else fitted.probability(model, f) for f in features(sentences)]


def redundancy(candidate: Sentence, chosen: Iterable[Sentence]) -> float:
    """Share of the candidate's content words already in a chosen fact (the most overlapping one)."""
    return max((len(candidate.content & c.content) / (len(candidate.content) + 1) for c in chosen), default=0.0)


def rank_facts(
    sentences: Sequence[Sentence], scores: Sequence[float | None], redundancy_weight: float | None = None
) -> list[tuple[Sentence, float]]:
    """Greedy choice with a redundancy penalty; best first, MIN_FACTS to MAX_FACTS long."""
    weight = redundancy_weight if redundancy_weight is not None else float((_MODEL or {}).get("redundancy_weight", 0.0))
    chosen: list[tuple[Sentence, float]] = []
    left = [(s, sc) for s, sc in zip(sentences, scores, strict=True) if sc is not None]
    while left and len(chosen) < MAX_FACTS:
        def gain(item: tuple[Sentence, float]) -> float:
            return item[1] - weight * redundancy(item[0], (c for c, _ in chosen))

        best = max(left, key=lambda item: (gain(item), -item[0].index))
        value = gain(best)
        if len(chosen) >= MIN_FACTS and value < EXTRA_FACT_SHARE * chosen[0][1]:
            break
        chosen.append((best[0], value))
        left.remove(best)
    return chosen


def find_facts(
    doc: Doc,
    quotes: Sequence[tuple[int, int]] = (),
    actors: Sequence[dict] = (),
    skip: Sequence[tuple[int, int]] = (),
) -> list[dict]:
    """Key facts as `digest_facts` entries: rank, score, sentence span."""
    sentences = describe_sentences(doc, quotes, actors, skip)
    ranked = rank_facts(sentences, score_sentences(sentences))
    return [
        {"rank": n, "score": round(score, 4), "sentence": [s.start, s.end]}
        for n, (s, score) in enumerate(ranked, 1)
    ]
