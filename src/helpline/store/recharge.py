"""Recharge: payment record, plan switch, data and validity update, all in one transaction.

A base plan (category "unlimited") bought while one runs starts when it ends; a data pack
(booster, add-on) leaves the plan as it is and holds its data apart, valid for its own days or
until the base plan ends, whichever comes first; talk-time adds to the main balance.

A recharge a customer confirmed carries an idempotency key (one per confirmed offer): whatever
is retried or replayed, one key pays at most once.
"""

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import bindparam, case, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from helpline.errors import CommitOutcomeUnknown, CustomerNotFound, PlanNotFound
from helpline.phone import normalize_phone
from helpline.store.clock import utcnow
from helpline.store.customers import live_packs
from helpline.store.db import transaction
from helpline.store.db_breaker import DatabaseNotAnswering
from helpline.store.models import AuditLog, DataPack, Plan, Transaction, User
from helpline.store.plans import plan_info
from helpline.store.values import RechargeResult

log = logging.getLogger(__name__)
MB_PER_GB = Decimal(1024)
# Pauses before each look-up of the key after a recharge's COMMIT went unanswered: the first at
# once, then a moment for a COMMIT the server already holds to finish. About 1.5 s at worst.
SETTLE_PAUSES_S = (0.0, 0.3, 1.0)


def plan_data_mb(plan: Plan) -> Decimal:
    """Data a recharge credits now: a daily plan credits today's quota, others their total."""
    gb = plan.daily_data_gb if plan.daily_data_gb else plan.data_gb
    return (gb * MB_PER_GB).quantize(Decimal("0.01"))


# The recharge's statements, built once: building one (and its cache key) on every recharge cost
# more CPU than SQLite took to run it, and a recharge holds the database's write lock meanwhile.
_USER_FOR_UPDATE = select(User).where(User.phone == bindparam("phone")).with_for_update()
_PAYMENT_BY_KEY = select(Transaction).where(Transaction.idempotency_key == bindparam("key"))
_PLAN_END = bindparam("plan_end", type_=DataPack.expires_at.type)
_PACKS_FOLLOW_PLAN = (
    update(DataPack)
    .where(DataPack.user_id == bindparam("owner"), DataPack.expires_at > bindparam("now"))
    .values(
        expires_at=case((DataPack.valid_until < _PLAN_END, DataPack.valid_until), else_=_PLAN_END)
    )
    .execution_options(synchronize_session=False)
)


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
        payment = session.scalars(_PAYMENT_BY_KEY, {"key": key}).first()
        return None if payment is None else _read_back(session, payment)


@dataclass(frozen=True, slots=True)
class Settlement:
    """What the look-ups of a key found after its recharge's COMMIT went unanswered."""

    found: RechargeResult | None  # the recharge the key paid
    absent: int  # look-ups that got an answer and found nothing: two a moment apart mean "not made"


def settle_recharge(factory: sessionmaker[Session], key: str) -> Settlement:
    """Look the key up until it is found, found absent twice, or the database cannot be asked."""
    absent = 0
    for pause in SETTLE_PAUSES_S:
        time.sleep(pause)
        try:
            found = find_recharge(factory, key)
        except DatabaseNotAnswering:
            break  # a wait ran out just now: the database is not asked again for a while
        except SQLAlchemyError:
            log.warning("recharge key look-up failed", exc_info=True)
            continue
        if found is not None:
            return Settlement(found, absent)
        absent += 1
        if absent == 2:
            break
    return Settlement(None, absent)


def _recharge(
    session: Session, number: str, plan_id: int, *, actor: str, key: str | None
) -> RechargeResult:
    # The customer's row is locked before anything is read: on MySQL the transaction's snapshot
    # starts with its first plain read, so the key lookup below sees a racing twin's commit.
    user = session.scalars(_USER_FOR_UPDATE, {"phone": number}).first()
    if user is None:
        raise CustomerNotFound(f"no customer with phone {number}")
    if key is not None:
        earlier = session.scalars(_PAYMENT_BY_KEY, {"key": key}).first()
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
    running = user.plan_expires_at is not None and user.plan_expires_at > now
    pack_end = None
    if plan.category == "unlimited":
        start = user.plan_expires_at if running and user.plan_expires_at else now
        user.plan_id = plan.plan_id
        user.plan_expires_at = start + timedelta(days=plan.validity_days)
        user.balance_mb = user.balance_mb + plan_data_mb(plan)
        if running:
            _packs_follow_plan(session, user.user_id, user.plan_expires_at, now)
    elif plan.category == "data_pack":
        pack_end = _add_pack(session, user, plan, payment.txn_id, now, running=running)
    else:
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
        balance_mb=user.balance_mb + live_packs(session, user.user_id, now)[0],
        main_balance=user.main_balance,
        plan_expires_at=user.plan_expires_at or now,
        pack_expires_at=pack_end,
    )


def _add_pack(
    session: Session, user: User, plan: Plan, txn_id: int, now: datetime, *, running: bool
) -> datetime:
    """Credit a data pack; returns when its data lapses."""
    # Whole seconds, as every backend keeps them (MySQL's DATETIME drops the fraction), so what
    # the customer is told is what is stored.
    now = now.replace(microsecond=0)
    valid_until = now + timedelta(days=plan.validity_days)
    expires_at = valid_until
    if running and user.plan_expires_at is not None:
        expires_at = min(valid_until, user.plan_expires_at)
    session.add(
        DataPack(
            user_id=user.user_id,
            txn_id=txn_id,
            data_mb=plan_data_mb(plan),
            bought_at=now,
            valid_until=valid_until,
            expires_at=expires_at,
        )
    )
    return expires_at


def _packs_follow_plan(session: Session, user_id: int, plan_end: datetime, now: datetime) -> None:
    """A base plan bought while one runs extends it, and the live packs with it, up to their
    own days."""
    session.execute(_PACKS_FOLLOW_PLAN, {"owner": user_id, "now": now, "plan_end": plan_end})


def _read_back(session: Session, payment: Transaction) -> RechargeResult:
    """An earlier recharge as its result, with the customer's balance and expiry as they are now."""
    user = session.get(User, payment.user_id)
    plan = session.get(Plan, payment.plan_id) if payment.plan_id is not None else None
    if user is None or plan is None:  # foreign keys make this impossible; say so if it happens
        raise CustomerNotFound(f"transaction {payment.txn_id} has no customer or plan")
    now = utcnow()
    pack = session.scalars(select(DataPack).where(DataPack.txn_id == payment.txn_id)).first()
    return RechargeResult(
        txn_id=payment.txn_id,
        reference=payment.reference or "",
        plan=plan_info(plan),
        balance_mb=user.balance_mb + live_packs(session, user.user_id, now)[0],
        main_balance=user.main_balance,
        plan_expires_at=user.plan_expires_at or payment.txn_date,
        pack_expires_at=None if pack is None else pack.expires_at,
        replayed=True,
    )
