"""Typed results about people: staff accounts, and a customer's erasure or the retention job."""

from datetime import datetime

from helpline.app.models import Public


class StaffPublic(Public):
    staff_id: int
    username: str
    full_name: str
    role: str  # agent / manager
    is_active: bool
    created_at: datetime


class ErasureReceipt(Public):
    user_id: int
    rows: dict[str, int]  # rows anonymised per table
    sessions: int  # live sessions dropped
    caches: int  # cached summaries dropped
    at: datetime
    actor: str


class RetentionReceipt(Public):
    days: int
    cutoff: datetime
    rows: int  # conversation and hand-off rows anonymised
    actor: str
