"""Recharge: payment record, plan switch, data and validity update, all in one transaction."""

import uuid
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from helpline.errors import CustomerNotFound, PlanNotFound
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
    factory: sessionmaker[Session], phone: str, plan_id: int, *, actor: str = "customer"
) -> RechargeResult:
    """Recharge a customer with a plan, atomically; raises and changes nothing on any failure.

    The customer's row is locked first (SELECT ... FOR UPDATE on servers, BEGIN IMMEDIATE on
    SQLite) so two concurrent recharges of one customer both land.
    """
    number = normalize_phone(phone)
    now = utcnow()
    with transaction(factory) as session:
        plan = session.get(Plan, plan_id)
        if plan is None or not plan.is_active:
            raise PlanNotFound(f"no plan with id {plan_id}")
        user = session.scalars(select(User).where(User.phone == number).with_for_update()).first()
        if user is None:
            raise CustomerNotFound(f"no customer with phone {number}")
        reference = f"RCH{uuid.uuid4().hex[:12].upper()}"
        payment = Transaction(
            user_id=user.user_id,
            amount=plan.price,
            txn_date=now,
            status="success",
            description=f"Recharge: {plan.plan_name}",
            plan_id=plan.plan_id,
            reference=reference,
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
        session.add(
            AuditLog(
                actor=actor,
                action="recharge",
                entity="user",
                entity_id=str(user.user_id),
                details={
                    "plan_id": plan.plan_id,
                    "amount": str(plan.price),
                    "reference": reference,
                },
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
