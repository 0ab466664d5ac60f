"""Which complaints a KPI view or summary covers: department, status, priority, circle, dates."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, literal_column

from helpline.errors import HelplineError
from helpline.language.types import Department
from helpline.store.complaints import STATUSES
from helpline.store.models import Complaint

PRIORITIES = ("HIGH", "MEDIUM", "LOW")


@dataclass(frozen=True, slots=True)
class ComplaintFilter:
    """A scope of complaints. Dates are calendar days in UTC; `until` is inclusive."""

    department: str | None = None
    status: str | None = None
    priority: str | None = None
    circle: str | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def parse(
        cls,
        *,
        department: str | None = None,
        status: str | None = None,
        priority: str | None = None,
        circle: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
    ) -> "ComplaintFilter":
        """A filter from loose input (CLI, API): names matched without regard to case."""
        return cls(
            department=_department(department),
            status=_choice(status, STATUSES, "status", upper=False),
            priority=_choice(priority, PRIORITIES, "priority", upper=True),
            circle=circle.strip() if circle and circle.strip() else None,
            since=_day(since, "since"),
            until=_day(until, "until"),
        ).checked()

    def checked(self) -> "ComplaintFilter":
        if self.since and self.until and self.since > self.until:
            raise HelplineError(f"--since {self.since} is after --until {self.until}")
        return self

    @property
    def start(self) -> datetime | None:
        return datetime.combine(self.since, time.min) if self.since else None

    @property
    def end(self) -> datetime | None:
        """The first moment after the range (exclusive bound)."""
        return datetime.combine(self.until + timedelta(days=1), time.min) if self.until else None

    @property
    def narrows_complaints(self) -> bool:
        """True when something besides dates narrows the scope (conversations cannot follow)."""
        return any((self.department, self.status, self.priority, self.circle))

    def conditions(
        self, *, dates: bool = True, unindexed: Collection[str] = ()
    ) -> list[ColumnElement[bool]]:
        """WHERE clauses on the complaints table (without the date range when dates=False).

        Columns named in `unindexed` (SQLite only) are spelled +column, which SQLite will not
        look up in an index: the query then walks the index its ORDER BY or GROUP BY suits.
        """

        def col(name: str) -> ColumnElement[Any]:
            column: ColumnElement[Any] = getattr(Complaint, name)
            if name in unindexed:
                return literal_column(f"+complaints.{name}", column.type)
            return column

        out: list[ColumnElement[bool]] = []
        if self.department:
            out.append(col("department") == self.department)
        if self.status:
            out.append(col("status") == self.status)
        if self.priority:
            out.append(col("priority") == self.priority)
        if self.circle:
            out.append(col("circle") == self.circle)
        if dates and self.start:
            out.append(col("created_at") >= self.start)
        if dates and self.end:
            out.append(col("created_at") < self.end)
        return out

    def key(self) -> str:
        """A stable text naming the scope, for cache keys."""
        parts = (self.department, self.status, self.priority, self.circle, self.since, self.until)
        return "|".join("" if p is None else str(p) for p in parts)

    def describe(self) -> str:
        """The scope in words, for headings and prose."""
        bits = []
        if self.department:
            bits.append(f"{self.department} department")
        if self.circle:
            bits.append(f"{self.circle} circle")
        if self.priority:
            bits.append(f"{self.priority} priority")
        if self.status:
            bits.append(f"status {self.status}")
        if self.since and self.until:
            bits.append(f"{self.since} to {self.until}")
        elif self.since:
            bits.append(f"since {self.since}")
        elif self.until:
            bits.append(f"up to {self.until}")
        return ", ".join(bits) if bits else "all complaints"


def _department(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    wanted = value.strip().lower()
    for known in Department:
        if known.value.lower() == wanted:
            return known.value
    # An operator may run departments of its own: keep the name as given.
    return value.strip()


def _choice(value: str | None, allowed: tuple[str, ...], what: str, *, upper: bool) -> str | None:
    if value is None or not value.strip():
        return None
    folded = value.strip().upper() if upper else value.strip().lower()
    if folded not in allowed:
        raise HelplineError(f"unknown {what} '{value}' (one of: {', '.join(allowed)})")
    return folded


def _day(value: date | str | None, what: str) -> date | None:
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise HelplineError(f"--{what} must be a date like 2026-11-01, not '{value}'") from None
