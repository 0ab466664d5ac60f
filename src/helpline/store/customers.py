"""Looking customers up by phone number."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from helpline.errors import CustomerNotFound
from helpline.phone import normalize_phone
from helpline.store.clock import utcnow
from helpline.store.complaints import OPEN_STATUSES, ticket_info
from helpline.store.models import Complaint, DataPack, Plan, Transaction, User
from helpline.store.values import Account, Customer, PlanInfo, TransactionInfo


def get_customer_by_phone(session: Session, phone: str) -> Customer:
    """The customer with this phone; raises InvalidPhone or CustomerNotFound."""
    return customer_for_turn(session, normalize_phone(phone))


def customer_exists(session: Session, phone: str) -> bool:
    number = normalize_phone(phone)
    return session.scalar(select(User.user_id).where(User.phone == number)) is not None


def recent_transactions(session: Session, user_id: int, limit: int = 5) -> list[TransactionInfo]:
    """The customer's last transactions, newest first."""
    rows = session.scalars(
        select(Transaction)
        .where(Transaction.user_id == user_id)
        .order_by(Transaction.txn_date.desc(), Transaction.txn_id.desc())
        .limit(limit)
    )
    return [
        TransactionInfo(
            txn_id=t.txn_id,
            amount=t.amount,
            txn_date=t.txn_date,
            status=t.status,
            description=t.description,
            plan_id=t.plan_id,
            reference=t.reference,
        )
        for t in rows
    ]


def get_account(session: Session, phone: str, *, transactions: int = 5) -> Account:
    """Everything an agent looks at: the customer, last transactions and open tickets."""
    customer = get_customer_by_phone(session, phone)
    tickets = session.scalars(
        select(Complaint)
        .where(Complaint.user_id == customer.user_id, Complaint.status.in_(OPEN_STATUSES))
        .order_by(Complaint.created_at.desc())
    )
    return Account(
        customer=customer,
        transactions=tuple(recent_transactions(session, customer.user_id, transactions)),
        open_tickets=tuple(ticket_info(c) for c in tickets),
    )


# A pack's data counts until it lapses (models.DataPack.expires_at).
_LIVE_PACK = (DataPack.user_id == User.user_id) & (DataPack.expires_at > bindparam("now"))

_CUSTOMER_COLUMNS = select(
    User.user_id,
    User.phone,
    User.name,
    User.gender,
    User.circle,
    User.status,
    User.balance_mb,
    User.main_balance,
    User.plan_expires_at,
    User.created_at,
    Plan.plan_id,
    Plan.plan_name,
    Plan.price,
    Plan.data_gb,
    Plan.validity_days,
    Plan.description,
    Plan.daily_data_gb,
    Plan.calls,
    Plan.sms_per_day,
    Plan.talktime,
    Plan.category,
    Plan.offer,
    select(func.sum(DataPack.data_mb))
    .where(_LIVE_PACK)
    .correlate(User)
    .scalar_subquery()
    .label("pack_mb"),
    select(func.min(DataPack.expires_at))
    .where(_LIVE_PACK)
    .correlate(User)
    .scalar_subquery()
    .label("pack_expires_at"),
).outerjoin(Plan, User.plan_id == Plan.plan_id)

# Built once: SQLAlchemy then reuses its cache key instead of computing it on every turn.
_CUSTOMER_BY_PHONE = _CUSTOMER_COLUMNS.where(User.phone == bindparam("phone"))


def customer_for_turn(session: Session, phone: str) -> Customer:
    """The customer with this (already normalised) phone, with the data of their live packs.

    Read as plain columns in one statement: the engine reads the customer on every turn.
    """
    # On the session's connection: the columns need none of the ORM's result handling, which
    # cost as much again as the query.
    row = (
        session.connection().execute(_CUSTOMER_BY_PHONE, {"phone": phone, "now": utcnow()}).first()
    )
    if row is None:
        raise CustomerNotFound(f"no customer with phone {phone}")
    pack_mb = Decimal(row.pack_mb or 0)
    plan = None
    if row.plan_id is not None:
        plan = PlanInfo(
            plan_id=row.plan_id,
            plan_name=row.plan_name,
            price=row.price,
            data_gb=row.data_gb,
            validity_days=row.validity_days,
            description=row.description,
            daily_data_gb=row.daily_data_gb,
            calls=row.calls,
            sms_per_day=row.sms_per_day,
            talktime=row.talktime,
            category=row.category,
            offer=row.offer,
        )
    return Customer(
        user_id=row.user_id,
        phone=row.phone,
        name=row.name,
        gender=row.gender,
        circle=row.circle,
        status=row.status,
        balance_mb=row.balance_mb + pack_mb,
        main_balance=row.main_balance,
        plan=plan,
        plan_expires_at=row.plan_expires_at,
        created_at=row.created_at,
        pack_mb=pack_mb,
        pack_expires_at=row.pack_expires_at,
    )


# Built once, as _CUSTOMER_BY_PHONE: a recharge reads it while it holds the write lock.
_LIVE_PACKS = select(func.sum(DataPack.data_mb), func.min(DataPack.expires_at)).where(
    DataPack.user_id == bindparam("user_id"), DataPack.expires_at > bindparam("now")
)


def live_packs(session: Session, user_id: int, now: datetime) -> tuple[Decimal, datetime | None]:
    """The data a customer's live packs hold, and when the first of them lapses."""
    mb, first_end = session.execute(_LIVE_PACKS, {"user_id": user_id, "now": now}).one()
    return Decimal(mb or 0), first_end
