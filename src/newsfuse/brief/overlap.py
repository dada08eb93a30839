"""One step of a briefing run in a forked process while the calling process runs another.

After the fact alignment, the summary (with its supporting citations) reads only what is already
made (the analyses, the story vectors, the fact clusters), and neither the dateline fixes (which
change time expressions, which the summary does not read) nor the cross-check (timeline, quotes,
discrepancies, framing, coverage) read what it makes. With more than one
process allowed (``jobs``), :func:`start` forks the calling process to make one of them while the
caller makes the other, so the two run on two cores. The child inherits everything by fork (no
records are sent), sends back only its result (pickled through a pipe) and exits. Both steps
are deterministic, so the child's result is the one the caller would have made itself; if the
child fails for any reason (or fork is not available) the caller makes it itself, and an error
is raised there as in a run without the child. A child that has not answered long after the caller
finished its own part (:func:`patience`: a child forked beside other threads could in principle
wait forever on a lock one of them held) is stopped, and the caller makes the result itself.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Pending(Generic[T]):
    """The result of ``job``: made in a forked child (``pid``), or here on :meth:`result`."""

    def __init__(self, job: Callable[[], T], pid: int | None = None, fd: int | None = None):
        self.job = job
        self.pid = pid
        self.fd = fd
        self.started = time.monotonic()

    @property
    def forked(self) -> bool:
        return self.pid is not None

    def result(self, wait: float | None = None) -> T:
        """The job's result: the child's, once it has sent it and exited; else made here, also
        when the child has not finished ``wait`` seconds from now (default: :func:`patience` of
        the time since the fork)."""
        if self.pid is None or self.fd is None:
            return self.job()
        if wait is None:
            wait = patience(time.monotonic() - self.started)
        data = _read_until(self.fd, time.monotonic() + wait)
        if data is None:  # no answer in time: the child is stopped and the job made here
            self.cancel()
            return self.job()
        os.close(self.fd)
        self.fd = None
        ok = _reap(self.pid)
        self.pid = None
        if ok and data:
            try:
                result: T = pickle.loads(data)
                return result
            except Exception:  # a cut or unreadable result: made here instead
                pass
        return self.job()

    def cancel(self) -> None:
        """Stop the child (the caller failed and will not ask for the result)."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            _reap(self.pid)
            self.pid = None


def patience(elapsed: float) -> float:
    """Seconds to wait for the child once the caller has done its own part in ``elapsed``
    seconds: the two parts take about the same time, so a child still busy a minute plus five
    times that later is taken to be stuck (making the result here again costs only time)."""
    return 60.0 + 5.0 * elapsed


def _read_until(fd: int, deadline: float) -> bytes | None:
    """Everything the child writes to ``fd`` until it closes it; None if that has not happened
    by ``deadline`` (time.monotonic)."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int) -> bool:
    """Wait for the child; whether it exited with status 0 (True when it was reaped elsewhere,
    e.g. with SIGCHLD ignored: the result's pickle then tells whether it is whole)."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return True
    return os.waitstatus_to_exitcode(status) == 0


def start(job: Callable[[], T], fork: bool = True) -> Pending[T]:
    """``job`` started in a forked child when ``fork`` is true and the platform forks; else
    made by :meth:`Pending.result` in this process."""
    if not fork or not hasattr(os, "fork"):
        return Pending(job)
    r, w = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(r)
        os.close(w)
        return Pending(job)
    if pid == 0:  # pragma: no cover - the child: reported through the pipe and its exit status
        code = 1
        try:
            os.close(r)
            # a collection would touch every inherited object and copy its page; the child
            # lives for one step
            gc.disable()
            data = pickle.dumps(job(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(w, "wb") as fh:
                fh.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    return Pending(job, pid, r)
