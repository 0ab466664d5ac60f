"""The customer page under AppTest: login, typed turns with real database effects, tickets,
the one-time code, Devanagari, and voice turns from WAV files."""

import re
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest
from web_kit import DEMO_PHONE, log_in_customer, messages, say

from helpline.app import Helpline

Page = Callable[[], AppTest]


def test_a_customer_logs_in_asks_the_balance_and_recharges_once(
    customer: Page, helpline: Helpline
) -> None:
    before = helpline.accounts.customer(DEMO_PHONE, transactions=100).transactions
    at = log_in_customer(customer())
    assert "Rahul" in messages(at)[0][1]

    say(at, "mera balance kitna hai")
    role, reply = messages(at)[-1]
    assert role == "assistant" and "45.50" in reply  # the demo customer's main balance

    say(at, "199 wala recharge kar do")
    assert "confirm" in messages(at)[-1][1].lower()
    say(at, "haan")
    assert "recharge" in messages(at)[-1][1].lower()

    after = helpline.accounts.customer(DEMO_PHONE, transactions=100).transactions
    assert len(after) == len(before) + 1
    new = after[0]
    assert new.amount == 199 and new.status == "success"
    # Rerunning the page (a widget click, a refresh of state) must not repeat the recharge.
    at.run()
    again = helpline.accounts.customer(DEMO_PHONE, transactions=100).transactions
    assert len(again) == len(after)


def test_a_complaint_shows_its_ticket_number_and_due_time(
    customer: Page, helpline: Helpline
) -> None:
    at = say(log_in_customer(customer()), "3 din se network nahi hai")
    (card,) = at.success
    number = int(re.search(r"#(\d+)", card.value).group(1))
    ticket = helpline.complaints.get(number).complaint
    assert ticket.phone == DEMO_PHONE and ticket.department == "Network"
    assert "due" in card.value and "IST" in card.value and ticket.priority in card.value
    assert str(number) in messages(at)[-1][1]  # the reply names the same ticket


def test_a_number_that_is_not_a_phone_gets_a_clear_message_and_no_chat(customer: Page) -> None:
    at = log_in_customer(customer(), "12345")
    assert at.error and "number" in at.error[0].value.lower()  # the agent asks again
    assert not at.chat_input  # no chat before a verified login
    at = log_in_customer(at, DEMO_PHONE)
    assert at.chat_input


def test_devanagari_and_hinglish_lines_are_shown_as_typed(customer: Page) -> None:
    at = log_in_customer(customer())
    say(at, "मेरा बैलेंस कितना है")
    assert ("user", "मेरा बैलेंस कितना है") in messages(at)
    assert messages(at)[-1][0] == "assistant" and messages(at)[-1][1]


def test_the_one_time_code_is_asked_for_when_codes_are_on(
    customer: Page, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HELPLINE_OTP", "on")
    import streamlit as st

    st.cache_resource.clear()
    at = log_in_customer(customer())
    assert not at.chat_input and at.info  # the code form, not the chat
    code = re.search(r"code (\d{6})", capsys.readouterr().err).group(1)

    at.text_input[-1].input("000000" if code != "000000" else "111111")
    at.button[-1].click()
    at.run()
    assert at.error and not at.chat_input  # a wrong code keeps the chat closed

    at.text_input[-1].input(code)
    at.button[-1].click()
    at.run()
    assert at.chat_input
    assert "balance" in say(at, "balance batao").chat_message[-1].markdown[0].value.lower() or (
        "45.50" in messages(at)[-1][1]
    )


def test_logging_out_ends_the_chat(customer: Page) -> None:
    at = log_in_customer(customer())
    at.sidebar.button[0].click()
    at.run()
    assert not at.chat_input and at.text_input  # back at the phone form
