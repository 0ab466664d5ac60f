"""Accounts: the customer view, the plan catalogue, and a recharge by an operator."""

import uuid
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from sqlalchemy.orm import Session

from helpline.app import convert
from helpline.app.core import Context
from helpline.app.errors import CommitOutcomeUnknown, InvalidInput, PlanNotFound
from helpline.app.models import CustomerView, PlanCatalogue, PlanPublic, RechargeReceipt
from helpline.phone import normalize_phone
from helpline.store.customers import get_account
from helpline.store.db import Database
from helpline.store.plans import find_plan_by_name, find_plan_by_price, get_plan, list_plans
from helpline.store.recharge import apply_recharge, settle_recharge
from helpline.store.values import PlanInfo, RechargeResult

# No prepaid plan costs more than this; a bigger "price" is a typing slip, not a lookup.
MAX_PRICE = Decimal(100_000)
MAX_PLAN_ID = 2**31 - 1  # the id column is a 32-bit integer on every backend
MAX_KEY = 64  # transactions.idempotency_key


class Accounts:
    def __init__(self, context: Context) -> None:
        self._context = context

    def customer(self, phone: str, *, transactions: int = 5) -> CustomerView:
        """The account as an operator's agent sees it: plan, balances, last payments, tickets."""
        database = self._context.ready_database()
        with database.sessions() as session:
            account = get_account(session, phone, transactions=transactions)
        return convert.customer_view(account)

    def plans(self) -> PlanCatalogue:
        """The active plans, cheapest first."""
        database = self._context.ready_database()
        with database.sessions() as session:
            return PlanCatalogue(plans=[convert.plan(p) for p in list_plans(session)])

    def find_plan(self, plan: str) -> PlanPublic:
        """A plan by id ("#7"), price ("299", "₹299") or exact name ("Super Saver")."""
        database = self._context.ready_database()
        with database.sessions() as session:
            return convert.plan(_find_plan(session, plan))

    def recharge(
        self, phone: str, plan: str, *, operator: str = "operator", key: str | None = None
    ) -> RechargeReceipt:
        """Recharge a customer with a plan (as find_plan reads it), atomically.

        Every recharge carries an idempotency key (`key`, or a new one): a key already used pays
        nothing again and reads back its recharge. When the database stops answering while the
        recharge is committed, the key is looked up; if that cannot tell, CommitOutcomeUnknown
        names the key to retry with.
        """
        key = _checked_key(key) if key is not None else f"op-{uuid.uuid4().hex}"
        database = self._context.ready_database()
        with database.sessions() as session:
            chosen = _find_plan(session, plan)
        try:
            result = apply_recharge(
                database.sessions, phone, chosen.plan_id, actor=operator, key=key
            )
        except CommitOutcomeUnknown:
            result = replace(_settled(database, key), replayed=False)  # paid by this call
        return RechargeReceipt(
            txn_id=result.txn_id,
            reference=result.reference,
            phone=normalize_phone(phone),
            plan=convert.plan(result.plan),
            balance_mb=result.balance_mb,
            main_balance=result.main_balance,
            plan_expires_at=convert.utc(result.plan_expires_at),
            pack_expires_at=convert.utc(result.pack_expires_at),
            key=key,
            replayed=result.replayed,
        )


def _checked_key(key: str) -> str:
    text = key.strip()
    if not text or len(text) > MAX_KEY or not text.isprintable():
        raise InvalidInput(f"--key must be 1 to {MAX_KEY} printable characters")
    return text


def _settled(database: Database, key: str) -> RechargeResult:
    """The recharge a lost COMMIT answer hides, found by its key; raises if it cannot be told."""
    found = settle_recharge(database.sessions, key).found
    if found is None:
        raise CommitOutcomeUnknown(
            "the database did not confirm the recharge, and it is not known yet whether it was "
            f"made; run the same recharge again with --key {key}: that key can never pay twice"
        )
    return found


def _find_plan(session: Session, plan: str) -> PlanInfo:
    text = plan.strip().lstrip("₹").strip()
    if not text:
        raise InvalidInput("--plan needs a price (299), a name or an id (#7)")
    if text.startswith("#"):
        return get_plan(session, _plan_id(text))
    price = _price(text)
    if price is None:
        return find_plan_by_name(session, plan.strip())
    try:
        return find_plan_by_price(session, price)
    except PlanNotFound:
        raise PlanNotFound(f"no plan at ₹{text} (see the catalogue: helpline plans)") from None


def _plan_id(text: str) -> int:
    digits = text[1:]
    if not digits.isascii() or not digits.isdigit() or int(digits) > MAX_PLAN_ID:
        raise InvalidInput(f"'{text}' is not a plan id (a number after #, like #7)")
    return int(digits)


def _price(text: str) -> Decimal | None:
    """The price a text names, None when it is not a number (then it is a name)."""
    try:
        price = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    if not price.is_finite() or price <= 0 or price > MAX_PRICE:
        raise InvalidInput(f"'{text}' is not a plan price (₹1 to ₹{MAX_PRICE:,})")
    return price
