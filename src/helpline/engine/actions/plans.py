"""The catalogue side: offers, one plan's details, and which plan a line names."""

from dataclasses import dataclass
from decimal import Decimal

from helpline.engine.actions.base import Context, Outcome, said
from helpline.engine.actions.recommend import cheapest, recommend
from helpline.engine.facts import MB_PER_GB, FactKey, facts, format_data, format_money, plan_fields
from helpline.language import EntityKind, Intent, Utterance
from helpline.language.types import Aspect, NeedKind
from helpline.store.values import PlanInfo

MAX_OFFERS = 3


def _entity_decimal(u: Utterance, kind: EntityKind) -> Decimal | None:
    entity = u.first(kind)
    return None if entity is None else Decimal(str(entity.value))


def offers(ctx: Context) -> Outcome:
    with_offer = [p for p in ctx.catalogue.plans() if p.offer][:MAX_OFFERS]
    if not with_offer:
        return said(ctx, facts(FactKey.NO_OFFERS), topic="offers")
    items = [{**plan_fields(p), "offer": p.offer or ""} for p in with_offer]
    return said(
        ctx,
        facts(FactKey.OFFERS, items, count=len(items)),
        topic="offers",
        plans=tuple(p.plan_id for p in with_offer),
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
    key = _DETAIL_KEYS.get(decision.aspect or Aspect.BENEFITS, FactKey.PLAN_DETAIL)
    return said(ctx, facts(key, **plan_fields(plan)), topic="plan_detail", plans=(plan.plan_id,))


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
