"""The catalogue side: offers, one plan's details, and which plan a line names."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from helpline.engine.actions.base import Context, Outcome, said
from helpline.engine.actions.recommend import benefit_text, cheapest, price_of, recommend
from helpline.engine.facts import (
    MB_PER_GB,
    FactKey,
    Facts,
    facts,
    format_data,
    format_money,
    plan_fields,
)
from helpline.language import EntityKind, Intent, Utterance
from helpline.language.types import Aspect, NeedKind
from helpline.store.values import PlanInfo

MAX_OFFERS = 3
MAX_OTHERS = 3  # plans named when the customer asks for something else than those given
NO_CALLS = frozenset({"", "-"})  # the catalogue's calls column of a data-only pack


def _entity_decimal(u: Utterance, kind: EntityKind) -> Decimal | None:
    entity = u.first(kind)
    return None if entity is None else Decimal(str(entity.value))


def offers(ctx: Context) -> Outcome:
    with_offer = [p for p in ctx.catalogue.plans() if p.offer][:MAX_OFFERS]
    if not with_offer:
        return said(ctx, facts(FactKey.NO_OFFERS), topic="offers")
    return _offers_named(ctx, with_offer)


def _offers_named(ctx: Context, shown: Sequence[PlanInfo], kept: tuple[int, ...] = ()) -> Outcome:
    """The offers of `shown` read out; the session remembers them, then the `kept` plans."""
    items = [{**plan_fields(p), "offer": p.offer or ""} for p in shown]
    return said(
        ctx,
        facts(FactKey.OFFERS, items, count=len(items)),
        topic="offers",
        plans=(*(p.plan_id for p in shown), *kept),
    )


def other_plans(ctx: Context) -> Outcome:
    """Besides the offers or plans just given: the offers not yet named, or the plans of the
    same kind nearest in price to the one talked about. The session keeps the plans shown and,
    last, the one they were drawn around."""
    given = set(ctx.state.plans)
    if ctx.state.topic == "offers":
        rest = [p for p in ctx.catalogue.plans() if p.offer and p.plan_id not in given]
        if not rest:
            return said(ctx, facts(FactKey.OFFERS_NO_MORE), topic="offers")
        # the offers named before stay, so that the next "aur?" does not name them again
        return _offers_named(ctx, rest[:MAX_OFFERS], ctx.state.plans)
    # A list remembers the plan it was drawn around last, so a second "aur?" moves outwards.
    listed = ctx.state.topic == "plan_list"
    base = ctx.catalogue.by_id(ctx.state.plans[-1 if listed else 0])
    if base is None:
        return said(ctx, facts(FactKey.PLAN_NO_OTHERS))
    kin = [p for p in ctx.catalogue.plans() if p.category == base.category]
    rest = [p for p in kin if p.plan_id not in given]
    if not rest:
        return said(ctx, facts(FactKey.PLAN_NO_OTHERS))
    nearest = sorted(rest, key=lambda p: (abs(p.price - base.price), p.price))[:MAX_OTHERS]
    shown = sorted(nearest, key=price_of)
    items = [plan_fields(p) for p in shown]
    return said(
        ctx,
        facts(FactKey.PLAN_OTHERS, items, count=len(items)),
        topic="plan_list",
        plans=(*(p.plan_id for p in shown), base.plan_id),
    )


_DETAIL_KEYS = {Aspect.PRICE: FactKey.PLAN_PRICE, Aspect.VALIDITY: FactKey.PLAN_VALIDITY}


def plan_detail(ctx: Context) -> Outcome:
    """A plan asked about (by price, by name, or the one talked about): what it gives. Asking
    is not buying: no confirmation is asked."""
    decision = ctx.decision
    plan: PlanInfo | None = None
    if decision.price is not None:
        plan = ctx.catalogue.by_price(Decimal(decision.price))
        budget = any(n.kind is NeedKind.BUDGET for n in ctx.utterance.cues.needs)
        if plan is None and decision.intent is Intent.PLAN_RECOMMENDATION and budget:
            return recommend(ctx, budget=decision.price)  # "300 rupaye tak ka plan"
        if plan is None:
            nearest = [
                plan_fields(p) for p in ctx.catalogue.nearest_by_price(Decimal(decision.price))
            ]
            fact = facts(FactKey.PLAN_NOT_FOUND, nearest, asked=format_money(decision.price))
            return said(ctx, fact, topic="plan_detail")
    elif (entity := ctx.utterance.first(EntityKind.PLAN)) is not None:
        plan = ctx.catalogue.by_name(str(entity.value))
    elif decision.plan_id is not None:
        plan = ctx.catalogue.by_id(decision.plan_id)
    elif decision.aspect is Aspect.SMS and ctx.customer.plan is not None:
        plan = ctx.catalogue.by_id(ctx.customer.plan.plan_id)  # "sms kitne bache": their plan's
    if plan is None:
        return recommend(ctx)
    if any(n.kind is NeedKind.OTT for n in ctx.utterance.cues.needs):
        fact = _ott_of(plan)  # "isme netflix hai kya": yes or no, from the operator's own words
    elif decision.aspect is Aspect.CALLS:
        no_calls = plan.calls.strip() in NO_CALLS
        fact = facts(FactKey.PLAN_NO_CALLS if no_calls else FactKey.PLAN_CALLS, **plan_fields(plan))
    else:
        key = _DETAIL_KEYS.get(decision.aspect or Aspect.BENEFITS, FactKey.PLAN_DETAIL)
        fact = facts(key, **plan_fields(plan))
    return said(ctx, fact, topic="plan_detail", plans=(plan.plan_id,))


def _ott_of(plan: PlanInfo) -> Facts:
    """Whether a plan comes with an OTT subscription, and the operator's words for it."""
    text = benefit_text(plan, "ott")
    if text is None:
        return facts(FactKey.PLAN_NO_OTT, **plan_fields(plan))
    return facts(FactKey.PLAN_OTT, **plan_fields(plan), benefit=text)


@dataclass(frozen=True, slots=True)
class PlanChoice:
    """The plan a customer named for a recharge, or what they asked for when none matches."""

    plan: PlanInfo | None
    asked: str | None = None  # "₹250", "3 GB", "45 din": said back when no plan matches
    nearest: tuple[PlanInfo, ...] = ()


def _by_data(ctx: Context, mb: Decimal) -> PlanInfo | None:
    gb = mb / MB_PER_GB
    plans = ctx.catalogue.plans()
    daily = [p for p in plans if p.daily_data_gb == gb and p.category == "unlimited"]
    packs = [p for p in plans if p.data_gb == gb and p.category == "data_pack"]
    found = daily or packs
    return cheapest(found) if found else None


def choose_plan(ctx: Context) -> PlanChoice:
    """The plan named by price, name, data ("2GB wala"), validity, or "same plan"; with none
    named, the plan the policy found the line refers to or the open question offered ("ok
    recharge with that")."""
    u, catalogue = ctx.utterance, ctx.catalogue
    price = ctx.decision.price
    if price is None and u.cues.prices:
        price = u.cues.prices[0]
    if price is not None:  # a price said outranks a name guessed from nearby words
        plan = catalogue.by_price(Decimal(price))
        nearest = () if plan else tuple(catalogue.nearest_by_price(Decimal(price)))
        return PlanChoice(plan, format_money(price), nearest)
    if (entity := u.first(EntityKind.PLAN)) and (plan := catalogue.by_name(str(entity.value))):
        return PlanChoice(plan)
    if (mb := _entity_decimal(u, EntityKind.DATA_MB)) is not None:
        return PlanChoice(_by_data(ctx, mb), format_data(mb))
    if (days := _entity_decimal(u, EntityKind.DAYS)) is not None:
        same = [
            p for p in catalogue.plans() if p.validity_days == days and p.category == "unlimited"
        ]
        return PlanChoice(cheapest(same) if same else None, f"{int(days)} din")
    same_plan = any(n.kind is NeedKind.SAME_PLAN for n in u.cues.needs)
    if same_plan and ctx.customer.plan is not None:
        return PlanChoice(catalogue.by_id(ctx.customer.plan.plan_id))
    if ctx.decision.plan_id is not None:  # the plan the policy found the line refers to
        return PlanChoice(catalogue.by_id(ctx.decision.plan_id))
    pending = ctx.state.pending
    if pending is not None and pending.plan_id is not None:
        return PlanChoice(catalogue.by_id(pending.plan_id))
    return PlanChoice(None)
