"""SQLite's writers, across threads and processes, queued on a lock that hands over at once.

SQLite lets one writer in at a time; the others wait in its busy handler, which sleeps 1, 2, 5,
10, 15, 20, 25, 50 and 100 ms between tries whether or not the lock came free meanwhile. With
two `helpline serve` processes of eight worker threads each, a write transaction waited 3 ms
at the median and 60 to 80 ms at the 90th percentile for a lock held about a millisecond at a
time (docs/benchmarks.md). Here a process's writers take turns on a thread lock, and the one
whose turn it is takes an flock on a file beside the database, polled every fraction of a
millisecond, before SQLite's own lock: the lock passes on within about a millisecond.

The gate only orders writers: SQLite's lock stays what keeps them apart. A writer that finds
the gate held past its deadline goes on to SQLite's own wait (and its DatabaseBusy), and
writers that do not pass through the gate (migrations, seeding) are kept apart by SQLite alone.
"""

import fcntl
import logging
import os
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

log = logging.getLogger(__name__)

# Polling the other process's hold: first after 0.2 ms, at most every 2 ms.
FIRST_PAUSE_S = 0.0002
LONGEST_PAUSE_S = 0.002


class WriteGate:
    """One SQLite file's gate; `path` None (an in-memory database) orders this process only."""

    def __init__(self, path: Path | None, *, timeout_s: float) -> None:
        self._path = path
        self._timeout_s = timeout_s
        self._turn = threading.RLock()  # a transaction opened inside another keeps its turn
        self._depth = threading.local()
        self._fd: int | None = None
        self._pid = 0

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the gate for one write transaction (re-entrant within a thread)."""
        deadline = time.monotonic() + self._timeout_s
        if not self._turn.acquire(timeout=self._timeout_s):
            yield  # SQLite's own wait decides
            return
        depth: int = getattr(self._depth, "n", 0)
        self._depth.n = depth + 1
        locked = False
        try:
            if depth == 0:
                locked = self._lock_file(deadline)
            yield
        finally:
            if locked and self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            self._depth.n = depth
            self._turn.release()

    def _lock_file(self, deadline: float) -> bool:
        fd = self._file()
        if fd is None:
            return False
        pause = FIRST_PAUSE_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() + pause > deadline:
                    return False
            time.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE_S)

    def _file(self) -> int | None:
        """The lock file, opened once per process (a forked child opens its own)."""
        if self._path is None:
            return None
        if self._fd is not None and self._pid == os.getpid():
            return self._fd
        try:
            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError:
            log.warning("no write gate file at %s: SQLite's own wait orders writers", self._path)
            self._path = None
            return None
        self._pid = os.getpid()
        # Closed with the gate (its engine gone): processes that open many databases, such as
        # the tests, keep no file open for each.
        weakref.finalize(self, _close, self._fd)
        return self._fd


def _close(fd: int) -> None:
    with suppress(OSError):
        os.close(fd)
