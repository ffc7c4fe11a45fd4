"""Memoised views of the Doc being analysed: its sentences, entities and word forms.

spaCy rebuilds `doc.sents` and `doc.ents` as new Python objects on every
access, walking the whole Doc each time. Our rules ask for them per
candidate, per pronoun and per quote, which made the analysis quadratic in
article length: on the longest articles of shared/corpus/plain the digest
components took three times as long as the whole spaCy model
(bench/throughput.py, ratio_vs_nlp_pipe). Nothing after the parser and NER
changes sentence boundaries or entities, so the views are computed once per
Doc. Only the last Doc is remembered: components run one Doc at a time, so
the memo never grows with the archive, and nothing is stored on the Doc
(which must stay plain data for multiprocessing).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc, Span

_memo: dict[str, Any] = {"doc": None}


def _views(doc: Doc) -> dict[str, Any]:
    if _memo["doc"] is not doc:
        fresh(doc)
    return _memo


def sentences(doc: Doc) -> list[Span]:
    return memo(doc, "sents", lambda: list(doc.sents))


def entities(doc: Doc) -> tuple[Span, ...]:
    return memo(doc, "ents", lambda: doc.ents)


def memo(doc: Doc, key: Any, compute: Callable[[], Any]) -> Any:
    """`compute()`, once per Doc under `key`: the views here, and those a stage defines itself."""
    views = _views(doc)
    if key not in views:
        views[key] = compute()
    return views[key]


def word_forms(doc: Doc) -> frozenset[str]:
    """Every token text of the Doc, as written."""
    return memo(doc, "words", lambda: frozenset(t.text for t in doc))


def fresh(doc: Doc) -> None:
    """Forget what is known of `doc`: called where a stage's work on a Doc begins,
    so a Doc whose entities were changed in between (tests do) is read anew.

    Its text is kept when it is the same Doc object: a Doc's text never
    changes (retokenising merges and splits tokens, never characters), and
    rebuilding it walks every token, once per component otherwise.
    """
    text = _memo.get("text") if _memo.get("doc") is doc else None
    _memo.clear()
    _memo["doc"] = doc
    if text is not None:
        _memo["text"] = text


def text(doc: Doc) -> str:
    """`doc.text`, which spaCy rebuilds by joining every token on each access."""
    return memo(doc, "text", lambda: doc.text)
