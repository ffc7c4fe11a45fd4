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
