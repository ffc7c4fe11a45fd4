"""digest_facts: key facts, the figures box and topics (thin adapter).

The ranking lives in generator/analyse/facts.py, figures in figures.py and
topics in topics.py; this component only reads the doc, calls them and
writes plain data into the extensions.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from generator.analyse.components import note_error
from generator.analyse.body import non_body
from generator.analyse.facts import find_facts
from generator.analyse.figures import find_figures
from generator.analyse.topics import find_topics


@Language.component(
    "digest_facts",
    requires=["doc.sents", "doc.ents", "doc._.digest_actors", "doc._.digest_quotes"],
    assigns=["doc._.digest_facts", "doc._.digest_figures", "doc._.digest_topics"],
)
def digest_facts(doc: Doc) -> Doc:
    doc._.digest_figures = []
    doc._.digest_topics = []
    try:
        quotes = [(q["start"], q["end"]) for q in doc._.digest_quotes or ()]
        skip = non_body(doc)
        doc._.digest_facts = find_facts(doc, quotes, list(doc._.digest_actors or ()), skip)
        doc._.digest_figures = find_figures(doc, skip)
        doc._.digest_topics = find_topics(doc, list(doc._.digest_actors or ()))
    except Exception as exc:  # noqa: BLE001 - per-doc boundary
        doc._.digest_facts = []
        doc._.digest_figures = []
        doc._.digest_topics = []
        note_error(doc, "digest_facts", exc)
    return doc
