"""Choosing a plan for what the customer needs (the language layer's `needs` cue), a plan
cheaper or costlier than the one talked about, and two plans side by side.

A recommendation offers the plan (the customer may say "haan"), but only an explicit yes
recharges. When nothing in the catalogue fits (no 5G plan), the reply says so and offers
nothing to buy.
"""

from collections.abc import Callable, Sequence
from decimal import Decimal

from helpline.engine.actions.base import Context, Outcome, said
from helpline.engine.facts import MB_PER_GB, FactKey, facts, format_data, format_money, plan_fields
from helpline.engine.session import Pending, PendingKind
from helpline.language import EntityKind
from helpline.language.types import Aspect, Need, NeedKind
from helpline.store.values import PlanInfo

DAILY_NEED_LIMIT_MB = Decimal(5 * 1024)  # "2 GB chahiye" up to 5 GB means per day; more is a total
ANNUAL_DAYS = 365
MONTH_DAYS = 31
_Pick = Callable[[Sequence[PlanInfo]], PlanInfo]
# Replies that name the days asked, and their wording when the plan chosen has fewer days.
_NEAR = {
    FactKey.RECOMMEND_VALIDITY: FactKey.RECOMMEND_VALIDITY_NEAR,
    FactKey.RECOMMEND_DATA_PACK: FactKey.RECOMMEND_DATA_PACK_NEAR,
}


def daily_gb(plan: PlanInfo) -> Decimal:
    """Data per day; plans without a daily quota spread their total over the validity."""
    if plan.daily_data_gb:
        return plan.daily_data_gb
    return plan.data_gb / max(plan.validity_days, 1)


def cheapest(plans: Sequence[PlanInfo]) -> PlanInfo:
    return min(plans, key=lambda p: (p.price, p.plan_id))


def _costliest(plans: Sequence[PlanInfo]) -> PlanInfo:
    return max(plans, key=lambda p: (p.price, -p.plan_id))


def _most_data(plans: Sequence[PlanInfo]) -> PlanInfo:
    return max(plans, key=lambda p: (daily_gb(p), p.validity_days, -p.price))


def _value(plans: Sequence[PlanInfo]) -> PlanInfo:
    monthly = [p for p in plans if 28 <= p.validity_days <= 84] or list(plans)
    return max(monthly, key=lambda p: (p.data_gb / p.price, -p.price))


_PRICE_NEEDS = frozenset({NeedKind.CHEAPEST, NeedKind.COSTLIEST})


def benefit_text(plan: PlanInfo, word: str) -> str | None:
    """The operator's own words (catalogue offer, else description) that name a benefit."""
    return next((t for t in (plan.offer, plan.description) if t and word in t.lower()), None)


def _offer_has(plan: PlanInfo, word: str) -> bool:
    return benefit_text(plan, word) is not None


def _closest_validity(days: int, *, heavy: bool = False) -> _Pick:
    """Among the plans closest to the days asked, the cheapest (or, for a heavy data user, the
    one with the most data)."""

    def pick(plans: Sequence[PlanInfo]) -> PlanInfo:
        gap = min(abs(p.validity_days - days) for p in plans)
        closest = [p for p in plans if abs(p.validity_days - days) == gap]
        return _most_data(closest) if heavy else cheapest(closest)

    return pick


def _daily_at_least(mb: Decimal) -> Callable[[PlanInfo], bool]:
    if mb <= DAILY_NEED_LIMIT_MB:
        return lambda p: daily_gb(p) * MB_PER_GB >= mb
    return lambda p: p.data_gb * MB_PER_GB >= mb


def _rule(kinds: dict[NeedKind, Need], data_mb: Decimal | None) -> tuple[FactKey, _Pick, object]:
    """The template, the pick and the plan filter for the customer's needs, strongest first."""
    if NeedKind.FIVE_G in kinds:
        return FactKey.RECOMMEND_NONE_5G, cheapest, lambda p: _offer_has(p, "5g")
    if NeedKind.OTT in kinds:
        return FactKey.RECOMMEND_OTT, cheapest, lambda p: _offer_has(p, "ott")
    if NeedKind.CASHBACK in kinds:
        return FactKey.RECOMMEND_CASHBACK, cheapest, lambda p: _offer_has(p, "cashback")
    # "2 GB extra data", "2 GB ka booster": a pack with at least that much.
    enough = (lambda p: p.data_gb * MB_PER_GB >= data_mb) if data_mb else (lambda p: True)
    if NeedKind.ONE_DAY in kinds:
        return FactKey.RECOMMEND_DATA_PACK, cheapest, lambda p: p.validity_days == 1 and enough(p)
    if NeedKind.DATA_ONLY in kinds:
        # "1 mahine ka sirf data pack": the pack closest to the days asked, else the cheapest.
        asked = kinds[NeedKind.DAYS].value if NeedKind.DAYS in kinds else None
        pick = _closest_validity(asked) if asked else cheapest
        return FactKey.RECOMMEND_DATA_PACK, pick, enough
    if data_mb is not None:
        return FactKey.RECOMMEND_DATA, cheapest, _daily_at_least(data_mb)
    if NeedKind.ANNUAL in kinds:
        return FactKey.RECOMMEND_VALIDITY, cheapest, lambda p: p.validity_days >= ANNUAL_DAYS
    if NeedKind.DAYS in kinds:
        days = kinds[NeedKind.DAYS].value or 28
        heavy = NeedKind.DATA_HEAVY in kinds
        return FactKey.RECOMMEND_VALIDITY, _closest_validity(days, heavy=heavy), lambda p: True
    if NeedKind.DATA_HEAVY in kinds:
        # The monthly plan with the most data a day: "zyada data" is no wish for a year's plan.
        return FactKey.RECOMMEND_HEAVY, _most_data, lambda p: p.validity_days <= MONTH_DAYS
    if NeedKind.BUDGET in kinds:
        return FactKey.RECOMMEND_BUDGET, _most_data, lambda p: True
    if NeedKind.COSTLIEST in kinds:
        return FactKey.RECOMMEND_COSTLIEST, _costliest, lambda p: True
    if NeedKind.CHEAPEST in kinds or NeedKind.CALLING in kinds:
        return FactKey.RECOMMEND_CHEAP, cheapest, lambda p: True
    return FactKey.RECOMMEND_VALUE, _value, lambda p: True


def recommend(ctx: Context, budget: int | None = None) -> Outcome:
    """The plan that fits the line's needs, offered; or the plan cheaper or costlier than the
    one talked about; or, after two plans were compared, the cheaper of them."""
    aspect = ctx.decision.aspect
    u = ctx.utterance
    kinds = {n.kind: n for n in u.cues.needs}
    compared = [p for i in ctx.state.plans if (p := ctx.catalogue.by_id(i))]
    if ctx.state.topic == "compare" and len(compared) > 1:
        # Right after two plans side by side, "the cheaper one" / "sasta wala" picks one of them.
        if aspect is Aspect.COSTLIER or NeedKind.COSTLIEST in kinds:
            return _offer(
                FactKey.RECOMMEND_OF_COMPARED, _costliest(compared), {"which": "costlier"}
            )
        if aspect is Aspect.CHEAPER or NeedKind.CHEAPEST in kinds:
            return _offer(FactKey.RECOMMEND_OF_COMPARED, cheapest(compared), {"which": "cheaper"})
    by_price = aspect in (Aspect.CHEAPER, Aspect.COSTLIER) and ctx.decision.plan_id is not None
    if by_price and not kinds.keys() - _PRICE_NEEDS:  # "sasta wala 28 din ka" is a new search
        assert ctx.decision.plan_id is not None
        return _next_by_price(ctx, ctx.decision.plan_id, cheaper=aspect is Aspect.CHEAPER)
    if NeedKind.LONGER in kinds and NeedKind.DAYS not in kinds:
        return _longer(ctx)
    if budget is not None:
        kinds[NeedKind.BUDGET] = Need(NeedKind.BUDGET, budget)
    entity = u.first(EntityKind.DATA_MB)
    data_mb = Decimal(str(entity.value)) if entity is not None else None
    key, pick, keep = _rule(kinds, data_mb)
    packs = key is FactKey.RECOMMEND_DATA_PACK
    budget = kinds[NeedKind.BUDGET].value if NeedKind.BUDGET in kinds else None
    days = kinds[NeedKind.DAYS].value if NeedKind.DAYS in kinds else None
    if days is None and NeedKind.ANNUAL in kinds:
        days = ANNUAL_DAYS  # "yearly plan": the reply names the days it looked for
    fitting = [
        p
        for p in ctx.catalogue.plans()
        if p.category == ("data_pack" if packs else "unlimited")
        and keep(p)  # type: ignore[operator]
        and (budget is None or p.price <= budget)
    ]
    asked = {
        "budget": format_money(budget) if budget is not None else "",
        "need": format_data(data_mb) if data_mb is not None else "",
        "days": str(days) if days is not None else "",
    }
    if key is FactKey.RECOMMEND_NONE_5G:
        return said(ctx, facts(key, **asked))
    if not fitting:  # "149 tak ka plan": nothing that cheap, and nothing offered instead
        return said(ctx, facts(FactKey.RECOMMEND_NONE, **asked))
    chosen = pick(fitting)
    if days is not None and key in _NEAR and chosen.validity_days < days:
        # "60 din ya usse zyada" must not be said of a 56-day plan: the reply says there is no
        # plan of the days asked and names the closest.
        key = _NEAR[key]
    return _offer(key, chosen, asked)


def _longer(ctx: Context) -> Outcome:
    """Asked for more validity: the cheapest plan of the next validity above the customer's."""
    plan = ctx.customer.plan
    now = plan.validity_days if plan is not None else 0
    longer = [
        p for p in ctx.catalogue.plans() if p.category == "unlimited" and p.validity_days > now
    ]
    if not longer:
        return said(ctx, facts(FactKey.RECOMMEND_NONE, budget="", need="", days=str(now + 1)))
    days = min(p.validity_days for p in longer)
    chosen = cheapest([p for p in longer if p.validity_days == days])
    return _offer(FactKey.RECOMMEND_VALIDITY, chosen, {"budget": "", "need": "", "days": str(days)})


def _offer(key: FactKey, plan: PlanInfo, asked: dict[str, str]) -> Outcome:
    fact = facts(key, **asked, **plan_fields(plan), offer=plan.offer or "")
    return Outcome(
        (fact,),
        topic="recommend",
        plans=(plan.plan_id,),
        pending=Pending(PendingKind.CONFIRM_RECHARGE, plan.plan_id, offered=True),
    )


def _next_by_price(ctx: Context, plan_id: int, *, cheaper: bool) -> Outcome:
    """The nearest plan of the same kind below (or above) the one talked about."""
    current = ctx.catalogue.by_id(plan_id)
    if current is None:
        return said(ctx, facts(FactKey.RECOMMEND_NONE, budget="", need="", days=""))
    same = [p for p in ctx.catalogue.plans() if p.category == current.category]
    if cheaper:
        found = max((p for p in same if p.price < current.price), default=None, key=price_of)
    else:
        found = min((p for p in same if p.price > current.price), default=None, key=price_of)
    if found is None:
        key = FactKey.PLAN_NONE_CHEAPER if cheaper else FactKey.PLAN_NONE_COSTLIER
        fact = facts(key, **plan_fields(current))
        pending = ctx.state.pending
        if pending is not None and pending.offered and pending.plan_id == plan_id:
            # "isse sasta?" about the plan on offer: it still is the answer, so the offer stands
            ask = facts(FactKey.RECHARGE_REASK, **plan_fields(current))
            return Outcome(
                (fact, ask),
                topic="recommend",
                plans=(current.plan_id,),
                pending=Pending(PendingKind.CONFIRM_RECHARGE, current.plan_id, offered=True),
            )
        return said(ctx, fact)
    return said(
        ctx,
        facts(FactKey.PLAN_DETAIL, **plan_fields(found)),
        topic="plan_detail",
        plans=(found.plan_id,),
    )


def price_of(plan: PlanInfo) -> Decimal:
    """A plan's price, as a sort key."""
    return plan.price


def compare(ctx: Context) -> Outcome:
    """Two (or more) plans named by price, side by side; prices with no plan are said so. With
    no price ("dono me kya fark hai"), the last two plans talked about."""
    prices = ctx.utterance.cues.prices
    if not prices:
        talked = [p for i in ctx.state.plans[:2] if (p := ctx.catalogue.by_id(i))]
        return _side_by_side(ctx, sorted(talked, key=price_of))
    found = [p for price in prices if (p := ctx.catalogue.by_price(Decimal(price)))]
    if len(found) < 2:
        missing = [format_money(p) for p in prices if not ctx.catalogue.by_price(Decimal(p))]
        nearest = ctx.catalogue.nearest_by_price(Decimal(prices[0]))
        items = [plan_fields(p) for p in nearest]
        return said(ctx, facts(FactKey.PLAN_NOT_FOUND, items, asked=", ".join(missing)))
    return _side_by_side(ctx, found)


def _side_by_side(ctx: Context, found: Sequence[PlanInfo]) -> Outcome:
    items = [plan_fields(p) for p in found]
    return said(
        ctx,
        facts(FactKey.COMPARE, items, count=len(items)),
        topic="compare",
        plans=tuple(p.plan_id for p in found),
    )
