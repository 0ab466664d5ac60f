"""Recharge as a slot-filling flow: which plan, then "Confirm karein?", then the atomic recharge.

The confirmation's idempotency key (kept in the session's Pending) goes with the recharge, so a
repeated "haan" on any process pays once, and a connection lost around COMMIT is settled by
looking the key up before the customer is told anything.
"""

import logging
from dataclasses import replace
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError

from helpline.engine.actions.base import Context, Outcome
from helpline.engine.actions.plans import choose_plan
from helpline.engine.facts import (
    FactKey,
    Facts,
    facts,
    format_data,
    format_date,
    format_money,
    plan_fields,
)
from helpline.engine.session import Pending, PendingKind, new_recharge_key
from helpline.errors import CommitOutcomeUnknown, HelplineError
from helpline.language.types import Consent
from helpline.phone import mask_phone
from helpline.store.recharge import apply_recharge, settle_recharge
from helpline.store.values import PlanInfo, RechargeResult

log = logging.getLogger(__name__)
SUGGESTIONS = 3


def _suggestions(ctx: Context) -> list[PlanInfo]:
    """The plans the open "which plan?" question offered, when it is asked again ("haan" to
    "349 ya 479, kaunsa chahiye?"); otherwise the customer's own plan first, then the popular
    28-day plans around it."""
    pending = ctx.state.pending
    if pending is not None and pending.kind is PendingKind.CHOOSE_PLAN and ctx.state.plans:
        offered = [p for p in map(ctx.catalogue.by_id, ctx.state.plans) if p is not None]
        if offered:
            return sorted(offered, key=lambda p: p.price)
    plans = [
        p for p in ctx.catalogue.plans() if p.category == "unlimited" and p.validity_days == 28
    ]
    own = ctx.customer.plan
    if own is not None:
        plans = sorted(plans, key=lambda p: (p.plan_id != own.plan_id, abs(p.price - own.price)))
    return sorted(plans[:SUGGESTIONS], key=lambda p: p.price)


def ask_plan(ctx: Context, key: FactKey = FactKey.RECHARGE_ASK_PLAN) -> Outcome:
    suggested = _suggestions(ctx)
    fact = facts(key, [plan_fields(p) for p in suggested])
    offered = tuple(p.plan_id for p in suggested)
    return Outcome(
        (fact,), topic="recharge", plans=offered, pending=Pending(PendingKind.CHOOSE_PLAN)
    )


def confirm_facts(ctx: Context, plan: PlanInfo) -> Facts:
    """What the customer consents to: plan, price, validity and data, and what happens to the
    plan they have. A data pack adds data to the current plan; talk-time adds to the main
    balance; a plan bought while one is active starts when it ends (added validity)."""
    fields = plan_fields(plan)
    if plan.category == "data_pack":
        return facts(FactKey.RECHARGE_CONFIRM_ADDON, **fields)
    if plan.category == "talktime":
        return facts(FactKey.RECHARGE_CONFIRM_TALKTIME, **fields, talktime=str(plan.talktime))
    customer = ctx.customer
    expires = customer.plan_expires_at
    if customer.plan is not None and expires is not None and expires > ctx.now:
        return facts(
            FactKey.RECHARGE_CONFIRM_EXTEND,
            **fields,
            days_left=customer.days_left(ctx.now),
            expiry_after=format_date(expires + timedelta(days=plan.validity_days)),
        )
    return facts(FactKey.RECHARGE_CONFIRM, **fields)


def confirm(ctx: Context, plan: PlanInfo, *, asked: Pending | None = None) -> Outcome:
    """Ask "Confirm karein?"; asking again about the plan already asked keeps its recharge key,
    so a confirmation that paid on another process is not paid again."""
    same = asked is not None and asked.kind is PendingKind.CONFIRM_RECHARGE
    kept = asked if same and asked and asked.plan_id == plan.plan_id else None
    pending = Pending(
        PendingKind.CONFIRM_RECHARGE,
        plan.plan_id,
        key=kept.key if kept else None,
        unsettled=kept.unsettled if kept else False,
    )
    return Outcome(
        (confirm_facts(ctx, plan),), topic="recharge", plans=(plan.plan_id,), pending=pending
    )


def select(ctx: Context) -> Outcome:
    """A plan was named (or not): ask to confirm it, or ask which one."""
    choice = choose_plan(ctx)
    if choice.plan is None and choice.asked is None:
        return ask_plan(ctx)
    if choice.plan is None:
        nearest = list(choice.nearest) or _suggestions(ctx)
        items = [plan_fields(p) for p in nearest]
        fact = facts(FactKey.RECHARGE_NO_SUCH_PLAN, items, asked=choice.asked or "")
        offered = tuple(p.plan_id for p in nearest)
        which = Pending(PendingKind.CHOOSE_PLAN)
        return Outcome((fact,), topic="recharge", plans=offered, pending=which)
    pending = ctx.state.pending
    already_asked = (
        pending is not None
        and pending.kind is PendingKind.CONFIRM_RECHARGE
        and pending.plan_id == choice.plan.plan_id
    )
    if already_asked and ctx.utterance.cues.consent is Consent.YES:  # "haan, 299 wala"
        return execute(ctx, choice.plan.plan_id)
    return confirm(ctx, choice.plan, asked=pending)


def execute(ctx: Context, plan_id: int | None) -> Outcome:
    """The customer said yes: recharge atomically and read back the new balance and expiry."""
    plan = ctx.catalogue.by_id(plan_id) if plan_id is not None else None
    if plan is None:
        return ask_plan(ctx)
    pending = ctx.state.pending
    key = pending.key if pending is not None and pending.plan_id == plan.plan_id else None
    key = key or new_recharge_key()
    extra = {
        "session_id": ctx.state.session_id,
        "phone": mask_phone(ctx.customer.phone),
        "plan_id": plan.plan_id,
        "recharge_key": key,
    }
    try:
        result = apply_recharge(ctx.db, ctx.customer.phone, plan.plan_id, key=key)
    except CommitOutcomeUnknown:
        log.warning("recharge outcome unknown, looking the key up", extra=extra, exc_info=True)
        return _settle(ctx, plan, key, extra)
    except (HelplineError, SQLAlchemyError):
        log.exception("recharge failed", extra=extra)
        if pending is not None and pending.unsettled and pending.key == key:
            # This try wrote nothing, but an earlier one with this key may have: look it up.
            return _settle(ctx, plan, key, extra)
        return _failed(plan)
    log.info(
        "recharge replayed" if result.replayed else "recharge done",
        extra={**extra, "txn_id": result.txn_id},
    )
    return _done(result, FactKey.RECHARGE_ALREADY_DONE if result.replayed else None)


def _settle(ctx: Context, plan: PlanInfo, key: str, extra: dict[str, object]) -> Outcome:
    """Tell the truth after a lost connection: done, not done, or not known yet.

    "Not done" needs two look-ups a moment apart (a COMMIT the server holds may still land);
    either way the confirmation stays open with the same key, so "haan" again never pays twice.
    """
    settlement = settle_recharge(ctx.db, key)
    if settlement.found is not None:
        found = settlement.found
        log.info("recharge done (settled)", extra={**extra, "txn_id": found.txn_id})
        return _done(found, None)
    still_open = ctx.state.pending
    if settlement.absent:
        log.info("recharge not done (settled)", extra=extra)
        settled = replace(still_open, unsettled=False) if still_open else None
        return replace(_failed(plan), plans=(plan.plan_id,), pending=settled)
    log.error("recharge outcome unknown: database unreachable", extra=extra)
    fact = facts(FactKey.RECHARGE_UNCERTAIN, **plan_fields(plan))
    unsettled = replace(still_open, unsettled=True) if still_open else None
    return Outcome((fact,), topic="recharge", plans=(plan.plan_id,), pending=unsettled)


def _done(result: RechargeResult, key: FactKey | None) -> Outcome:
    if key is None and result.pack_expires_at is not None:
        fact = facts(
            FactKey.RECHARGE_DONE_PACK,
            **plan_fields(result.plan),
            pack_expiry=format_date(result.pack_expires_at),
            data_left=format_data(result.balance_mb),
        )
        return Outcome((fact,), topic="recharge_done", plans=(result.plan.plan_id,))
    if key is None and result.plan.category == "talktime":
        key = FactKey.RECHARGE_DONE_TALKTIME
    fact = facts(
        key or FactKey.RECHARGE_DONE,
        main_balance=format_money(result.main_balance),
        **plan_fields(result.plan),
        data_left=format_data(result.balance_mb),
        expiry=format_date(result.plan_expires_at),
    )
    return Outcome((fact,), topic="recharge_done", plans=(result.plan.plan_id,))


def _failed(plan: PlanInfo) -> Outcome:
    return Outcome((facts(FactKey.RECHARGE_FAILED, **plan_fields(plan)),), topic="recharge")


def cancel(ctx: Context) -> Outcome:
    return Outcome((facts(FactKey.RECHARGE_CANCELLED),), topic="recharge")


def reask(ctx: Context) -> Outcome:
    """Ask the open recharge question again, as the whole reply."""
    pending = ctx.state.pending
    plan = ctx.catalogue.by_id(pending.plan_id) if pending and pending.plan_id else None
    return confirm(ctx, plan, asked=pending) if plan is not None else ask_plan(ctx)


def reask_tail(ctx: Context) -> Facts | None:
    """The open question, asked again after answering something else."""
    pending = ctx.state.pending
    if pending is None:
        return None
    plan = ctx.catalogue.by_id(pending.plan_id) if pending.plan_id else None
    if plan is None:
        return facts(FactKey.RECHARGE_REASK_PLAN)
    return facts(FactKey.RECHARGE_REASK, **plan_fields(plan))
