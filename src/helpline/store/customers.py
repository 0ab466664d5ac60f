"""Looking customers up by phone number."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline.errors import CustomerNotFound
from helpline.phone import normalize_phone
from helpline.store.complaints import OPEN_STATUSES, ticket_info
from helpline.store.models import Complaint, Plan, Transaction, User
from helpline.store.plans import plan_info
from helpline.store.values import Account, Customer, TransactionInfo


def customer_value(user: User, plan: Plan | None) -> Customer:
    return Customer(
        user_id=user.user_id,
        phone=user.phone,
        name=user.name,
        gender=user.gender,
        circle=user.circle,
        status=user.status,
        balance_mb=user.balance_mb,
        main_balance=user.main_balance,
        plan=plan_info(plan) if plan is not None else None,
        plan_expires_at=user.plan_expires_at,
        created_at=user.created_at,
    )


def get_customer_by_phone(session: Session, phone: str) -> Customer:
    """The customer with this phone; raises InvalidPhone or CustomerNotFound."""
    number = normalize_phone(phone)
    row = session.execute(
        select(User, Plan).outerjoin(Plan, User.plan_id == Plan.plan_id).where(User.phone == number)
    ).first()
    if row is None:
        raise CustomerNotFound(f"no customer with phone {number}")
    return customer_value(row[0], row[1])


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
