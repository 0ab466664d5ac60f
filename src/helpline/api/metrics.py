"""Prometheus metrics of one process (prometheus-client): turns, stage latencies, complaints,
hand-offs, HTTP requests, and the engine's event counters (LLM fallbacks, grounding rejections).

Each process has its own registry; scrape every process (or sum them) when running several.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

from helpline.app.models import TurnPublic, VoiceTurnPublic

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
STAGE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
# The engine's own counter names, and what Prometheus calls them.
ENGINE_COUNTERS = {
    "llm_fallback": ("helpline_llm_fallbacks", "Replies written by templates after the LLM failed"),
    "grounding_rejected": (
        "helpline_grounding_rejections",
        "LLM replies rejected for stating facts not in the database",
    ),
    "llm_malformed": ("helpline_llm_malformed", "LLM replies that could not be used"),
}


class _EngineCounters(Collector):
    """Reads the engine's counters at scrape time, so they need no copying per event."""

    def __init__(self, read: Callable[[], Mapping[str, int]]) -> None:
        self._read = read

    def collect(self) -> Iterator[CounterMetricFamily]:
        counts = self._read()
        for key, (name, doc) in ENGINE_COUNTERS.items():
            family = CounterMetricFamily(name, doc)
            family.add_metric([], counts.get(key, 0))
            yield family


class Metrics:
    def __init__(self, engine_counters: Callable[[], Mapping[str, int]]) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.turns = Counter(
            "helpline_turns", "Customer turns answered", ["channel", "intent"], registry=r
        )
        self.stage = Histogram(
            "helpline_turn_stage_seconds",
            "Time per turn stage",
            ["stage"],
            buckets=STAGE_BUCKETS,
            registry=r,
        )
        self.complaints = Counter(
            "helpline_complaints_created", "Turns that filed a complaint", registry=r
        )
        self.handoffs = Counter("helpline_handoffs", "Conversations handed to a human", registry=r)
        self.http = Counter(
            "helpline_http_requests",
            "HTTP requests by route and status",
            ["method", "route", "status"],
            registry=r,
        )
        self.http_seconds = Histogram(
            "helpline_http_request_seconds",
            "HTTP request latency by route",
            ["route"],
            buckets=STAGE_BUCKETS,
            registry=r,
        )
        r.register(_EngineCounters(engine_counters))

    def turn(
        self, turn: TurnPublic | VoiceTurnPublic, channel: str, timings_ms: Mapping[str, float]
    ) -> None:
        """Count one answered turn and the time each of its stages took."""
        self.turns.labels(channel, turn.intent or "none").inc()
        for stage, ms in timings_ms.items():
            self.stage.labels(stage).observe(ms / 1000)
        if turn.complaint_id is not None:
            self.complaints.inc()
        if turn.handoff:
            self.handoffs.inc()

    def request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.http.labels(method, route, str(status)).inc()
        self.http_seconds.labels(route).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
