"""Facts: what the engine fetched for one reply, already formatted the way a customer reads it.

Every number, date, amount and plan name a reply may state comes from here, so the grounding
check can compare an LLM's reply with exactly these values.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from helpline.store.clock import to_ist
from helpline.store.values import PlanInfo

MB_PER_GB = Decimal(1024)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


class FactKey(StrEnum):
    """What a reply is about; each key has templates in replies/templates.yaml."""

    GREETING = "greeting"
    SESSION_EXPIRED = "session.expired"
    ASK_PHONE = "verify.ask_phone"
    INVALID_PHONE = "verify.invalid_phone"
    UNKNOWN_PHONE = "verify.unknown_phone"
    PHONE_LOCKED = "verify.locked"
    OTP_SENT = "verify.otp_sent"
    OTP_WRONG = "verify.otp_wrong"
    OTP_EXPIRED = "verify.otp_expired"
    OTP_ASK = "verify.otp_ask"
    OTP_TOO_SOON = "verify.otp_too_soon"
    OTP_SEND_LIMIT = "verify.otp_send_limit"
    VERIFIED = "verify.done"
    VERIFIED_THEN = "verify.done_then"  # verified, and the request made before is answered next
    NEED_VERIFICATION = "verify.needed"
    BALANCE = "balance"
    BALANCE_WITH_PACK = "balance.with_pack"  # part of the data is a booster's, with its expiry
    PLAN_INFO = "plan_info"
    VALIDITY = "plan_info.validity"
    NO_PLAN = "plan_info.none"
    PLAN_EXPIRED = "plan_info.expired"
    TRANSACTIONS = "transactions"
    NO_TRANSACTIONS = "transactions.none"
    LAST_TRANSACTION = "transactions.last"
    OFFERS = "offers"
    NO_OFFERS = "offers.none"
    RECOMMEND_BUDGET = "recommend.budget"
    RECOMMEND_DATA = "recommend.data"
    RECOMMEND_VALIDITY = "recommend.validity"
    RECOMMEND_VALIDITY_NEAR = "recommend.validity_near"  # no plan of the days asked: the closest
    RECOMMEND_DATA_PACK_NEAR = "recommend.data_pack_near"
    RECOMMEND_COSTLIEST = "recommend.costliest"
    RECOMMEND_OF_COMPARED = "recommend.of_compared"  # "the cheaper one" after a comparison
    RECOMMEND_OTT = "recommend.ott"
    RECOMMEND_LONG = "recommend.long"
    RECOMMEND_HEAVY = "recommend.heavy"
    RECOMMEND_CALLING = "recommend.calling"
    RECOMMEND_CHEAP = "recommend.cheap"
    RECOMMEND_VALUE = "recommend.value"
    RECOMMEND_NONE = "recommend.none"
    PLAN_DETAIL = "plan.detail"
    PLAN_PRICE = "plan.price"
    PLAN_VALIDITY = "plan.validity"
    RECHARGE_ASK_PLAN = "recharge.ask_plan"
    RECHARGE_NO_SUCH_PLAN = "recharge.no_such_plan"
    RECHARGE_CONFIRM = "recharge.confirm"
    RECHARGE_REASK = "recharge.reask"
    RECHARGE_REASK_PLAN = "recharge.reask_plan"
    RECHARGE_DONE = "recharge.done"
    RECHARGE_CANCELLED = "recharge.cancelled"
    RECHARGE_FAILED = "recharge.failed"
    RECHARGE_ALREADY_DONE = "recharge.already_done"
    RECHARGE_UNCERTAIN = "recharge.uncertain"
    COMPLAINT_CREATED = "complaint.created"
    COMPLAINT_UPDATED = "complaint.updated"
    COMPLAINT_UNCLEAR = "complaint.unclear"
    TICKET_STATUS = "ticket.status"
    TICKET_LIST = "ticket.list"
    NO_TICKETS = "ticket.none"
    TICKET_NOT_FOUND = "ticket.not_found"
    TICKET_RESOLVED = "ticket.resolved"
    TICKET_ALREADY_CLOSED = "ticket.already_closed"
    TICKET_CLOSE_WHICH = "ticket.close_which"
    NO_OPEN_TICKETS = "ticket.none_open"
    HANDOFF = "handoff"
    HANDOFF_UPSET = "handoff.upset"
    OTHER_NUMBER = "security.other_number"
    HELLO_AGAIN = "greeting.verified"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    OUT_OF_SCOPE = "out_of_scope"
    AFFIRM_IDLE = "affirm.idle"
    DENY_IDLE = "deny.idle"
    SYSTEM_ERROR = "system.error"
    CACHED_ANSWER = "system.cached_answer"
    COMPLAINT_QUEUED = "complaint.queued"
    RECOMMEND_CASHBACK = "recommend.cashback"
    RECOMMEND_DATA_PACK = "recommend.data_pack"
    RECOMMEND_NONE_5G = "recommend.none_5g"
    PLAN_NOT_FOUND = "plan.not_found"
    PLAN_OTHERS = "plan.others"
    LANGUAGE_SWITCHED = "language.switched"
    PLAN_OTT = "plan.ott"
    PLAN_CALLS = "plan.calls"
    PLAN_NO_CALLS = "plan.no_calls"
    PLAN_NO_OTT = "plan.no_ott"
    PLAN_NO_OTHERS = "plan.no_others"
    OFFERS_NO_MORE = "offers.no_more"
    PLAN_NONE_CHEAPER = "plan.none_cheaper"
    PLAN_NONE_COSTLIER = "plan.none_costlier"
    COMPARE = "plan.compare"
    RECHARGE_CONFIRM_EXTEND = "recharge.confirm_extend"
    RECHARGE_CONFIRM_ADDON = "recharge.confirm_addon"
    RECHARGE_CONFIRM_TALKTIME = "recharge.confirm_talktime"
    RECHARGE_DONE_TALKTIME = "recharge.done_talktime"
    RECHARGE_DONE_PACK = "recharge.done_pack"
    COMPLAINT_DETAIL = "complaint.detail"
    TICKET_ETA = "ticket.eta"
    DIAGNOSE_EXPIRED = "diagnose.expired"
    DIAGNOSE_NO_DATA = "diagnose.no_data"
    HANDOFF_WAIT = "handoff.wait"
    HANDOFF_RETENTION = "handoff.retention"
    SERVICE = "service"
    HELP = "help"
    BACKCHANNEL = "backchannel"
    FEEDBACK_THANKS = "feedback.thanks"


@dataclass(frozen=True, slots=True)
class Facts:
    """One piece of a reply: its key and the formatted values it may state."""

    key: FactKey
    fields: Mapping[str, str] = field(default_factory=dict)
    items: tuple[Mapping[str, str], ...] = ()  # a list the reply reads out (payments, offers)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))
        object.__setattr__(self, "items", tuple(MappingProxyType(dict(i)) for i in self.items))

    def values(self) -> list[str]:
        return [*self.fields.values(), *(v for item in self.items for v in item.values())]

    def numbers(self) -> set[str]:
        """Every number in the values, in canonical form (see canonical_number)."""
        return {canonical_number(n) for v in self.values() for n in _NUMBER.findall(v)}


def facts(key: FactKey, items: Iterable[Mapping[str, str]] = (), /, **fields: str | int) -> Facts:
    """Build Facts from keyword values (ints become strings) and an optional list to read out."""
    return Facts(key, {k: str(v) for k, v in fields.items()}, tuple(items))


def canonical_number(raw: str) -> str:
    """'1,299' -> '1299', '2.50' -> '2.5', '07' -> '7', '3.0' -> '3'."""
    text = raw.replace(",", "")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.lstrip("0") or "0"


def numbers_in(text: str) -> list[str]:
    return [canonical_number(n) for n in _NUMBER.findall(text)]


def all_numbers(items: Iterable[Facts]) -> set[str]:
    out: set[str] = set()
    for item in items:
        out |= item.numbers()
    return out


# Formatting: one way to say each kind of value, used by every reply writer.


def _trim(value: Decimal, places: str = "0.1") -> str:
    text = f"{value.quantize(Decimal(places)):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_data(mb: Decimal | float | int) -> str:
    """2560 MB -> '2.5 GB'; 512 -> '512 MB'."""
    amount = Decimal(str(mb))
    if amount >= MB_PER_GB:
        return f"{_trim(amount / MB_PER_GB)} GB"
    return f"{_trim(amount, '1')} MB"


def format_gb(gb: Decimal) -> str:
    return f"{_trim(gb, '0.01')} GB"


def format_money(amount: Decimal | float | int) -> str:
    """299 -> '₹299'; 45.5 -> '₹45.50'."""
    value = Decimal(str(amount))
    if value == value.to_integral_value():
        return f"₹{int(value)}"
    return f"₹{value.quantize(Decimal('0.01'))}"


def format_date(moment: datetime) -> str:
    """A stored naive-UTC time as the customer's calendar date: '15 Jan 2026' (IST)."""
    local = to_ist(moment)
    return f"{local.day} {local:%b %Y}"


def plan_data(plan: PlanInfo) -> str:
    """'2 GB/day' for daily plans, the total for others."""
    if plan.daily_data_gb:
        return f"{format_gb(plan.daily_data_gb)}/day"
    if plan.data_gb:
        return f"{format_gb(plan.data_gb)} total"
    return "no data"


def plan_fields(plan: PlanInfo) -> dict[str, str]:
    """The facts of one catalogue plan, as every template names them."""
    return {
        "plan_name": plan.plan_name,
        "price": format_money(plan.price),
        "validity": str(plan.validity_days),
        "plan_data": plan_data(plan),
        "sms": str(plan.sms_per_day),
        "calls": plan.calls or "",
    }


def age_in_words(created: datetime, now: datetime) -> str:
    """How long ago, in Hinglish: 'aaj', '1 din pehle', '3 din pehle'."""
    days = (now - created).days
    if days <= 0:
        hours = max(int((now - created).total_seconds() // 3600), 0)
        return "abhi kuch der pehle" if hours < 1 else f"{hours} ghante pehle"
    return f"{days} din pehle"
