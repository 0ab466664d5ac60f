"""Typed results for staff desks: hand-offs with their transcripts, readiness, audit entries."""

from datetime import datetime

from helpline.app.models import Public


class HandoffLine(Public):
    at: str | None = None
    customer: str | None = None
    agent: str | None = None


class HandoffDetail(Public):
    handoff_id: int
    phone: str | None
    session_id: str | None
    reason: str
    status: str  # queued, taken, closed
    created_at: datetime
    transcript: list[HandoffLine]
    next_statuses: list[str]


class HandoffQueue(Public):
    items: list[HandoffDetail]
    total: int
    limit: int
    offset: int


class Readiness(Public):
    ready: bool
    database: str  # ok, or what is wrong
    redis: str | None  # ok, what is wrong, or None when not configured
