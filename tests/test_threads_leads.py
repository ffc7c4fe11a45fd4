"""Story threads: who leads a thread (the repair's `top_share`), on real ECB+ text through the real
analysis and on small hand-made threads."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED
from generator.model import Article, Paragraph
from generator.threads import article_features
from generator.threads.repair import MERGE_FEATURES, Group, merge_features, top_share

ECB = SHARED / "eval" / "threads_dev.jsonl"


def _group(people: dict[str, float]) -> Group:
    sums = ({"arrest": 1.0}, people, {}, {"arrest": 1.0}, {})
    return Group(members=[0], sums=sums, norms2=[sum(x * x for x in s.values()) for s in sums])


@pytest.mark.parametrize("a, b, low, high", [
    # one story: both threads led by the same player
    ({"jackson": 3.0, "vincent jackson": 2.0, "chargers": 1.0}, {"jackson": 2.5, "vincent jackson": 2.0, "dui": 1.0}, 0.99, 1.0),
    # one story, the leader second in the other by a little: still most of the lead
    ({"jackson": 3.0, "chargers": 2.5}, {"chargers": 3.0, "jackson": 2.8}, 0.8, 1.0),
    # two arrests of one team's players: each names the other player in passing
    ({"williams": 4.0, "jackson": 0.5, "chargers": 2.0}, {"jackson": 4.0, "chargers": 2.0}, 0.0, 0.2),
    # the other's leader not named at all
    ({"brandt": 2.0}, {"archer": 2.0}, 0.0, 0.0),
])
def test_top_share_is_how_far_each_threads_leader_leads_the_other(a, b, low, high):
    x = dict(zip(MERGE_FEATURES, merge_features(_group(a), _group(b))))
    assert low <= x["top_share"] <= high
    assert x["top_share"] == pytest.approx(dict(zip(MERGE_FEATURES, merge_features(_group(b), _group(a))))["top_share"])


def _placed(places: dict[str, float]) -> Group:
    sums = ({"earthquake": 1.0}, {}, places, {"earthquake": 1.0}, {})
    return Group(members=[0], sums=sums, norms2=[sum(x * x for x in s.values()) for s in sums])


@pytest.mark.parametrize("a, b, low, high", [
    # one quake: both threads are told from the same town
    ({"korvan": 3.0, "marrow province": 1.0}, {"korvan": 2.0, "aftershock valley": 1.0}, 0.99, 1.0),
    # two quakes of one country: the country is named by both, each is led by its own town
    ({"korvan": 3.0, "tessaly": 1.0}, {"palmira bay": 3.0, "tessaly": 1.0}, 0.0, 0.0),
    # the other's town named once in passing ("a smaller quake than Korvan's")
    ({"palmira bay": 4.0, "korvan": 0.5}, {"korvan": 3.0}, 0.0, 0.2),
])
def test_place_share_is_how_far_each_threads_leading_place_leads_the_other(a, b, low, high):
    x = dict(zip(MERGE_FEATURES, merge_features(_placed(a), _placed(b))))
    assert low <= x["place_share"] <= high
    assert x["top_share"] == 0.0  # no people


def test_top_share_is_zero_when_a_thread_names_no_one():
    assert top_share({}, {"archer": 1.0}, None, "archer") == 0.0


@pytest.fixture(scope="module")
def arrests(analyser):
    """Two articles of each of two drink-driving arrests of one team's players (ECB+ topic 35)."""
    if not ECB.is_file():
        pytest.skip(f"the ECB+ threads file is not here ({ECB})")
    want = ("ecbplus/35_2ecb", "ecbplus/35_6ecb", "ecbplus/35_4ecbplus", "ecbplus/35_5ecbplus")
    rows = {r["id"]: r for r in map(json.loads, ECB.read_text(encoding="utf-8").splitlines()) if r["id"] in want}
    arts = []
    for i in want:
        paras = [p for p in rows[i]["text"].split("\n") if p.strip()]
        arts.append(Article(source=i, title=paras[0][:80],
                            paragraphs=tuple(Paragraph(index=k, text=t) for k, t in enumerate(paras, 1))))
    return {d.article.source: article_features(d) for d in analyser.run(arts)}


def _thread(*feats) -> Group:
    sums = tuple({} for _ in range(5))
    for f in feats:
        for s, bag in zip(sums, (f.terms, f.people, f.places, f.lead, f.numbers)):
            for k, x in bag.items():
                s[k] = s.get(k, 0.0) + x
    return Group(members=list(range(len(feats))), sums=sums, norms2=[sum(x * x for x in s.values()) for s in sums])


def test_top_share_tells_two_players_arrests_apart_on_ecb_text(arrests):
    jackson = _thread(arrests["ecbplus/35_2ecb"], arrests["ecbplus/35_6ecb"])
    williams = _thread(arrests["ecbplus/35_4ecbplus"], arrests["ecbplus/35_5ecbplus"])
    apart = dict(zip(MERGE_FEATURES, merge_features(jackson, williams)))
    assert apart["top_share"] < 0.5
    assert apart["people"] > 0.2  # the channels alone see much in common: Jackson is named in both
    one = dict(zip(MERGE_FEATURES, merge_features(_thread(arrests["ecbplus/35_2ecb"]), _thread(arrests["ecbplus/35_6ecb"]))))
    two = dict(zip(MERGE_FEATURES, merge_features(_thread(arrests["ecbplus/35_4ecbplus"]),
                                                  _thread(arrests["ecbplus/35_5ecbplus"]))))
    assert one["top_share"] > 0.5 and two["top_share"] > 0.5
