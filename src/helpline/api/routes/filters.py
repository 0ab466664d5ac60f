"""The complaint filters staff routes share, as query parameters."""

from dataclasses import asdict, dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query

Short = Annotated[str | None, Query(max_length=100)]


@dataclass(frozen=True, slots=True)
class Scope:
    department: str | None
    status: str | None
    priority: str | None
    circle: str | None
    since: date | None
    until: date | None

    def args(self) -> dict[str, Any]:
        return asdict(self)


def scope(
    department: Short = None,
    status: Annotated[str | None, Query(max_length=20, description="open, in_progress...")] = None,
    priority: Annotated[str | None, Query(max_length=10, description="HIGH, MEDIUM, LOW")] = None,
    circle: Short = None,
    since: Annotated[date | None, Query(description="first day, YYYY-MM-DD")] = None,
    until: Annotated[date | None, Query(description="last day, inclusive")] = None,
) -> Scope:
    return Scope(department, status, priority, circle, since, until)


ScopeDep = Annotated[Scope, Depends(scope)]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Phone = Annotated[str | None, Query(max_length=20, description="a customer's number")]
