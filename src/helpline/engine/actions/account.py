"""Answers about the caller's own account: data balance, current plan, validity, payments."""

from sqlalchemy.orm import Session

from helpline.engine.actions.base import Context, Outcome, said
from helpline.engine.facts import (
    FactKey,
    facts,
    format_data,
    format_date,
    format_money,
    plan_fields,
)
from helpline.store.customers import recent_transactions
from helpline.store.values import TransactionInfo

DEFAULT_TRANSACTIONS = 3
MAX_TRANSACTIONS = 5


def balance(ctx: Context) -> Outcome:
    c = ctx.customer
    days = c.days_left(ctx.now)
    if c.plan is None:
        return _no_plan(ctx)
    if days == 0 or c.plan_expires_at is None:
        return _expired(ctx, "balance")
    common: dict[str, str | int] = {
        "data_left": format_data(c.balance_mb),
        "main_balance": format_money(c.main_balance),
        "days_left": days,
        "expiry": format_date(c.plan_expires_at),
    }
    if c.pack_mb > 0 and c.pack_expires_at is not None:
        fact = facts(
            FactKey.BALANCE_WITH_PACK,
            pack_data=format_data(c.pack_mb),
            pack_expiry=format_date(c.pack_expires_at),
            **common,
        )
    else:
        fact = facts(FactKey.BALANCE, **common)
    return said(ctx, fact, topic="balance", plans=(c.plan.plan_id,))


def _no_plan(ctx: Context) -> Outcome:
    c = ctx.customer
    return said(
        ctx,
        facts(
            FactKey.NO_PLAN,
            data_left=format_data(c.balance_mb),
            main_balance=format_money(c.main_balance),
        ),
        topic="plan_info",
    )


def _expired(ctx: Context, topic: str) -> Outcome:
    c = ctx.customer
    assert c.plan is not None
    fact = facts(
        FactKey.PLAN_EXPIRED, plan_name=c.plan.plan_name, data_left=format_data(c.balance_mb)
    )
    return said(ctx, fact, topic=topic, plans=(c.plan.plan_id,))


def plan_info(ctx: Context) -> Outcome:
    c = ctx.customer
    if c.plan is None:
        return _no_plan(ctx)
    days = c.days_left(ctx.now)
    if days == 0 or c.plan_expires_at is None:
        return _expired(ctx, "plan_info")
    fact = facts(
        FactKey.PLAN_INFO,
        **plan_fields(c.plan),
        days_left=days,
        expiry=format_date(c.plan_expires_at),
    )
    return said(ctx, fact, topic="plan_info", plans=(c.plan.plan_id,))


def validity(ctx: Context) -> Outcome:
    c = ctx.customer
    days = c.days_left(ctx.now)
    if c.plan is None or days == 0 or c.plan_expires_at is None:
        return plan_info(ctx)
    fact = facts(
        FactKey.VALIDITY,
        plan_name=c.plan.plan_name,
        days_left=days,
        expiry=format_date(c.plan_expires_at),
    )
    return said(ctx, fact, topic="validity", plans=(c.plan.plan_id,))


def wanted_count(count: int | None) -> int:
    """'last 5 transactions' -> 5; otherwise the default, never more than the maximum."""
    return max(1, min(count or DEFAULT_TRANSACTIONS, MAX_TRANSACTIONS))


def _payment(t: TransactionInfo) -> dict[str, str]:
    """What a reply says of one payment."""
    return {
        "date": format_date(t.txn_date),
        "amount": format_money(t.amount),
        "description": t.description or "Recharge",
    }


def transactions(ctx: Context) -> Outcome:
    cues = ctx.utterance.cues
    count = 1 if cues.asks_last_recharge else wanted_count(cues.count)
    if ctx.offline is not None and ctx.offline.transactions is not None:
        rows = list(ctx.offline.transactions[:count])  # the database is down: the cached list
    else:
        session: Session
        with ctx.db() as session:
            rows = recent_transactions(session, ctx.customer.user_id, count)
    if not rows:
        return said(ctx, facts(FactKey.NO_TRANSACTIONS), topic="transactions")
    if count == 1:  # "last recharge kab hua": the one payment, said as such
        return said(ctx, facts(FactKey.LAST_TRANSACTION, **_payment(rows[0])), topic="transactions")
    items = tuple({**_payment(t), "status": t.status} for t in rows)
    return said(ctx, facts(FactKey.TRANSACTIONS, items, count=len(rows)), topic="transactions")
