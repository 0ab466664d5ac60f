"""Accounts through the application layer: the customer view, the catalogue, recharges."""

from decimal import Decimal

import pytest

from helpline.app import Helpline
from helpline.app.errors import InvalidInput, InvalidPhone, PlanNotFound
from helpline.app.models import CustomerView, RechargeReceipt


def test_customer_view_shows_the_demo_account(helpline: Helpline) -> None:
    view = helpline.accounts.customer("+91 98765 43210")
    assert view.customer.name == "Rahul Sharma"
    assert view.customer.balance_mb == Decimal(2560)
    assert view.customer.plan is not None and view.customer.plan.plan_name == "Smart 249"
    assert view.customer.days_left == 15
    assert view.customer.plan_expires_at is not None
    assert view.customer.plan_expires_at.utcoffset() is not None  # aware: readers know the zone
    assert CustomerView.model_validate_json(view.model_dump_json()) == view


def test_the_catalogue_lists_active_plans_cheapest_first(helpline: Helpline) -> None:
    prices = [p.price for p in helpline.accounts.plans().plans]
    assert len(prices) == 16 and prices == sorted(prices)


def test_recharge_returns_the_transaction_id_and_new_balance(helpline: Helpline) -> None:
    receipt = helpline.accounts.recharge("9876543210", "₹299", operator="operator-test")
    assert receipt.plan.plan_name == "Super Saver"
    assert receipt.txn_id > 0 and receipt.reference.startswith("RCH")
    assert receipt.balance_mb == Decimal(2560 + 2048)
    assert RechargeReceipt.model_validate_json(receipt.model_dump_json()) == receipt
    assert helpline.accounts.customer("9876543210").transactions[0].txn_id == receipt.txn_id


@pytest.mark.parametrize(
    "plan", ["sNaN", "NaN", "inf", "-Infinity", "1e999", "-5", "0", "#99999999999999999999", "#x"]
)
def test_a_plan_that_is_no_price_or_id_is_invalid_input(helpline: Helpline, plan: str) -> None:
    with pytest.raises(InvalidInput):
        helpline.accounts.recharge("9876543210", plan)


@pytest.mark.parametrize("plan", ["250", "Gold Unlimited", "#999"])
def test_a_plan_that_does_not_exist_is_not_found(helpline: Helpline, plan: str) -> None:
    with pytest.raises(PlanNotFound):
        helpline.accounts.find_plan(plan)


def test_a_bad_phone_is_refused_before_anything_changes(helpline: Helpline) -> None:
    before = helpline.accounts.customer("9876543210")
    with pytest.raises(InvalidPhone):
        helpline.accounts.recharge("12345", "299")
    assert helpline.accounts.customer("9876543210") == before
