"""Changing a staff account: its role and whether it may log in, audited with who changed it."""

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from helpline.store.db import transaction
from helpline.store.models import Staff
from helpline.store.staff import StaffRecord, _record, audit_row


def staff_by_id(session: Session, staff_id: int) -> StaffRecord | None:
    row = session.get(Staff, staff_id)
    return None if row is None else _record(row)


def update_staff(
    factory: sessionmaker[Session],
    username: str,
    *,
    actor: str,
    role: str | None = None,
    is_active: bool | None = None,
) -> StaffRecord | None:
    """Set an account's role and/or active flag; None when there is no such account."""
    with transaction(factory) as session:
        row = session.scalars(select(Staff).where(Staff.username == username)).first()
        if row is None:
            return None
        changes: dict[str, object] = {}
        if role is not None and role != row.role:
            changes["role"] = [row.role, role]
            row.role = role
        if is_active is not None and is_active != row.is_active:
            changes["is_active"] = [row.is_active, is_active]
            row.is_active = is_active
        session.add(audit_row(actor, "staff.update", "staff", str(row.staff_id), **changes))
        session.flush()
        return _record(row)
