"""The local executor's worker priority: workers lower their own, the caller keeps its own."""

from __future__ import annotations

import contextlib
import os

import pytest

from newsfuse.corpus.ingest import WORKER_NICE
from newsfuse.executors import make_executor
from newsfuse.executors.local import LocalExecutor


class NicenessStage:
    """Returns, for each item, the scheduling niceness of the process that ran it."""

    name = "niceness"

    def setup(self) -> None:
        return None

    def __call__(self, context: None, chunk: list[int]) -> list[int]:
        return [os.nice(0) for _ in chunk]


@pytest.mark.skipif(not hasattr(os, "nice"), reason="Unix only")
def test_workers_lower_their_priority_and_the_caller_keeps_its_own() -> None:
    base = os.nice(0)
    if base + 3 > 19:
        pytest.skip("already at the lowest priority")
    out = [
        n for c in LocalExecutor(2, nice=3).map_chunks(NicenessStage(), [[1, 2], [3]]) for n in c
    ]
    assert out == [base + 3] * 3
    assert os.nice(0) == base  # the calling process is untouched
    plain = [n for c in LocalExecutor(2).map_chunks(NicenessStage(), [[1]]) for n in c]
    assert plain == [base]
    # in-process (jobs=1) the calling process is never reniced
    one = [n for c in LocalExecutor(1, nice=3).map_chunks(NicenessStage(), [[1]]) for n in c]
    assert one == [base] and os.nice(0) == base


def test_the_ingest_executor_asks_for_lower_priority_workers() -> None:
    ex = make_executor(2, None, nice=WORKER_NICE)
    assert isinstance(ex, LocalExecutor) and ex.nice == WORKER_NICE > 0


WORKERS_SCRIPT = r"""
import os, sys, time
from newsfuse.executors.local import LocalExecutor

class Slow:
    name = "slow"
    def setup(self):
        return None
    def __call__(self, context, chunk):
        os.write(1, f"{os.getpid()}\n".encode())  # one write: the two workers never interleave
        time.sleep(120)
        return chunk

for _ in LocalExecutor(2).map_chunks(Slow(), ([i] for i in range(2))):
    pass
"""


def test_workers_end_when_their_parent_is_killed(tmp_path) -> None:
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "workers.py"
    script.write_text(WORKERS_SCRIPT, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        pids = [int(parent.stdout.readline()) for _ in range(2)]  # both workers busy for 120 s
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()

        def alive(pid: int) -> bool:
            try:
                with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
                    return fh.read().split(") ")[1][0] != "Z"
            except FileNotFoundError:
                return False

        waited = 0.0
        while any(alive(p) for p in pids) and waited < 30:
            time.sleep(0.2)
            waited += 0.2
        assert not any(alive(p) for p in pids)  # without the fix they sleep on for 120 s
    finally:
        for pid in locals().get("pids", []):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


class SharedModelStage:
    """Says, for each item, whether the worker found the language model already loaded: forked
    from a parent that loaded it in ``share()``, it holds the parent's pages."""

    name = "shared"

    def __init__(self, share: bool) -> None:
        if share:
            self.share = self._share

    @staticmethod
    def _share() -> None:
        from newsfuse.ingest.language import LanguageDetector

        LanguageDetector.load()

    def setup(self) -> bool:
        from newsfuse.ingest import language

        return language._LOADED is not None

    def __call__(self, context: bool, chunk: list[int]) -> list[bool]:
        return [context for _ in chunk]


def test_a_stage_shares_its_model_with_forked_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    from newsfuse.corpus.ingest import PrepareStage
    from newsfuse.ingest import language

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("workers are not forked")
    assert callable(PrepareStage().share)
    monkeypatch.setattr(language, "_LOADED", None)
    alone = [x for c in LocalExecutor(2).map_chunks(SharedModelStage(False), [[1], [2]]) for x in c]
    assert alone == [False, False] and language._LOADED is None
    shared = [x for c in LocalExecutor(2).map_chunks(SharedModelStage(True), [[1], [2]]) for x in c]
    assert shared == [True, True] and language._LOADED is not None
