"""digest_timeline: dated events (thin adapter around generator/analyse/timeline.py)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from generator.analyse.components import note_error
from generator.analyse.timeline import find_events


@Language.component(
    "digest_timeline",
    requires=["doc.sents", "doc.ents", "doc._.digest_actors"],
    assigns=["doc._.digest_events"],
)
def digest_timeline(doc: Doc) -> Doc:
    try:
        meta = doc._.digest_meta or {}
        doc._.digest_events = find_events(doc, meta.get("date"), list(doc._.digest_actors or ()))
    except Exception as exc:  # noqa: BLE001 - per-doc boundary, reported by analyse
        doc._.digest_events = []
        note_error(doc, "digest_timeline", exc)
    return doc
