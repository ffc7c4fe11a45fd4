"""digest_timeline: dated events (the facts/timeline issue fills this in)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("digest_timeline", requires=["doc.sents"], assigns=["doc._.digest_events"])
def digest_timeline(doc: Doc) -> Doc:
    doc._.digest_events = []
    return doc
