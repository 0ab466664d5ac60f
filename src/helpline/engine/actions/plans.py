"""The catalogue side: offers, recommendations, one plan's details, and which plan was meant."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from helpline.engine.actions.base import Context, Outcome, said
from helpline.engine.facts import MB_PER_GB, FactKey, facts, format_data, format_money, plan_fields
from helpline.engine.followup import Aspect
from helpline.engine.packaged import load_yaml
from helpline.engine.phrases import PhraseSet
from helpline.engine.session import Pending, PendingKind
from helpline.language import EntityKind, Utterance
from helpline.store.values import PlanInfo

MAX_OFFERS = 3
DAILY_NEED_LIMIT_MB = Decimal(5 * 1024)  # "2 GB chahiye" up to 5 GB means per day; more is a total
_WORDS: dict[str, Any] = load_yaml("data/plan_words.yaml")
_RULE_WORDS = [(name, PhraseSet(words)) for name, words in _WORDS["recommend"].items()]
SAME_PLAN = PhraseSet(_WORDS["same_plan"])


def daily_gb(plan: PlanInfo) -> Decimal:
    """Data per day; plans without a daily quota spread their total over the validity."""
    if plan.daily_data_gb:
        return plan.daily_data_gb
    return plan.data_gb / max(plan.validity_days, 1)


def _entity_decimal(u: Utterance, kind: EntityKind) -> Decimal | None:
    entity = u.first(kind)
    return None if entity is None else Decimal(str(entity.value))


@dataclass(frozen=True, slots=True)
class Wish:
    """What a customer asked of a plan."""

    budget: Decimal | None
    need_mb: Decimal | None
    days: int | None
    rule: str | None

    @classmethod
    def of(cls, u: Utterance) -> "Wish":
        days = _entity_decimal(u, EntityKind.DAYS)
        text = u.normalized or u.text
        rule = next((name for name, words in _RULE_WORDS if words.search(text)), None)
        return cls(
            _entity_decimal(u, EntityKind.AMOUNT),
            _entity_decimal(u, EntityKind.DATA_MB),
            int(days) if days is not None else None,
            rule,
        )

    def allows(self, plan: PlanInfo) -> bool:
        if self.budget is not None and plan.price > self.budget:
            return False
        if self.need_mb is not None:
            if self.need_mb <= DAILY_NEED_LIMIT_MB:
                if daily_gb(plan) * MB_PER_GB < self.need_mb:
                    return False
            elif plan.data_gb * MB_PER_GB < self.need_mb:
                return False
        if self.days is not None and plan.validity_days < self.days:
            return False
        return self.rule != "ott" or "ott" in (plan.offer or "").lower()


def _cheapest(plans: Sequence[PlanInfo]) -> PlanInfo:
    return min(plans, key=lambda p: (p.price, p.plan_id))


# Each rule: the template that explains it and how it picks among the plans that fit.
_PICKS: dict[str, tuple[FactKey, Callable[[Sequence[PlanInfo]], PlanInfo]]] = {
    "budget": (
        FactKey.RECOMMEND_BUDGET,
        lambda ps: max(ps, key=lambda p: (daily_gb(p), p.validity_days, -p.price)),
    ),
    "data": (FactKey.RECOMMEND_DATA, _cheapest),
    "validity": (FactKey.RECOMMEND_VALIDITY, _cheapest),
    "ott": (FactKey.RECOMMEND_OTT, _cheapest),
    "long": (
        FactKey.RECOMMEND_LONG,
        lambda ps: min(
            (p for p in ps if p.validity_days >= 84),
            default=_cheapest(ps),
            key=lambda p: (p.price / p.validity_days, p.price),
        ),
    ),
    "heavy": (
        FactKey.RECOMMEND_HEAVY,
        lambda ps: max(
            (p for p in ps if p.validity_days <= 28),
            default=ps[0],
            key=lambda p: (daily_gb(p), -p.price),
        ),
    ),
    "calling": (FactKey.RECOMMEND_CALLING, _cheapest),
    "cheap": (FactKey.RECOMMEND_CHEAP, _cheapest),
    "value": (
        FactKey.RECOMMEND_VALUE,
        lambda ps: max(
            (p for p in ps if 28 <= p.validity_days <= 84),
            default=ps[0],
            key=lambda p: (p.data_gb / p.price, -p.price),
        ),
    ),
}


def _rule(wish: Wish) -> str:
    if wish.budget is not None:
        return "budget"
    if wish.need_mb is not None:
        return "data"
    if wish.days is not None:
        return "validity"
    return wish.rule or "value"


def recommend(ctx: Context) -> Outcome:
    wish = Wish.of(ctx.utterance)
    fitting = [p for p in ctx.catalogue.plans() if p.category == "unlimited" and wish.allows(p)]
    asked = {
        "budget": format_money(wish.budget) if wish.budget is not None else "",
        "need": format_data(wish.need_mb) if wish.need_mb is not None else "",
        "days": str(wish.days) if wish.days is not None else "",
    }
    if not fitting:
        return said(ctx, facts(FactKey.RECOMMEND_NONE, **asked), topic="recommend")
    key, pick = _PICKS[_rule(wish)]
    plan = pick(fitting)
    fact = facts(key, **asked, **plan_fields(plan))
    return Outcome(
        (fact,),
        topic="recommend",
        plans=(plan.plan_id,),
        pending=Pending(PendingKind.CONFIRM_RECHARGE, plan.plan_id, offered=True),
    )


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
    plan_id = ctx.decision.plan_id
    plan = ctx.catalogue.by_id(plan_id) if plan_id is not None else None
    if plan is None:
        return recommend(ctx)
    key = _DETAIL_KEYS.get(ctx.decision.aspect or Aspect.DATA, FactKey.PLAN_DETAIL)
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
    return _cheapest(found) if found else None


def choose_plan(ctx: Context) -> PlanChoice:
    """The plan named by price, name, data ("2GB wala"), validity, or "same plan"."""
    u, catalogue = ctx.utterance, ctx.catalogue
    if (entity := u.first(EntityKind.PLAN)) and (plan := catalogue.by_name(str(entity.value))):
        return PlanChoice(plan)
    if (price := _entity_decimal(u, EntityKind.AMOUNT)) is not None:
        plan = catalogue.by_price(price)
        nearest = () if plan else tuple(catalogue.nearest_by_price(price))
        return PlanChoice(plan, format_money(price), nearest)
    if (mb := _entity_decimal(u, EntityKind.DATA_MB)) is not None:
        return PlanChoice(_by_data(ctx, mb), format_data(mb))
    if (days := _entity_decimal(u, EntityKind.DAYS)) is not None:
        same = [
            p for p in catalogue.plans() if p.validity_days == days and p.category == "unlimited"
        ]
        return PlanChoice(_cheapest(same) if same else None, f"{int(days)} din")
    if SAME_PLAN.search(u.normalized or u.text) and ctx.customer.plan is not None:
        return PlanChoice(catalogue.by_id(ctx.customer.plan.plan_id))
    return PlanChoice(None)
