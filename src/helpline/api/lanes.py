"""Conversation turns run on a few worker threads of their own.

A typed turn is mostly Python: on one SQLite file with Redis it holds the GIL for about 2 ms and
waits on the database and Redis only briefly. Every thread beside it that also wants the GIL
stretches it: a thread that comes back from a statement waits for the GIL while it holds
SQLite's write lock, so the other process's writers wait too. Under load, with eight threads a
turn took about 20 ms of wall time for 2 ms of CPU, with two about 6 ms, and p95 at the API
target's pace fell by about a quarter (docs/benchmarks.md, "Typed turns on threads of their own").
The other sync routes (a recording, a CSV export, the staff desks) keep anyio's default
threads, so a slow one never holds up a typed turn.

A remote database or Redis keeps a turn waiting on the network instead: raise
HELPLINE_API_TURN_THREADS there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")


class TurnLane:
    """The threads typed turns run on."""

    def __init__(self, threads: int) -> None:
        if threads < 1:
            raise ValueError("a turn lane needs at least one thread")
        self.threads = threads
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, work: Callable[[], T]) -> T:
        """Run work on one of the lane's threads (the request's context, such as its id for
        the logs, goes with it) and return its result or raise its error."""
        if self._limiter is None:
            # Made on the first turn, in the loop that serves: older anyio 4 releases cannot
            # make one outside a running loop.
            self._limiter = anyio.CapacityLimiter(self.threads)
        return await anyio.to_thread.run_sync(work, limiter=self._limiter)
