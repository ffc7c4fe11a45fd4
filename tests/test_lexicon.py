"""The reporting-verb lexicon of the names layer: forms to lemmas, particle verbs, phrases."""

from __future__ import annotations

import pytest

from generator.analyse.lexicon import REPORTING_LEMMAS, forms_of, phrase_at, reporting_forms, reporting_lemma


@pytest.mark.parametrize(
    ("form", "after", "lemma"),
    [
        ("said", None, "say"),
        ("told", None, "tell"),
        ("fumed", None, "fume"),
        ("seethed", None, "seethe"),
        ("quipped", None, "quip"),
        ("replies", None, "reply"),
        ("testifying", None, "testify"),
        ("wrote", None, "write"),
        ("Tweeted", None, "tweet"),
        ("blurted", "out", "blurt"),
        ("pointed", "out", "point"),
        ("shot", "back", "shoot"),
        ("went", "on", "go"),
        # negatives: particle verbs speak only with their particle, and non-speech verbs never
        ("pointed", "at", None),
        ("went", "home", None),
        ("shot", None, None),
        ("walked", None, None),
        ("thinks", None, None),
        ("lied", None, None),
    ],
)
def test_reporting_lemma(form, after, lemma):
    assert reporting_lemma(form, after) == lemma


def test_the_list_is_a_few_hundred_lemmas_and_covers_its_forms():
    assert len(REPORTING_LEMMAS) >= 250
    forms = reporting_forms()
    assert {"says", "saying", "said", "fumes", "fuming", "fumed"} <= forms
    assert "point" not in forms  # particle-only verbs need their particle
    assert forms_of("say") == ("said", "say", "saying", "says")


@pytest.mark.parametrize(
    ("words", "i", "n"),
    [
        (["in", "the", "words", "of", "Jo"], 0, 4),
        (["According", "to", "Jo"], 0, 2),
        (["in", "the", "words"], 0, 0),
        (["said", "Jo"], 0, 0),
    ],
)
def test_source_phrases(words, i, n):
    from generator.analyse.lexicon import SOURCE_PHRASES

    assert phrase_at(words, i, SOURCE_PHRASES) == n


def test_speaker_confidence_weights_are_installed_and_ordered():
    """The fitted weights ship beside the module, and a cue-found full name scores above a
    far pronoun (the direction the training file gives; the numbers are refitted, not pinned)."""
    from generator.analyse.confidence import WEIGHTS, confidence, features, is_confident

    assert WEIGHTS.is_file()
    common = dict(cue_lemma="say", has_cue=True, is_actor_like=True, has_actor=True, quote=(100, 160),
                  quote_words=10, partial=False, continues=False)
    strong = confidence(features(how="cue", name_words=2, gendered=False, mention=(162, 175), **common))
    weak = confidence(features(how="pronoun", name_words=1, gendered=True, mention=(0, 5), **common))
    assert 0.0 < weak < strong < 1.0
    assert is_confident(strong) and not is_confident(None)
