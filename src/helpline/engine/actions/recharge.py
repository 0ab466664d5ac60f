"""Recharge as a slot-filling flow: which plan, then "Confirm karein?", then the atomic recharge."""

import logging

from sqlalchemy.exc import SQLAlchemyError

from helpline.engine.actions.base import Context, Outcome
from helpline.engine.actions.plans import choose_plan
from helpline.engine.facts import FactKey, Facts, facts, format_data, format_date, plan_fields
from helpline.engine.session import Pending, PendingKind
from helpline.errors import HelplineError
from helpline.language import Intent
from helpline.phone import mask_phone
from helpline.store.recharge import apply_recharge
from helpline.store.values import PlanInfo

log = logging.getLogger(__name__)
SUGGESTIONS = 3


def _suggestions(ctx: Context) -> list[dict[str, str]]:
    """The customer's own plan first, then the popular 28-day plans around it."""
    plans = [
        p for p in ctx.catalogue.plans() if p.category == "unlimited" and p.validity_days == 28
    ]
    own = ctx.customer.plan
    if own is not None:
        plans = sorted(plans, key=lambda p: (p.plan_id != own.plan_id, abs(p.price - own.price)))
    return [plan_fields(p) for p in sorted(plans[:SUGGESTIONS], key=lambda p: p.price)]


def ask_plan(ctx: Context, key: FactKey = FactKey.RECHARGE_ASK_PLAN) -> Outcome:
    fact = facts(key, _suggestions(ctx))
    return Outcome((fact,), topic="recharge", pending=Pending(PendingKind.CHOOSE_PLAN))


def confirm(plan: PlanInfo, key: FactKey = FactKey.RECHARGE_CONFIRM) -> Outcome:
    return Outcome(
        (facts(key, **plan_fields(plan)),),
        topic="recharge",
        plans=(plan.plan_id,),
        pending=Pending(PendingKind.CONFIRM_RECHARGE, plan.plan_id),
    )


def select(ctx: Context) -> Outcome:
    """A plan was named (or not): ask to confirm it, or ask which one."""
    choice = choose_plan(ctx)
    if choice.plan is None and choice.asked is None:
        return ask_plan(ctx)
    if choice.plan is None:
        nearest = [plan_fields(p) for p in choice.nearest] or _suggestions(ctx)
        fact = facts(FactKey.RECHARGE_NO_SUCH_PLAN, nearest, asked=choice.asked or "")
        return Outcome((fact,), topic="recharge", pending=Pending(PendingKind.CHOOSE_PLAN))
    pending = ctx.state.pending
    already_asked = (
        pending is not None
        and pending.kind is PendingKind.CONFIRM_RECHARGE
        and pending.plan_id == choice.plan.plan_id
    )
    if already_asked and ctx.utterance.intent is Intent.AFFIRM:  # "haan, 299 wala"
        return execute(ctx, choice.plan.plan_id)
    return confirm(choice.plan)


def execute(ctx: Context, plan_id: int | None) -> Outcome:
    """The customer said yes: recharge atomically and read back the new balance and expiry."""
    plan = ctx.catalogue.by_id(plan_id) if plan_id is not None else None
    if plan is None:
        return ask_plan(ctx)
    extra = {
        "session_id": ctx.state.session_id,
        "phone": mask_phone(ctx.customer.phone),
        "plan_id": plan.plan_id,
    }
    try:
        result = apply_recharge(ctx.db, ctx.customer.phone, plan.plan_id)
    except (HelplineError, SQLAlchemyError):
        log.exception("recharge failed", extra=extra)
        return Outcome((facts(FactKey.RECHARGE_FAILED, **plan_fields(plan)),), topic="recharge")
    log.info("recharge done", extra={**extra, "txn_id": result.txn_id})
    fact = facts(
        FactKey.RECHARGE_DONE,
        **plan_fields(result.plan),
        data_left=format_data(result.balance_mb),
        expiry=format_date(result.plan_expires_at),
    )
    return Outcome((fact,), topic="recharge_done", plans=(plan.plan_id,))


def cancel(ctx: Context) -> Outcome:
    return Outcome((facts(FactKey.RECHARGE_CANCELLED),), topic="recharge")


def reask(ctx: Context) -> Outcome:
    """Ask the open recharge question again, as the whole reply."""
    pending = ctx.state.pending
    plan = ctx.catalogue.by_id(pending.plan_id) if pending and pending.plan_id else None
    return confirm(plan) if plan is not None else ask_plan(ctx)


def reask_tail(ctx: Context) -> Facts | None:
    """The open question, asked again after answering something else."""
    pending = ctx.state.pending
    if pending is None:
        return None
    plan = ctx.catalogue.by_id(pending.plan_id) if pending.plan_id else None
    if plan is None:
        return facts(FactKey.RECHARGE_REASK_PLAN)
    return facts(FactKey.RECHARGE_REASK, **plan_fields(plan))
