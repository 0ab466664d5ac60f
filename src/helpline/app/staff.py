"""Staff accounts: adding them with a hashed password, and checking a login.

Passwords are hashed with argon2 (argon2-cffi's defaults); a login for an unknown name still
verifies against a dummy hash, so the answer takes as long whether or not the name exists.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING

from helpline.app.convert import utc
from helpline.app.errors import AuthenticationFailed, InvalidInput
from helpline.app.people_models import StaffPublic

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from helpline.app.core import Context
    from helpline.store.staff import StaffRecord

MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
DEMO_PASSWORD = "helpline-demo"  # the seeded demo accounts only; README says so
DEMO_STAFF = (("manager", "Demo Manager", "manager"), ("agent", "Demo Agent", "agent"))


def public(record: StaffRecord) -> StaffPublic:
    return StaffPublic(
        staff_id=record.staff_id,
        username=record.username,
        full_name=record.full_name,
        role=record.role,
        is_active=record.is_active,
        created_at=utc(record.created_at),
    )


class Staff:
    def __init__(self, context: Context) -> None:
        self._context = context

    @cached_property
    def _hasher(self) -> PasswordHasher:
        from argon2 import PasswordHasher

        return PasswordHasher()

    @cached_property
    def _dummy_hash(self) -> str:
        return self._hasher.hash("not a password anyone has")

    def add(
        self, username: str, password: str, *, role: str, full_name: str = "", actor: str = "cli"
    ) -> StaffPublic:
        """A new staff account; the username is lower-case letters, digits, '.', '_' or '-'."""
        from helpline.store.staff import ROLES, create_staff

        name = username.strip().lower()
        if not _USERNAME.match(name):
            raise InvalidInput(f"'{username}' is not a valid username (letters, digits, . _ -)")
        if role not in ROLES:
            raise InvalidInput(f"role must be one of: {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise InvalidInput(f"the password must have at least {MIN_PASSWORD} characters")
        record = create_staff(
            self._context.ready_database().sessions,
            username=name,
            full_name=full_name.strip() or name,
            password_hash=self._hasher.hash(password),
            role=role,
            actor=actor,
        )
        return public(record)

    def authenticate(self, username: str, password: str) -> StaffPublic:
        """The active account whose password this is; AuthenticationFailed otherwise."""
        from argon2.exceptions import InvalidHashError, VerificationError

        from helpline.store.staff import set_password_hash, staff_by_username

        database = self._context.ready_database()
        with database.sessions() as session:
            record = staff_by_username(session, username.strip().lower())
        stored = record.password_hash if record is not None else self._dummy_hash
        try:
            self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            raise AuthenticationFailed("wrong username or password") from None
        if record is None or not record.is_active:
            raise AuthenticationFailed("wrong username or password")
        if self._hasher.check_needs_rehash(stored):
            set_password_hash(database.sessions, record.staff_id, self._hasher.hash(password))
        return public(record)

    def ensure_demo(self) -> list[StaffPublic]:
        """The demo manager and agent of the seeded operator (password DEMO_PASSWORD)."""
        from helpline.store.staff import StaffExists

        made = []
        for username, full_name, role in DEMO_STAFF:
            try:
                made.append(
                    self.add(username, DEMO_PASSWORD, role=role, full_name=full_name, actor="seed")
                )
            except StaffExists:
                continue
        return made
