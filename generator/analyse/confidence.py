"""Analyse: how far a quote's speaker can be trusted, by weights fitted on the training file.

In: what the speaker rules decided for one quote (the rule that decided it, its cue, where
the speaker's words stand from the quote, whether they were tied to an actor) as plain
values. Out: the probability that the speaker is right, and whether it passes the threshold
for a confident attribution.

The weights are a logistic regression fitted by bench/fit_speakers.py (scikit-learn, fixed
random state, sorted inputs) on ../shared/eval/quotes_train.jsonl, the correct/wrong label
being the shared scorer's `same_speaker` against the annotated speaker. They live in
speaker_weights.json beside this module: feature names, coefficients, intercept and the
threshold, no article text. At run time they are applied in plain Python (no scikit-learn).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from generator.analyse import fitted

WEIGHTS = Path(__file__).with_name("speaker_weights.json")

# The rules of speakers.py that can decide a speaker (Attribution.how), one feature each.
HOWS = ("cue", "pronoun", "role", "description", "according", "clause", "continued", "carried", "label",
        "colon", "answer")
SAY_LEMMAS = frozenset({"say", "tell", "add", "write", "ask", "tweet", "explain", "note"})
# Scales that bring counts to [0, 1]: beyond them a larger value says nothing more.
DISTANCE_SCALE = 400  # characters between the speaker's words and the quote
WORDS_SCALE = 60  # words of the quote


def features(*, how: str, cue_lemma: str | None, has_cue: bool, is_actor_like: bool, has_actor: bool,
             name_words: int, gendered: bool, mention: tuple[int, int] | None, quote: tuple[int, int],
             quote_words: int, partial: bool, continues: bool) -> dict[str, float]:
    """The features of one attributed quote, by name (the order of the weights file is the contract)."""
    out = {f"how_{h}": float(how == h) for h in HOWS}
    distance = 0
    after = False
    if mention is not None:
        if mention[0] >= quote[1]:
            distance, after = mention[0] - quote[1], True
        elif mention[1] <= quote[0]:
            distance = quote[0] - mention[1]
    out.update({
        "has_cue": float(has_cue),
        "say_cue": float(cue_lemma in SAY_LEMMAS),
        "actor_like": float(is_actor_like),
        "has_actor": float(has_actor),
        "full_name": float(name_words >= 2),
        "gendered": float(gendered),
        "mention_after": float(after),
        "distance": min(distance, DISTANCE_SCALE) / DISTANCE_SCALE,
        "quote_words": min(quote_words, WORDS_SCALE) / WORDS_SCALE,
        "partial": float(partial),
        "continues": float(continues),
    })
    return out


@lru_cache(maxsize=1)
def _weights() -> dict | None:
    return fitted.load(WEIGHTS)


def confidence(feats: dict[str, float]) -> float | None:
    """P(the speaker is right) under the fitted weights; None when no weights are installed."""
    w = _weights()
    return None if w is None else fitted.probability(w, feats)


def is_confident(p: float | None) -> bool:
    """Whether a speaker of this confidence may go to the quote index and actor pages."""
    w = _weights()
    return p is not None and w is not None and p >= w["threshold"]
