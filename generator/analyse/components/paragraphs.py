"""digest_paragraphs: a paragraph break always ends a sentence.

Runs before the parser, which keeps boundaries already set. Without it the
parser sometimes runs a sentence across the blank line between paragraphs,
and a key fact or a quote would then straddle two paragraph anchors.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("digest_paragraphs", assigns=["token.is_sent_start"])
def digest_paragraphs(doc: Doc) -> Doc:
    after_break = False
    for token in doc:
        if after_break and not token.is_space:
            token.is_sent_start = True
            after_break = False
        if token.is_space and "\n\n" in token.text or token.whitespace_ == "" and token.text == "\n\n":
            after_break = True
    return doc
