"""The dialogue policy: pure decisions from an utterance and the session so far."""

import pytest

from helpline.engine.policy import Act, Policy
from helpline.engine.session import Pending, PendingKind, SessionState, Stage
from helpline.language import (
    Department,
    Entity,
    EntityKind,
    Intent,
    Priority,
    Sentiment,
    Utterance,
    get_understander,
)
from helpline.language.types import Cues

POLICY = Policy()
OWN = "9876543210"


def state(**changes: object) -> SessionState:
    base = SessionState("s", "text", 0.0, stage=Stage.VERIFIED, phone=OWN)
    return SessionState(**{**{f: getattr(base, f) for f in base.__slots__}, **changes})


def said(
    intent: Intent,
    text: str = "",
    *entities: Entity,
    score: float = 0.0,
    department: Department | None = None,
) -> Utterance:
    sentiment = Sentiment.NEGATIVE if score < 0 else Sentiment.NEUTRAL
    # The engine reads the language layer's cues, never the text: the cues come from the line.
    cues = get_understander().understand(text).cues if text else Cues()
    return Utterance(
        text or intent.value,
        (text or intent.value).lower(),
        intent,
        0.9,
        entities,
        sentiment=sentiment,
        sentiment_score=score,
        department=department,
        priority=Priority.MEDIUM if department else None,
        cues=cues,
    )


def amount(value: int) -> Entity:
    return Entity(EntityKind.AMOUNT, value, 0, len(str(value)))


CONFIRMING = Pending(PendingKind.CONFIRM_RECHARGE, 6)


@pytest.mark.parametrize(
    ("intent", "act"),
    [
        (Intent.GREETING, Act.GREET),
        (Intent.GOODBYE, Act.GOODBYE),
        (Intent.THANKS, Act.THANK),
        (Intent.AFFIRM, Act.AFFIRM_IDLE),
        (Intent.DENY, Act.DENY_IDLE),
        (Intent.BALANCE, Act.BALANCE),
        (Intent.PLAN_INFO, Act.PLAN_INFO),
        (Intent.RECHARGE, Act.RECHARGE_SELECT),
        (Intent.PLAN_RECOMMENDATION, Act.RECOMMEND),
        (Intent.OFFERS, Act.OFFERS),
        (Intent.TRANSACTION_HISTORY, Act.TRANSACTIONS),
        (Intent.NETWORK_ISSUE, Act.COMPLAINT),
        (Intent.BILLING_ISSUE, Act.COMPLAINT),
        (Intent.SIM_ISSUE, Act.COMPLAINT),
        (Intent.COMPLAINT_STATUS, Act.TICKET_STATUS),
        (Intent.HUMAN_AGENT, Act.HANDOFF),
        (Intent.OUT_OF_SCOPE, Act.OUT_OF_SCOPE),
    ],
    ids=lambda v: str(v),
)
def test_every_intent_has_an_act(intent: Intent, act: Act) -> None:
    assert POLICY.decide(state(), said(intent)).act is act


def test_yes_while_confirming_recharges_the_pending_plan() -> None:
    decision = POLICY.decide(state(pending=CONFIRMING), said(Intent.AFFIRM, "haan"))
    assert decision.act is Act.RECHARGE_CONFIRMED and decision.plan_id == 6


def test_no_while_confirming_cancels() -> None:
    assert POLICY.decide(state(pending=CONFIRMING), said(Intent.DENY, "nahi")).act is (
        Act.RECHARGE_CANCEL
    )


@pytest.mark.parametrize(
    "intent",
    [
        Intent.DENY,
        Intent.RECHARGE,
        Intent.OUT_OF_SCOPE,
        Intent.AFFIRM,
        Intent.PLAN_INFO,
        Intent.BALANCE,
    ],
)
def test_a_plan_named_while_confirming_is_a_correction(intent: Intent) -> None:
    decision = POLICY.decide(state(pending=CONFIRMING), said(intent, "nahi, 199 wala", amount(199)))
    assert decision.act is Act.RECHARGE_SELECT


def test_other_questions_while_confirming_are_answered_and_the_question_asked_again() -> None:
    decision = POLICY.decide(state(pending=CONFIRMING), said(Intent.BALANCE))
    assert decision.act is Act.BALANCE and decision.reask


def test_an_offer_is_not_asked_again_after_other_questions() -> None:
    offered = Pending(PendingKind.CONFIRM_RECHARGE, 6, offered=True)
    decision = POLICY.decide(state(pending=offered), said(Intent.BALANCE))
    assert decision.act is Act.BALANCE and not decision.reask


def test_another_number_in_an_account_question_is_refused() -> None:
    other = Entity(EntityKind.PHONE, "9812345670", 0, 10)
    for intent in (Intent.BALANCE, Intent.RECHARGE, Intent.COMPLAINT_STATUS):
        decision = POLICY.decide(state(), said(intent, "9812345670 ka balance", other))
        assert decision.act is Act.OTHER_NUMBER


def test_own_number_in_the_text_is_fine() -> None:
    own = Entity(EntityKind.PHONE, OWN, 0, 10)
    assert POLICY.decide(state(), said(Intent.BALANCE, OWN, own)).act is Act.BALANCE


def test_two_strongly_negative_lines_in_a_row_hand_off() -> None:
    first = POLICY.decide(state(), said(Intent.OUT_OF_SCOPE, "bakwas", score=-0.8))
    assert first.act is Act.VENT and first.negative_streak == 1
    second = POLICY.decide(state(negative_streak=1), said(Intent.OUT_OF_SCOPE, "x", score=-0.8))
    assert second.act is Act.HANDOFF and second.handoff_reason == "negative_sentiment"


def test_milder_venting_is_asked_what_went_wrong_and_counts_as_a_strike() -> None:
    first = POLICY.decide(state(), said(Intent.OUT_OF_SCOPE, "bekaar service", score=-0.5))
    assert first.act is Act.VENT and first.negative_streak == 1
    second = POLICY.decide(
        state(negative_streak=1), said(Intent.GREETING, "koi sunta nahi", score=-0.5)
    )
    assert second.act is Act.HANDOFF


def test_a_calm_off_topic_line_is_not_venting() -> None:
    decision = POLICY.decide(state(), said(Intent.OUT_OF_SCOPE, "cricket score"))
    assert decision.act is Act.OUT_OF_SCOPE and decision.negative_streak == 0


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        (Intent.COMPLAINT_STATUS, "staff ne badtameezi ki complaint karni hai"),
        (Intent.COMPLAINT_STATUS, "store wale ne gaali di"),
        (Intent.OUT_OF_SCOPE, "dukaan wale ne gaali di"),
        (Intent.RECHARGE, "recharge kiya paise cut gaye plan nahi aaya"),
    ],
)
def test_a_triaged_problem_under_another_intent_files_a_ticket(intent: Intent, text: str) -> None:
    u = said(intent, text, score=-0.3, department=Department.CUSTOMER_SERVICE)
    assert POLICY.decide(state(), u).act is Act.COMPLAINT


@pytest.mark.parametrize(
    "text", ["network wali complaint ka kya hua", "meri shikayat abhi tak pending hai"]
)
def test_an_unhappy_status_question_stays_a_status_question(text: str) -> None:
    u = said(Intent.COMPLAINT_STATUS, text, score=-0.4, department=Department.NETWORK)
    assert POLICY.decide(state(), u).act is Act.TICKET_STATUS


def test_a_status_question_naming_a_ticket_is_never_a_new_complaint() -> None:
    ticket = Entity(EntityKind.TICKET, 45, 10, 12)
    u = said(
        Intent.COMPLAINT_STATUS, "complaint 45 karni hai", ticket, department=Department.NETWORK
    )
    assert POLICY.decide(state(), u).act is Act.TICKET_STATUS


def test_a_calm_line_resets_the_negative_streak() -> None:
    decision = POLICY.decide(state(negative_streak=1), said(Intent.BALANCE, score=-0.1))
    assert decision.act is Act.BALANCE and decision.negative_streak == 0


def test_an_angry_complaint_files_the_ticket_and_hands_off() -> None:
    decision = POLICY.decide(
        state(negative_streak=1), said(Intent.NETWORK_ISSUE, "network nahi", score=-0.9)
    )
    assert decision.act is Act.COMPLAINT and decision.handoff_reason == "negative_sentiment"


@pytest.mark.parametrize(
    ("topic", "plans", "line", "act"),
    [
        ("balance", (7,), "aur validity?", Act.VALIDITY),
        ("recommend", (8,), "uska price?", Act.PLAN_DETAIL),
        ("plan_info", (7,), "aur balance?", Act.BALANCE),
        ("recommend", (8,), "aur validity?", Act.PLAN_DETAIL),
    ],
)
def test_follow_ups_use_the_previous_answer(
    topic: str, plans: tuple[int, ...], line: str, act: Act
) -> None:
    decision = POLICY.decide(state(topic=topic, plans=plans), said(Intent.OUT_OF_SCOPE, line))
    assert decision.act is act


def test_a_question_about_the_offered_plan_asks_the_offer_again() -> None:
    offered = Pending(PendingKind.CONFIRM_RECHARGE, 8, offered=True)
    decision = POLICY.decide(
        state(pending=offered, topic="recommend", plans=(8,)),
        said(Intent.OUT_OF_SCOPE, "uska price?"),
    )
    assert decision.act is Act.PLAN_DETAIL and decision.reask


def test_a_fault_report_after_venting_is_filed_without_a_hand_off() -> None:
    # "3 din se internet nahi chal raha" scores about -0.8: a plain report, not anger
    decision = POLICY.decide(
        state(negative_streak=1), said(Intent.NETWORK_ISSUE, "internet nahi", score=-0.8005)
    )
    assert decision.act is Act.COMPLAINT and decision.handoff_reason is None
