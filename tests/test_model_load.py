"""How the model is loaded (analyse/nlp.py): the components a model leaves switched off are not loaded,
and the pipeline reads text as the model with them loaded and off does."""

from __future__ import annotations

import importlib

import pytest

from generator.analyse import nlp as nlp_module
from generator.config import DEFAULT_MODELS

TEXTS = [
    "Hillary Clinton told reporters in Paris on Monday that the United Nations would act. She left on Tuesday.",
    "\"We will not back down,\" said Mr. Kerry, the Secretary of State. The talks resume next week in Geneva.",
    "Apple Inc. reported record sales of $90 billion. Analysts at Morgan Stanley had expected less.",
]


@pytest.mark.parametrize(
    "meta, off",
    [
        ('{"disabled": ["senter"]}', ["senter"]),
        ('{"disabled": ["lemmatizer", "senter"]}', ["senter"]),  # the lemmatizer is left out anyway
        ('{"disabled": []}', []),
        ('{"name": "core_web_sm"}', []),  # says nothing
        ('{"disabled": "senter"}', []),  # not a list
        ('{"disabled": [3, "senter"]}', ["senter"]),
        ('["senter"]', []),  # not an object
        ("not json {", []),
        (None, []),  # no meta.json
    ],
)
def test_the_components_a_model_leaves_off_are_not_loaded(tmp_path, meta, off):
    if meta is not None:
        (tmp_path / "meta.json").write_text(meta, encoding="utf-8")
    assert nlp_module.switched_off(tmp_path) == off


def test_the_model_loads_without_its_switched_off_senter_and_reads_text_the_same(nlp):
    """en_core_web_sm leaves its senter off (the parser splits sentences): left out, nothing read changes."""
    name = next(n for n in DEFAULT_MODELS if importlib.util.find_spec(n) is not None)
    whole = importlib.import_module(name).load(exclude=list(nlp_module.DISABLED))  # senter loaded, and off
    assert "senter" in whole.disabled
    assert "senter" not in nlp.component_names and not nlp.disabled
    for text in TEXTS:
        a, b = whole(text), nlp(text)
        assert [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.is_sent_start, t.ent_iob_, t.ent_type_) for t in a] == \
               [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.is_sent_start, t.ent_iob_, t.ent_type_) for t in b]
