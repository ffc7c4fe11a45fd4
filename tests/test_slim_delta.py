"""The slim digests' file and its delta (cache.SlimDigests), and digest.json's reused lines (render.Lines), on real builds."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import generator
from generator import build, cache, corpus
from generator.cache import DigestCache, SlimDigests, generator_version
from generator.config import make_config
from generator.render import Lines
from tests.conftest import ROOT

BUNDLED = sorted((ROOT / "articles").glob("*.txt"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    inp = tmp_path / "in"
    inp.mkdir()
    for path in BUNDLED[:5]:
        shutil.copy(path, inp)
    return tmp_path


def config(project: Path):
    return make_config({"inputs": [str(project / "in")], "docs_dir": str(project / "docs"), "cache_dir": str(project / "cache")})


def fresh_records(project: Path) -> dict[str, tuple]:
    """The records a new process reads (what this process kept is forgotten first)."""
    cache._KEPT_SLIMS.clear()
    return SlimDigests(DigestCache(project / "cache"), generator_version()).old


def files(project: Path) -> tuple[Path, Path]:
    slims = SlimDigests(DigestCache(project / "cache"), generator_version())
    return slims.path, slims.delta_path


def test_an_edit_writes_a_delta_that_a_new_process_reads_as_the_whole_file(project):
    build(config(project))
    whole, delta = files(project)
    first = fresh_records(project)
    assert whole.exists() and not delta.exists() and len(first) == 5
    stamp = whole.stat().st_mtime_ns
    edited = project / "in" / BUNDLED[2].name
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe company declined to comment further.\n", encoding="utf-8")
    build(config(project))
    assert delta.exists() and whole.stat().st_mtime_ns == stamp  # the whole file is not written again
    after = fresh_records(project)
    assert len(after) == 5 and after.keys() != first.keys()  # the edited article's key replaced its old one
    assert sorted(r[2].article.title for r in after.values()) == sorted(r[2].article.title for r in first.values())
    # a new process finds every slim digest in the records: no entry is read whole for them
    slims = SlimDigests(DigestCache(project / "cache"), generator_version())
    assert all(slims.get(k) is not None for k in after)
    # a deletion is one more change in the delta; a build with nothing changed writes nothing
    (project / "in" / BUNDLED[0].name).unlink()
    build(config(project))
    assert len(fresh_records(project)) == 4 and whole.stat().st_mtime_ns == stamp
    before = delta.stat().st_mtime_ns
    build(config(project))
    assert delta.stat().st_mtime_ns == before


def test_the_slim_digests_a_new_process_reads_are_the_ones_written(project):
    """The file's model objects are made again by their slots' setters (cache._remade), not the dataclasses'
    __setstate__: equal to what the build made, still frozen, and the mentions of one paragraph still one object."""
    from dataclasses import FrozenInstanceError

    build(config(project))
    made = cache._KEPT_SLIMS[str(files(project)[0])][2]
    read = fresh_records(project)
    assert read == made and read is not made
    light = next(iter(read.values()))[2]
    with pytest.raises(FrozenInstanceError):
        light.article.title = "another"  # type: ignore[misc]
    mentions = [m for r in read.values() for a in r[2].actors for m in a.mentions]
    assert len({id(m) for m in mentions}) == len({m.paragraph for m in mentions})


def test_past_the_delta_limit_the_whole_file_is_written_and_the_delta_goes(project, monkeypatch):
    build(config(project))
    whole, delta = files(project)
    monkeypatch.setattr(cache, "DELTA_MAX", 1)
    cache._KEPT_SLIMS.clear()
    for name in (BUNDLED[1].name, BUNDLED[3].name):
        edited = project / "in" / name
        edited.write_text(edited.read_text(encoding="utf-8") + "\nThe company declined to comment further.\n", encoding="utf-8")
    build(config(project))
    assert not delta.exists()
    assert len(fresh_records(project)) == 5


def test_a_delta_written_against_another_whole_file_is_ignored(project):
    build(config(project))
    whole, delta = files(project)
    edited = project / "in" / BUNDLED[2].name
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe company declined to comment further.\n", encoding="utf-8")
    build(config(project))
    assert delta.exists()
    base = fresh_records(project)
    whole.write_bytes(whole.read_bytes())  # the same records, but not the file the delta was written against
    os.utime(whole, ns=(1, 1))
    ignored = fresh_records(project)
    assert ignored.keys() != base.keys() and len(ignored) == 5  # the file's records, without the delta's change


@pytest.mark.parametrize(("one_shot", "touched"), [(False, False), (True, False), (True, True)])
def test_digest_json_lines_of_unchanged_records_are_reused_and_the_file_is_a_clean_builds(project, monkeypatch, one_shot, touched):
    """In process or one-shot (the edit analysed in a worker while the records are read), the old file's lines
    are read in the corpus stage; a digest.json that is not the file the records saw (`touched`: rewritten
    after the build) lends none."""
    reused: list[int] = []
    real = Lines.file_keys

    def counting(self, corpus):
        reused.append(self.reused)
        return real(self, corpus)

    monkeypatch.setattr(Lines, "file_keys", counting)
    build(config(project))
    edited = project / "in" / BUNDLED[2].name
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe company declined to comment further.\n", encoding="utf-8")
    if touched:
        old = project / "docs" / "articles" / "digest.json"
        old.write_bytes(old.read_bytes())
        os.utime(old, ns=(1, 1))
    order: list[str] = []
    for module, name in ((generator, "_old_digest_lines"), (SlimDigests, "save")):  # slims are saved as the analysis ends
        monkeypatch.setattr(module, name, lambda *a, _real=getattr(module, name), _name=name, **k: order.append(_name) or _real(*a, **k))
    monkeypatch.setattr(generator, "_ANALYSERS", {})  # as a new process: a one-shot build analyses in its worker
    report = build(config(project), one_shot=one_shot)
    assert report.analysed == 1
    assert order == ["save", "_old_digest_lines"]  # after the analysis: not held in the memory a forked child shares
    assert reused[0] == 0
    assert reused[-1] == 0 if touched else reused[-1] > 4  # the other articles' lines and most actors' come from the old file
    clean = make_config({"inputs": [str(project / "in")], "docs_dir": str(project / "clean"), "cache_dir": str(project / "cache2")})
    build(clean)
    assert (project / "docs" / "articles" / "digest.json").read_bytes() == (project / "clean" / "articles" / "digest.json").read_bytes()


@settings(max_examples=200, deadline=None)
@given(old=st.lists(st.sampled_from("abcdefgh"), unique=True), new=st.lists(st.sampled_from("abcdefghijk"), unique=True),
       texts=st.dictionaries(st.sampled_from("abcdefgh"), st.text(alphabet="xyz{}\", ", max_size=6)))
def test_a_list_of_lines_reused_in_runs_is_the_list_made_line_by_line(old, new, texts):
    """Lines.block gives the runs of lines the old file has, one after another there too, as one slice of its
    bytes: joined, the list is the one made line by line, whatever was kept, moved, added or dropped."""
    def line(key: str) -> str:
        return f'{{"key": "{key}", "text": "{texts.get(key, "")}"}}'

    def made(keys: list[str]) -> str:
        return "".join(("," if n else "") + "\n" + line(k) for n, k in enumerate(keys))

    before = Lines(old_keys=["", *old, "", ""], old_text=f'{{"actors": [{made(old)}\n]}}\n'.encode())
    pieces = list(before.block((k, lambda k=k: line(k)) for k in new))
    assert "".join(p if isinstance(p, str) else bytes(p).decode() for p in pieces) == made(new)
    assert before.reused == len(set(new) & set(old)) and before.keys == new
    if old and new == old:
        assert len(pieces) == 2  # one run: its separator, then the old file's slice


def test_a_new_process_takes_the_topic_and_thread_slugs_from_the_records_and_builds_the_same_pages(project, monkeypatch):
    """The page records keep the slug bases of the topic names and story threads' ids; a new process given
    them (cleared here: its caches empty) slugs none of those names again, and the edit's pages equal a clean build's."""
    from generator import slugs

    for path in BUNDLED[5:12]:
        shutil.copy(path, project / "in")
    build(config(project))
    records = json.loads(next((project / "cache" / "builds").glob("*.pages.json")).read_text(encoding="utf-8"))
    assert records["slugs_made_by"] == slugs.bases_made_by()
    saved = records["slugs"]
    assert saved and all(slugs.slug_base(name) == base for name, base in saved.items())
    topic_pages = {p.stem for p in (project / "docs" / "articles" / "topics").glob("*.md") if p.stem != "index"}
    assert topic_pages <= set(saved.values()) | {f"{b}-{n}" for b in saved.values() for n in range(2, 5)}
    monkeypatch.setattr(slugs, "_REMEMBERED", {})
    slugs._slug_base.cache_clear()
    asked: list[str] = []  # names slugified from the corpus stage on (the analysis slugs its actors' names)
    real_slugify, real_corpus = slugs.slugify, corpus.build_corpus
    monkeypatch.setattr(slugs, "slugify", lambda text, **kw: (asked.append(text) if asked else None) or real_slugify(text, **kw))
    monkeypatch.setattr(corpus, "build_corpus", lambda *a, **k: asked.append("") or real_corpus(*a, **k))
    edited = project / "in" / BUNDLED[2].name
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe company declined to comment further.\n", encoding="utf-8")
    build(config(project))
    assert asked and not set(asked) & set(saved)  # regrouped actors' names may be slugified, never a saved name
    clean = make_config({"inputs": [str(project / "in")], "docs_dir": str(project / "clean"), "cache_dir": str(project / "cache2")})
    build(clean)
    mine, theirs = project / "docs" / "articles", project / "clean" / "articles"
    made = sorted(p.relative_to(mine).as_posix() for p in mine.rglob("*") if p.is_file())
    assert made == sorted(p.relative_to(theirs).as_posix() for p in theirs.rglob("*") if p.is_file())
    assert all((mine / rel).read_bytes() == (theirs / rel).read_bytes() for rel in made)
