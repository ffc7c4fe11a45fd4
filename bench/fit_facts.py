"""Fit the key-fact ranker (generator/analyse/facts.py) on the training highlights.

Usage:
  .venv/bin/python bench/fit_facts.py ../shared/corpus/summaries_train.jsonl --write   (writes generator/analyse/facts_weights.json)
  .venv/bin/python bench/fit_facts.py FILE                                            (scores FILE with the committed weights)

The label of a candidate sentence: whether it is in the article's oracle, the
up-to-three sentences chosen greedily to maximise ROUGE-1 + ROUGE-2 F against
the editors' highlights (the usual target of extractive summarisers). The
model: a logistic regression (scikit-learn, standardised inputs, fixed C and
random_state, rows in file order) on `facts.FEATURES`. Novelty against the
facts already chosen is not a feature of one sentence, so its weight
(`redundancy_weight`) is then chosen on the same file from a fixed grid by
the one-standard-error rule on ROUGE-1 + ROUGE-2 of the top three facts
(`choose_redundancy`). Deterministic: the same file and code give the same
JSON.

Reading 995 articles through the pipeline takes minutes; ranking takes
seconds. So the docs are parsed once, up to and including `digest_quotes`
(whose spans the ranker reads), and kept as a DocBin under .cache/bench/,
keyed by the file's bytes and the sources of every stage before the facts.
The figures printed are those of bench/facts.py's summaries part (which stays
the reference and also runs the real Analyser): ours, lead3 and clean_lead3.
Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rouge_score import rouge_scorer  # noqa: E402
from spacy.tokens import DocBin  # noqa: E402

from generator.analyse import article_meta, facts, fitted  # noqa: E402
from generator.analyse.body import non_body  # noqa: E402
from generator.analyse.nlp import MetaTokenizer, load_pipeline, with_meta  # noqa: E402
from generator.config import DEFAULT_MODELS  # noqa: E402
from generator.ingest.clean import clean_article  # noqa: E402
from generator.ingest.normalise import clean_text, content_hash  # noqa: E402
from generator.ingest.text import read_text  # noqa: E402

CACHE = ROOT / ".cache" / "bench"
THROUGH = "digest_quotes"
# The sources of every stage a cached doc has been through: a change to any of them parses anew.
PARSED_BY = (
    "generator/analyse/actors.py", "generator/analyse/references.py", "generator/analyse/roles.py",
    "generator/analyse/names.py", "generator/analyse/nlp.py", "generator/analyse/doccache.py",
    "generator/analyse/quotes.py", "generator/analyse/speakers.py", "generator/analyse/lexicon.py",
    "generator/analyse/coref.py", "generator/analyse/coref_weights.json", "generator/analyse/speaker_weights.json",
    "generator/analyse/components/actors.py", "generator/analyse/components/quotes.py",
    "generator/analyse/components/paragraphs.py", "generator/ingest/clean.py", "generator/ingest/text.py",
    "generator/ingest/normalise.py",
)
METRICS = ("rouge1", "rouge2", "rougeLsum")
TOP = 3
ORACLE_SIZE = 3
C = 1.0
REDUNDANCY_GRID = tuple(round(0.05 * k, 2) for k in range(0, 11))


def load_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def read_article(record: dict):
    """The article as bench/facts.py reads it: the plain-text reader, then ingest's cleaning."""
    text = record["text"]
    return clean_article(read_text(clean_text(text), f"{record['id']}.txt", content_hash=content_hash(text.encode())))


def _cache_key(path: Path) -> str:
    h = hashlib.sha256(path.read_bytes())
    for name in PARSED_BY:
        h.update((ROOT / name).read_bytes())
    return h.hexdigest()[:16]


def parsed_docs(path: Path) -> tuple[list[dict], list]:
    """FILE's records and their docs after `digest_quotes`, parsed once and cached."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cache = CACHE / f"facts-{path.stem}-{_cache_key(path)}.spacy"
    records = load_records(path)
    nlp = load_pipeline(DEFAULT_MODELS)
    if not cache.is_file():
        nlp.tokenizer = MetaTokenizer(nlp.tokenizer)
        articles = [read_article(r) for r in records]
        after = nlp.pipe_names[nlp.pipe_names.index(THROUGH) + 1 :]
        bin_ = DocBin(store_user_data=True)
        with nlp.select_pipes(disable=after):
            for doc in nlp.pipe((with_meta(a.text, article_meta(a)) for a in articles), batch_size=16):
                doc.tensor = doc.tensor[:0].copy()
                bin_.add(doc)
        bin_.to_disk(cache)
    return records, list(DocBin().from_disk(cache).get_docs(nlp.vocab))


def candidates(doc) -> list[facts.Sentence]:
    """The ranker's candidates, as the digest_facts component builds them."""
    quotes = [(q["start"], q["end"]) for q in doc._.digest_quotes or ()]
    return facts.describe_sentences(doc, quotes, list(doc._.digest_actors or ()), non_body(doc))


class Rouge:
    """ROUGE-1/2 F of a set of sentences, on rouge-score's own tokens and stems, fast enough for oracles."""

    def __init__(self) -> None:
        self.scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
        self.tokenize = self.scorer._tokenizer.tokenize

    @staticmethod
    def grams(tokens: list[str], n: int) -> Counter:
        return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))

    @staticmethod
    def f(ref: Counter, got: Counter) -> float:
        hit = sum((ref & got).values())
        if not hit:
            return 0.0
        p, r = hit / sum(got.values()), hit / sum(ref.values())
        return 2 * p * r / (p + r)

    def oracle(self, reference: str, texts: list[str]) -> set[int]:
        """Greedy: add the sentence that raises ROUGE-1 + ROUGE-2 F most, up to ORACLE_SIZE, while it rises."""
        ref = self.tokenize(reference)
        refs = (self.grams(ref, 1), self.grams(ref, 2))
        toks = [self.tokenize(t) for t in texts]
        chosen: list[int] = []
        best = 0.0
        while len(chosen) < ORACLE_SIZE:
            step = None
            for k in range(len(texts)):
                if k in chosen:
                    continue
                joined = [w for j in sorted([*chosen, k]) for w in toks[j]]
                value = self.f(refs[0], self.grams(joined, 1)) + self.f(refs[1], self.grams(joined, 2))
                if value > best + 1e-9:
                    best, step = value, k
            if step is None:
                break
            chosen.append(step)
        return set(chosen)

    def fast(self, reference: str, picked: list[str]) -> dict[str, float]:
        ref = self.tokenize(reference)
        got = [w for text in picked for w in self.tokenize(text)]
        return {f"rouge{n}": self.f(self.grams(ref, n), self.grams(got, n)) for n in (1, 2)}

    def score(self, reference: str, picked: list[str]) -> dict[str, float]:
        scores = self.scorer.score(reference, "\n".join(picked))
        return {m.replace("rougeLsum", "rougeL"): scores[m].fmeasure for m in METRICS}


def clean_lead(text: str, sentences: list[facts.Sentence], n: int = TOP) -> list[str]:
    """clean_lead3: the first sentences that can be facts (body paragraphs, no furniture), in order."""
    return [text[s.start : s.end].strip() for s in sentences if s.eligible][:n]


@dataclass
class Prepared:
    """One article, read once: its candidates, their features and tokens, and its oracle."""

    reference: str
    text: str
    sentences: list[facts.Sentence]
    features: list[dict[str, float] | None]
    lead: list[str]
    oracle: set[int]  # indexes into `sentences`


def prepare(records: list[dict], docs: list, rouge: Rouge) -> list[Prepared]:
    out = []
    for r, doc in zip(records, docs, strict=True):
        sents = candidates(doc)
        feats = facts.features(sents)
        keep = [s.index for s, f in zip(sents, feats, strict=True) if f is not None]
        oracle = rouge.oracle(r["reference"], [doc.text[sents[k].start : sents[k].end] for k in keep])
        lead = [s.text.strip() for s in doc.sents if s.text.strip()][:TOP]
        out.append(Prepared(r["reference"], doc.text, sents, feats, lead, {keep[k] for k in oracle}))
    return out


def fit(prepared: list[Prepared], rouge: Rouge) -> dict:
    """The logistic regression on oracle labels, then the redundancy weight from REDUNDANCY_GRID."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    rows: list[list[float]] = []
    labels: list[int] = []
    for p in prepared:
        for s, f in zip(p.sentences, p.features, strict=True):
            if f is not None:
                rows.append([f[name] for name in facts.FEATURES])
                labels.append(int(s.index in p.oracle))
    x, y = np.array(rows), np.array(labels)
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=C, max_iter=5000, random_state=0).fit(scaler.transform(x), y)
    weights = {
        "features": list(facts.FEATURES),
        "coef": [round(float(c), 6) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "mean": [round(float(m), 6) for m in scaler.mean_],
        "scale": [round(float(s), 6) for s in scaler.scale_],
        "redundancy_weight": 0.0,
    }
    weights["redundancy_weight"] = choose_redundancy(prepared, rouge, weights)
    weights["fitted_on"] = {"rows": len(labels), "positives": int(y.sum()), "C": C}
    return weights


def choose_redundancy(prepared: list[Prepared], rouge: Rouge, model: dict) -> float:
    """The largest redundancy weight of REDUNDANCY_GRID whose ROUGE-1 + ROUGE-2 per article is within
    one standard error of the best weight's (the one-standard-error rule): a weight the training
    file cannot tell from the best is as good on it, and the larger one keeps the facts apart."""
    import statistics

    values = {w: per_article(prepared, rouge, model, w) for w in REDUNDANCY_GRID}
    best = max(REDUNDANCY_GRID, key=lambda w: (statistics.fmean(values[w]), -w))
    ok = []
    for w in REDUNDANCY_GRID:
        diff = [a - b for a, b in zip(values[w], values[best], strict=True)]
        se = statistics.stdev(diff) / len(diff) ** 0.5 if len(diff) > 1 else 0.0
        if statistics.fmean(diff) >= -se:
            ok.append(w)
    return max(ok)


def per_article(prepared: list[Prepared], rouge: Rouge, model: dict, redundancy_weight: float) -> list[float]:
    """ROUGE-1 + ROUGE-2 F (Rouge.fast) of the top three facts of each article."""
    out = []
    for p in prepared:
        scores = [None if f is None else fitted.probability(model, f) for f in p.features]
        ranked = facts.rank_facts(p.sentences, scores, redundancy_weight)
        got = rouge.fast(p.reference, [p.text[s.start : s.end].strip() for s, _ in ranked[:TOP]])
        out.append(got["rouge1"] + got["rouge2"])
    return out


def evaluate(prepared: list[Prepared], rouge: Rouge, model: dict | None = None,
             redundancy_weight: float | None = None, fast: bool = False) -> dict[str, float]:
    """Mean ROUGE F x100 of our top three facts, lead3 and clean_lead3, and the differences
    (`fast`: ours only, ROUGE-1 and -2 by Rouge.f, for choosing among settings)."""
    sums: defaultdict[str, float] = defaultdict(float)
    for p in prepared:
        scores = [None if f is None else fitted.probability(model, f) for f in p.features] if model \
            else facts.score_sentences(p.sentences)
        ranked = facts.rank_facts(p.sentences, scores, redundancy_weight)
        ours = [p.text[s.start : s.end].strip() for s, _ in ranked[:TOP]]
        if fast:
            for m, v in rouge.fast(p.reference, ours).items():
                sums[m] += v
            continue
        for who, picked in (("", ours), ("lead3_", p.lead), ("clean_lead3_", clean_lead(p.text, p.sentences))):
            for m, v in rouge.score(p.reference, picked).items():
                sums[who + m] += v
    n = max(len(prepared), 1)
    out: dict[str, float] = {k: round(100 * v / n, 2) for k, v in sorted(sums.items())}
    if not fast:
        for m in ("rouge1", "rouge2", "rougeL"):
            out[f"{m}_minus_lead3"] = round(out[m] - out[f"lead3_{m}"], 2)
            out[f"{m}_minus_clean_lead3"] = round(out[m] - out[f"clean_lead3_{m}"], 2)
    out["articles"] = len(prepared)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--write", action="store_true", help="fit on FILE and write the weights file")
    args = ap.parse_args(argv)
    records, docs = parsed_docs(args.file)
    rouge = Rouge()
    prepared = prepare(records, docs, rouge)
    model = None
    if args.write:
        model = fit(prepared, rouge)
        facts.WEIGHTS_FILE.write_text(json.dumps(model, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(json.dumps({"features": dict(zip(model["features"], model["coef"], strict=True)),
                          "redundancy_weight": model["redundancy_weight"]}, sort_keys=True))
    print(json.dumps(evaluate(prepared, rouge, model, model["redundancy_weight"] if model else None), sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
