"""The summary made in a forked child beside the cross-check (``brief/overlap.py``): the child's
result is the one the caller would make, a failing child falls back to the caller, and a briefing
with two processes allowed is the same as with one."""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from datetime import date

import pytest

from newsfuse import Settings
from newsfuse.brief import overlap
from newsfuse.model import Article
from newsfuse.render import render

fork_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


@fork_only
def test_the_childs_result_comes_back_whole() -> None:
    big = [("row", i, "x" * 50) for i in range(20_000)]  # well past a pipe's buffer
    pending = overlap.start(lambda: list(big))
    assert pending.forked
    assert pending.result() == big
    assert not pending.forked  # reaped


@fork_only
def test_a_failing_child_leaves_the_job_to_the_caller() -> None:
    parent = os.getpid()
    calls: list[int] = []

    def job() -> str:
        if os.getpid() != parent:
            raise RuntimeError("fails in the child only")
        calls.append(1)
        return "made by the caller"

    pending = overlap.start(job)
    assert pending.forked
    assert pending.result() == "made by the caller"
    assert calls == [1]


@fork_only
def test_an_error_of_the_job_is_raised_in_the_caller() -> None:
    def job() -> int:
        raise ValueError("bad input")

    pending = overlap.start(job)
    with pytest.raises(ValueError, match="bad input"):
        pending.result()


@fork_only
def test_a_stuck_child_is_stopped_and_the_job_made_by_the_caller() -> None:
    parent = os.getpid()
    stuck = threading.Event()  # never set: the child waits for it forever

    def job() -> str:
        if os.getpid() != parent:
            stuck.wait()
        return "made by the caller"

    pending = overlap.start(job)
    pid = pending.pid
    assert pid is not None
    assert pending.result(wait=0.5) == "made by the caller"
    assert not pending.forked
    with pytest.raises(ChildProcessError):  # stopped and reaped
        os.waitpid(pid, os.WNOHANG)


def test_the_wait_for_the_child_grows_with_the_callers_own_part() -> None:
    assert overlap.patience(0.0) >= 60
    assert overlap.patience(100.0) > overlap.patience(1.0) + 100


@fork_only
def test_cancel_reaps_the_child() -> None:
    pending = overlap.start(lambda: sum(range(10**6)))
    pid = pending.pid
    assert pid is not None
    pending.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_without_fork_the_job_runs_on_result() -> None:
    calls: list[int] = []

    def job() -> int:
        calls.append(1)
        return 7

    pending = overlap.start(job, fork=False)
    assert not pending.forked and calls == []
    assert pending.result() == 7 and calls == [1]


STORY = [
    (
        "a1",
        "Flooding closed the Vell river bridge in Marrow on Monday, officials said. "
        "Mayor Ana Sorell said 120 homes were evacuated and two people were injured. "
        '"We expect the water to fall by Wednesday," Sorell told reporters. '
        "The regional council approved 4 million dollars for repairs.",
    ),
    (
        "a2",
        "The Vell river bridge in Marrow was closed on Monday after flooding. "
        "About 120 homes were evacuated, Mayor Ana Sorell said, and two people were hurt. "
        "The council approved 4 million dollars to repair the bridge. "
        "Engineers will inspect the bridge on Thursday.",
    ),
    (
        "a3",
        "Two people were injured as floods hit Marrow on Monday. "
        "Mayor Ana Sorell ordered 120 homes evacuated near the Vell river. "
        '"This is the worst flood in a decade," said resident Tom Hale. '
        "Repairs to the bridge will cost 4 million dollars, the council said.",
    ),
]


@pytest.mark.slow
@fork_only
def test_a_briefing_with_the_summary_forked_is_the_same(
    nlp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsfuse.api import brief_articles

    forked: list[bool] = []
    real = overlap.start

    def spy(job, fork=True):  # noqa: ANN001, ANN202
        pending = real(job, fork)
        forked.append(pending.forked)
        return pending

    monkeypatch.setattr(overlap, "start", spy)
    arts = [
        Article(aid, text, source=f"outlet{i}", published=date(2031, 3, 4))
        for i, (aid, text) in enumerate(STORY)
    ]
    base = Settings(progress=False, embeddings=False)
    one = brief_articles(arts, base.with_(jobs=1), nlp)
    two = brief_articles(arts, base.with_(jobs=2), nlp)
    assert forked == [False, True]
    assert one.summary and one.facts
    assert render(replace(one, stats={}), "json") == render(replace(two, stats={}), "json")


@pytest.mark.slow
@fork_only
def test_the_example_with_a_dateline_fixed_is_the_same_forked(example_dir, nlp) -> None:  # noqa: ANN001
    """The child is forked before the dateline fixes: an article whose time expressions are
    resolved again (the example's) gives the same summary and briefing."""
    from newsfuse import brief

    base = Settings(progress=False, embeddings=False)
    one = brief([example_dir], base.with_(jobs=1), nlp=nlp)
    two = brief([example_dir], base.with_(jobs=2), nlp=nlp)
    assert any(d.kind == "dateline" for d in one.discrepancies)
    assert render(replace(one, stats={}), "json") == render(replace(two, stats={}), "json")
