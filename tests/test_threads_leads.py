"""Story threads: who leads a thread (the repair's `top_share`), how close two threads' articles are
one by one (its average linkage), and how a small fragment is read again (its rejoin), on real ECB+ text
through the real analysis and on small hand-made threads."""

from __future__ import annotations


import pytest

from conftest import SHARED, ecb_article, ecb_rows
from generator.threads import Threader, Weights, article_features, load_weights
from generator.threads import repair
from generator.threads.cluster import CHANNELS
from generator.threads.repair import (MERGE_FEATURES, REJOIN_ARTICLES, Group, _merged, merge_features, rejoin_fragments,
                                      rejoin_settled, top_share)

ECB = SHARED / "eval" / "threads_dev.jsonl"


def _group(people: dict[str, float]) -> Group:
    sums = ({"arrest": 1.0}, people, {}, {"arrest": 1.0}, {}, {})
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
    sums = ({"earthquake": 1.0}, {}, places, {"earthquake": 1.0}, {}, {})
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
    want = ("ecbplus/35_2ecb", "ecbplus/35_6ecb", "ecbplus/35_4ecbplus", "ecbplus/35_5ecbplus")
    rows = ecb_rows(want)
    arts = [ecb_article(rows[i]) for i in want]
    return {d.article.source: article_features(d) for d in analyser.run(arts)}


def _thread(*feats) -> Group:
    sums = tuple({} for _ in CHANNELS)
    for f in feats:
        for s, bag in zip(sums, f.bags):
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


def _articles(*vectors: dict[str, float]) -> Group:
    """A thread of articles whose word vectors are `vectors`, each scaled to unit length as the pass
    weighs them (threads/cluster.py `_normed`)."""
    units = [{k: x / sum(v * v for v in vec.values()) ** 0.5 for k, x in vec.items()} for vec in vectors]
    words: dict[str, float] = {}
    for u in units:
        for k, x in u.items():
            words[k] = words.get(k, 0.0) + x
    sums = (words, {}, {}, dict(words), {}, {})
    return Group(members=list(range(len(units))), sums=sums, norms2=[sum(x * x for x in s.values()) for s in sums],
                 vectors=len(units))


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(x * b.get(k, 0.0) for k, x in a.items())
    return dot / (sum(x * x for x in a.values()) * sum(x * x for x in b.values())) ** 0.5


@pytest.mark.parametrize("a, b", [
    # two fragments of one story: every article of one close to every article of the other
    ([{"climber": 2.0, "fall": 1.0, "ridge": 1.0}, {"climber": 1.0, "ridge": 2.0}], [{"climber": 1.0, "fall": 2.0}]),
    # a fragment against a story that has moved on: one article close, two far
    ([{"quake": 2.0, "korvan": 1.0}], [{"quake": 1.0, "korvan": 1.0}, {"tsunami": 2.0, "bay": 1.0},
                                       {"aid": 1.0, "donors": 2.0}]),
    # nothing shared
    ([{"rehab": 1.0}], [{"quake": 1.0}, {"tsunami": 1.0}]),
])
def test_linkage_is_the_mean_cosine_of_each_article_of_one_thread_with_each_of_the_other(a, b):
    x = dict(zip(MERGE_FEATURES, merge_features(_articles(*a), _articles(*b))))
    mean = sum(_cos(u, v) for u in a for v in b) / (len(a) * len(b))
    assert x["text_mean"] == pytest.approx(mean)
    assert x["lead_mean"] == pytest.approx(mean)
    assert x["names_mean"] == 0.0  # no people or places


def test_linkage_counts_a_wire_copy_as_no_article():
    """A wire copy joins its original's thread without a vector (`Threader.add`): the mean is over
    the articles whose vectors the sums hold, not over the thread's members."""
    one = _articles({"quake": 1.0})
    copied = Group(members=[0, 1], sums=one.sums, norms2=one.norms2, vectors=1)
    other = _articles({"quake": 1.0, "korvan": 1.0})
    x = dict(zip(MERGE_FEATURES, merge_features(copied, other)))
    assert x["text_mean"] == pytest.approx(_cos({"quake": 1.0}, {"quake": 1.0, "korvan": 1.0}))


def test_linkage_on_ecb_text_keeps_one_arrest_together_and_two_apart(arrests):
    """Through the real pass: four articles of two players' arrests (ECB+ topic 35), each its own
    thread. The linkage of a thread of one arrest with the other article of that arrest is higher than
    with the other arrest's articles, and a merged thread's linkage is the mean of its articles'."""
    threader = Threader(Weights())
    order = ("ecbplus/35_2ecb", "ecbplus/35_6ecb", "ecbplus/35_4ecbplus", "ecbplus/35_5ecbplus")
    for t, i in enumerate(order):
        threader.add(arrests[i], into=t)
    g = threader.pass_groups()
    mean = {(i, j): dict(zip(MERGE_FEATURES, merge_features(g[i], g[j])))["text_mean"]
            for i in range(4) for j in range(4) if i != j}
    assert mean[(0, 1)] > max(mean[(0, 2)], mean[(0, 3)])
    assert mean[(2, 3)] > max(mean[(2, 0)], mean[(2, 1)])
    jackson = _merged(g[0], g[1])
    both = dict(zip(MERGE_FEATURES, merge_features(jackson, g[2])))["text_mean"]
    assert both == pytest.approx((mean[(0, 2)] + mean[(1, 2)]) / 2)


def _story(n: int, words: dict[str, float], first: int) -> Group:
    """A thread of `n` articles (members first..first+n-1) whose summed words are `words`."""
    sums = (dict(words), {}, {}, dict(words), {}, {})
    return Group(members=list(range(first, first + n)), sums=sums, norms2=[sum(x * x for x in s.values()) for s in sums],
                 vectors=n)


@pytest.mark.parametrize("fragment, p, joins", [
    # one article: it joins the more probable of the two larger threads
    (1, {"korvan": 0.8, "tessaly": 0.6}, "korvan"),
    # ties go to the older thread
    (2, {"korvan": 0.7, "tessaly": 0.7}, "korvan"),
    # below the pass's threshold against both: it stays apart
    (1, {"korvan": 0.3, "tessaly": 0.2}, None),
    # a fragment past REJOIN_ARTICLES is left to the merges
    (REJOIN_ARTICLES + 1, {"korvan": 0.9, "tessaly": 0.9}, None),
])
def test_rejoin_puts_a_small_fragment_in_its_most_probable_larger_thread(fragment, p, joins):
    korvan = _story(6, {"quake": 2.0, "korvan": 2.0}, 0)
    tessaly = _story(5, {"quake": 2.0, "tessaly": 2.0}, 6)
    frag = _story(fragment, {"quake": 1.0, "korvan": 0.5, "tessaly": 0.5}, 11)
    names = {id(korvan): "korvan", id(tessaly): "tessaly"}
    asked = []

    def probability(f: Group, t: Group) -> float:
        asked.append((f.members, names.get(id(t))))
        return p[names[id(t)]]

    out = rejoin_fragments([korvan, tessaly, frag], probability, 0.5)
    member_sets = [g.members for g in out]
    if joins is None:
        assert frag.members in member_sets and len(out) == 3
    else:
        story = {"korvan": korvan, "tessaly": tessaly}[joins]
        assert sorted(story.members + frag.members) in member_sets and len(out) == 2
    assert all(f == frag.members for f, _t in asked)  # only the fragment is read again, never a larger thread


@pytest.mark.parametrize("older, newer, read", [
    # two halves of one story as large as each other: the newer is read against the older, never the other way
    (2, 2, [("newer", "older")]),
    (1, 1, [("newer", "older")]),
    # a fragment is read against a larger thread, older or newer, and a thread never against a smaller one
    (3, 2, [("newer", "older")]),
    (2, 3, [("older", "newer")]),
    # past REJOIN_ARTICLES both are left to the merges
    (REJOIN_ARTICLES + 1, REJOIN_ARTICLES + 1, []),
])
def test_rejoin_reads_a_fragment_against_a_larger_thread_or_an_older_one_as_large(older, newer, read):
    first = _story(older, {"quake": 1.0}, 0)
    second = _story(newer, {"quake": 1.0}, older)
    names = {id(first): "older", id(second): "newer"}
    asked = []

    def probability(f: Group, t: Group) -> float:
        asked.append((names[id(f)], names[id(t)]))
        return 1.0

    out = rejoin_fragments([first, second], probability, 0.5)
    assert asked == read
    assert [g.members for g in out] == ([list(range(older + newer))] if read else [first.members, second.members])


@pytest.mark.parametrize("sweeps, threads, ran", [(1, 2, 1), (2, 1, 2), (4, 1, 3)])
def test_rejoin_settled_takes_a_story_in_three_pieces_in_two_sweeps(monkeypatch, sweeps, threads, ran):
    """Pieces of 2, 2 and 3 articles of one story: the second piece would join the first, and the first the
    third; a fragment whose thread moves stays where it is, so the second piece joins what the first made in
    the next sweep, and a sweep that joins nothing ends it."""
    first, second, third = _story(2, {"quake": 1.0}, 0), _story(2, {"quake": 1.0}, 2), _story(3, {"quake": 1.0}, 4)
    wants = {((2, 3), (0, 1)): 0.9, ((0, 1), (4, 5, 6)): 0.9, ((2, 3), (0, 1, 4, 5, 6)): 0.9}
    runs = []

    def sweep(groups, probability, threshold):
        runs.append(len(groups))
        return rejoin_fragments(groups, probability, threshold)

    monkeypatch.setattr(repair, "rejoin_fragments", sweep)
    out = rejoin_settled([first, second, third], lambda f, t: wants.get((tuple(f.members), tuple(t.members)), 0.1),
                         0.5, sweeps=sweeps)
    assert len(out) == threads
    assert runs == [3, 2, 1][:ran]


def test_rejoin_scorer_reads_a_pair_once_across_sweeps_and_each_group_as_itself(arrests):
    """The scorer kept across `rejoin_settled`'s sweeps gives the probability it gave the first time for a pair,
    and a group made after others were dropped is read as itself, not as a dropped group of the same id."""
    threader = Threader(load_weights())
    for k, i in enumerate(("ecbplus/35_2ecb", "ecbplus/35_6ecb", "ecbplus/35_4ecbplus")):
        threader.add(arrests[i], into=k)
    a, b, c = threader.pass_groups()
    score = threader.rejoin_scorer()
    first = score(c, a)
    assert score(c, a) == first == threader.rejoin_probability(c, a)
    for k in range(50):  # groups made and dropped, two kinds in turn: none may take a kept group's place
        made = _merged(a, b) if k % 2 else _merged(b, b)
        assert score(c, made) == threader.rejoin_probability(c, made)
        del made


@pytest.mark.parametrize("halves", [("ecbplus/35_2ecb", "ecbplus/35_6ecb"), ("ecbplus/35_4ecbplus", "ecbplus/35_5ecbplus")])
def test_rejoin_takes_the_newer_of_two_one_article_halves_of_an_arrest_into_the_older_on_ecb_text(arrests, halves):
    """Through the real analysis and the committed weights: one arrest's two articles, each in a thread of
    its own (neither larger), come together, the newer into the older, as the pass reads the newer article
    against the older's thread."""
    threader = Threader(load_weights())
    threader.add(arrests[halves[0]], into=0)
    seen: list = []
    threader.add(arrests[halves[1]], into=1, seen=seen)
    assert [t for t, _x in seen] == [0] and threader.probability(seen[0][1]) >= threader.weights.threshold
    out = rejoin_settled(threader.pass_groups(), threader.rejoin_scorer(), threader.weights.threshold)
    assert [g.members for g in out] == [[0, 1]]
