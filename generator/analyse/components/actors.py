"""digest_actors: named entities grouped into actors.

Foundation stand-in: entities of the same text and label are one actor, staff
names (byline, credit, contributors) are dropped. The actors issue replaces
this with real merging and roles.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from generator.analyse.components import note_error
from generator.slugs import slugify_id

KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "NORP": None}


def find_actors(doc: Doc, staff: set[str]) -> list[dict]:
    groups: dict[tuple[str, str], list[list[int]]] = {}
    for ent in doc.ents:
        kind = KINDS.get(ent.label_)
        name = ent.text.strip()
        if not kind or not name or name in staff:
            continue
        groups.setdefault((kind, name), []).append([ent.start_char, ent.end_char])
    actors, used = [], set()
    for (kind, name), mentions in sorted(groups.items(), key=lambda kv: kv[1][0][0]):
        actor_id = slugify_id(name, used)
        actors.append({"id": actor_id, "name": name, "kind": kind, "role": None, "affiliation": None,
                       "aliases": [], "mentions": mentions})
    return actors


@Language.component("digest_actors", requires=["doc.ents"], assigns=["doc._.digest_actors"])
def digest_actors(doc: Doc) -> Doc:
    try:
        meta = doc._.digest_meta or {}
        doc._.digest_actors = find_actors(doc, set(meta.get("staff", ())))
    except Exception as exc:  # noqa: BLE001 - per-doc boundary, reported by analyse
        doc._.digest_actors = []
        note_error(doc, "digest_actors", exc)
    return doc
