"""The threads stage's fast paths give exactly what the slower reference gives, on real ECB+ text.

Each fast path here replaces an algorithm: datasketch's MinHash permutations and LSH banding
(computed here without importing datasketch and scipy), the numpy weighing of long bags, the
repair's dot product over shared keys only. Each is compared, float for float, with the reference
it replaced, on the articles of ../shared/eval/threads_dev.jsonl (ECB+, CC BY 3.0).
"""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from collections import Counter

import numpy as np
import pytest

from conftest import SHARED
from generator.threads import Threader, load_weights
from generator.threads import cluster, repair
from generator.threads.features import NUM_PERM, SHINGLE_WORDS, ArticleFeatures, minhash, numbers, sublinear, words

ECB = SHARED / "eval" / "threads_dev.jsonl"


@pytest.fixture(scope="module")
def texts() -> list[tuple[str, str]]:
    if not ECB.is_file():
        pytest.skip(f"the ECB+ threads file is not here ({ECB}); run inside the workplace with ../shared")
    rows = [json.loads(line) for line in ECB.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(str(r["id"]), r["text"]) for r in rows]


def _light_copy(text: str, r: int, every: int) -> str:
    """One word in `every` changed, as another outlet's edit of a wire story."""
    ws = text.split(" ")
    return " ".join(w + f"r{r}" if k % every == r else w for k, w in enumerate(ws))


def _features(i: str, text: str) -> ArticleFeatures:
    """Features from the text alone (no analysis: the words, lead and numbers channels carry the pass)."""
    paras = [p for p in text.split("\n") if p.strip()]
    lead = words("\n".join(paras[:3]))
    return ArticleFeatures(id=i, title=paras[0] if paras else "", date=None, outlet=None,
                           terms=sublinear(Counter(words(text))), people={}, places={},
                           lead=sublinear(Counter(lead)), minhash=minhash(words(text)), numbers=numbers(text))


def datasketch_minhash(tokens: list[str]) -> np.ndarray:
    """The reference: each 5-shingle's hash (a polynomial of its words' CRC-32s, in Python's integers
    modulo 2^32), fed to datasketch's own MinHash ("affine32")."""
    from datasketch import MinHash

    crc = np.array([zlib.crc32(t.encode()) for t in tokens], dtype=np.uint64)
    n = len(tokens) - SHINGLE_WORDS + 1
    acc = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE_WORDS):
        acc = (acc * np.uint64(1_000_003) + crc[k:k + n]) & np.uint64(0xFFFFFFFF)
    reference = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=int, scheme="affine32")
    reference.update_batch(acc.tolist())
    return reference.hashvalues


def test_minhash_values_are_datasketchs_on_ecb_text(texts):
    for _i, text in texts[::10]:
        tokens = words(text)
        ours = minhash(tokens)
        if len(tokens) < SHINGLE_WORDS:
            assert ours is None
            continue
        assert ours is not None and np.array_equal(np.frombuffer(ours, dtype=np.uint32), datasketch_minhash(tokens))


def test_lsh_bands_are_the_ones_datasketch_chooses():
    from datasketch.lsh import _optimal_param

    for threshold in [k / 100 for k in range(5, 100, 3)] + [load_weights().duplicate_jaccard]:
        for num_perm in (NUM_PERM, 32, 128):
            assert cluster.lsh_bands(threshold, num_perm) == _optimal_param(threshold, num_perm, 0.5, 0.5), (threshold, num_perm)


def test_the_bands_find_the_copies_datasketchs_lsh_finds_in_ecb_text(texts):
    from datasketch import LeanMinHash, MinHashLSH

    docs = [text for _i, text in texts[:150]]
    docs += [_light_copy(text, r, every) for r, every in ((3, 40), (17, 150)) for text in docs[:40]]  # copies, some found
    threshold = load_weights().duplicate_jaccard
    lsh, bands = MinHashLSH(threshold=threshold, num_perm=NUM_PERM), cluster._Bands(threshold, NUM_PERM)
    found = 0
    for i, text in enumerate(docs):
        m = minhash(words(text))
        if m is None:
            continue
        reference = LeanMinHash(seed=1, hashvalues=np.frombuffer(m, dtype=np.uint32), scheme="affine32")
        theirs = lsh.query(reference)
        lsh.insert(i, reference)
        ours = bands.first_sharing(i, m)
        assert ours == (min(theirs) if theirs else None)
        found += ours is not None
    assert found >= 15  # the light copies are found, so the comparison covers hits as well as misses


def _run(feats: list[ArticleFeatures]) -> tuple[Threader, list]:
    threader = Threader(load_weights())
    for f in feats:
        threader.add(f)
    return threader, threader.groups()


def _reference_dot(a: dict[str, float], b: dict[str, float]) -> float:
    """The repair's dot product as it was: every key of the shorter, zero products included."""
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(x * get(k, 0.0) for k, x in a.items())


def test_the_pass_and_repair_equal_the_plain_python_reference_on_ecb_text(texts, monkeypatch):
    feats = [_features(i, text) for i, text in texts]
    fast, fast_groups = _run(feats)
    assert any(len(f.terms) > cluster.NUMPY_KEYS for f in feats)  # the numpy weighing is exercised
    monkeypatch.setattr(cluster, "NUMPY_KEYS", 10**9)  # every bag weighed in plain Python
    monkeypatch.setattr(repair, "_dot", _reference_dot)
    slow, slow_groups = _run(feats)
    assert fast.thread_of == slow.thread_of and fast.copy_of == slow.copy_of
    assert [th.norms2 for th in fast.threads] == [th.norms2 for th in slow.threads]  # the same floats
    assert [th.sums for th in fast.threads] == [th.sums for th in slow.threads]
    assert [g.members for g in fast_groups] == [g.members for g in slow_groups]
    assert [g.norms2 for g in fast_groups] == [g.norms2 for g in slow_groups]
    assert fast.repair_scored == slow.repair_scored  # every candidate pair of the repair, the same probability
    assert len(fast.repair_scored) > len(feats) // 2 and len(fast.threads) < len(feats) // 2


def test_a_posting_keeps_the_most_recently_extended_threads(monkeypatch):
    monkeypatch.setattr(cluster, "POSTING_CAP", 2)
    threader = Threader(load_weights())
    for t in range(3):
        threader.threads.append(cluster._Thread())
    vec: tuple[dict[str, float], ...] = ({}, {}, {}, {}, {}, {})
    f = ArticleFeatures(id="x", title="", date=None, outlet=None, terms={}, people={}, places={}, lead={}, minhash=None)
    for t in (0, 1, 0, 2):
        threader._join(t, len(threader.thread_of), f, vec, ["t:quake"])
    assert list(threader.index["t:quake"]) == [0, 2]  # 1, extended longest ago, dropped; 0 moved behind 1
    state = Threader.from_bytes(threader.to_bytes())
    assert list(state.index["t:quake"]) == [0, 2]


def test_a_fresh_process_threading_imports_neither_scipy_nor_datasketch():
    code = "import sys, generator.threads; print(sorted(m for m in ('scipy', 'datasketch', 'sklearn') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("k", [2, 3, 21])
def test_the_fit_holds_out_whole_ecb_topics_each_once(k):
    """bench/fit_threads.py's by-topic figures (--cv, --grid, --select by-topic) hold out whole topics:
    no held-out topic has an article among the fitting ones, and every article is held out once."""
    if not ECB.is_file():
        pytest.skip(f"the ECB+ threads file is not here ({ECB})")
    from conftest import load_bench

    fit_threads = load_bench("fit_threads")
    rows = [json.loads(line) for line in ECB.read_text(encoding="utf-8").splitlines() if line.strip()]
    feats = [ArticleFeatures(id=str(r["id"]), title="", date=None, outlet=None, terms={}, people={}, places={},
                             lead={}, minhash=None) for r in rows]
    topic = {str(r["id"]): str(r["topic"]) for r in rows}
    held_out: Counter[str] = Counter()
    for fitting, held in fit_threads.topic_folds(feats, topic, k):
        assert held and fitting
        assert not {topic[f.id] for f in fitting} & {topic[f.id] for f in held}
        assert len(fitting) + len(held) == len(feats)
        held_out.update(f.id for f in held)
    assert set(held_out) == set(topic) and set(held_out.values()) == {1}
