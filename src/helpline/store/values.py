"""Plain values the store hands out: no ORM rows leave the store."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class PlanInfo:
    plan_id: int
    plan_name: str
    price: Decimal
    data_gb: Decimal
    validity_days: int
    description: str | None
    daily_data_gb: Decimal | None
    calls: str
    sms_per_day: int
    talktime: Decimal
    category: str
    offer: str | None


@dataclass(frozen=True, slots=True)
class Customer:
    user_id: int
    phone: str
    name: str
    gender: str | None
    circle: str | None
    status: str
    balance_mb: Decimal  # all the data usable now: the base plan's and the live packs'
    main_balance: Decimal
    plan: PlanInfo | None
    plan_expires_at: datetime | None
    created_at: datetime
    pack_mb: Decimal = Decimal(0)  # the part of balance_mb that boosters and add-ons hold
    pack_expires_at: datetime | None = None  # when the first of those packs lapses

    def days_left(self, now: datetime) -> int:
        """Whole days of validity left (0 once expired)."""
        if self.plan_expires_at is None or self.plan_expires_at <= now:
            return 0
        return (self.plan_expires_at - now).days + (
            1 if (self.plan_expires_at - now).seconds else 0
        )


@dataclass(frozen=True, slots=True)
class TransactionInfo:
    txn_id: int
    amount: Decimal
    txn_date: datetime
    status: str
    description: str | None
    plan_id: int | None
    reference: str | None


@dataclass(frozen=True, slots=True)
class TicketInfo:
    complaint_id: int
    complaint_type: str
    department: str
    priority: str
    description: str
    status: str
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    due_at: datetime | None
    phone: str | None
    report_count: int
    entities: Any = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Account:
    """What an operator's agent sees when they look a customer up."""

    customer: Customer
    transactions: tuple[TransactionInfo, ...]
    open_tickets: tuple[TicketInfo, ...]


@dataclass(frozen=True, slots=True)
class RechargeResult:
    txn_id: int
    reference: str
    plan: PlanInfo
    balance_mb: Decimal
    main_balance: Decimal
    plan_expires_at: datetime
    # When the data this recharge bought lapses, for a data pack; None for other plans.
    pack_expires_at: datetime | None = None
    # True when the idempotency key had already paid: this is the first recharge read back, and
    # nothing new was written.
    replayed: bool = False
