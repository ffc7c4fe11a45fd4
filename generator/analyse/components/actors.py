"""digest_actors: entities, names and roles -> `doc._.digest_actors`.

A thin adapter: `find` calls `generator.analyse.actors.find_actors` (plain
functions over the Doc, tested alone) with the staff names that analyse put in
`doc._.digest_meta`; `annotate` writes the plain list. Each actor dict is
{"id", "name", "kind", "role", "affiliation", "aliases", "mentions": [[s, e], ...],
"mention_kinds": ["name" | "description" | "pronoun", ...]} with doc character
offsets; `mention_kinds` runs parallel to `mentions`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from generator.analyse.actors import find_actors
from generator.analyse.components import note_error


class ActorsComponent:
    """Finds the article's actors; stateless apart from its name."""

    def __init__(self, name: str) -> None:
        self.name = name

    def find(self, doc: Doc) -> list[dict]:
        meta = doc._.digest_meta or {}
        return find_actors(doc, meta.get("staff", ()))

    def annotate(self, doc: Doc, found: list[dict]) -> None:
        doc._.digest_actors = found

    def __call__(self, doc: Doc) -> Doc:
        try:
            self.annotate(doc, self.find(doc))
        except Exception as exc:  # noqa: BLE001 - per-doc boundary, reported by analyse
            doc._.digest_actors = []
            note_error(doc, self.name, exc)
        return doc


@Language.factory(
    "digest_actors",
    requires=["doc.ents", "doc.sents", "token.dep", "token.tag"],  # pos_ comes from the attribute_ruler, fed by the tagger
    assigns=["doc._.digest_actors"],
)
def make_actors(nlp: Language, name: str) -> ActorsComponent:
    return ActorsComponent(name)
