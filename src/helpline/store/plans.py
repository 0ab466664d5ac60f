"""The plan catalogue."""

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline.errors import PlanNotFound
from helpline.store.models import Plan
from helpline.store.values import PlanInfo


def plan_info(plan: Plan) -> PlanInfo:
    return PlanInfo(
        plan_id=plan.plan_id,
        plan_name=plan.plan_name,
        price=plan.price,
        data_gb=plan.data_gb,
        validity_days=plan.validity_days,
        description=plan.description,
        daily_data_gb=plan.daily_data_gb,
        calls=plan.calls,
        sms_per_day=plan.sms_per_day,
        talktime=plan.talktime,
        category=plan.category,
        offer=plan.offer,
    )


def list_plans(session: Session, *, active_only: bool = True) -> list[PlanInfo]:
    """The catalogue, cheapest first."""
    query = select(Plan).order_by(Plan.price, Plan.plan_id)
    if active_only:
        query = query.where(Plan.is_active.is_(True))
    return [plan_info(p) for p in session.scalars(query)]


def get_plan(session: Session, plan_id: int) -> PlanInfo:
    plan = session.get(Plan, plan_id)
    if plan is None or not plan.is_active:
        raise PlanNotFound(f"no plan with id {plan_id}")
    return plan_info(plan)


def find_plan_by_price(session: Session, price: Decimal | int | float) -> PlanInfo:
    """The active plan at exactly this price ("199 wala recharge")."""
    plan = session.scalars(
        select(Plan)
        .where(Plan.price == Decimal(str(price)), Plan.is_active.is_(True))
        .order_by(Plan.plan_id)
        .limit(1)
    ).first()
    if plan is None:
        raise PlanNotFound(f"no plan at ₹{price}")
    return plan_info(plan)


def find_plan_by_name(session: Session, name: str) -> PlanInfo:
    plan = session.scalars(
        select(Plan).where(Plan.plan_name == name, Plan.is_active.is_(True)).limit(1)
    ).first()
    if plan is None:
        raise PlanNotFound(f"no plan named '{name}'")
    return plan_info(plan)
