"""Which complaints a listing, KPI view or summary covers, read from loose front-end input.

An unknown department is refused with the valid names, not answered with zeros.
"""

from datetime import date

from helpline.app.core import Context
from helpline.app.errors import InvalidInput
from helpline.complaints.filters import ComplaintFilter
from helpline.language.types import Department
from helpline.store.complaint_queries import departments


def parse_scope(
    context: Context,
    *,
    department: str | None = None,
    status: str | None = None,
    priority: str | None = None,
    circle: str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
) -> ComplaintFilter:
    """A filter from loose input; raises InvalidInput naming the choices for a bad value."""
    scope = ComplaintFilter.parse(
        department=department,
        status=status,
        priority=priority,
        circle=circle,
        since=since,
        until=until,
    )
    if scope.department is not None:
        known = known_departments(context)
        if scope.department not in known:
            raise InvalidInput(f"unknown department '{department}' (one of: {', '.join(known)})")
    return scope


def known_departments(context: Context) -> list[str]:
    """The standard departments and any other an operator has filed tickets under."""
    database = context.ready_database()
    with database.sessions() as session:
        found = departments(session)
    standard = [d.value for d in Department]
    return standard + sorted(set(found) - set(standard))
