"""Analyse: Articles in, ArticleDigests out, through one `nlp.pipe`.

The pipeline is loaded once per process. Each article goes in as plain text
(so the NLP workers tokenise it) behind a header holding its metadata and
its index, which the tokenizer puts on the doc (`doc._.digest_meta`, see
nlp.MetaTokenizer); the index matches a digest to its article.
Articles that did not come back, or whose components recorded an error,
become InputErrors naming the article; the rest of the batch goes on.

Articles stream through: `Analyser.stream` pulls them from any iterable as
the pipe asks for more, and yields each result as soon as it is back, so
memory holds only the batches in flight, never the whole archive. The same
`Analyser` runs inside a Dask worker (generator/distributed.py).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from generator.ingest.clean import clean_article
from generator.ingest.kinds import decide_kinds
from generator.config import DEFAULT_BATCH_SIZE
from generator.errors import InputError
from generator.model import Article, ArticleDigest

# spaCy is imported only when a pipeline is loaded: importing this package
# (generator.analyse.names, for the corpus stage) must not cost the 2-4 s of
# `import spacy` in a build whose analyses all come from the cache.
if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

__all__ = ["Analyser", "clean_article", "load_pipeline", "make_doc", "model_id", "plan_workers"]


def __getattr__(name: str) -> Any:
    """`load_pipeline` and `model_id` from generator.analyse.nlp, imported (with spaCy) on first use."""
    if name in ("load_pipeline", "model_id"):
        from generator.analyse import nlp

        return getattr(nlp, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# Below this many articles per process, another worker costs more than it
# saves: it forks the loaded pipeline and waits for its first batch, while
# one process does 8 articles in a few seconds. A judgement, not a fine
# tuning; bench/throughput.py's one_changed_s (one article, one process)
# and the 100-article point show both sides of it.
MIN_ARTICLES_PER_PROCESS = 8

Result = ArticleDigest | InputError
# The key of `doc._.digest_meta` that matches a doc to its article in flight.
INDEX = "index"


def article_label(article: Article) -> str:
    return f"{article.source}#{article.key}" if article.key else article.source


def plan_workers(n_articles: int | None, processes: int, batch_size: int) -> tuple[int, int]:
    """(n_process, batch_size) for a run of `n_articles` (None: unknown, a stream).

    Few articles run in this process; otherwise the batch shrinks so that
    every worker gets at least one batch (12 articles at batch_size 32 would
    otherwise all go to one worker while the other waits).
    """
    if n_articles is None:
        return max(processes, 1), batch_size
    n_process = max(1, min(processes, n_articles // MIN_ARTICLES_PER_PROCESS))
    if n_process > 1:
        batch_size = max(1, min(batch_size, math.ceil(n_articles / n_process)))
    return n_process, batch_size


def _keep_going(proc_name: str, proc: object, docs: list, exc: Exception) -> None:
    """spaCy error handler: log and drop the doc (or a worker's batch) instead of ending the run.

    Our components catch their own errors into `doc._.digest_errors`; this
    covers the rest (a spaCy component, or a worker that died on a batch).
    The articles of the dropped docs are then reported by the came-back check.
    Module level so that it pickles into worker processes.
    """
    log.warning("NLP component %s failed (%s: %s); the articles of this batch are reported as failed",
                proc_name or "worker", type(exc).__name__, str(exc).strip().splitlines()[-1:] or "")


class Analyser:
    """Holds one loaded pipeline; `run`/`stream` analyse any number of articles."""

    def __init__(self, model_names: Iterable[str], *, processes: int = 1, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        from generator.analyse.nlp import MetaTokenizer, load_pipeline

        self.nlp: Language = load_pipeline(tuple(model_names))
        self.nlp.tokenizer = MetaTokenizer(self.nlp.tokenizer)
        # Not nlp.set_error_handler(): spaCy 3.8's parser and NER cannot take
        # one (AttributeError). Function components and the worker-batch
        # check read this default.
        self.nlp.default_error_handler = _keep_going
        self.processes = processes
        self.batch_size = batch_size

    @property
    def model_id(self) -> str:
        from generator.analyse.nlp import model_id

        return model_id(self.nlp)

    def run(self, articles: Iterable[Article], *, total: int | None = None) -> Iterator[Result]:
        """Digests in the order of `articles`; an InputError for each that failed. `total`: see `stream`."""
        for _article, result in self.stream(articles, total=total):
            yield result

    def stream(self, articles: Iterable[Article], *, total: int | None = None) -> Iterator[tuple[Article, Result]]:
        """(article, digest or InputError) for every article, in input order, lazily.

        `total` (or len() of a list) picks the number of processes; a stream
        of unknown length uses them all.
        """
        from generator.analyse.nlp import with_meta

        if total is None and isinstance(articles, list | tuple):
            total = len(articles)
        n_process, batch_size = plan_workers(total, self.processes, self.batch_size)
        in_flight: dict[int, Article] = {}

        def texts() -> Iterator[str]:
            # Plain strings, so the workers tokenise; the metadata and the
            # index ride in a header that MetaTokenizer puts on the doc.
            for i, raw in enumerate(articles):
                # Furniture flattened into the body ("By . AP . PUBLISHED: ...") is removed first, so every
                # component and the digest's own paragraphs see the same text (generator/ingest/clean.py).
                # Paragraph kinds likewise (generator/ingest/kinds.py): a no-op for an Article ingest read.
                article = decide_kinds(clean_article(raw))
                in_flight[i] = article
                yield with_meta(article.text, {**article_meta(article), INDEX: i})

        missing = "analysis failed: the article did not come back from the NLP workers"
        for doc in self.nlp.pipe(texts(), n_process=n_process, batch_size=batch_size):
            i = (doc._.digest_meta or {}).get(INDEX)
            if i not in in_flight:
                log.warning("the NLP pipe returned a doc of no article in flight; ignored")
                continue
            # spaCy returns docs in input order (its workers are read in
            # turn), so an index skipped here was dropped by a worker.
            for j in sorted(k for k in in_flight if k < i):
                lost = in_flight.pop(j)
                yield lost, InputError(article_label(lost), missing)
            article = in_flight.pop(i)
            yield article, self._digest(doc, article)
        for j in sorted(in_flight):
            lost = in_flight.pop(j)
            yield lost, InputError(article_label(lost), missing)

    def _digest(self, doc: object, article: Article) -> Result:
        from generator.analyse.extract import extract

        errors = doc._.digest_errors or []  # type: ignore[attr-defined]
        if errors:
            return InputError(article_label(article), "analysis failed: " + "; ".join(errors))
        try:
            return extract(doc, article)  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001 - per-article boundary
            log.debug("extract failed for %s", article.source, exc_info=True)
            return InputError(article_label(article), f"analysis failed: {type(exc).__name__}: {exc}")


def make_doc(nlp: Language, article: Article) -> Doc:
    """The unprocessed Doc of an (already cleaned) article, carrying its metadata for the components."""
    doc = nlp.make_doc(article.text)
    doc._.digest_meta = article_meta(article)
    return doc


def article_meta(article: Article) -> dict:
    """The plain metadata components read from `doc._.digest_meta` (date, staff, title, paragraph kinds)."""
    return {"date": article.date, "staff": list(staff_names(article)), "title": article.title,
            "kinds": [p.kind for p in article.paragraphs]}


def staff_names(article: Article) -> tuple[str, ...]:
    """Byline, photographer and contributors: people who made the article."""
    from generator.ingest.text import photographer

    names = list(article.byline) + list(article.contributors)
    if article.photo_credit:
        names.append(photographer(article.photo_credit))
    return tuple(n for n in names if n)
