"""Dialogue policy: from what the customer said and the session so far, what to do next.

Pure: no database, no I/O, and no reading of the customer's words: every cue is a typed field
of the Utterance (language/). The actions carry the decision out; the writer words it.
"""

from dataclasses import dataclass, replace
from enum import StrEnum

from helpline.engine.session import PendingKind, SessionState
from helpline.language import EntityKind, Intent, Sentiment, Utterance
from helpline.language.types import Aspect, Consent, Detail, NeedKind, Request, Wish

# Two strongly negative lines in a row go to a human: the customer is upset, not asking.
STRONGLY_NEGATIVE = -0.8  # a fault report scores about -0.6; abuse -0.8 and below
# A fault report that says how long it has lasted ("3 din se internet nahi chal raha") scores
# about -0.8 by itself: after venting, such a report is filed, and handed off as well only when
# it is angrier than that ("... bahut pareshan hu") or abusive.
ANGRY_REPORT = -0.9
HANDOFF_AFTER_NEGATIVE = 2
# A line naming another mobile number is refused whatever its intent, except a problem report
# ("is number par call nahi lagti"), a request for a person, and closing words.
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
# Intents under which the language layer's triage may still find a problem ("dukaan wale ne
# gaali di" is no known intent): when it names a department, the line is filed as a complaint.
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
# Details that belong to any open ticket: what was tried, how urgent it is.
FREE_STANDING_DETAILS = frozenset({Detail.TRIED, Detail.URGENT})
# A recharge paid for and not delivered, said unhappily, is a complaint even when the classifier
# heard a question about payments ("recharge kiya tha, abhi tak nahi aaya").
UNDELIVERED = frozenset({"recharge_failed"})
# Tickets after which "naya kaise milega" asks how to get a new SIM for the same number.
SIM_GONE_TICKETS = frozenset({"sim_lost", "sim_blocked"})
# Departments whose tickets are about money taken: an amount said later belongs to them.
MONEY_DEPARTMENTS = frozenset({"Billing", "Payments"})
# Complaints about the service itself: filed whatever intent the classifier chose.
FEEDBACK_PROBLEMS = frozenset(
    {"care_unreachable", "retailer_misinformed", "staff_behaviour", "app_not_working"}
)
# Problem types that are really requests when the line asks how ("e-sim kaise activate kare").
REQUEST_PROBLEMS = frozenset({"port_out", "esim"})
# Requests worded with a problem's own topic words ("mobile data off karna hai" names mobile
# data): the request's words are specific, the problem's are only the topic.
TOPIC_WORDED_REQUESTS = frozenset({Request.DATA_OFF, Request.COVERAGE_5G})
# Settings asked about with a fault's own words ("APN kya dalu"): told how, unless the line
# reads as a fault report ("APN sahi hai phir bhi net nahi chal raha").
SETTINGS_REQUESTS = frozenset({Request.APN})
# Intents a question about SMS left arrives as ("sms kitne bache hai" reads as a balance ask).
SMS_ASK_INTENTS = frozenset({Intent.BALANCE, Intent.PLAN_INFO, Intent.OUT_OF_SCOPE})
# Angry lines that ask for nothing ("bakwas service hai tumhari") arrive as one of these.
SURE_PERSON = 0.8  # "kisi se baat karao" scores 0.95+; a request read as one about 0.5
SURE_OUT_OF_SCOPE = 0.9  # off-topic lines score 0.99+; unplaced short follow-ups 0.6-0.7
VENT_INTENTS = frozenset({Intent.OUT_OF_SCOPE, Intent.GREETING})
OWN_TOPICS = frozenset({"balance", "plan_info", "validity", "recharge_done"})
PLAN_TOPICS = frozenset({"recommend", "offers", "plan_detail", "recharge", "compare", "plan_list"})
WHICH_TICKET = "ticket_which"  # the open tickets were read back to ask which one to close
TICKET_TOPICS = frozenset({"complaint", "ticket", WHICH_TICKET})
READ_TICKET_TOPICS = frozenset({"ticket", WHICH_TICKET})


class Act(StrEnum):
    BALANCE = "balance"
    PLAN_INFO = "plan_info"
    VALIDITY = "validity"
    TRANSACTIONS = "transactions"
    OFFERS = "offers"
    RECOMMEND = "recommend"
    PLAN_DETAIL = "plan_detail"
    COMPARE = "compare"
    OTHER_PLANS = "other_plans"  # plans or offers besides those just given
    RECHARGE_SELECT = "recharge_select"
    RECHARGE_CONFIRMED = "recharge_confirmed"
    RECHARGE_CANCEL = "recharge_cancel"
    RECHARGE_REASK = "recharge_reask"
    COMPLAINT = "complaint"
    COMPLAINT_DETAIL = "complaint_detail"
    TICKET_STATUS = "ticket_status"
    TICKET_CLOSE = "ticket_close"
    HANDOFF = "handoff"
    HANDOFF_WAIT = "handoff_wait"
    SERVICE = "service"
    HELP = "help"
    BACKCHANNEL = "backchannel"
    FEEDBACK_THANKS = "feedback_thanks"
    GREET = "greet"
    THANK = "thank"
    GOODBYE = "goodbye"
    OUT_OF_SCOPE = "out_of_scope"
    VENT = "vent"
    AFFIRM_IDLE = "affirm_idle"
    DENY_IDLE = "deny_idle"
    OTHER_NUMBER = "other_number"
    LANGUAGE = "language"  # "english me baat karo": answered in it from now on


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
CLOSES_PENDING = frozenset(
    {
        Act.RECHARGE_SELECT,
        Act.RECHARGE_CONFIRMED,
        Act.RECHARGE_CANCEL,
        Act.RECHARGE_REASK,
        Act.RECOMMEND,
        Act.COMPARE,
        Act.OTHER_PLANS,
        Act.HANDOFF,
        Act.GOODBYE,
        Act.DENY_IDLE,
    }
)


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with one verified customer line (or one ask of a line with several)."""

    act: Act
    intent: Intent  # the intent the turn is recorded under (a follow-up's, once resolved)
    aspect: Aspect | None = None
    plan_id: int | None = None
    price: int | None = None  # a plan asked about by price, for PLAN_DETAIL and RECHARGE_SELECT
    reask: bool = False  # after answering, ask the open recharge question again
    handoff_reason: str | None = None
    negative_streak: int = 0
    language: str | None = None  # the line's language, when its words tell it
    ticket: int | None = None  # a bare number that answers "which ticket?"
    request: Request | None = None  # a request the context names ("naya kaise milega" of a SIM)


def strongly_negative(utterance: Utterance) -> bool:
    return utterance.abusive or (
        utterance.sentiment is Sentiment.NEGATIVE and utterance.sentiment_score <= STRONGLY_NEGATIVE
    )


def venting(utterance: Utterance) -> bool:
    """An unhappy line that names no problem and asks for nothing: apologise and ask what went
    wrong (a ticket would say nothing an engineer could act on)."""
    return (
        utterance.intent in VENT_INTENTS
        and utterance.sentiment is Sentiment.NEGATIVE
        and utterance.department is None
        and utterance.cues.problem is None
    )


def new_problem(u: Utterance) -> bool:
    """A problem the language layer found under an intent that is not an issue one, which is
    not a question about a ticket already filed."""
    if u.cues.problem in FEEDBACK_PROBLEMS:
        return True
    undelivered = u.cues.problem in UNDELIVERED and u.sentiment is Sentiment.NEGATIVE
    if undelivered and u.intent in PROBLEM_CARRIERS:
        return True
    no_ticket = u.cues.ticket is None and u.first(EntityKind.TICKET) is None
    if u.intent is Intent.COMPLAINT_STATUS and u.cues.new_complaint and no_ticket:
        return True  # "complaint darj karo": a new one, even before the problem is named
    if u.department is None:
        return False
    if u.intent in PROBLEM_CARRIERS:
        return u.cues.wish is not Wish.BUY or u.cues.problem is not None
    return (
        u.intent is Intent.COMPLAINT_STATUS
        and u.cues.ticket is None
        and u.first(EntityKind.TICKET) is None
        and (u.cues.new_complaint or not u.cues.asks_status)
    )


def _is_detail(state: SessionState, u: Utterance, ticket_department: str | None) -> bool:
    """A line adding to the session's open ticket: since when, where, another symptom of the
    same kind, or the same problem again."""
    if state.ticket is None or u.cues.new_complaint or u.cues.problem == state.ticket_type:
        return False  # the same problem again updates the ticket as a repeat report
    standalone = FREE_STANDING_DETAILS.intersection(u.cues.complaint_detail)
    if standalone and u.cues.problem is None and u.cues.wish is None and not u.cues.prices:
        # "restart bhi kar liya", "jaldi karo please": about the open ticket, whatever its
        # department or the intent the classifier guessed, when the line asks for nothing else
        return u.intent in ISSUE_INTENTS | VENT_INTENTS | {Intent.AFFIRM, Intent.RECHARGE}
    same_department = u.department is None or u.department.value == ticket_department
    # "150 rupay kate the" reads as Billing; after a failed recharge (Payments) it is the same
    # money, not a second problem.
    money = Detail.AMOUNT in u.cues.complaint_detail and ticket_department in MONEY_DEPARTMENTS
    if not (same_department or money):
        return False
    return bool(u.cues.complaint_detail) and u.intent in ISSUE_INTENTS | VENT_INTENTS


def _about_offer(state: SessionState, u: Utterance, decision: Decision) -> bool:
    """A question about the plan on offer itself ("usme kitna data milega"), not another one."""
    assert state.pending is not None
    if decision.act is not Act.PLAN_DETAIL or decision.price is not None:
        return False
    if decision.plan_id is not None:
        return decision.plan_id == state.pending.plan_id
    return u.first(EntityKind.PLAN) is None


class Policy:
    """Chooses the act for a verified session's line."""

    def __init__(self, departments: dict[str, str] | None = None) -> None:
        # complaint type -> department, to tell a detail of the open ticket from a new problem
        self._departments = departments or {}

    def decide(self, state: SessionState, utterance: Utterance) -> Decision:
        # Venting counts as a strike even when milder than abuse: two in a row, and the customer
        # wants a person more than another question.
        strike = strongly_negative(utterance) or venting(utterance)
        streak = state.negative_streak + 1 if strike else 0
        language = utterance.cues.language_wish or utterance.cues.language
        decision = replace(
            self.decide_one(state, utterance), language=language.value if language else None
        )
        if decision.act is Act.HANDOFF or streak < HANDOFF_AFTER_NEGATIVE:
            return replace(decision, negative_streak=streak)
        if decision.act in (Act.COMPLAINT, Act.COMPLAINT_DETAIL):
            angry = utterance.abusive or utterance.sentiment_score <= ANGRY_REPORT
            if not angry:  # the customer said what is wrong: file it
                return replace(decision, negative_streak=0)
            return replace(decision, handoff_reason="negative_sentiment", negative_streak=0)
        if state.handoff is not None:
            return replace(decision, act=Act.HANDOFF_WAIT, negative_streak=streak, reask=False)
        return replace(decision, act=Act.HANDOFF, handoff_reason="negative_sentiment", reask=False)

    def decide_one(self, state: SessionState, u: Utterance) -> Decision:
        """The act for one ask, without the negative-streak rule."""
        decision = self._decide(state, u)
        # An offer is asked again only after a question about the offered plan itself, so that
        # a following "theek hai" or "haan" answers a question that was just asked; after a
        # question about another plan ("what about 155"), "ok do that one" must not buy the
        # offer, so the offer lapses (turn_state) unless it was asked again.
        reask = (
            state.pending is not None
            and decision.act not in CLOSES_PENDING
            and (not state.pending.offered or _about_offer(state, u, decision))
        )
        return replace(decision, reask=reask)

    def _decide(self, state: SessionState, u: Utterance) -> Decision:
        c = u.cues
        if c.phone is not None and c.phone != state.phone and u.intent not in OTHER_NUMBER_ALLOWED:
            return Decision(Act.OTHER_NUMBER, u.intent)
        if c.churn_risk and c.request in (
            Request.CHURN_THREAT,
            None,
        ):  # a threat to leave goes to the retention desk, never into a ticket
            return self._handoff(state, u, "churn_risk")
        asks_who = c.request is Request.ASSISTANT  # "tum bot ho kya" wants an answer, not a person
        # A request the classifier only half placed as "a person" ("balance transfer kar sakte
        # hai kya") is answered; "DND ke liye kisi agent se baat karni hai" still gets a person.
        answerable = c.request is not None and u.confidence < SURE_PERSON
        wants_person = not (asks_who or answerable)
        if u.intent is Intent.HUMAN_AGENT and c.problem not in FEEDBACK_PROBLEMS and wants_person:
            return self._handoff(state, u, "customer_asked")
        if c.language_wish is not None and c.problem is None and not c.prices:
            return Decision(Act.LANGUAGE, u.intent)
        if c.puts_off and c.problem is None and not (c.prices or c.needs):
            # "kal karunga": a polite no for now, whatever the classifier made of the words
            cancel = state.pending is not None
            return Decision(Act.RECHARGE_CANCEL if cancel else Act.DENY_IDLE, Intent.DENY)
        if state.pending is not None:
            pending = self._answer_pending(state, u)
            if pending is not None:
                return pending
        elif c.go_ahead and state.topic == "plan_detail" and state.plans:
            # "ok kar do" after one plan was described: that plan, put up for confirmation
            return Decision(Act.RECHARGE_SELECT, Intent.RECHARGE, plan_id=state.plans[0])
        if state.topic == WHICH_TICKET and c.bare_price is not None and c.problem is None:
            # "169" right after "which ticket shall I close?" is that ticket, not a price
            return Decision(Act.TICKET_CLOSE, Intent.COMPLAINT_STATUS, ticket=c.bare_price)
        if c.once_more and state.topic == "recharge_done" and state.plans and not c.prices:
            # "ek aur": the plan just bought, put up for confirmation again
            return Decision(Act.RECHARGE_SELECT, Intent.RECHARGE, plan_id=state.plans[0])
        if c.asks_last_recharge and c.problem is None:  # "recharge ho gaya kya": the last one
            return Decision(Act.TRANSACTIONS, Intent.TRANSACTION_HISTORY)
        for rule in (self._request, self._ticket_follow_up, self._plan_ask):
            found = rule(state, u)
            if found is not None:
                return found
        return self._by_intent(state, u)

    def _handoff(self, state: SessionState, u: Utterance, reason: str) -> Decision:
        if state.handoff is not None:  # asked again: the same hand-off, and where it stands
            return Decision(Act.HANDOFF_WAIT, u.intent)
        return Decision(Act.HANDOFF, u.intent, handoff_reason=reason)

    def _answer_pending(self, state: SessionState, u: Utterance) -> Decision | None:
        assert state.pending is not None
        c = u.cues
        pending = state.pending
        confirming = pending.kind is PendingKind.CONFIRM_RECHARGE
        names_plan = bool(c.prices) or u.first(EntityKind.PLAN) is not None
        questions = (Wish.ASK, Wish.COMPARE)
        if names_plan and c.wish not in questions and u.intent not in ISSUE_INTENTS:
            price = c.prices[-1] if c.prices else None  # "nahi, 299 wala": the last one named
            return Decision(
                Act.RECHARGE_SELECT, Intent.RECHARGE, plan_id=pending.plan_id, price=price
            )
        same_plan = any(n.kind is NeedKind.SAME_PLAN for n in c.needs)
        choosing = pending.kind is PendingKind.CHOOSE_PLAN
        if same_plan and choosing and c.wish not in questions:
            # "jo abhi hai wahi" to "which plan?": the plan they have, not a recommendation
            return Decision(Act.RECHARGE_SELECT, Intent.RECHARGE)
        if choosing and c.needs and not names_plan and c.wish not in questions:
            # "sabse sasta" to "which plan?": the plan that fits, offered
            return Decision(Act.RECOMMEND, Intent.PLAN_RECOMMENDATION)
        if not names_plan and u.first(EntityKind.DATA_MB) and not pending.offered:
            return Decision(Act.RECHARGE_SELECT, Intent.RECHARGE, plan_id=pending.plan_id)
        yes = c.consent is Consent.YES and (not pending.offered or u.intent is Intent.AFFIRM)
        yes = yes or (c.consent is None and u.intent is Intent.AFFIRM and u.confidence >= 0.9)
        yes = yes or c.go_ahead  # "theek hai ye le lunga", "wahi chalega"
        if yes and confirming:
            return Decision(Act.RECHARGE_CONFIRMED, Intent.AFFIRM, plan_id=pending.plan_id)
        if c.consent is Consent.NO:
            return Decision(Act.RECHARGE_CANCEL, Intent.DENY)
        asks_of_it = c.needs and c.follow_up is None and c.wish is not Wish.BUY
        if confirming and not pending.offered and asks_of_it and not names_plan:
            # "isme OTT milta hai?": a question about the plan being confirmed
            return Decision(Act.PLAN_DETAIL, Intent.PLAN_INFO, plan_id=pending.plan_id)
        if pending.offered:
            return None  # an offer the customer moved on from: answer what they said
        unclear = u.intent in (Intent.AFFIRM, Intent.DENY, Intent.RECHARGE) or c.backchannel
        vague = u.intent is Intent.OUT_OF_SCOPE and not (c.needs or c.follow_up or c.request)
        if yes or unclear or vague:  # never a silent cancel: the question again
            return Decision(Act.RECHARGE_REASK, u.intent)
        return None

    def _request(self, state: SessionState, u: Utterance) -> Decision | None:
        c = u.cues
        if new_problem(u) and c.problem in FEEDBACK_PROBLEMS:
            return Decision(Act.COMPLAINT, u.intent)
        requests = {c.request, *(p.cues.request for p in u.parts)}
        if Request.SUGGESTION in requests and not c.needs:  # "plan suggest karo" is no idea
            return Decision(Act.COMPLAINT, u.intent)  # a Customer Service ticket
        if Request.FEEDBACK in requests:
            if u.sentiment is Sentiment.NEGATIVE:
                return Decision(Act.COMPLAINT, u.intent)
            return Decision(Act.FEEDBACK_THANKS, u.intent)
        if c.request in (Request.FEEDBACK, Request.SUGGESTION):
            return None
        money_taken = (
            u.intent is Intent.BILLING_ISSUE
            and u.sentiment is Sentiment.NEGATIVE
            and c.problem is not None
        )
        if money_taken:  # "caller tune ke paise kat rahe": a billing complaint, not a how-to
            return None
        problem_free = c.problem is None or c.problem in REQUEST_PROBLEMS
        settings = c.request in SETTINGS_REQUESTS and u.intent not in ISSUE_INTENTS
        if c.request is not None and (
            problem_free or settings or c.request in TOPIC_WORDED_REQUESTS
        ):
            return Decision(Act.SERVICE, u.intent)
        if c.help and u.intent not in ISSUE_INTENTS:
            return Decision(Act.HELP, u.intent)
        return None

    def _ticket_follow_up(self, state: SessionState, u: Utterance) -> Decision | None:
        c = u.cues
        eta = c.asks_eta or (c.follow_up is not None and c.follow_up.aspect is Aspect.ETA)
        department = self._departments.get(state.ticket_type or "")
        # "network aa gaya", "complaint band kar do": never a new ticket for a fixed problem.
        # "usko band kar do" closes a ticket only right after one was read back: after a ticket
        # for a caller tune, "it" is the caller tune.
        closes_it = c.closes_it and state.topic in READ_TICKET_TOPICS
        if (c.closes_ticket or c.problem_fixed or closes_it) and not c.new_complaint:
            return Decision(Act.TICKET_CLOSE, Intent.COMPLAINT_STATUS)
        if eta and state.handoff is not None and state.topic == "handoff":
            return Decision(Act.HANDOFF_WAIT, Intent.HUMAN_AGENT)
        if c.asks_new and state.ticket_type in SIM_GONE_TICKETS and c.problem is None:
            return Decision(Act.SERVICE, Intent.SIM_ISSUE, request=Request.SIM_REPLACEMENT)
        asks_status = c.asks_status and u.intent not in ISSUE_INTENTS
        if state.ticket is not None and c.ticket is None:
            if eta or c.asks_refund or asks_status:
                return Decision(Act.TICKET_STATUS, Intent.COMPLAINT_STATUS)
            if _is_detail(state, u, department):
                return Decision(Act.COMPLAINT_DETAIL, u.intent)
        elif state.topic in READ_TICKET_TOPICS and asks_status:  # "kya status hai" after a list
            return Decision(Act.TICKET_STATUS, Intent.COMPLAINT_STATUS)
        if eta and state.handoff is not None:
            return Decision(Act.HANDOFF_WAIT, Intent.HUMAN_AGENT)
        if new_problem(u):  # a problem outranks a follow-up word it happens to contain
            return Decision(Act.COMPLAINT, u.intent)
        return None

    def _plan_ask(self, state: SessionState, u: Utterance) -> Decision | None:
        c = u.cues
        if c.asks_other and state.topic in PLAN_TOPICS and state.plans and not c.prices:
            # "koi aur plan dikhao": the same answer again would not be an answer
            return Decision(Act.OTHER_PLANS, Intent.PLAN_RECOMMENDATION)
        # two plans named, or none named and two just talked about ("dono me kya fark hai")
        two = len(c.prices) >= 2 or (not c.prices and len(state.plans) >= 2)
        if c.wish is Wish.COMPARE and two:
            return Decision(Act.COMPARE, Intent.PLAN_INFO)
        if u.intent in ISSUE_INTENTS and (c.problem is not None or not c.needs):
            return None
        budgets = {n.value for n in c.needs if n.kind is NeedKind.BUDGET}
        prices = [p for p in c.prices if p not in budgets]  # "300 tak" is a budget, not a plan
        plan_named = bool(prices) or u.first(EntityKind.PLAN) is not None
        if plan_named and c.wish is not Wish.BUY:
            asking = c.wish is Wish.ASK or c.follow_up is not None
            if asking or u.intent not in (Intent.RECHARGE, Intent.AFFIRM):
                aspect = c.follow_up.aspect if c.follow_up else None
                price = prices[0] if prices else None
                intent = u.intent if u.intent is Intent.PLAN_RECOMMENDATION else Intent.PLAN_INFO
                return Decision(Act.PLAN_DETAIL, intent, aspect=aspect, price=price)
        if plan_named or c.wish is Wish.BUY:
            price = prices[0] if prices else None
            return Decision(Act.RECHARGE_SELECT, Intent.RECHARGE, price=price)
        if c.follow_up is not None:
            found = self._follow_up(state, u)
            if found is not None:
                return found
        # "isme OTT hai?" asks of a plan; "a plan with more validity" asks for another one
        longer = any(n.kind is NeedKind.LONGER for n in c.needs)
        if c.needs and (u.intent is not Intent.PLAN_INFO or longer):
            return Decision(Act.RECOMMEND, Intent.PLAN_RECOMMENDATION)
        return None

    def _follow_up(self, state: SessionState, u: Utterance) -> Decision | None:
        f = u.cues.follow_up
        assert f is not None
        plan = state.plans[0] if state.plans else None
        own = state.topic in OWN_TOPICS
        about_plan = plan is not None and (f.refers_back or state.topic in PLAN_TOPICS)
        if f.aspect in (Aspect.CHEAPER, Aspect.COSTLIER):
            return Decision(
                Act.RECOMMEND, Intent.PLAN_RECOMMENDATION, aspect=f.aspect, plan_id=plan
            )
        if f.aspect is Aspect.BALANCE or (f.aspect is Aspect.DATA and own and not f.refers_back):
            return Decision(Act.BALANCE, Intent.BALANCE)
        if about_plan and not (own and f.aspect is Aspect.VALIDITY):
            return Decision(Act.PLAN_DETAIL, Intent.PLAN_INFO, aspect=f.aspect, plan_id=plan)
        if f.aspect in (Aspect.VALIDITY, Aspect.ETA) and (own or u.intent is Intent.PLAN_INFO):
            return Decision(Act.VALIDITY, Intent.PLAN_INFO, aspect=f.aspect)
        if own and plan is not None:
            return Decision(Act.PLAN_DETAIL, Intent.PLAN_INFO, aspect=f.aspect, plan_id=plan)
        return None

    def _by_intent(self, state: SessionState, u: Utterance) -> Decision:
        c = u.cues
        if venting(u):
            return Decision(Act.VENT, u.intent)
        if c.asks_sms and u.intent in SMS_ASK_INTENTS:
            # "sms kitne bache hai": no SMS count is kept, the plan's SMS a day is what is known
            return Decision(Act.PLAN_DETAIL, Intent.PLAN_INFO, aspect=Aspect.SMS)
        if c.backchannel and u.intent in (Intent.OUT_OF_SCOPE, Intent.AFFIRM):
            return Decision(Act.BACKCHANNEL, u.intent)
        if (
            u.intent is Intent.OUT_OF_SCOPE
            and u.confidence < SURE_OUT_OF_SCOPE
            and state.topic in TICKET_TOPICS
            and state.ticket
        ):
            # Right after a ticket, a line the classifier cannot place ("theek hua kya?") is
            # about that ticket; a line it is sure is off-topic ("kal match kaun jeetega") is not.
            return Decision(Act.TICKET_STATUS, Intent.COMPLAINT_STATUS)
        return Decision(_BY_INTENT[u.intent], u.intent)
