"""Dialogue policy: from what the customer said and the session so far, what to do next.

Pure: no database, no I/O. The actions carry the decision out; the writer words it.
"""

from dataclasses import dataclass, replace
from enum import StrEnum

from helpline.engine.followup import Aspect, FollowUp, FollowUpReader
from helpline.engine.packaged import load_yaml
from helpline.engine.phrases import PhraseSet
from helpline.engine.session import PendingKind, SessionState
from helpline.engine.verify import phone_in
from helpline.language import EntityKind, Intent, Sentiment, Utterance

# Two strongly negative lines in a row go to a human: the customer is upset, not asking.
STRONGLY_NEGATIVE = -0.8  # a fault report scores about -0.6; abuse -0.8 and below
HANDOFF_AFTER_NEGATIVE = 2
# A line naming another mobile number is refused whatever its intent (the classifier may file
# "9812345670 ka plan kya hai" under any plan intent), except a problem report ("is number par
# call nahi lagti"), a request for a person, and closing words.
OTHER_NUMBER_ALLOWED = frozenset(
    {
        Intent.NETWORK_ISSUE,
        Intent.BILLING_ISSUE,
        Intent.SIM_ISSUE,
        Intent.HUMAN_AGENT,
        Intent.THANKS,
        Intent.GOODBYE,
    }
)
ISSUE_INTENTS = frozenset({Intent.NETWORK_ISSUE, Intent.BILLING_ISSUE, Intent.SIM_ISSUE})
PLAN_ENTITIES = frozenset({EntityKind.AMOUNT, EntityKind.PLAN, EntityKind.DATA_MB})
# While a recharge question is open, a line naming a plan ("nahi, 199 wala", a bare "199 wala"
# that the classifier may file under any intent) is a correction, unless it is clearly about
# something else: a problem, a ticket, a person, a different kind of plan question.
NOT_CORRECTIONS = frozenset(
    {
        *ISSUE_INTENTS,
        Intent.COMPLAINT_STATUS,
        Intent.HUMAN_AGENT,
        Intent.PLAN_RECOMMENDATION,
        Intent.TRANSACTION_HISTORY,
        Intent.OFFERS,
        Intent.GOODBYE,
        Intent.THANKS,
    }
)
NOT_PLAN_ANSWERS = frozenset(
    {
        *ISSUE_INTENTS,
        Intent.COMPLAINT_STATUS,
        Intent.HUMAN_AGENT,
        Intent.TRANSACTION_HISTORY,
    }
)
# Intents under which the language layer's triage may still find a problem ("dukaan wale ne
# gaali di" is no known intent; "recharge kiya, paise kat gaye" sounds like a recharge): when it
# names a department, the line is filed as a complaint. A request for a person stays a hand-off.
PROBLEM_CARRIERS = frozenset(
    {
        Intent.OUT_OF_SCOPE,
        Intent.RECHARGE,
        Intent.BALANCE,
        Intent.PLAN_INFO,
        Intent.TRANSACTION_HISTORY,
        Intent.OFFERS,
        Intent.PLAN_RECOMMENDATION,
    }
)
# Angry lines that ask for nothing ("bakwas service hai tumhari") arrive as one of these.
VENT_INTENTS = frozenset({Intent.OUT_OF_SCOPE, Intent.GREETING})
_CUES = load_yaml("data/turn_cues.yaml")
NEW_COMPLAINT = PhraseSet(_CUES["new_complaint"])
TICKET_STATUS = PhraseSet(_CUES["ticket_status"])
OWN_TOPICS = frozenset({"balance", "plan_info", "validity", "recharge_done"})
PLAN_TOPICS = frozenset({"recommend", "offers", "plan_detail", "recharge"})


class Act(StrEnum):
    BALANCE = "balance"
    PLAN_INFO = "plan_info"
    VALIDITY = "validity"
    TRANSACTIONS = "transactions"
    OFFERS = "offers"
    RECOMMEND = "recommend"
    PLAN_DETAIL = "plan_detail"
    RECHARGE_SELECT = "recharge_select"
    RECHARGE_CONFIRMED = "recharge_confirmed"
    RECHARGE_CANCEL = "recharge_cancel"
    RECHARGE_REASK = "recharge_reask"
    COMPLAINT = "complaint"
    TICKET_STATUS = "ticket_status"
    HANDOFF = "handoff"
    GREET = "greet"
    THANK = "thank"
    GOODBYE = "goodbye"
    OUT_OF_SCOPE = "out_of_scope"
    VENT = "vent"
    AFFIRM_IDLE = "affirm_idle"
    DENY_IDLE = "deny_idle"
    OTHER_NUMBER = "other_number"


_BY_INTENT = {
    Intent.GREETING: Act.GREET,
    Intent.GOODBYE: Act.GOODBYE,
    Intent.THANKS: Act.THANK,
    Intent.AFFIRM: Act.AFFIRM_IDLE,
    Intent.DENY: Act.DENY_IDLE,
    Intent.BALANCE: Act.BALANCE,
    Intent.PLAN_INFO: Act.PLAN_INFO,
    Intent.RECHARGE: Act.RECHARGE_SELECT,
    Intent.PLAN_RECOMMENDATION: Act.RECOMMEND,
    Intent.OFFERS: Act.OFFERS,
    Intent.TRANSACTION_HISTORY: Act.TRANSACTIONS,
    Intent.NETWORK_ISSUE: Act.COMPLAINT,
    Intent.BILLING_ISSUE: Act.COMPLAINT,
    Intent.SIM_ISSUE: Act.COMPLAINT,
    Intent.COMPLAINT_STATUS: Act.TICKET_STATUS,
    Intent.HUMAN_AGENT: Act.HANDOFF,
    Intent.OUT_OF_SCOPE: Act.OUT_OF_SCOPE,
}
# Acts after which an open recharge question is dropped rather than asked again.
_CLOSES_PENDING = frozenset(
    {
        Act.RECHARGE_SELECT,
        Act.RECHARGE_CONFIRMED,
        Act.RECHARGE_CANCEL,
        Act.RECHARGE_REASK,
        Act.RECOMMEND,
        Act.HANDOFF,
        Act.GOODBYE,
        Act.DENY_IDLE,
    }
)


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with one verified customer line."""

    act: Act
    intent: Intent  # the intent the turn is recorded under (a follow-up's, once resolved)
    aspect: Aspect | None = None
    plan_id: int | None = None
    reask: bool = False  # after answering, ask the open recharge question again
    handoff_reason: str | None = None
    negative_streak: int = 0


def strongly_negative(utterance: Utterance) -> bool:
    return (
        utterance.sentiment is Sentiment.NEGATIVE and utterance.sentiment_score <= STRONGLY_NEGATIVE
    )


def venting(utterance: Utterance) -> bool:
    """An unhappy line that names no problem and asks for nothing: apologise and ask what went
    wrong (a ticket would say nothing an engineer could act on)."""
    return (
        utterance.intent in VENT_INTENTS
        and utterance.sentiment is Sentiment.NEGATIVE
        and utterance.department is None
    )


def new_problem(utterance: Utterance) -> bool:
    """A line the language layer triaged as a problem that is not already an issue intent, nor a
    question about a ticket already filed."""
    if utterance.department is None:
        return False
    if utterance.intent in PROBLEM_CARRIERS:
        return True
    text = utterance.normalized or utterance.text
    return (
        utterance.intent is Intent.COMPLAINT_STATUS
        and utterance.first(EntityKind.TICKET) is None
        and (text in NEW_COMPLAINT or text not in TICKET_STATUS)
    )


class Policy:
    """Chooses the act for a verified session's line."""

    def __init__(self, followups: FollowUpReader | None = None) -> None:
        self._followups = followups or FollowUpReader()

    def decide(self, state: SessionState, utterance: Utterance) -> Decision:
        # Venting counts as a strike even when milder than abuse: two in a row, and the customer
        # wants a person more than another question.
        strike = strongly_negative(utterance) or venting(utterance)
        streak = state.negative_streak + 1 if strike else 0
        decision = self._decide(state, utterance)
        if decision.act is Act.HANDOFF or streak < HANDOFF_AFTER_NEGATIVE:
            return replace(decision, negative_streak=streak)
        if decision.act is Act.COMPLAINT:  # file the ticket and hand the customer over
            return replace(decision, handoff_reason="negative_sentiment", negative_streak=0)
        return Decision(Act.HANDOFF, utterance.intent, handoff_reason="negative_sentiment")

    def _decide(self, state: SessionState, u: Utterance) -> Decision:
        phone = phone_in(u.text, u)
        if phone is not None and phone != state.phone and u.intent not in OTHER_NUMBER_ALLOWED:
            return Decision(Act.OTHER_NUMBER, u.intent)
        if u.intent is Intent.HUMAN_AGENT:
            return Decision(Act.HANDOFF, u.intent, handoff_reason="customer_asked")
        if state.pending is not None:
            pending = self._answer_pending(state, u)
            if pending is not None:
                return pending
        decision: Decision | None = None
        if new_problem(u):  # a problem outranks a follow-up word it happens to contain
            decision = Decision(Act.COMPLAINT, u.intent)
        elif followup := self._followups.read(u.normalized or u.text):
            decision = self._follow_up(state, followup)
        if decision is None and venting(u):
            decision = Decision(Act.VENT, u.intent)
        if decision is None:
            decision = Decision(_BY_INTENT[u.intent], u.intent)
        # An offer is asked again only after a question about the offered plan itself, so that
        # a following "theek hai" or "haan" answers a question that was just asked.
        reask = (
            state.pending is not None
            and decision.act not in _CLOSES_PENDING
            and (not state.pending.offered or decision.act is Act.PLAN_DETAIL)
        )
        return replace(decision, reask=reask)

    def _answer_pending(self, state: SessionState, u: Utterance) -> Decision | None:
        assert state.pending is not None
        names_plan = any(e.kind in PLAN_ENTITIES for e in u.entities)
        confirming = state.pending.kind is PendingKind.CONFIRM_RECHARGE
        # After "which plan?", a line naming one answers it even if it sounds like a plan question.
        not_answers = NOT_CORRECTIONS if confirming else NOT_PLAN_ANSWERS
        if names_plan and u.intent not in not_answers:
            return Decision(Act.RECHARGE_SELECT, Intent.RECHARGE, plan_id=state.pending.plan_id)
        if u.intent is Intent.AFFIRM and confirming:
            return Decision(Act.RECHARGE_CONFIRMED, u.intent, plan_id=state.pending.plan_id)
        if u.intent is Intent.DENY:
            return Decision(Act.RECHARGE_CANCEL, u.intent)
        if u.intent in (Intent.AFFIRM, Intent.RECHARGE):
            return Decision(Act.RECHARGE_REASK, u.intent)
        return None

    def _follow_up(self, state: SessionState, f: FollowUp) -> Decision | None:
        plan = state.plans[0] if state.plans else None
        own = state.topic in OWN_TOPICS
        about_plan = plan is not None and (f.about_plan or state.topic in PLAN_TOPICS)
        if f.aspect is Aspect.BALANCE or (f.aspect is Aspect.DATA and own and not f.about_plan):
            return Decision(Act.BALANCE, Intent.BALANCE)
        if about_plan:
            return Decision(Act.PLAN_DETAIL, Intent.PLAN_INFO, aspect=f.aspect, plan_id=plan)
        if f.aspect is Aspect.VALIDITY and own:
            return Decision(Act.VALIDITY, Intent.PLAN_INFO, aspect=f.aspect)
        if f.aspect is Aspect.PRICE and own:
            return Decision(Act.PLAN_INFO, Intent.PLAN_INFO, aspect=f.aspect)
        return None
