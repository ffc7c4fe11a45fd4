"""engine: dask on a LocalCluster with 2 workers: the same pages as the local engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import build
from generator.config import make_config
from generator.errors import ConfigError
from tests.conftest import ROOT

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
import generator.distributed as digest_dask  # noqa: E402


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def cluster():
    # In-process workers keep the test quick (no interpreter start-up per
    # worker); the bench runs the default LocalCluster with process workers.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        yield c


def run(tmp: Path, name: str, inputs: Path, **extra) -> tuple[object, dict[str, bytes]]:
    config = make_config({"inputs": [str(inputs)], "docs_dir": str(tmp / name / "docs"),
                          "cache_dir": str(tmp / name / "cache"), **extra})
    report = build(config)
    return report, tree(tmp / name / "docs")


def test_dask_pages_are_byte_identical_to_local(tmp_path, cluster):
    inputs = tmp_path / "in"
    shutil.copytree(ROOT / "articles", inputs)
    local, local_pages = run(tmp_path, "local", inputs, processes=1)
    # batch_size 3: several batches, spread over both workers
    dask, dask_pages = run(tmp_path, "dask", inputs, engine="dask", scheduler=cluster.scheduler_address, batch_size=3)
    assert (dask.analysed, dask.errors) == (local.analysed, ()) == (len(list(inputs.rglob("*.txt"))), ())
    assert dask_pages == local_pages
    with distributed.Client(cluster.scheduler_address) as client:
        who = client.run(lambda dask_worker: dask_worker.address in digest_dask._ANALYSERS)
        ran = client.run(lambda dask_worker: len(dask_worker.data) + dask_worker.state.executed_count)
    assert list(who.values()) == [True, True]  # the model was loaded on each worker, once, by the plugin
    assert all(n > 0 for n in ran.values()), ran  # both workers took batches


def test_a_worker_error_fails_its_articles_not_the_run(tmp_path, cluster, monkeypatch):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in sorted((ROOT / "articles").glob("*.txt"))[:4]:
        shutil.copy(path, inputs)

    def broken(rows):
        raise MemoryError("worker ran out of memory")

    # In-process workers run the module's function object, so this reaches them.
    monkeypatch.setattr(digest_dask, "analyse_batch", broken)
    report, _ = run(tmp_path, "broken", inputs, engine="dask", scheduler=cluster.scheduler_address, batch_size=2)
    assert report.articles == 0 and len(report.errors) == 4
    assert all("analysis failed on the Dask cluster: MemoryError: worker ran out of memory" in reason for _, reason in report.errors)


def test_an_unreachable_scheduler_is_a_config_error(tmp_path, monkeypatch):
    monkeypatch.setattr(digest_dask, "CONNECT_TIMEOUT", "1s")
    config = make_config({"inputs": [str(ROOT / "articles")], "docs_dir": str(tmp_path / "docs"),
                          "cache_dir": str(tmp_path / "cache"), "engine": "dask", "scheduler": "tcp://127.0.0.1:1"})
    with pytest.raises(ConfigError, match=r"scheduler: cannot reach the Dask scheduler at 'tcp://127.0.0.1:1'"):
        list(digest_dask.analyse_with_dask([], config))


def test_workers_with_more_than_one_thread_are_refused(tmp_path):
    """The analysis keeps per-process state: a worker running two tasks at once on threads would share it."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(ROOT / "articles" / sorted(p.name for p in (ROOT / "articles").iterdir())[0], inputs)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as threaded:
        with pytest.raises(ConfigError, match=r"must run one thread each; .* \(2 threads\) run more; start them with "
                                              r"`dask worker --nthreads 1"):
            run(tmp_path, "threaded", inputs, engine="dask", scheduler=threaded.scheduler_address, use_cache=False)
