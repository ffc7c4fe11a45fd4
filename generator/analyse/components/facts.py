"""digest_facts: key sentences, figures and topics.

Foundation stand-in: the lead (first three sentences of three or more words),
no figures, no topics. The facts issue replaces it with ranked facts.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from generator.analyse.components import note_error

LEAD_SENTENCES = 3


@Language.component(
    "digest_facts",
    requires=["doc.sents"],
    assigns=["doc._.digest_facts", "doc._.digest_figures", "doc._.digest_topics"],
)
def digest_facts(doc: Doc) -> Doc:
    doc._.digest_figures = []
    doc._.digest_topics = []
    try:
        sents = [s for s in doc.sents if sum(not t.is_punct for t in s) >= 3]
        doc._.digest_facts = [
            {"rank": n, "score": 0.0, "sentence": [s.start_char, s.end_char]}
            for n, s in enumerate(sents[:LEAD_SENTENCES], 1)
        ]
    except Exception as exc:  # noqa: BLE001 - per-doc boundary
        doc._.digest_facts = []
        note_error(doc, "digest_facts", exc)
    return doc
