"""Staff accounts (agents and managers) and the audit log of what they do."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from helpline.errors import HelplineError
from helpline.store.clock import utcnow
from helpline.store.db import transaction
from helpline.store.models import AuditLog, Staff

ROLES = ("agent", "manager")


class StaffExists(HelplineError):
    """A staff account with this username is already there."""


@dataclass(frozen=True, slots=True)
class StaffRecord:
    staff_id: int
    username: str
    full_name: str
    role: str
    is_active: bool
    created_at: datetime
    password_hash: str  # argon2; never leaves the application layer


def _record(row: Staff) -> StaffRecord:
    return StaffRecord(
        row.staff_id,
        row.username,
        row.full_name,
        row.role,
        row.is_active,
        row.created_at,
        row.password_hash,
    )


def create_staff(
    factory: sessionmaker[Session],
    *,
    username: str,
    full_name: str,
    password_hash: str,
    role: str,
    actor: str,
) -> StaffRecord:
    """Add a staff account and audit it; raises StaffExists for a taken username."""
    try:
        with transaction(factory) as session:
            row = Staff(
                username=username,
                full_name=full_name,
                password_hash=password_hash,
                role=role,
                is_active=True,
                created_at=utcnow(),
            )
            session.add(row)
            session.flush()
            session.add(audit_row(actor, "staff_add", "staff", str(row.staff_id), role=role))
            return _record(row)
    except IntegrityError:
        raise StaffExists(f"a staff account named '{username}' already exists") from None


def staff_by_username(session: Session, username: str) -> StaffRecord | None:
    row = session.scalars(select(Staff).where(Staff.username == username)).first()
    return _record(row) if row is not None else None


def set_password_hash(factory: sessionmaker[Session], staff_id: int, password_hash: str) -> None:
    """Store a rehashed password (argon2 parameters raised since it was set)."""
    with transaction(factory) as session:
        row = session.get(Staff, staff_id)
        if row is not None:
            row.password_hash = password_hash


def audit_row(
    actor: str, action: str, entity: str, entity_id: str | None, **details: Any
) -> AuditLog:
    return AuditLog(
        at=utcnow(), actor=actor, action=action, entity=entity, entity_id=entity_id, details=details
    )


def record_audit(
    factory: sessionmaker[Session],
    actor: str,
    action: str,
    entity: str,
    entity_id: str | None = None,
    **details: Any,
) -> None:
    """One audit-log row in its own transaction."""
    with transaction(factory) as session:
        session.add(audit_row(actor, action, entity, entity_id, **details))
