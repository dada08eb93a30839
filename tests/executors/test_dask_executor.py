"""The Dask executor runs the same per-article stage as the local one, with the same results."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from corpus_data import make_articles, snapshot
from newsfuse.config import Settings
from newsfuse.corpus.ingest import ingest_articles
from newsfuse.errors import NewsfuseError
from newsfuse.executors.dask import DaskExecutor
from newsfuse.executors.local import LocalExecutor
from newsfuse.store import Store


@dataclass(frozen=True)
class PidStage:
    """Records which process ran ``setup`` and which ran each item."""

    name: str = "pid"

    def setup(self) -> int:
        return os.getpid()

    def __call__(self, context: int, chunk: list[int]) -> list[tuple[int, int, int]]:
        return [(x, context, os.getpid()) for x in chunk]


@pytest.fixture(scope="module")
def dask2():
    with DaskExecutor(jobs=2) as ex:
        yield ex


def test_setup_once_per_worker_and_results_in_order(dask2: DaskExecutor) -> None:
    chunks = [list(range(k, k + 5)) for k in range(0, 60, 5)]
    out = [r for part in dask2.map_chunks(PidStage(), chunks) for r in part]
    assert [x for x, _, _ in out] == list(range(60))
    assert all(ctx == pid for _, ctx, pid in out)  # setup ran in the worker that used it
    assert os.getpid() not in {pid for _, _, pid in out}
    assert len({pid for _, _, pid in out}) <= 2 == dask2.jobs


def test_ingest_on_dask_equals_local(tmp_path: Path, dask2: DaskExecutor) -> None:
    arts = make_articles(40)
    settings = Settings(jobs=2, progress=False)
    with Store(tmp_path / "local.db") as local:
        ingest_articles(local, arts, settings, clean=False, executor=LocalExecutor(1), batch_size=8)
        want = snapshot(local)
    with Store(tmp_path / "dask.db") as store:
        ingest_articles(store, arts, settings, clean=False, executor=dask2, batch_size=8)
        assert snapshot(store) == want


def test_unreachable_scheduler_is_a_named_error() -> None:
    with pytest.raises(NewsfuseError, match=r"NF601.*tcp://127\.0\.0\.1:9"):
        DaskExecutor("tcp://127.0.0.1:9", timeout=1.0)


@pytest.mark.slow
def test_cli_ingest_on_a_running_scheduler(tmp_path: Path) -> None:
    """`dask scheduler` and `dask worker` processes, then `newsfuse ingest --dask ADDRESS`."""
    dask_cli = shutil.which("dask", path=str(Path(sys.executable).parent))
    assert dask_cli, "the dask command comes with the pinned distributed package"
    sched_file = tmp_path / "scheduler.json"
    procs = [
        subprocess.Popen(
            [
                dask_cli,
                "scheduler",
                "--scheduler-file",
                str(sched_file),
                "--port",
                "0",
                "--dashboard-address",
                ":0",
                "--host",
                "127.0.0.1",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        for _ in range(300):
            if sched_file.exists() and sched_file.stat().st_size:
                break
            time.sleep(0.1)
        address = json.loads(sched_file.read_text())["address"]
        procs.append(
            subprocess.Popen(
                [
                    dask_cli,
                    "worker",
                    address,
                    "--nworkers",
                    "1",
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        folder = tmp_path / "in"
        folder.mkdir()
        for a in make_articles(12):
            (folder / f"{a.id}.txt").write_text(a.text, encoding="utf-8")
        db = tmp_path / "c.db"
        run = subprocess.run(
            [
                str(Path(sys.executable).parent / "newsfuse"),
                "ingest",
                str(folder),
                "--db",
                str(db),
                "--dask",
                address,
                "-j",
                "1",
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert run.returncode == 0, run.stderr
        assert "stored: 12" in run.stdout
        with Store(db) as store:
            assert store.counts()["articles"] == 12
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=30)
