"""digest_quotes: direct quotations and their speakers (the quotes issue fills this in)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("digest_quotes", requires=["doc._.digest_actors"], assigns=["doc._.digest_quotes"])
def digest_quotes(doc: Doc) -> Doc:
    doc._.digest_quotes = []
    return doc
