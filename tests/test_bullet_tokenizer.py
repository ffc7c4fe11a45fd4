"""The pipeline's tokenizer: the model's own with list bullets split off, made as its data loads (nlp.BulletTokenizer)."""

from __future__ import annotations

import pytest

from generator.analyse import nlp as nlpmod
from generator.config import DEFAULT_MODELS


@pytest.fixture(scope="module")
def plain_then_split():
    """The model's own tokenizer with `split_bullets` applied after the load: what the pipeline had before."""
    base = nlpmod.load_base_model(DEFAULT_MODELS)
    nlpmod.split_bullets(base)
    return base


def test_the_pipeline_tokenizer_is_the_models_own_with_bullets_split_after_the_load(nlp, plain_then_split):
    tokenizer = nlp.tokenizer.tokenizer if isinstance(nlp.tokenizer, nlpmod.MetaTokenizer) else nlp.tokenizer
    assert isinstance(tokenizer, nlpmod.BulletTokenizer)
    assert nlpmod.has_bullets(nlp)
    assert tokenizer.to_bytes(exclude=["vocab"]) == plain_then_split.tokenizer.to_bytes(exclude=["vocab"])
    assert tokenizer.rules == plain_then_split.tokenizer.rules


@pytest.mark.parametrize(
    "text",
    [
        "\u2022Andy Ruiz Jr. won the fight in New York.",  # a bullet glued to a name
        "\u25aaThe council said it would appeal.",
        "He said: \u201cWe don't know yet.\u201d",  # no bullet: special cases and quotes as the model has them
        "The U.S. economy grew 2.5% in Q3, e.g. in the Mid-West.",
        "Visit https://example.com/a-b?c=1 or mail info@example.org.",
    ],
)
def test_the_pipeline_tokenizes_as_the_model_with_bullets_split(nlp, plain_then_split, text):
    assert [t.text for t in nlp.make_doc(text)] == [t.text for t in plain_then_split.make_doc(text)]


def test_a_bullet_is_a_token_of_its_own(nlp):
    assert [t.text for t in nlp.make_doc("\u2022Andy Ruiz")][:2] == ["\u2022", "Andy"]


@pytest.mark.parametrize("pattern", ["^a|^b", None])
def test_with_bullets_adds_the_bullets_once(pattern):
    once = nlpmod.with_bullets(pattern)
    assert once.startswith(nlpmod.BULLET_PREFIX)
    assert nlpmod.with_bullets(once) == once if pattern is not None else once == nlpmod.BULLET_PREFIX


def test_the_tokenizer_reloaded_from_its_bytes_is_the_same(nlp):
    tokenizer = nlp.tokenizer
    data = tokenizer.to_bytes(exclude=["vocab"])
    again = nlpmod.BulletTokenizer(nlp.vocab).from_bytes(data, exclude=["vocab"])
    assert again.to_bytes(exclude=["vocab"]) == data



def test_a_model_loaded_from_a_path_gets_the_same_tokenizer(plain_then_split, tmp_path):
    """A model given as a folder (not a package) goes the same way: its tokenizer data fills the BulletTokenizer."""
    plain = nlpmod.load_base_model(DEFAULT_MODELS)
    plain.to_disk(tmp_path / "model")
    loaded = nlpmod.load_base_model([str(tmp_path / "model")], bullets=True)
    assert isinstance(loaded.tokenizer, nlpmod.BulletTokenizer) and loaded.tokenizer.loaded
    assert loaded.tokenizer.to_bytes(exclude=["vocab"]) == plain_then_split.tokenizer.to_bytes(exclude=["vocab"])
