"""The fitted ranking of speaker candidates (speaker_rank.py): its weights file is the contract
with the features it is applied to, holds numbers only, and ranks evidence the way the training
file taught it (a named subject of a speech verb that governs the quote over a bare description
beside it), while without weights the candidates keep their order of collection."""

from __future__ import annotations

import json

from generator.analyse import speaker_rank
from generator.analyse.speaker_rank import Evidence, features

QUOTE = {"cues": 2, "partial": False, "quote_words": 12, "writer_governs": False}


def test_weights_file_matches_the_features_and_holds_numbers_only():
    model = json.loads(speaker_rank.WEIGHTS.read_text(encoding="utf-8"))
    assert model["features"] == sorted(features(Evidence("cue"), **QUOTE))
    assert len(model["coefficients"]) == len(model["features"])
    assert all(isinstance(c, float) for c in model["coefficients"])
    assert 0.0 <= model["threshold"] < 1.0
    assert set(model) == {"about", "features", "coefficients", "intercept", "threshold", "fitted_on"}


def test_named_governing_subject_outranks_a_description_beside_the_quote():
    named = Evidence("cue", kind="cue", relation="subject", cue_governs=True, cue_steps=1, cue_say=True,
                     cue_rank=0, cue_first=True, actor_like=True, person=True, full_name=True, mention_distance=5,
                     mentions=3)
    description = Evidence("cue", kind="description", relation="subject", cue_rank=3, cue_noun=True,
                           cue_distance=120, mention_distance=120, mention_inside_sentence=False)
    rows = [features(description, **QUOTE), features(named, **QUOTE)]
    got = speaker_rank.scores(rows)
    assert got[1] > got[0]
    # without weights: the order of collection, first highest
    order = speaker_rank.scores(rows, weights=speaker_rank.ORDER)
    assert order[0] > order[1]
    assert speaker_rank.threshold(weights=speaker_rank.ORDER) == 0.0


def test_features_are_scaled_to_unit_range():
    far = Evidence("according", mention_distance=10_000, mentions=500, cue_distance=10_000, cue_steps=99)
    row = features(far, cues=40, partial=True, quote_words=900, writer_governs=True, support=9, candidates=9)
    assert all(0.0 <= v <= 1.0 for v in row.values())
    assert row["src_according"] == 1.0 and row["src_cue"] == 0.0
