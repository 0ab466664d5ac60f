"""The Understander end to end: intents, entities, sentiment, triage, and odd input."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpline.language import (
    Department,
    EntityKind,
    Intent,
    Priority,
    Sentiment,
    Understander,
    Utterance,
    get_understander,
)


@pytest.fixture(scope="module")
def understander() -> Understander:
    return get_understander()


def test_get_understander_is_built_once() -> None:
    assert get_understander() is get_understander()


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("mera balance ktna h", Intent.BALANCE),
        ("मेरा बैलेंस कितना है", Intent.BALANCE),
        ("how much data do I have left", Intent.BALANCE),
        ("199 ka recharge kar do", Intent.RECHARGE),
        ("plan kab expire hoga", Intent.PLAN_INFO),
        ("sabse sasta plan konsa hai", Intent.PLAN_RECOMMENDATION),
        ("koi cashback offer hai", Intent.OFFERS),
        ("pichla recharge kab kiya tha", Intent.TRANSACTION_HISTORY),
        ("network nhi aa rha", Intent.NETWORK_ISSUE),
        ("paise kat gaye bina bataye", Intent.BILLING_ISSUE),
        ("sim kho gayi", Intent.SIM_ISSUE),
        ("complaint 1023 ka status", Intent.COMPLAINT_STATUS),
        ("insaan se baat karao", Intent.HUMAN_AGENT),
        ("namaste", Intent.GREETING),
        ("ok bye", Intent.GOODBYE),
        ("shukriya", Intent.THANKS),
        ("haan kar do", Intent.AFFIRM),
        ("nahi rehne do", Intent.DENY),
        ("aaj mausam kaisa hai", Intent.OUT_OF_SCOPE),
        ("sbi bank ka balance batao", Intent.OUT_OF_SCOPE),
    ],
)
def test_intent(understander: Understander, text: str, intent: Intent) -> None:
    assert understander.understand(text).intent is intent


def test_plan_names_are_matched_fuzzily(understander: Understander) -> None:
    text = "unlimted pro lena hai"
    utterance = understander.understand(text, plan_names=("Smart 249", "Unlimited Pro 599"))
    plan = utterance.first(EntityKind.PLAN)
    assert plan is not None
    assert plan.value == "Unlimited Pro 599"
    assert text[plan.start : plan.end] == "unlimted pro"


def test_without_plan_names_no_plan_is_found(understander: Understander) -> None:
    assert understander.understand("unlimited pro lena hai").first(EntityKind.PLAN) is None


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("bahut badhiya service", Sentiment.POSITIVE),
        ("bakwas service hai", Sentiment.NEGATIVE),
        ("service accha nahi hai", Sentiment.NEGATIVE),
        ("not good at all", Sentiment.NEGATIVE),
        ("mera balance kitna hai", Sentiment.NEUTRAL),
    ],
)
def test_sentiment(understander: Understander, text: str, sentiment: Sentiment) -> None:
    assert understander.understand(text).sentiment is sentiment


@pytest.mark.parametrize(
    ("text", "department", "priority"),
    [
        ("network bilkul nahi aa raha", Department.NETWORK, Priority.HIGH),
        ("net thoda slow hai", Department.NETWORK, Priority.MEDIUM),
        ("recharge fail hua aur paise kat gaye", Department.PAYMENTS, Priority.HIGH),
        ("bill galat aaya hai", Department.BILLING, Priority.MEDIUM),
        ("meri sim chori ho gayi", Department.SIM, Priority.HIGH),
        ("number port karna hai", Department.SIM, Priority.LOW),
        ("customer care wala bahut rude tha", Department.CUSTOMER_SERVICE, Priority.MEDIUM),
    ],
)
def test_triage(
    understander: Understander, text: str, department: Department, priority: Priority
) -> None:
    utterance = understander.understand(text)
    assert (utterance.department, utterance.priority) == (department, priority)


@pytest.mark.parametrize("text", ["mera balance kitna hai", "hello", "koi offer hai"])
def test_questions_are_not_triaged(understander: Understander, text: str) -> None:
    utterance = understander.understand(text)
    assert utterance.department is None
    assert utterance.priority is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\x00\x01\x02",
        "😀😀😀",
        "\ufffd\ufffd",
        "a" * 100_000,
        "mera " * 20_000,
        "\ud800 lone surrogate",
        "١٢٣",
        "#$%^&*",
    ],
)
def test_odd_input_is_out_of_scope_and_never_crashes(understander: Understander, text: str) -> None:
    utterance = understander.understand(text)
    assert utterance.intent is Intent.OUT_OF_SCOPE
    assert 0.0 <= utterance.confidence <= 1.0
    assert utterance.text == text


def test_understand_many_matches_understand(understander: Understander) -> None:
    texts = ["mera balance", "network nahi", "", "bye", "199 ka recharge"]
    batch = understander.understand_many(texts, plan_names=("Smart 249",))
    assert batch == [understander.understand(t, plan_names=("Smart 249",)) for t in texts]


def _valid(utterance: Utterance) -> None:
    assert isinstance(utterance.intent, Intent)
    assert 0.0 <= utterance.confidence <= 1.0
    assert -1.0 <= utterance.sentiment_score <= 1.0
    assert (utterance.department is None) == (utterance.priority is None)
    for entity in utterance.entities:
        assert 0 <= entity.start < entity.end <= len(utterance.text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_string_gives_a_valid_utterance(text: str) -> None:
    _valid(get_understander().understand(text, plan_names=("Smart 249",)))
