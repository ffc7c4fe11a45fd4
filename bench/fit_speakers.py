"""Speaker attribution on a training file, fast: parsed docs cached, quotes re-attributed alone.

Usage:
  .venv/bin/python bench/fit_speakers.py fit ../shared/eval/quotes_train.jsonl   (writes generator/analyse/speaker_weights.json)
  .venv/bin/python bench/fit_speakers.py rank ../shared/eval/quotes_train.jsonl  (writes generator/analyse/speaker_rank.json)
  .venv/bin/python bench/fit_speakers.py score FILE [--errors] [--limit N] [--out PRED.jsonl] [--order]
  .venv/bin/python bench/fit_speakers.py causes FILE [--limit N] [--show CAUSE]

`rank` fits the ranking of each quote's candidate speakers (generator/analyse/speaker_rank.py,
see `fit_rank`); run it before `fit`, whose features are those of the speakers it chooses.
`score --order` ranks the candidates by their order of collection (the old sieve) instead.

`fit` fits the speaker confidence (generator/analyse/confidence.py): for every
quote of the training file that we attribute and people annotated with a
resolved speaker, the features of the decision and whether the scorer's
`same_speaker` finds it right; a logistic regression (scikit-learn, fixed
random_state, inputs in file order) and the threshold at which the attributions
kept reach CONFIDENT_PRECISION on the training file. Deterministic: the same
file and code give the same JSON.

Reading 840 articles through the whole pipeline takes minutes; the speaker
rules alone take seconds. So the docs are parsed once, up to and including
`digest_actors` (whose output the speaker rules read), and kept as a DocBin
under .cache/bench/, keyed by the file's bytes and the sources of every stage
before the quotes (a change to actors.py or names.py parses anew). `score`
then runs `components.quotes.find_quotes` on each cached doc and scores the
result with ../shared/eval/score_quotes.py, imported as bench/quotes.py does:
the figures are those of bench/quotes.py (which stays the reference; this is
for iterating). `causes` counts the wrong speakers of the strict tiers by
cause, for the error analysis of issue 14 (training file only).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from spacy.tokens import DocBin  # noqa: E402

from generator.analyse import article_meta  # noqa: E402
from generator.ingest.clean import clean_article  # noqa: E402
from generator.analyse.components.quotes import find_quotes  # noqa: E402
from generator.analyse.nlp import load_pipeline, with_meta, MetaTokenizer  # noqa: E402
from generator.config import DEFAULT_MODELS  # noqa: E402
from generator.ingest.normalise import clean_text  # noqa: E402
from generator.ingest.text import read_text  # noqa: E402

CACHE = ROOT / ".cache" / "bench"
# The stages a cached doc has been through: a change to any of them parses anew.
# (paths under generator/)
# Every module the actors stage imports is one: a rule in actor_rules.py changes the actors the
# speakers are chosen from.
PARSED_BY = ("analyse/actors.py", "analyse/actor_rules.py", "analyse/mentions.py", "analyse/references.py",
             "analyse/roles.py", "analyse/names.py", "analyse/coref.py", "analyse/coref_weights.json", "analyse/fitted.py",
             "analyse/quotes.py", "analyse/nlp.py", "analyse/doccache.py", "ingest/clean.py", "slugs.py",
             "analyse/components/actors.py", "analyse/components/paragraphs.py")


def load_records(path: Path, limit: int | None = None) -> list[dict]:
    records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return records[:limit] if limit is not None else records


def _cache_key(path: Path) -> str:
    h = hashlib.sha256(path.read_bytes())
    for name in PARSED_BY:
        h.update((ROOT / "generator" / name).read_bytes())
    return h.hexdigest()[:16]


def parsed_docs(path: Path, limit: int | None = None) -> list:
    """The docs of FILE's articles after `digest_actors`, parsed once and cached."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cache = CACHE / f"{path.stem}-{_cache_key(path)}.spacy"
    records = load_records(path)
    nlp = load_pipeline(DEFAULT_MODELS)
    if not cache.is_file():
        nlp.tokenizer = MetaTokenizer(nlp.tokenizer)
        texts = []
        for r in records:
            article = clean_article(read_text(clean_text(r["text"]), r["id"],
                                              content_hash=hashlib.sha256(r["text"].encode()).hexdigest()))
            texts.append(with_meta(article.text, article_meta(article)))
        after = nlp.pipe_names[nlp.pipe_names.index("digest_actors") + 1:]
        bin_ = DocBin(store_user_data=True)
        with nlp.select_pipes(disable=after):
            for doc in nlp.pipe(texts, batch_size=16):
                doc.tensor = doc.tensor[:0].copy()
                bin_.add(doc)
        bin_.to_disk(cache)
    docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    return docs[:limit] if limit is not None else docs


def predict(docs: list, records: list[dict], ranker: dict | None = None,
            disabled: frozenset[str] = frozenset()) -> list[dict]:
    """bench/quotes.py's prediction lines, from the cached docs."""
    out = []
    for r, doc in zip(records, docs):
        found = find_quotes(doc, list(doc._.digest_actors or ()), ranker=ranker, disabled=disabled)
        out.append({"id": r["id"], "quotes": [{"quote": q["text"], "speaker": q["speaker_name"] or ""} for q in found]})
    return out


def causes(scorer, records: list[dict], docs: list, show: str | None = None, resolved: bool = False) -> Counter:
    """Wrong speakers of the strict tiers (and first-name errors of the full-name tier), by cause.

    Causes, first that applies: `unattributed` (no speaker; with the rule that gave up),
    `nested-source` (the gold source is an outlet or document the writer cites and we name
    the person it quotes, or the other way round), `other-first-name` (right surname, wrong
    given name), `gender` (both names state a gender and they differ), `not-a-name` (we show a
    description, place or date), else `wrong-person/<how>` by the rule that decided.
    With `resolved`, the other resolved tiers (coreference, description, previous speaker: the
    rest of `speaker_acc_all`) are counted too, their causes prefixed with the tier.
    """
    from generator.analyse.names import name_gender

    out: Counter = Counter()
    for r, doc in zip(records, docs):
        found = find_quotes(doc, list(doc._.digest_actors or ()))
        gold = r.get("quotes", [])
        pairs = scorer.match([scorer.words(g["quote"]) for g in gold], [scorer.words(q["text"]) for q in found], 0.5)
        orgs = {e.text for e in doc.ents if e.label_ in ("ORG", "NORP", "GPE", "WORK_OF_ART")}
        people = {e.text for e in doc.ents if e.label_ == "PERSON"}
        for gi, pi in pairs:
            g, p = gold[gi], found[pi]
            pred = p["speaker_name"] or ""
            tier = g["speaker_resolution"]
            if tier not in (scorer.RESOLVED if resolved else scorer.STRICT):
                continue
            if scorer.same_speaker(g["speaker"], pred):
                if tier == "gold-name" and not scorer.same_person(g["speaker"], pred):
                    out["other-first-name"] += 1
                    if show is not None and "other-first-name".startswith(show):
                        print(f"--- other-first-name {r['id'][:60]} gold={g['speaker']!r} pred={pred!r} how={p.get('how')}")
                continue
            how = p.get("how", "?")
            if not pred:
                cause = f"unattributed/{how}" + ("+cue" if p.get("cue") else "")
            elif (g["speaker"] in orgs) != (pred in orgs) and (g["speaker"] in orgs or pred in orgs):
                cause = f"nested-source/{how}"
            elif name_gender(g["speaker"]) and name_gender(pred) and name_gender(g["speaker"]) != name_gender(pred):
                cause = f"gender/{how}"
            elif pred not in people and pred not in orgs and not any(w[:1].isupper() for w in pred.split()[1:2]):
                cause = f"not-a-name/{how}"
            else:
                cause = f"wrong-person/{how}"
            if tier not in scorer.STRICT:
                cause = f"{tier}:{cause}"
            out[cause] += 1
            if show is not None and (cause.startswith(show) or cause.split(":")[-1].startswith(show)):
                lo = max(doc.text.rfind("\n", 0, p["start"]), p["start"] - 300)
                hi = doc.text.find("\n", p["end"])
                hi = min(hi if hi >= 0 else len(doc.text), p["end"] + 200)
                print(f"--- {cause} {r['id'][:60]} gold={g['speaker']!r} pred={pred!r} cue={p.get('cue')!r}")
                print("    " + doc.text[lo:hi].replace("\n", " / "))
    return out


# The precision the confident attributions must reach on the training file: the quote index
# and actor pages should carry about one wrong speaker in twenty at most.
CONFIDENT_PRECISION = 0.95
WEIGHTS = ROOT / "generator" / "analyse" / "speaker_weights.json"


def fit(scorer, records: list[dict], docs: list) -> dict:
    """Fit the confidence weights and threshold; returns the JSON written to WEIGHTS."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rows: list[list[float]] = []
    labels: list[int] = []
    names: list[str] | None = None
    for r, doc in zip(records, docs):
        found = find_quotes(doc, list(doc._.digest_actors or ()), with_features=True)
        gold = r.get("quotes", [])
        pairs = scorer.match([scorer.words(g["quote"]) for g in gold], [scorer.words(q["text"]) for q in found], 0.5)
        for gi, pi in sorted(pairs):
            g, q = gold[gi], found[pi]
            if g["speaker_resolution"] not in scorer.RESOLVED or q.get("features") is None:
                continue
            names = names or sorted(q["features"])
            rows.append([q["features"][n] for n in names])
            labels.append(int(scorer.same_speaker(g["speaker"], q["speaker_name"])))
    x, y = np.array(rows), np.array(labels)
    model = LogisticRegression(C=1.0, max_iter=2000, random_state=0).fit(x, y)
    p = model.predict_proba(x)[:, 1]
    # the lowest threshold whose kept attributions reach the target precision
    # (among thresholds keeping at least a tenth of the quotes, so a handful of lucky top
    # scores cannot set it)
    threshold = 1.0
    for t in sorted(set(np.round(p, 3).tolist())):
        kept = p >= t
        if kept.sum() >= len(y) / 10 and y[kept].mean() >= CONFIDENT_PRECISION:
            threshold = float(t)
            break
    kept = p >= threshold
    # each rule's precision on the training file (the sieve view of the same data)
    hows = [n for n in names if n.startswith("how_")]
    per_rule = {}
    for n in hows:
        mask = x[:, names.index(n)] == 1
        if mask.any():
            per_rule[n[4:]] = {"quotes": int(mask.sum()), "precision": round(float(y[mask].mean()), 4)}
    return {
        "rule_precision": per_rule,
        "about": "speaker confidence, fitted by bench/fit_speakers.py fit on quotes_train.jsonl (see generator/analyse/confidence.py)",
        "features": names,
        "coefficients": [round(float(c), 6) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "threshold": threshold,
        "fitted_on": {"quotes": int(len(y)), "right": int(y.sum()), "confident": int(kept.sum()),
                      "confident_precision": round(float(y[kept].mean()), 4) if kept.any() else None, "target_precision": CONFIDENT_PRECISION},
    }


RANK_WEIGHTS = ROOT / "generator" / "analyse" / "speaker_rank.json"
# The thresholds tried for the ranking: the one with the best sum of speaker accuracies (named
# and all resolved) and quote F1 on the training file wins (a candidate under it leaves the
# quote to the continuation rules or unattributed, and a short phrase nobody said is no quote).
RANK_THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
# The inverse regularisation of the ranking: 10 selects best under 5-fold cross-validation by
# article on the training file (0.958 of named speakers among quotes with candidates, against
# 0.956 at C=1 and 0.952 for the order of collection).
RANK_C = 10.0


def rank_rows(scorer, records: list[dict], docs: list, ranker: dict) -> tuple[list[str], list[list[float]], list[int]]:
    """Every candidate speaker of every quote matched to an annotated, resolved one: features and
    whether the scorer's `same_speaker` finds it right, in file order."""
    rows: list[list[float]] = []
    labels: list[int] = []
    names: list[str] = []
    for r, doc in zip(records, docs):
        found = find_quotes(doc, list(doc._.digest_actors or ()), with_features=True, ranker=ranker)
        gold = r.get("quotes", [])
        pairs = scorer.match([scorer.words(g["quote"]) for g in gold], [scorer.words(q["text"]) for q in found], 0.5)
        for gi, pi in sorted(pairs):
            g, q = gold[gi], found[pi]
            if g["speaker_resolution"] not in scorer.RESOLVED:
                continue
            for name, feats in q.get("candidates", ()):
                names = names or sorted(feats)
                rows.append([feats[n] for n in names])
                labels.append(int(scorer.same_speaker(g["speaker"], name)))
    return names, rows, labels


def fit_rank(scorer, records: list[dict], docs: list) -> dict:
    """Fit the candidate ranking (speaker_rank.py); returns the JSON written to RANK_WEIGHTS.

    Two rounds: the candidates are first collected under their order of collection (the
    ranking decides earlier quotes, whose speakers later ones may follow), then again under
    the first fit, and the second fit is kept. Its threshold is the one of RANK_THRESHOLDS
    with the best `speaker_acc_all` on the training file."""
    import numpy as np
    from generator.analyse import speaker_rank
    from sklearn.linear_model import LogisticRegression

    ranker: dict = speaker_rank.ORDER
    model: dict = {}
    for _round in range(2):
        names, rows, labels = rank_rows(scorer, records, docs, ranker)
        x, y = np.array(rows), np.array(labels)
        lr = LogisticRegression(C=RANK_C, max_iter=5000, random_state=0).fit(x, y)
        model = {
            "about": "speaker candidate ranking, fitted by bench/fit_speakers.py rank on quotes_train.jsonl "
                     "(see generator/analyse/speaker_rank.py)",
            "features": names,
            "coefficients": [round(float(c), 6) for c in lr.coef_[0]],
            "intercept": round(float(lr.intercept_[0]), 6),
            "threshold": 0.0,
            "fitted_on": {"candidates": int(len(y)), "right": int(y.sum())},
        }
        ranker = model
    best = None
    for t in RANK_THRESHOLDS:
        trial = {**model, "threshold": t}
        figures = score(scorer, records, predict(docs, records, ranker=trial))
        print(json.dumps({"threshold": t, **{k: v for k, v in figures.items() if k != "pairs"}}), file=sys.stderr)
        key = (figures["speaker_acc_all"] + figures["speaker_acc_named"] + figures["quote_f1"], -t)
        if best is None or key > best[0]:
            best = (key, t)
    assert best is not None
    model["threshold"] = best[1]
    return model


def score(scorer, records: list[dict], preds: list[dict]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        pred_path, gold_path = Path(tmp) / "pred.jsonl", Path(tmp) / "gold.jsonl"
        pred_path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
        gold_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            scorer.main([str(pred_path), "--gold", str(gold_path)])
    result = json.loads(buf.getvalue())
    annotated = [(r, p) for r, p in zip(records, preds) if r.get("quotes") or r.get("unattributed_quoted_spans")]
    if annotated and len(annotated) < len(records):
        # bench/quotes.py's `quote_f1_annotated`: the articles whose gold lists a quoted span
        quote_f1_annotated = score(scorer, [r for r, _ in annotated], [p for _, p in annotated])["quote_f1"]
    else:
        quote_f1_annotated = result["quotes"]["f1"]
    return {
        "quote_f1": result["quotes"]["f1"],
        "quote_f1_annotated": quote_f1_annotated,
        "speaker_acc_named": result["speaker_accuracy"]["strict"],
        "speaker_acc_fullname": result["speaker_accuracy"]["full_name"],
        "speaker_acc_all": result["speaker_accuracy"]["resolved"],
        "e2e_f1": result["end_to_end"]["f1"],
        "pairs": result["speaker_pairs"],
    }


def main(argv: list[str] | None = None) -> int:
    import quotes as bench_quotes  # bench/quotes.py: the scorer loader and the error printer

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=["fit", "rank", "score", "causes"])
    ap.add_argument("--order", action="store_true", help="score: rank candidates by their order of collection")
    ap.add_argument("file", type=Path)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--out", type=Path, help="score: write the predictions here")
    ap.add_argument("--show", help="causes: print the text around each error whose cause starts so")
    ap.add_argument("--resolved", action="store_true",
                    help="causes: count the errors of every resolved tier (speaker_acc_all), not only the named ones")
    args = ap.parse_args(argv)
    scorer = bench_quotes.load_scorer()
    records = load_records(args.file, args.limit)
    docs = parsed_docs(args.file, args.limit)
    if args.command == "fit":
        weights = fit(scorer, records, docs)
        WEIGHTS.write_text(json.dumps(weights, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(json.dumps(weights["fitted_on"], sort_keys=True))
        print(json.dumps(weights["rule_precision"], sort_keys=True))
        return 0
    if args.command == "rank":
        model = fit_rank(scorer, records, docs)
        RANK_WEIGHTS.write_text(json.dumps(model, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(json.dumps({"threshold": model["threshold"], **model["fitted_on"]}, sort_keys=True))
        return 0
    if args.command == "causes":
        counts = causes(scorer, records, docs, args.show, resolved=args.resolved)
        for cause, n in counts.most_common():
            print(f"{n:5d}  {cause}")
        print(json.dumps({"errors": sum(counts.values())}))
        return 0
    from generator.analyse import speaker_rank

    preds = predict(docs, records, ranker=speaker_rank.ORDER if args.order else None)
    if args.out:
        args.out.write_text("".join(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n" for p in preds), encoding="utf-8")
    if args.errors:
        bench_quotes.print_errors(scorer, records, preds)
    print(json.dumps(score(scorer, records, preds), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
