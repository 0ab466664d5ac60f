"""Store and engine values turned into the public models: the one place their shapes meet."""

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, overload

from helpline.app.models import (
    ComplaintPublic,
    CustomerPublic,
    CustomerView,
    EntityPublic,
    PlanPublic,
    TransactionPublic,
    TurnPublic,
)
from helpline.store.clock import utcnow
from helpline.store.values import Account, PlanInfo, TicketInfo

if TYPE_CHECKING:
    # Only a type here: importing the engine loads every action and the migrations.
    from helpline.engine import Turn


@overload
def utc(moment: datetime) -> datetime: ...
@overload
def utc(moment: None) -> None: ...
def utc(moment: datetime | None) -> datetime | None:
    """A stored naive-UTC time as an aware one, so every reader knows its zone."""
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def plan(p: PlanInfo) -> PlanPublic:
    return PlanPublic(
        plan_id=p.plan_id,
        plan_name=p.plan_name,
        price=p.price,
        data_gb=p.data_gb,
        daily_data_gb=p.daily_data_gb,
        validity_days=p.validity_days,
        description=p.description,
        calls=p.calls,
        sms_per_day=p.sms_per_day,
        talktime=p.talktime,
        category=p.category,
        offer=p.offer,
    )


def complaint(t: TicketInfo) -> ComplaintPublic:
    return ComplaintPublic(
        complaint_id=t.complaint_id,
        complaint_type=t.complaint_type,
        department=t.department,
        priority=t.priority,
        status=t.status,
        description=t.description,
        phone=t.phone,
        report_count=t.report_count,
        created_at=utc(t.created_at),
        updated_at=utc(t.updated_at),
        resolved_at=utc(t.resolved_at),
        due_at=utc(t.due_at),
    )


def customer_view(account: Account) -> CustomerView:
    c = account.customer
    return CustomerView(
        customer=CustomerPublic(
            phone=c.phone,
            name=c.name,
            gender=c.gender,
            circle=c.circle,
            status=c.status,
            balance_mb=c.balance_mb,
            main_balance=c.main_balance,
            plan=plan(c.plan) if c.plan else None,
            plan_expires_at=utc(c.plan_expires_at),
            days_left=c.days_left(utcnow()),
            created_at=utc(c.created_at),
            pack_mb=c.pack_mb,
            pack_expires_at=utc(c.pack_expires_at),
        ),
        transactions=[
            TransactionPublic(
                txn_id=t.txn_id,
                amount=t.amount,
                txn_date=utc(t.txn_date),
                status=t.status,
                description=t.description,
                plan_id=t.plan_id,
                reference=t.reference,
            )
            for t in account.transactions
        ],
        open_tickets=[complaint(t) for t in account.open_tickets],
    )


def turn(t: "Turn") -> TurnPublic:
    return TurnPublic(
        session_id=t.session_id,
        reply=t.reply,
        intent=t.intent,
        entities=[EntityPublic(kind=e.kind.value, value=e.value) for e in t.entities],
        complaint_id=t.complaint_id,
        handoff=t.handoff,
        verified=t.verified,
        sentiment=t.sentiment,
    )


def fields_of(value: Any, model: type[Any]) -> dict[str, Any]:
    """The attributes of a dataclass that a model of the same shape declares."""
    return {name: getattr(value, name) for name in model.model_fields}
