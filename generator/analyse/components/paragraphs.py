"""digest_paragraphs: a paragraph break always ends a sentence.

Runs before the parser, which keeps boundaries already set. Without it the
parser sometimes runs a sentence across the blank line between paragraphs,
and a key fact or a quote would then straddle two paragraph anchors.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


# Marks that may end a sentence of one token ("Yes." is two tokens; "-" opens a list item).
ONE_TOKEN_ENDS = frozenset({".", "!", "?", ":", ";", "-", "\u2013", "\u2014", "*", "\u2022"})


def _same_sentence_follows(doc: Doc, i: int) -> bool:
    """Does the word after a paragraph's first token belong to its sentence? Given only the
    first token's boundary, the parser sometimes opens a new sentence at the second word, and a
    name at a paragraph's start is then cut ("Joshua | Abraham Norton (c. 1818 - 1880) was", in
    about one paragraph in sixty of the training file). A paragraph's first word is a sentence of
    its own only when a mark or a line break ends it."""
    nxt = i + 1
    return (nxt < len(doc) and "\n" not in doc[i].whitespace_ and not doc[nxt].is_space
            and doc[i].text not in ONE_TOKEN_ENDS and not doc[nxt].is_punct)


@Language.component("digest_paragraphs", assigns=["token.is_sent_start"])
def digest_paragraphs(doc: Doc) -> Doc:
    after_break = False
    for token in doc:
        if after_break and not token.is_space:
            token.is_sent_start = True
            after_break = False
            if _same_sentence_follows(doc, token.i):
                doc[token.i + 1].is_sent_start = False
        if token.is_space and "\n\n" in token.text or token.whitespace_ == "" and token.text == "\n\n":
            after_break = True
    return doc
