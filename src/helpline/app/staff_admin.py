"""Staff accounts as managers keep them: who a token belongs to now, roles, deactivation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from helpline.app.errors import AuthenticationFailed, InvalidInput, StaffNotFound
from helpline.app.people_models import StaffPublic
from helpline.app.staff import public

if TYPE_CHECKING:
    from helpline.app.core import Context


class StaffAdmin:
    def __init__(self, context: Context) -> None:
        self._context = context

    def current(self, staff_id: int) -> StaffPublic:
        """The account as it is now; AuthenticationFailed when gone or deactivated, so a
        token outlives neither its account nor a deactivation."""
        from helpline.store.staff_roles import staff_by_id

        database = self._context.ready_database()
        with database.sessions() as session:
            record = staff_by_id(session, staff_id)
        if record is None or not record.is_active:
            raise AuthenticationFailed("this staff account is no longer active")
        return public(record)

    def update(
        self, username: str, *, actor: str, role: str | None = None, is_active: bool | None = None
    ) -> StaffPublic:
        """Change an account's role or active flag (audited)."""
        from helpline.store.staff import ROLES
        from helpline.store.staff_roles import update_staff

        if role is not None and role not in ROLES:
            raise InvalidInput(f"role must be one of: {', '.join(ROLES)}")
        database = self._context.ready_database()
        record = update_staff(
            database.sessions, username.strip().lower(), actor=actor, role=role, is_active=is_active
        )
        if record is None:
            raise StaffNotFound(f"no staff account named '{username}'")
        return public(record)

    def audit(
        self, actor: str, action: str, entity: str, entity_id: str | None = None, **details: Any
    ) -> None:
        """Record something a staff member did (a read, an export, a login) in the audit log."""
        from helpline.store.staff import record_audit

        sessions = self._context.ready_database().sessions
        record_audit(sessions, actor, action, entity, entity_id, **details)
