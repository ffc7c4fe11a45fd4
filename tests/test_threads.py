"""Story threads (generator/threads) on articles written for these tests, through the real analysis."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from generator.model import Article, Paragraph
from generator.threads import MergeWeights, Threader, article_features, load_weights, order_key, run_threads, threads_of
from generator.threads.cluster import FEATURES, _years
from generator.threads.features import NUM_PERM, SHINGLE_WORDS, minhash, numbers, words
from generator.threads.repair import MERGE_FEATURES, Group, marks, merge_features
from generator.threads.novelty import novelty, sentences

NEW_FACT = "Her mother, Ellen Velden, said the family had urged her for months to seek help."

VELDEN_1 = [
    "Singer Mara Velden has checked into the Cliffside Recovery Center in Malibu, her publicist Tom Harker said on Monday.",
    "Velden, 29, entered the facility voluntarily after finishing her European tour, Harker said.",
    "\u201cShe is grateful for the support of her fans and asks for privacy,\u201d Harker told reporters.",
]
VELDEN_2 = [
    "Pop singer Mara Velden entered the Cliffside Recovery Center in Malibu this week, according to her publicist.",
    "Tom Harker said the 29-year-old singer sought treatment at the rehab center on her own.",
    "Her record label, Northlight Music, postponed the release of her third album.",
]
BRILL_1 = [
    "Actor Jonah Brill has checked into the Harborview Clinic in Scottsdale, Arizona, his manager Dana Pruitt said on Friday.",
    "Brill, 41, sought treatment after his arrest in Phoenix last month, Pruitt said.",
    "\u201cJonah is taking this seriously and thanks everyone for their kindness,\u201d Pruitt said.",
]
BRILL_2 = [
    "Jonah Brill, the star of the police drama Night Desk, entered the Harborview Clinic in Scottsdale this week.",
    "His manager Dana Pruitt said Brill checked himself in after his arrest in Phoenix.",
    "The network said filming of Night Desk would go on without him for now.",
]


# Two earthquakes: one kind of event, told in the same words, apart in place, magnitude, toll and people.
QUAKE_A_1 = [
    "A magnitude 6.1 earthquake struck near the town of Korvan on Tuesday, killing 14 people, officials said.",
    "The quake hit at 4:12 a.m. at a depth of 10 kilometres, the national seismic institute said.",
    "Regional governor Ilse Marrow said 230 homes were damaged and rescue teams were searching the rubble.",
]
QUAKE_A_2 = [
    "Rescuers in Korvan pulled survivors from collapsed homes after Tuesday's 6.1 magnitude earthquake.",
    "Governor Ilse Marrow said the death toll had risen to 14 and that 230 houses were damaged.",
    "Aftershocks shook the town through the day, the seismic institute said.",
]
QUAKE_B_1 = [
    "A magnitude 7.3 earthquake struck off the coast of Palmira Bay on Sunday, killing 52 people, officials said.",
    "The quake hit at 9:40 p.m. at a depth of 35 kilometres, the national seismic institute said.",
    "Mayor Tobias Wren said 1,800 homes were damaged and rescue teams were searching the rubble.",
]
QUAKE_B_2 = [
    "Rescuers in Palmira Bay pulled survivors from collapsed homes after Sunday's 7.3 magnitude earthquake.",
    "Mayor Tobias Wren said the death toll had risen to 52 and that 1,800 houses were damaged.",
    "A tsunami warning for the bay was lifted after two hours, the seismic institute said.",
]


def article(source: str, title: str, paras: list[str]) -> Article:
    return Article(source=source, title=title, paragraphs=tuple(Paragraph(index=i, text=t) for i, t in enumerate(paras, 1)))


@pytest.fixture(scope="module")
def digests(analyser):
    arts = [
        article("a-velden-1", "Singer Mara Velden checks into rehab in Malibu", VELDEN_1),
        article("b-velden-2", "Mara Velden enters Cliffside rehab center", VELDEN_2),
        article("c-velden-3", "Mara Velden in rehab, publicist says", [*VELDEN_1, NEW_FACT]),
        article("d-brill-1", "Actor Jonah Brill checks into rehab in Arizona", BRILL_1),
        article("e-brill-2", "Night Desk star Jonah Brill enters Harborview Clinic", BRILL_2),
    ]
    return list(analyser.run(arts))


@pytest.fixture(scope="module")
def quakes(analyser):
    arts = [
        article("q-korvan-1", "Earthquake kills 14 in Korvan", QUAKE_A_1),
        article("q-palmira-1", "Earthquake kills 52 in Palmira Bay", QUAKE_B_1),
        article("q-korvan-2", "Korvan counts the damage after earthquake", QUAKE_A_2),
        article("q-palmira-2", "Palmira Bay counts the damage after earthquake", QUAKE_B_2),
    ]
    return list(analyser.run(arts))


def test_two_earthquakes_told_in_the_same_words_are_two_threads(quakes):
    threader, ordered = run_threads(quakes)
    by_source = {d.article.source: t for d, t in zip(ordered, threader.thread_of)}
    assert by_source["q-korvan-1"] == by_source["q-korvan-2"]
    assert by_source["q-palmira-1"] == by_source["q-palmira-2"]
    assert by_source["q-korvan-1"] != by_source["q-palmira-1"]


def test_the_threads_do_not_depend_on_the_order_digests_come_in(digests, quakes):
    runs = []
    for docs in ([*digests, *quakes], [*reversed(quakes), *reversed(digests)]):
        threader, ordered = run_threads(docs)
        runs.append([t.to_dict() for t in threads_of(threader, ordered)])
    assert runs[0] == runs[1]
    assert len(runs[0]) >= 4  # two rehab stories and two earthquakes at least


def test_minhash_gives_datasketchs_affine32_values():
    from test_threads_fast import datasketch_minhash

    tokens = words(" ".join(VELDEN_1))
    ours = minhash(tokens)
    assert ours is not None and np.array_equal(np.frombuffer(ours, dtype=np.uint32), datasketch_minhash(tokens))
    assert minhash(tokens[:SHINGLE_WORDS - 1]) is None


def test_the_stop_list_is_scikit_learns_without_importing_scikit_learn():
    import subprocess
    import sys

    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from generator.threads.features import ENGLISH_STOP_WORDS as ours

    assert ours == ENGLISH_STOP_WORDS and "the" in ours and "earthquake" not in ours
    # the tokens are scikit-learn's, its pattern's word boundaries left out
    import re

    from sklearn.feature_extraction.text import CountVectorizer

    from generator.threads.features import TOKEN

    text = "A 6.1-magnitude quake hit São Paulo's x_y zone at 3am; I'm OK, é à b2 c 42 l'été ..ab__cd"
    assert TOKEN.findall(text) == re.findall(CountVectorizer().token_pattern, text)
    assert "são" in TOKEN.findall(text.lower()) and "a" not in TOKEN.findall(text.lower())
    # a fresh process threading (a preview edit) does not pay for scikit-learn's import
    code = "import sys, generator.threads; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_bands_find_what_datasketchs_lsh_finds(digests, quakes):
    from datasketch import LeanMinHash, MinHashLSH

    from generator.threads.cluster import _Bands

    feats = [article_features(d) for d in [*digests, *quakes]]
    hashes = [f.minhash for f in feats if f.minhash is not None]
    hashes = [*hashes, *hashes[:2]]  # two copies: found by both
    lsh, bands = MinHashLSH(threshold=0.8, num_perm=NUM_PERM), _Bands(0.8, NUM_PERM)
    found = []
    for i, m in enumerate(hashes):
        theirs = lsh.query(LeanMinHash(seed=1, hashvalues=np.frombuffer(m, dtype=np.uint32), scheme="affine32"))
        lsh.insert(i, LeanMinHash(seed=1, hashvalues=np.frombuffer(m, dtype=np.uint32), scheme="affine32"))
        found.append(bands.first_sharing(i, m))
        assert found[-1] == (min(theirs) if theirs else None)
    assert found[-2:] == [0, 1]


def test_the_third_article_adds_exactly_its_one_new_fact(digests):
    velden = digests[:3]
    news = novelty(velden, load_weights().novel_sentence)
    assert news[0].sentences == ()  # the first article of a thread adds nothing to compare with
    assert news[2].sentences == (NEW_FACT,)
    assert news[2].quotes == ()  # Harker's quote was in the first article
    assert "Northlight Music" in news[1].actors  # the second article names the label first


def test_a_sentence_said_again_in_other_words_is_not_new(digests):
    news = novelty([digests[0], digests[1]], load_weights().novel_sentence)
    assert VELDEN_2[0] not in news[1].sentences  # the first article's lead, reworded
    assert VELDEN_2[2] in news[1].sentences  # the postponed album is new


def test_two_rehab_stories_of_two_people_are_two_threads(digests):
    threader, ordered = run_threads(digests)
    by_source = {d.article.source: t for d, t in zip(ordered, threader.thread_of)}
    assert by_source["a-velden-1"] == by_source["b-velden-2"] == by_source["c-velden-3"]
    assert by_source["d-brill-1"] == by_source["e-brill-2"]
    assert by_source["a-velden-1"] != by_source["d-brill-1"]
    threads = threads_of(threader, ordered, min_articles=2)
    velden = next(t for t in threads if any(a.id == "a-velden-1" for a in t.articles))
    assert [a.id for a in velden.articles] == ["a-velden-1", "b-velden-2", "c-velden-3"]
    assert velden.articles[2].new.sentences == (NEW_FACT,)
    assert "Mara Velden" in velden.actors and "Jonah Brill" not in velden.actors


def test_adding_one_article_to_a_saved_state_equals_a_full_run(digests):
    feats = sorted((article_features(d) for d in digests), key=order_key)
    full = Threader(load_weights())
    for f in feats:
        full.add(f)
    part = Threader(load_weights())
    for f in feats[:-1]:
        part.add(f)
    part.story_of()  # the saved state carries the repair's scores of the threads before the last article
    resumed = Threader.from_bytes(part.to_bytes())
    resumed.add(feats[-1])
    assert resumed.thread_of == full.thread_of
    assert resumed.copy_of == full.copy_of
    assert [t.members for t in resumed.threads] == [t.members for t in full.threads]
    assert resumed.story_of() == full.story_of()  # the repair reads the state alone, its kept scores included
    assert [g.members for g in resumed.groups()] == [g.members for g in Threader.from_bytes(full.to_bytes()).groups()]


def test_the_repair_merges_fragments_of_one_story_and_keeps_two_stories_apart(digests, quakes):
    """Every article opens a thread of its own (as when each came before the others of its story);
    the fitted repair rejoins each story and keeps the two rehab stories and the two quakes apart."""
    feats = sorted((article_features(d) for d in [*digests, *quakes]), key=order_key)
    threader = Threader(load_weights())
    for t, f in enumerate(feats):
        threader.add(f, into=t)
    assert len(threader.threads) == len(feats)
    story = {f.id: g for f, g in zip(threader.articles, threader.story_of())}
    assert story["a-velden-1"] == story["b-velden-2"] == story["c-velden-3"]
    assert story["d-brill-1"] == story["e-brill-2"]
    assert story["q-korvan-1"] == story["q-korvan-2"]
    assert story["q-palmira-1"] == story["q-palmira-2"]
    assert len({story["a-velden-1"], story["d-brill-1"], story["q-korvan-1"], story["q-palmira-1"]}) == 4
    unfitted = Threader(replace(load_weights(), merge=MergeWeights()))
    for t, f in enumerate(feats):
        unfitted.add(f, into=t)
    assert len(set(unfitted.story_of())) == len(feats)  # without the fitted model nothing merges


def test_a_wire_copy_joins_its_original_and_adds_nothing(digests):
    copy = article("f-velden-copy", "Singer Mara Velden checks into rehab", VELDEN_1)
    d0 = digests[0]
    copied = type(d0)(article=copy, actors=d0.actors, quotes=d0.quotes, figures=d0.figures)
    threader, ordered = run_threads([d0, digests[3], copied])
    i = [d.article.source for d in ordered].index("f-velden-copy")
    assert threader.articles[threader.copy_of[i]].id == "a-velden-1"
    thread = next(t for t in threads_of(threader, ordered) if len(t.articles) == 2)
    assert thread.articles[1].copy_of == "a-velden-1" and not thread.articles[1].new


def test_sentences_split_at_sentence_ends_only():
    assert sentences("Mr. Harker spoke. \u201cShe is well.\u201d Then he left.") == [
        "Mr. Harker spoke.", "\u201cShe is well.\u201d", "Then he left."]
    assert sentences("It cost 3.5 million dollars.") == ["It cost 3.5 million dollars."]


# One champion, two title defences: the same words and the same champion, apart in the opponent,
# the records and the ages (the look-alike the figures tell apart).
FIGHT_A_1 = [
    "Champion Viktor Harlan (41-2, 33 KOs) stopped Dion Archer in the seventh round in Rotterdam on Saturday.",
    "The 31-year-old Harlan floored Archer (28-5) twice before the referee waved the fight off.",
    "Archer, 34, had not been stopped in nine years.",
]
FIGHT_A_2 = [
    "Viktor Harlan kept his heavyweight belts with a seventh-round stoppage of Dion Archer in Rotterdam.",
    "Harlan, now 41-2, dropped the 34-year-old Archer in the sixth and the seventh rounds.",
    "Archer (28-5) said he would think about retiring.",
]
FIGHT_B_1 = [
    "Champion Viktor Harlan (47-2, 38 KOs) stopped Cole Brandt in the fifth round in Hamburg on Saturday.",
    "The 35-year-old Harlan floored Brandt (30-4) twice before the referee waved the fight off.",
    "Brandt, 39, was fighting for a world title for the second time.",
]
FIGHT_B_2 = [
    "Viktor Harlan kept his heavyweight belts with a fifth-round stoppage of Cole Brandt in Hamburg.",
    "Harlan, now 47-2, dropped the 39-year-old Brandt in the fourth and the fifth rounds.",
    "Brandt (30-4) said he would fight on.",
]


@pytest.fixture(scope="module")
def fights(analyser):
    told = {("archer", "seventh"): (FIGHT_A_1, FIGHT_A_2), ("brandt", "fifth"): (FIGHT_B_1, FIGHT_B_2)}
    return list(analyser.run([
        article(f"h-{name}-{n}", title.format(name.title(), rnd), paras)
        for (name, rnd), texts in told.items()
        for n, (title, paras) in enumerate(zip(("Harlan stops {} in {} round", "Harlan keeps belts against {}"), texts), 1)
    ]))


def test_numbers_keep_records_ages_and_decimals_whole():
    bag = numbers("Harlan (41-2, 33 KOs), the 31-year-old champion, felt a 6.1 quake; a 1,200-seat hall; MS08-078 in 2008.")
    assert {"41-2", "31y", "6.1", "1200", "2008"} <= set(bag)
    assert {"41", "2", "31"} <= set(bag)  # the digits stay too: "41" still meets "41 wins"
    assert marks(bag) == {"41-2", "31y", "6.1"}
    assert not marks(numbers("He is 31 years old and won 41 of 43 fights in 2008; patch MS08-078; call 555-"))
    assert _years(numbers("a 20-13 win in 2008 after the 2007-08 season")) == {"2007", "2008"}  # not "20-13"


def test_one_champion_against_two_opponents_is_two_threads(fights):
    threader, ordered = run_threads(fights)
    story = {f.id: g for f, g in zip(threader.articles, threader.story_of())}
    assert story["h-archer-1"] == story["h-archer-2"]
    assert story["h-brandt-1"] == story["h-brandt-2"]
    assert story["h-archer-1"] != story["h-brandt-1"]


def test_the_pair_features_read_the_threads_figures_and_weightiest_person(fights):
    feats = {f.id: f for f in (article_features(d) for d in fights)}
    threader = Threader(load_weights())
    threader.add(feats["h-archer-1"], into=0)
    threader.add(feats["h-brandt-1"], into=1)
    rows = {}
    for other in ("h-archer-2", "h-brandt-2"):
        seen: list = []
        Threader.from_bytes(threader.to_bytes()).add(feats[other], into=2, seen=seen)
        rows[other] = {t: dict(zip(FEATURES, x)) for t, x in seen}
    assert rows["h-archer-2"][0]["marks_shared"] == 1.0 and rows["h-archer-2"][0]["marks_apart"] == 0.0
    assert rows["h-archer-2"][1]["marks_shared"] == 0.0 and rows["h-archer-2"][1]["marks_apart"] == 1.0
    assert rows["h-brandt-2"][1]["marks_shared"] == 1.0
    # the weightiest person of Archer's first thread is named again in the second, Brandt's thread's is not
    assert rows["h-archer-2"][0]["people_top_back"] == 1.0
    assert rows["h-archer-2"][1]["people_top_back"] == 0.0


def test_the_repair_meets_one_name_read_as_a_person_in_one_thread_and_a_place_in_the_other():
    def group(people: dict[str, float], places: dict[str, float]) -> Group:
        sums = ({"climber": 1.0}, people, places, {"climber": 1.0}, {}, {})
        return Group(members=[0], sums=sums, norms2=[sum(x * x for x in s.values()) for s in sums])

    x = dict(zip(MERGE_FEATURES, merge_features(group({"mt cook": 1.0}, {"perth": 1.0}),
                                                 group({"vinar": 1.0}, {"mt cook": 1.0}))))
    assert x["people"] == 0.0 and x["places"] == 0.0
    assert x["names"] == pytest.approx(0.5)
    apart = dict(zip(MERGE_FEATURES, merge_features(group({"vinar": 1.0}, {}), group({"buckley": 1.0}, {"essex": 1.0}))))
    assert apart["names"] == 0.0
