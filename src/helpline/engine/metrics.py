"""Counters of events worth watching (LLM fallbacks, ungrounded replies), safe across threads."""

import threading
from collections import Counter


class Counters:
    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._mutex = threading.Lock()

    def inc(self, name: str, by: int = 1) -> None:
        with self._mutex:
            self._counts[name] += by

    def get(self, name: str) -> int:
        with self._mutex:
            return self._counts[name]

    def snapshot(self) -> dict[str, int]:
        with self._mutex:
            return dict(self._counts)
