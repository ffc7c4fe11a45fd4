"""Our spaCy components; importing this package registers them all.

Imported by `nlp.load_pipeline` and therefore in every worker process, so the
factories exist wherever a pipeline is built.

The extension attributes below are the contract between components and
`extract.py`. They hold plain data only (dicts, lists, strings, ints), with
character offsets into `doc.text`, so a Doc survives `nlp.pipe(n_process>1)`
and Doc.to_bytes.
"""

from __future__ import annotations

from spacy.tokens import Doc

# name -> default; lists are copied per doc by spaCy's `default=` semantics? No:
# a mutable default would be shared, so components always assign a new list.
EXTENSIONS: dict[str, object] = {
    "digest_meta": None,  # {"date", "title", "staff": [names], "index"} set by the tokenizer (nlp.MetaTokenizer) or make_doc
    # [{"id","name","kind","role","affiliation","aliases","mentions":[[s,e]],"mention_kinds":["name"|"description"|"pronoun"]}]
    # mention_kinds is optional and parallel to mentions (absent = all "name")
    "digest_actors": None,
    "digest_quotes": None,  # [{"start","end","text","speaker","speaker_name","cue","partial","sentence":[s,e]}]
    "digest_events": None,  # [{"start","end","precision","approximate","planned","expression","span":[s,e],"sentence":[s,e],"text","actors"}]
    "digest_facts": None,  # [{"rank","score","sentence":[s,e]}]
    "digest_figures": None,  # [{"span":[s,e],"text","value","unit","counts"}]
    "digest_topics": None,  # [str]
    "digest_errors": None,  # [str]: what failed inside a component, for this doc
}

for _name, _default in EXTENSIONS.items():
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def note_error(doc: Doc, component: str, exc: BaseException) -> None:
    """Record a component failure on the doc instead of losing the batch."""
    errors = list(doc._.digest_errors or [])
    errors.append(f"{component}: {type(exc).__name__}: {exc}")
    doc._.digest_errors = errors


from generator.analyse.components import actors, facts, paragraphs, quotes, timeline  # noqa: E402,F401
