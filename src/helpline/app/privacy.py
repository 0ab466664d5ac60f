"""A customer's personal data: erasure on request (DPDP Act), and the retention job.

Erasure first drops what lives outside the database (live sessions, code counters, the cached
account, cached summaries that quote complaint texts), so no live conversation can write the
number back, then anonymises every table in one transaction and audits it; the entries waiting
in this process's outbox are held against drains meanwhile and anonymised with the rows.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from helpline.app.convert import utc
from helpline.app.errors import InvalidInput
from helpline.app.people_models import ErasureReceipt, RetentionReceipt

if TYPE_CHECKING:
    from helpline.app.core import Context


class Privacy:
    def __init__(self, context: Context) -> None:
        self._context = context

    def erase(self, phone: str, *, actor: str) -> ErasureReceipt:
        """Erase or anonymise a customer's personal data everywhere; aggregates stay right."""
        from helpline.complaints.cache import make_cache
        from helpline.phone import normalize_phone
        from helpline.store.erasure import erase_customer

        number = normalize_phone(phone)
        database = self._context.ready_database()
        agent = self._context.agent()
        sessions = agent.forget_phone(number)
        caches = make_cache(self._context.settings).clear()
        # The outbox's entries (taken while the database was down) are erased with the rows.
        report = erase_customer(database.sessions, number, actor=actor, outbox=agent.outbox)
        return ErasureReceipt(
            user_id=report.user_id,
            rows=dict(report.counts),
            sessions=sessions,
            caches=caches,
            at=utc(report.at),
            actor=actor,
        )

    def retention(self, days: int | None = None, *, actor: str) -> RetentionReceipt:
        """Anonymise conversations older than `days` (default HELPLINE_RETENTION_DAYS)."""
        from helpline.store.clock import utcnow
        from helpline.store.erasure import anonymise_conversations_before

        keep = days if days is not None else self._context.settings.retention_days
        if keep is None:
            raise InvalidInput("no retention period: pass --days or set HELPLINE_RETENTION_DAYS")
        if keep < 1:
            raise InvalidInput("the retention period must be at least 1 day")
        cutoff = utcnow() - timedelta(days=keep)
        database = self._context.ready_database()
        rows = anonymise_conversations_before(database.sessions, cutoff, actor=actor)
        return RetentionReceipt(days=keep, cutoff=utc(cutoff), rows=rows, actor=actor)
