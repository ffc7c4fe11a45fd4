"""Analyse: Articles in, ArticleDigests out, through one `nlp.pipe`.

The pipeline is loaded once per process. Each article goes in as a Doc
carrying plain metadata (`doc._.digest_meta`), with its index as context, so
a digest is matched to its article whatever order workers return them in.
Articles that did not come back, or whose components recorded an error,
become InputErrors naming the article; the rest of the batch goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from generator.analyse.clean import clean_article
from generator.analyse.extract import extract
from generator.analyse.nlp import load_pipeline, model_id
from generator.errors import InputError
from generator.model import Article, ArticleDigest

log = logging.getLogger(__name__)

__all__ = ["Analyser", "clean_article", "load_pipeline", "make_doc", "model_id"]


def article_label(article: Article) -> str:
    return f"{article.source}#{article.key}" if article.key else article.source


class Analyser:
    """Holds one loaded pipeline; `run` analyses any number of articles."""

    def __init__(self, model_names: Iterable[str], *, processes: int = 1, batch_size: int = 32) -> None:
        self.nlp: Language = load_pipeline(tuple(model_names))
        self.processes = processes
        self.batch_size = batch_size

    @property
    def model_id(self) -> str:
        return model_id(self.nlp)

    def _docs(self, articles: list[Article]) -> Iterator[tuple[object, int]]:
        for i, article in enumerate(articles):
            yield make_doc(self.nlp, article), i

    def run(self, articles: list[Article]) -> Iterator[ArticleDigest | InputError]:
        """Digests in the order of `articles`; an InputError for each that failed."""
        done: dict[int, ArticleDigest | InputError] = {}
        # Furniture flattened into the body ("By . AP . PUBLISHED: ...") is removed first, so every
        # component and the digest's own paragraphs see the same text (generator/analyse/clean.py).
        articles = [clean_article(a) for a in articles]
        n_process = self.processes if len(articles) > 1 else 1
        for doc, i in self.nlp.pipe(self._docs(articles), as_tuples=True, n_process=n_process, batch_size=self.batch_size):
            article = articles[i]
            errors = doc._.digest_errors or []
            if errors:
                done[i] = InputError(article_label(article), "analysis failed: " + "; ".join(errors))
                continue
            try:
                done[i] = extract(doc, article)
            except Exception as exc:  # noqa: BLE001 - per-article boundary
                log.debug("extract failed for %s", article.source, exc_info=True)
                done[i] = InputError(article_label(article), f"analysis failed: {type(exc).__name__}: {exc}")
        for i, article in enumerate(articles):
            yield done.get(i) or InputError(article_label(article), "analysis failed: the article did not come back from the NLP workers")


def make_doc(nlp: Language, article: Article) -> Doc:
    """The unprocessed Doc of an (already cleaned) article, carrying its metadata for the components."""
    doc = nlp.make_doc(article.text)
    doc._.digest_meta = {"date": article.date, "staff": list(staff_names(article)), "title": article.title}
    return doc


def staff_names(article: Article) -> tuple[str, ...]:
    """Byline, photographer and contributors: people who made the article."""
    from generator.ingest.text import photographer

    names = list(article.byline) + list(article.contributors)
    if article.photo_credit:
        names.append(photographer(article.photo_credit))
    return tuple(n for n in names if n)
