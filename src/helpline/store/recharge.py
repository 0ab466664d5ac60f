"""Recharge: payment record, plan switch, data and validity update, all in one transaction.

A recharge a customer confirmed carries an idempotency key (one per confirmed offer): whatever
is retried or replayed, one key pays at most once.
"""

import uuid
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from helpline.errors import CommitOutcomeUnknown, CustomerNotFound, PlanNotFound
from helpline.phone import normalize_phone
from helpline.store.clock import utcnow
from helpline.store.db import transaction
from helpline.store.models import AuditLog, Plan, Transaction, User
from helpline.store.plans import plan_info
from helpline.store.values import RechargeResult

MB_PER_GB = Decimal(1024)


def plan_data_mb(plan: Plan) -> Decimal:
    """Data a recharge credits now: a daily plan credits today's quota, others their total."""
    gb = plan.daily_data_gb if plan.daily_data_gb else plan.data_gb
    return (gb * MB_PER_GB).quantize(Decimal("0.01"))


def apply_recharge(
    factory: sessionmaker[Session],
    phone: str,
    plan_id: int,
    *,
    actor: str = "customer",
    key: str | None = None,
) -> RechargeResult:
    """Recharge a customer with a plan, atomically; raises and changes nothing on any failure.

    With a `key` already used, nothing is written: the first recharge is read back, flagged
    `replayed`. The customer's row is locked first (SELECT ... FOR UPDATE on servers, BEGIN
    IMMEDIATE on SQLite) so two concurrent recharges of one customer both land, and two with one
    key see each other.
    """
    number = normalize_phone(phone)
    committing = False
    try:
        with transaction(factory) as session:
            result = _recharge(session, number, plan_id, actor=actor, key=key)
            committing = True  # leaving the block sends COMMIT
        return result
    except IntegrityError:
        # The unique key is the last line of defence: a confirmation racing past the check
        # (another process, same key) loses here, and the winner's recharge is the answer.
        earlier = find_recharge(factory, key) if key is not None else None
        if earlier is None:
            raise
        return earlier
    except DBAPIError as exc:
        lost = isinstance(exc, OperationalError) or exc.connection_invalidated
        if committing and lost:
            # Only a failure of the COMMIT itself is ambiguous: the server may have written
            # what we never heard back about. Anything earlier certainly wrote nothing.
            raise CommitOutcomeUnknown("the recharge's commit was not acknowledged") from exc
        raise


def find_recharge(factory: sessionmaker[Session], key: str) -> RechargeResult | None:
    """The recharge paid with this key, read back with the customer's balance now; None if none."""
    with factory() as session:
        payment = session.scalars(
            select(Transaction).where(Transaction.idempotency_key == key)
        ).first()
        return None if payment is None else _read_back(session, payment)


def _recharge(
    session: Session, number: str, plan_id: int, *, actor: str, key: str | None
) -> RechargeResult:
    # The customer's row is locked before anything is read: on MySQL the transaction's snapshot
    # starts with its first plain read, so the key lookup below sees a racing twin's commit.
    user = session.scalars(select(User).where(User.phone == number).with_for_update()).first()
    if user is None:
        raise CustomerNotFound(f"no customer with phone {number}")
    if key is not None:
        earlier = session.scalars(
            select(Transaction).where(Transaction.idempotency_key == key)
        ).first()
        if earlier is not None:
            return _read_back(session, earlier)
    plan = session.get(Plan, plan_id)
    if plan is None or not plan.is_active:
        raise PlanNotFound(f"no plan with id {plan_id}")
    return _pay(session, user, plan, actor=actor, key=key)


def _pay(
    session: Session, user: User, plan: Plan, *, actor: str, key: str | None
) -> RechargeResult:
    now = utcnow()
    reference = f"RCH{uuid.uuid4().hex[:12].upper()}"
    payment = Transaction(
        user_id=user.user_id,
        amount=plan.price,
        txn_date=now,
        status="success",
        description=f"Recharge: {plan.plan_name}",
        plan_id=plan.plan_id,
        reference=reference,
        idempotency_key=key,
    )
    session.add(payment)
    session.flush()  # the payment is written first; anything failing after it rolls it back
    start = user.plan_expires_at if user.plan_expires_at and user.plan_expires_at > now else now
    if plan.category == "unlimited":
        # Data packs and talk-time ride on the current plan's validity; a plan replaces it.
        user.plan_id = plan.plan_id
        user.plan_expires_at = start + timedelta(days=plan.validity_days)
    user.balance_mb = user.balance_mb + plan_data_mb(plan)
    user.main_balance = user.main_balance + (plan.talktime or Decimal(0))
    details = {"plan_id": plan.plan_id, "amount": str(plan.price), "reference": reference}
    session.add(
        AuditLog(
            actor=actor,
            action="recharge",
            entity="user",
            entity_id=str(user.user_id),
            details=details if key is None else {**details, "idempotency_key": key},
        )
    )
    session.flush()
    return RechargeResult(
        txn_id=payment.txn_id,
        reference=reference,
        plan=plan_info(plan),
        balance_mb=user.balance_mb,
        main_balance=user.main_balance,
        plan_expires_at=user.plan_expires_at or now,
    )


def _read_back(session: Session, payment: Transaction) -> RechargeResult:
    """An earlier recharge as its result, with the customer's balance and expiry as they are now."""
    user = session.get(User, payment.user_id)
    plan = session.get(Plan, payment.plan_id) if payment.plan_id is not None else None
    if user is None or plan is None:  # foreign keys make this impossible; say so if it happens
        raise CustomerNotFound(f"transaction {payment.txn_id} has no customer or plan")
    return RechargeResult(
        txn_id=payment.txn_id,
        reference=payment.reference or "",
        plan=plan_info(plan),
        balance_mb=user.balance_mb,
        main_balance=user.main_balance,
        plan_expires_at=user.plan_expires_at or payment.txn_date,
        replayed=True,
    )
