"""spaCy imported without its command-line interface (analyse/spacy_import.py), in fresh processes:
the pipeline reads text as before, `spacy.info` and `spacy.cli` still work, and a spaCy whose
`__init__` wants more of its CLI is imported whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from tests.conftest import ROOT

SENTENCE = "Hillary Clinton told reporters in Paris on Monday that the United Nations would act."


def run_python(code: str, **env: str) -> dict:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_pipeline_loads_without_spacys_cli_and_reads_text_as_before(nlp):
    got = run_python(f"""
        import json, sys
        from generator.analyse.nlp import load_pipeline
        from generator.config import DEFAULT_MODELS
        lean = sorted(m for m in ("spacy.cli", "typer", "weasel", "httpx", "requests") if m in sys.modules)
        doc = load_pipeline(DEFAULT_MODELS)({SENTENCE!r})
        print(json.dumps({{"lean": lean, "cli_after_load": "spacy.cli" in sys.modules,
                          "ents": [[e.text, e.label_] for e in doc.ents], "heads": [t.head.i for t in doc]}}))
        """)
    doc = nlp(SENTENCE)
    assert got["lean"] == [] and not got["cli_after_load"]
    assert got["ents"] == [[e.text, e.label_] for e in doc.ents]
    assert got["heads"] == [t.head.i for t in doc]


def test_spacy_cli_is_there_after_only_import_spacy():
    got = run_python("""
        import json, sys
        from generator.analyse.spacy_import import import_spacy
        import_spacy()
        import spacy
        before = "spacy.cli" in sys.modules
        download = spacy.cli.download  # an attribute, as spaCy's own import leaves it
        print(json.dumps({"before": before, "after": "spacy.cli" in sys.modules, "download": callable(download),
                          "same": spacy.cli is sys.modules["spacy.cli"], "missing": hasattr(spacy, "no_such_name")}))
        """)
    assert got == {"before": False, "after": True, "download": True, "same": True, "missing": False}


def test_spacy_info_and_the_cli_still_work_after_a_lean_import():
    got = run_python("""
        import json, sys
        from generator.analyse.spacy_import import import_spacy
        spacy = import_spacy()
        before = "spacy.cli" in sys.modules
        data = spacy.info(silent=True)  # the real command, its CLI imported now
        import spacy.cli
        print(json.dumps({"before": before, "version": data.get("spacy_version"), "real": spacy.cli.__file__ is not None,
                          "download": callable(spacy.cli.download), "ours": spacy.__version__}))
        """)
    assert got == {"before": False, "version": got["ours"], "real": True, "download": True, "ours": got["ours"]}


def test_a_spacy_that_wants_more_of_its_cli_is_imported_whole(tmp_path):
    """Another spaCy's __init__ importing another CLI module: the stand-in fails it, and the real one is used."""
    package = tmp_path / "spacy"
    (package / "cli").mkdir(parents=True)
    (package / "__init__.py").write_text("from .cli.info import info\nfrom .cli.other import other\n")
    (package / "cli" / "__init__.py").write_text("from .info import info\nfrom .other import other\n")
    (package / "cli" / "info.py").write_text("def info():\n    return 'real info'\n")
    (package / "cli" / "other.py").write_text("def other():\n    return 'real other'\n")
    got = run_python("""
        import json, sys
        from generator.analyse.spacy_import import import_spacy
        spacy = import_spacy()
        print(json.dumps({"info": spacy.info(), "other": spacy.other(), "cli": sys.modules["spacy.cli"].__file__ is not None}))
        """, PYTHONPATH=f"{tmp_path}{os.pathsep}{ROOT}")
    assert got == {"info": "real info", "other": "real other", "cli": True}


def test_an_import_when_spacy_is_already_in_is_spacy_as_it_is():
    import spacy

    from generator.analyse.spacy_import import import_spacy

    assert import_spacy() is spacy


def test_inside_the_block_every_registry_finds_the_same_entry_points():
    import catalogue
    from spacy.util import registry

    from generator.analyse.spacy_import import entry_points_by_group

    names = [getattr(registry, name) for name in registry.get_registry_names()]
    groups = sorted({r.entry_point_namespace for r in names if getattr(r, "entry_point_namespace", None)}
                    | set(catalogue.AVAILABLE_ENTRY_POINTS.groups) | {"no_such_group"})

    def seen() -> dict[str, list[tuple[str, str]]]:  # each group's entry points, as a registry of that group lists them
        return {group: [(e.name, e.value) for e in catalogue.Registry((group,), entry_points=True)._get_entry_points()]
                for group in groups}

    def found() -> dict[str, dict]:
        return {r.namespace[-1]: r.get_entry_points() for r in names if getattr(r, "entry_points", False)}

    before, before_found = seen(), found()
    original = catalogue.AVAILABLE_ENTRY_POINTS
    with entry_points_by_group():
        assert isinstance(catalogue.AVAILABLE_ENTRY_POINTS, dict)
        assert seen() == before
        assert found() == before_found
    assert catalogue.AVAILABLE_ENTRY_POINTS is original
    assert any(before.values())  # spaCy's own groups are there (spacy_factories, spacy_languages...)


def test_the_entry_points_are_put_back_when_the_block_fails():
    import catalogue

    from generator.analyse.spacy_import import entry_points_by_group

    original = catalogue.AVAILABLE_ENTRY_POINTS
    try:
        with entry_points_by_group():
            raise OSError("a model that fails to load")
    except OSError:
        pass
    assert catalogue.AVAILABLE_ENTRY_POINTS is original


def test_a_catalogue_of_another_shape_is_left_alone(monkeypatch):
    import catalogue

    from generator.analyse.spacy_import import entry_points_by_group

    plain = {"spacy_factories": []}  # an older catalogue's dict of groups
    monkeypatch.setattr(catalogue, "AVAILABLE_ENTRY_POINTS", plain)
    with entry_points_by_group():
        assert catalogue.AVAILABLE_ENTRY_POINTS is plain
    monkeypatch.delattr(catalogue, "AVAILABLE_ENTRY_POINTS")
    with entry_points_by_group():
        assert not hasattr(catalogue, "AVAILABLE_ENTRY_POINTS")
