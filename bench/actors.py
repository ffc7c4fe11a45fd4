"""Actors bench: people/organisation F1 and merge precision/recall, plus the seed's people and roles.

Usage: .venv/bin/python bench/actors.py FILE [--dev DEV_FILE] [--every N] [--seed-article TXT --seed-gold JSON]
       [--all-mentions] [--people-org-only] [--out DIR] [--show]

Tune on ../shared/eval/actors_train.jsonl and check on actors_dev.jsonl: `bench/actors.py
../shared/eval/actors_train.jsonl --dev ../shared/eval/actors_dev.jsonl` prints both, with
`train_dev_gap_*` (train minus dev) for F1 and the two merge figures.

FILE is JSON Lines shaped like ../shared/eval/actors_dev.jsonl ({"id", "text", ...} per
article). Each `text` goes through the real pipeline (the Analyser, as `digest build` runs
it) as an Article whose paragraphs are the text split on blank lines, so every mention maps
back to an offset in `text`. Predictions are written in the format score_actors.py documents
and scored by importing it from ../shared/eval; the seed article is scored with its --seed mode.
The last line printed is one flat JSON object holding the keys of both modes, and
`nested_impure` / `nested_fn_upper_bound`: how many impure merges and misses come only from
gold mentions nested in longer gold mentions (see `nested_counts`), so a figure can be read
against what the scorer's tie-break takes from it; and `role_precision`, `roles_given`,
`role_given_share` (see `role_counts`): the roles we give matched people, judged by the scorer's
own `role_right` against what GUM's longer mentions of them say besides the name.

By default only name mentions are submitted (pronoun and description mentions, which the
quotes stage uses, are left out: `--all-mentions` submits them too, to see what they cost).
`--show` prints, per article and on stderr, what the scorer counted against us: gold entities
missed (FN), predictions that overlap nothing (FP), predictions ignored because they overlap
only a place or an unnamed gold entity (ig), actors whose mentions belong to two gold entities
(IMPURE), gold entities whose names are spread over several actors (SPLIT) and roles no
description of the person supports (ROLE?). It reuses the
scorer's own `owner` and `overlaps`, so it explains the figures without computing new ones.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import scorers  # noqa: E402  (bench/scorers.py)
SHARED = scorers.SHARED
SEED_ARTICLE = SHARED / "samples" / "articles" / "2015-09-18-kerry-russia-syria.txt"
SEED_GOLD = SHARED / "samples" / "gold" / "2015-09-18-kerry-russia-syria.json"

sys.path.insert(0, str(ROOT))

from generator.analyse import Analyser  # noqa: E402
from generator.config import DEFAULT_MODELS  # noqa: E402
from generator.errors import InputError  # noqa: E402
from generator.ingest import ReadOptions, read_file  # noqa: E402
from generator.model import PARAGRAPH_SEPARATOR, Article, ArticleDigest, Paragraph  # noqa: E402


def load_scorer():
    return scorers.load_scorer("score_actors")


def article_of(row: dict) -> Article:
    """The row's text as an Article whose `text` is exactly the row's `text`."""
    parts = row["text"].split(PARAGRAPH_SEPARATOR)
    first = next((p for p in parts if p.strip()), row.get("id", ""))
    return Article(
        source=str(row["id"]),
        title=row.get("title") or first.strip()[:80],
        date=row.get("date"),
        paragraphs=tuple(Paragraph(index=i + 1, text=p) for i, p in enumerate(parts)),
    )


def predictions(digest: ArticleDigest, *, names_only: bool, kinds: tuple[str, ...] = ("person", "organization", "place")) -> list[dict]:
    """Actors in score_actors.py's format, offsets into the article's text."""
    starts, pos = {}, 0
    for p in digest.article.paragraphs:
        starts[p.index] = pos
        pos += len(p.text) + len(PARAGRAPH_SEPARATOR)
    out = []
    for actor in digest.actors:
        if actor.kind not in kinds:
            continue
        mentions = [
            {"start": starts[m.paragraph] + m.start, "end": starts[m.paragraph] + m.end}
            for m in actor.mentions
            if not names_only or m.kind == "name"
        ]
        out.append({"name": actor.name, "kind": actor.kind, "role": actor.role, "aliases": list(actor.aliases),
                    "mentions": mentions})
    return out


def matched(scorer, gold: list[dict], actors: list[dict]) -> tuple[list[list[int | None]], dict[int, int]]:
    """Each actor's mention owners, and the scorer's one-to-one matching repeated to name the
    pairs ({actor index: gold index}), with the scorer's own `owner`."""
    scored = {gi for gi, e in enumerate(gold) if e["type"] in scorer.PEOPLE_ORG and e.get("names")}
    owners = [[scorer.owner(m, gold) for m in a["mentions"]] for a in actors]
    pairs = sorted(((sum(o == gi for o in own), ai, gi) for ai, own in enumerate(owners) for gi in scored
                    if actors[ai]["kind"] in scorer.PEOPLE_ORG), reverse=True)
    out: dict[int, int] = {}
    for n, ai, gi in pairs:
        if n and ai not in out and gi not in out.values():
            out[ai] = gi
    return owners, out


def gold_roles(ent: dict, actor: dict) -> list[str]:
    """What the entity's longer mentions say besides the actor's name: where GUM spells out a
    role ("the Secretary of State", "Congresswoman Karen Bass" without "Karen Bass", "a
    Democratic strategist"). Pronouns and bare names say nothing."""
    name_words = {w.casefold() for n in [actor["name"], *actor.get("aliases", [])] for w in n.split()}
    out = []
    for m in ent["mentions"]:
        words = m["text"].split()
        rest = [w for w in words if w.casefold().removesuffix("'s").removesuffix("\u2019s") not in name_words]
        if len(words) >= 2 and rest:
            out.append(" ".join(rest))
    return out


def role_counts(scorer, rows: list[dict], preds: dict[str, list[dict]]) -> dict:
    """Roles on a GUM file, judged by the scorer's own `role_right` against what the gold entity's
    longer mentions say besides its name: role_precision, of the people we match and give a role
    where the gold describes them, the share whose role some description of theirs says; role_given, of the matched people with
    descriptions, the share we give any role (a description is often no role, so this is a floor
    on recall, not recall)."""
    given = right = described = with_role = 0
    for art in rows:
        gold = art["entities"]
        actors = preds.get(str(art["id"]), [])
        _owners, pairs = matched(scorer, gold, actors)
        for ai, gi in pairs.items():
            if actors[ai]["kind"] != "person":
                continue
            descriptions = gold_roles(gold[gi], actors[ai])
            role = actors[ai].get("role")
            described += bool(descriptions)
            with_role += bool(descriptions) and bool(role)
            if role and descriptions:  # a role is judged only where the gold describes the person
                given += 1
                right += any(scorer.role_right(d, role) for d in descriptions)
    return {"role_precision": round(right / given, 4) if given else 0.0, "roles_given": given,
            "role_given_share": round(with_role / described, 4) if described else 0.0}


def kind_counts(scorer, rows: list[dict], preds: dict[str, list[dict]]) -> dict:
    """Kinds on a GUM file: of the actors the scorer matches one-to-one with a gold person or
    organisation, the share whose kind is the gold entity's type. The scorer's F1 counts a person
    tagged organisation as found; a reader, the speaker resolution and the actor pages do not."""
    right = total = 0
    for art in rows:
        gold = art["entities"]
        actors = preds.get(str(art["id"]), [])
        _owners, pairs = matched(scorer, gold, actors)
        for ai, gi in pairs.items():
            total += 1
            right += actors[ai]["kind"] == gold[gi]["type"]
    return {"kind_accuracy": round(right / total, 4) if total else 0.0}


def show(scorer, rows: list[dict], preds: dict[str, list[dict]]) -> None:
    """Per-article error listing on stderr (see the module docstring); the figures stay the scorer's."""
    for art in rows:
        gold, text = art["entities"], art["text"]
        actors = preds.get(str(art["id"]), [])
        scored = {gi for gi, e in enumerate(gold) if e["type"] in scorer.PEOPLE_ORG and e.get("names")}
        owners, pairs = matched(scorer, gold, actors)
        used_a, used_g = set(pairs), set(pairs.values())
        for ai, gi in pairs.items():
            role = actors[ai].get("role")
            if role and actors[ai]["kind"] == "person" and gold_roles(gold[gi], actors[ai]) and not any(
                    scorer.role_right(d, role) for d in gold_roles(gold[gi], actors[ai])):
                print(f"  ROLE? {actors[ai]['name']!r} {role!r} vs {gold_roles(gold[gi], actors[ai])[:4]}", file=sys.stderr)
        lines = [f"  FN {gold[gi]['type']} {gold[gi]['name']!r} names={gold[gi]['names']}" for gi in sorted(scored - used_g)]
        for ai, a in enumerate(actors):
            if a["kind"] not in scorer.PEOPLE_ORG or ai in used_a:
                continue
            hit = sorted({f"{gold[o]['name']}/{gold[o]['type']}" for o in owners[ai] if o is not None})
            forms = sorted({text[m["start"]:m["end"]] for m in a["mentions"]})
            lines.append(f"  {'ig' if hit else 'FP'} {a['kind']} {a['name']!r} {forms if not hit else hit}")
        for a, own in zip(actors, owners):
            if len({o for o in own if o is not None}) > 1:
                detail = [(text[m["start"]:m["end"]], gold[o]["name"]) for m, o in zip(a["mentions"], own) if o is not None]
                lines.append(f"  IMPURE {a['kind']} {a['name']!r} {detail}")
        for gi in sorted(scored):
            names = {w.lower() for w in gold[gi]["names"]}
            named = [m for m in gold[gi]["mentions"] if m["text"].lower() in names]
            holders = {a["name"] for m in named for a in actors if any(scorer.overlaps(m, pm) for pm in a["mentions"])}
            if len(named) >= 2 and len(holders) != 1:
                lines.append(f"  SPLIT {gold[gi]['name']!r} {[m['text'] for m in named]} held by {sorted(holders)}")
        print(f"== {art['id']}", *lines, sep="\n", file=sys.stderr)


# The figures whose train - dev difference the last line reports with --dev.
GAP_KEYS = ("people_org_f1", "merge_precision", "merge_recall")


def score_file(scorer, analyser: Analyser, path: Path, *, names_only: bool = True,
               kinds: tuple[str, ...] = ("person", "organization", "place"), every: int = 1,
               show_errors: bool = False) -> tuple[dict, dict[str, list[dict]]]:
    """The scorer's figures on one GUM-format file (every `every`-th article), and the predictions."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()][::every]
    digests = run(analyser, [article_of(r) for r in rows])
    for row, digest in zip(rows, digests, strict=True):
        assert digest.article.text == row["text"], "paragraph split must reproduce the text exactly"
    preds = {str(r["id"]): predictions(d, names_only=names_only, kinds=kinds) for r, d in zip(rows, digests, strict=True)}
    if show_errors:
        show(scorer, rows, preds)
    return {**scorer.score_gum(rows, preds), **nested_counts(scorer, rows, preds), **role_counts(scorer, rows, preds),
            **kind_counts(scorer, rows, preds)}, preds


def nested_counts(scorer, rows: list[dict], preds: dict[str, list[dict]]) -> dict:
    """How much of the scorer's count comes from gold mentions nested in other gold mentions.

    GUM nests names in descriptions ("a friend of Alexander Hamilton" is a mention of the
    biography's subject), and the scorer gives a predicted mention to the gold entity whose
    mention overlaps it most, the first listed on a tie: our "Alexander Hamilton" then belongs to
    the subject. This counts, with the scorer's own `owner` and `overlaps` (no new metric):
    - nested_impure: actors counted impure only because a mention lies inside a longer gold
      mention of another entity;
    - nested_fn: gold entities missed although one of our actors holds one of their name
      mentions exactly, because that mention lies inside a longer mention of another entity.
    """
    impure = fn = 0
    for art in rows:
        gold = art["entities"]
        actors = [a for a in preds.get(str(art["id"]), []) if a["kind"] in scorer.PEOPLE_ORG or a["kind"] == "place"]
        for a in actors:
            owners = [scorer.owner(m, gold) for m in a["mentions"]]
            hit = [o for o in owners if o is not None]
            if len(set(hit)) < 2:
                continue
            top = max(set(hit), key=lambda o: (hit.count(o), -o))
            inside = all(o in (None, top) or any((gm["end"] - gm["start"]) > (m["end"] - m["start"])
                                                 for gm in gold[o]["mentions"] if scorer.overlaps(m, gm))
                         for m, o in zip(a["mentions"], owners))
            impure += inside
        held = {(m["start"], m["end"]) for a in actors for m in a["mentions"]}
        for gi, ent in enumerate(gold):
            if ent["type"] not in scorer.PEOPLE_ORG or not ent.get("names"):
                continue
            exact = [m for m in ent["mentions"] if (m["start"], m["end"]) in held]
            if exact and all(scorer.owner(m, gold) != gi for m in exact):
                fn += 1
    return {"nested_impure": impure, "nested_fn_upper_bound": fn}


def run(analyser: Analyser, articles: list[Article]) -> list[ArticleDigest]:
    digests = []
    for result in analyser.run(articles):
        if isinstance(result, InputError):
            sys.exit(f"error: {result}")
        digests.append(result)
    return digests


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", type=Path, help="JSON Lines shaped like actors_dev.jsonl")
    ap.add_argument("--seed-article", type=Path, default=SEED_ARTICLE)
    ap.add_argument("--seed-gold", type=Path, default=SEED_GOLD)
    ap.add_argument("--all-mentions", action="store_true", help="also submit pronoun and description mentions")
    ap.add_argument("--out", type=Path, help="keep the prediction files in this folder")
    ap.add_argument("--people-org-only", action="store_true",
                    help="submit no places (a place inside a gold person's longer mention, \"Texas student Ahmed Mohamed\", "
                         "otherwise counts against merge precision)")
    ap.add_argument("--show", action="store_true", help="list each article's misses, false alarms and impure merges on stderr")
    ap.add_argument("--dev", type=Path, help="also score this file (the dev file) and add dev_* keys and train_dev_gap_*")
    ap.add_argument("--every", type=int, default=1, help="score every N-th article of FILE only (the test suite's fixed slice)")
    args = ap.parse_args(argv)
    scorer = load_scorer()
    names_only = not args.all_mentions
    kinds = ("person", "organization") if args.people_org_only else ("person", "organization", "place")

    analyser = Analyser(DEFAULT_MODELS)
    t0 = time.perf_counter()
    result, preds = score_file(scorer, analyser, args.file, names_only=names_only, kinds=kinds, every=args.every, show_errors=args.show)
    seconds = time.perf_counter() - t0
    if args.dev:
        dev, _ = score_file(scorer, analyser, args.dev, names_only=names_only, kinds=kinds)
        result.update({f"dev_{k}": v for k, v in dev.items()})
        for key in GAP_KEYS:
            result[f"train_dev_gap_{key}"] = round(result[key] - dev[key], 4)

    if args.seed_article.is_file() and args.seed_gold.is_file():
        [seed] = read_file(args.seed_article, ReadOptions())
        [seed_digest] = run(analyser, [seed])
        gold = json.loads(args.seed_gold.read_text(encoding="utf-8"))
        result.update(scorer.score_seed(gold, predictions(seed_digest, names_only=names_only)))
        preds["seed"] = predictions(seed_digest, names_only=names_only)
    else:
        print(f"warning: seed not found ({args.seed_article}, {args.seed_gold}); seed keys left out", file=sys.stderr)

    out_dir = args.out or Path(tempfile.mkdtemp(prefix="bench-actors-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "predictions.jsonl").open("w", encoding="utf-8") as fh:
        for key, actors in preds.items():
            fh.write(json.dumps({"id": key, "actors": actors}, ensure_ascii=False, sort_keys=True) + "\n")
    result["articles"] = len(preds) - ("seed" in preds)
    result["mentions_submitted"] = "all" if args.all_mentions else "names"
    result["kinds_submitted"] = ",".join(kinds)
    result["seconds_analyse"] = round(seconds, 2)  # noisy: shared machine
    print(f"predictions: {out_dir / 'predictions.jsonl'}", file=sys.stderr)
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
