"""Analyse: choose a quote's speaker among its candidates, by weights fitted on the training file.

In: the candidate speakers `speakers.py` collects for one quote (the subject of each speech
cue near it, a name signed before a colon or after a dash, the agent of "according to", the
named subject of the clause or colon sentence that holds it), each with plain-valued
features: where it came from, how the cue stands to the quote (does it govern it in the
parse, how far, before or after, a weak or noun cue), how the candidate stands to the cue
(its subject, a name right before it, a name after an inverted "said", the agent of a
passive), what it is (a name, a resolved pronoun, a role, a bare description), and whether
it spoke the quote before. Out: the candidate with the highest probability of being the
annotated speaker, or none when even the best stays under the fitted threshold (the quote is
then unattributed rather than guessed).

The weights are a logistic regression fitted by `bench/fit_speakers.py rank` (scikit-learn,
fixed random state, inputs in file order) on ../shared/eval/quotes_train.jsonl, each
candidate labelled right or wrong by the shared scorer's `same_speaker` against the
annotated speaker. They live in speaker_rank.json beside this module: feature names,
coefficients, intercept and threshold, no article text. Without the file the candidates keep
the order they were collected in (the old sieve's order), which is how the first fit is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.analyse import fitted

WEIGHTS = Path(__file__).with_name("speaker_rank.json")

# Where a candidate came from (one feature each).
SOURCES = ("signed", "inner", "cue", "according", "colon", "clause")
# How the candidate's words were found from the cue (one feature each; "" for no cue).
RELATIONS = ("subject", "name_before", "adjacent", "set_off", "climbed", "agent", "participle")
# What the candidate is (Attribution.how of a cue candidate).
KINDS = ("cue", "pronoun", "role", "description")
# Scales that bring counts to [0, 1]: beyond them a larger value says nothing more.
DISTANCE_SCALE = 300  # characters between a cue or a mention and the quote
STEPS_SCALE = 6  # parse steps from the quote up to the cue that governs it
CUES_SCALE = 4  # cues in the quote's frame
WORDS_SCALE = 40  # words of the quote
MENTIONS_SCALE = 10
SUPPORT_SCALE = 3  # other candidates of the quote  # times the candidate's surname is written in the article


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one candidate rests on, as plain values (the features are derived from these)."""

    source: str
    kind: str = "cue"
    relation: str = ""
    cue_governs: bool = False
    cue_steps: int = 0
    cue_weak: bool = False
    cue_noun: bool = False
    cue_say: bool = False
    cue_after: bool = False
    cue_distance: int = 0
    cue_first: bool = False
    cue_rank: int = -1  # speakers._cue_rank: 0 a say-verb governing the quote ... 4 a weak cue beside it
    cue_reported: bool = False  # the cue sits in what another cue reports ("Meeks said Clinton reassured them")
    outlet_report: bool = False  # an organisation that reports the quote ("..., The Miami Herald reported")
    actor_like: bool = False
    person: bool = False
    organisation: bool = False
    full_name: bool = False
    mention_after: bool = False
    mention_distance: int = 0
    mention_inside_sentence: bool = True
    spoke_before: bool = False
    mentions: int = 0
    extra: dict[str, float] = field(default_factory=dict)


def _scaled(value: int, scale: int) -> float:
    return min(max(value, 0), scale) / scale


def features(e: Evidence, *, cues: int, partial: bool, quote_words: int, writer_governs: bool, support: int = 1,
             candidates: int = 1, first_cue: bool = False) -> dict[str, float]:
    """The features of one candidate, by name (the order of the weights file is the contract).

    Besides its own evidence: how many candidates of the quote name the same surname
    (`support`: sources that agree), how many there are, and whether it is the first named
    subject in the order the cues are trusted (`first_cue`)."""
    out = {f"src_{s}": float(e.source == s) for s in SOURCES}
    out.update({f"cue_rank_{r}": float(e.cue_rank == r) for r in range(5)})
    out.update({f"rel_{r}": float(e.relation == r) for r in RELATIONS})
    out.update({f"kind_{k}": float(e.kind == k) for k in KINDS})
    out.update({
        "cue_governs": float(e.cue_governs),
        "cue_steps": _scaled(e.cue_steps, STEPS_SCALE),
        "cue_weak": float(e.cue_weak),
        "cue_noun": float(e.cue_noun),
        "cue_say": float(e.cue_say),
        "cue_after": float(e.cue_after),
        "cue_distance": _scaled(e.cue_distance, DISTANCE_SCALE),
        "cue_first": float(e.cue_first),
        "cue_reported": float(e.cue_reported),
        "outlet_report": float(e.outlet_report),
        "actor_like": float(e.actor_like),
        "person": float(e.person),
        "organisation": float(e.organisation),
        "full_name": float(e.full_name),
        "mention_after": float(e.mention_after),
        "mention_distance": _scaled(e.mention_distance, DISTANCE_SCALE),
        "mention_outside_sentence": float(not e.mention_inside_sentence),
        "spoke_before": float(e.spoke_before),
        "mentions": _scaled(e.mentions, MENTIONS_SCALE),
        "cues": _scaled(cues, CUES_SCALE),
        "partial": float(partial),
        "quote_words": _scaled(quote_words, WORDS_SCALE),
        "writer_governs": float(writer_governs),
        "support": _scaled(support - 1, SUPPORT_SCALE),
        "candidates": _scaled(candidates - 1, SUPPORT_SCALE),
        "first_cue": float(first_cue),
    })
    out.update(e.extra)
    return out


# The weights to rank by when none are wanted: the candidates keep their order of collection.
ORDER: dict = {}


@lru_cache(maxsize=1)
def _weights() -> dict | None:
    return fitted.load(WEIGHTS)


def _model(weights: dict | None) -> dict | None:
    """The model to apply: `weights` when given (ORDER: none), else the installed file."""
    if weights is None:
        return _weights()
    return weights or None


def scores(rows: list[dict[str, float]], *, weights: dict | None = None) -> list[float]:
    """P(right) of each candidate; without a model, the order of collection (first highest)."""
    w = _model(weights)
    if w is None:
        n = len(rows)
        return [1.0 - i / (n + 1) for i in range(n)]
    return [fitted.probability(w, r) for r in rows]


def threshold(*, weights: dict | None = None) -> float:
    """The probability a chosen candidate must reach to be shown as the speaker."""
    w = _model(weights)
    return 0.0 if w is None else float(w["threshold"])
