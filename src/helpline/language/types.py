"""The values the language layer hands to the rest of helpline."""

from dataclasses import dataclass, field
from enum import StrEnum


class Intent(StrEnum):
    GREETING = "greeting"
    GOODBYE = "goodbye"
    THANKS = "thanks"
    AFFIRM = "affirm"
    DENY = "deny"
    BALANCE = "balance"
    PLAN_INFO = "plan_info"
    RECHARGE = "recharge"
    PLAN_RECOMMENDATION = "plan_recommendation"
    OFFERS = "offers"
    TRANSACTION_HISTORY = "transaction_history"
    NETWORK_ISSUE = "network_issue"
    BILLING_ISSUE = "billing_issue"
    SIM_ISSUE = "sim_issue"
    COMPLAINT_STATUS = "complaint_status"
    HUMAN_AGENT = "human_agent"
    OUT_OF_SCOPE = "out_of_scope"


class EntityKind(StrEnum):
    AMOUNT = "amount"  # rupees, int or float
    DATA_MB = "data_mb"  # megabytes, float
    DAYS = "days"  # int
    TICKET = "ticket"  # complaint number, int
    PHONE = "phone"  # 10-digit string
    PLAN = "plan"  # plan name as in the catalogue
    DATE = "date"  # relative date: days offset from today, int (kal=-1 in a complaint context)


class Sentiment(StrEnum):
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


class Department(StrEnum):
    NETWORK = "Network"
    BILLING = "Billing"
    PAYMENTS = "Payments"
    SIM = "SIM"
    CUSTOMER_SERVICE = "Customer Service"


class Priority(StrEnum):
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"


@dataclass(frozen=True, slots=True)
class Entity:
    kind: EntityKind
    value: int | float | str
    start: int  # character span in the original text
    end: int


class Language(StrEnum):
    """The language a line is written in, from its words: Devanagari script, Roman words that
    are English only, or Roman Hindi (with or without English words mixed in)."""

    ENGLISH = "english"
    HINGLISH = "hinglish"
    DEVANAGARI = "devanagari"


class Consent(StrEnum):
    YES = "yes"
    NO = "no"


class Wish(StrEnum):
    """What a line wants of a plan: to recharge it, to hear about it, or to weigh plans."""

    BUY = "buy"  # an explicit wish to recharge: "199 wala kar do", "recharge karna hai"
    ASK = "ask"  # a question about a plan: "299 me kya milta hai" (not a purchase)
    COMPARE = "compare"  # "299 aur 349 me kya fark hai"


class Aspect(StrEnum):
    """What a short follow-up line asks about."""

    VALIDITY = "validity"
    PRICE = "price"
    DATA = "data"
    SMS = "sms"
    CALLS = "calls"
    BENEFITS = "benefits"  # what a plan gives, all of it ("aur 449 me?")
    BALANCE = "balance"
    CHEAPER = "cheaper"  # a plan cheaper than the one talked about ("isse sasta?")
    COSTLIER = "costlier"
    ETA = "eta"  # when the problem or ticket talked about will be fixed


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A short line that only makes sense after the previous answer."""

    aspect: Aspect
    refers_back: bool  # points at something named earlier: "uska", "isse", "is plan"


class NeedKind(StrEnum):
    """What a customer needs of a plan."""

    DAYS = "days"  # value: days the plan must last ("2 mahine" -> 60)
    BUDGET = "budget"  # value: the most the customer will pay ("300 tak" -> 300)
    DATA_HEAVY = "data_heavy"
    CALLING = "calling"  # mostly calls
    DATA_ONLY = "data_only"  # data without calls ("sirf data")
    OTT = "ott"
    CASHBACK = "cashback"
    ANNUAL = "annual"
    FIVE_G = "5g"
    ONE_DAY = "one_day"  # a one-day data booster
    CHEAPEST = "cheapest"
    COSTLIEST = "costliest"  # "sabse mehenga plan": the top of the catalogue
    VALUE = "value"  # "best", "accha": value for money
    SAME_PLAN = "same_plan"  # the plan the customer has now
    LONGER = "longer"  # more validity than the plan the customer has now


@dataclass(frozen=True, slots=True)
class Need:
    kind: NeedKind
    value: int | None = None  # days for DAYS, rupees for BUDGET, else None


class Detail(StrEnum):
    """What a line adds to a problem already described."""

    SINCE = "since"  # since when: "kal shaam se", "2 din se"
    PLACE = "place"  # where: "ghar pe", "office mein"
    SYMPTOM = "symptom"  # another symptom: "calls bhi drop ho rahi"
    AMOUNT = "amount"  # how much money went: "150 rupay kate the"
    TRIED = "tried"  # what the customer already tried: "restart bhi kar liya"
    URGENT = "urgent"  # how badly it is needed: "mera kaam ruka hua hai"


class Request(StrEnum):
    """Telecom requests outside the intents, and feedback."""

    DND = "dnd"
    CALLER_TUNE = "caller_tune"
    POSTPAID = "postpaid"
    PORTING = "porting"
    UPC = "upc"
    ROAMING = "roaming"
    ESIM = "esim"
    KYC = "kyc"
    PROFILE_UPDATE = "profile_update"  # the name, address or e-mail on the account
    NUMBER_RESTORE = "number_restore"  # an old number, switched off, wanted back
    AUTO_RENEW = "auto_renew"  # whether a plan renews by itself, autopay
    DATA_OFF = "data_off"  # mobile data switched off on purpose: "internet band kar do"
    OTP = "otp"  # "mera otp kya hai": codes come by SMS and are never told in a chat
    VAS_STOP = "vas_stop"  # stopping a value-added subscription: "subscription cancel karo"
    PAYMENT = "payment"  # how a recharge is paid: "UPI se karna padega kya"
    DISCONNECT = "disconnect"  # closing the number for good: "number band karwana hai"
    APN = "apn"  # the access point settings that mobile data needs
    BALANCE_TRANSFER = "balance_transfer"  # main balance sent to another number
    EMERGENCY_CREDIT = (
        "emergency_credit"  # "balance udhaar mil sakta hai": a loan of data or talk-time
    )
    PLAN_STOP = "plan_stop"  # "mujhe apna plan band karna hai": a prepaid plan runs its course
    VALIDITY_END = "validity_end"  # what stops when a plan runs out without a recharge
    NEW_CONNECTION = "new_connection"  # "naya connection chahiye": another number, a new SIM
    FRAUD_REPORT = "fraud_report"  # a fraud call or SMS, cyber crime: where it is reported
    DATA_RENEW = "data_renew"  # "mera data kab renew hoga": when a day's data starts again
    COVERAGE_5G = "coverage_5g"  # "mere area me 5G kab aayega": where 5G is, not a fault
    REMINDER = "reminder"  # "recharge yaad dila dena": when a plan runs out, how it is told
    SIM_REPLACEMENT = "sim_replacement"  # a new or duplicate SIM for the same number
    ASSISTANT = "assistant"  # "tum bot ho kya": who is answering
    FEEDBACK = "feedback"  # a missing feature, an unanswered call centre, a misinforming retailer
    SUGGESTION = "suggestion"
    CHURN_THREAT = "churn_threat"  # "port kar lunga", "dusri company le lunga"


@dataclass(frozen=True, slots=True)
class Cues:
    """Every dialogue cue of one line beside its intent; all empty by default."""

    language: Language | None = None  # None: no telling words ("ok", "299", emoji)
    consent: Consent | None = None  # a short yes or no; unclear replies are None
    wish: Wish | None = None
    prices: tuple[int, ...] = ()  # plan prices named, in order
    bare_price: int | None = None  # the line is only a price and filler words ("299 wala")
    follow_up: FollowUp | None = None
    needs: tuple[Need, ...] = ()
    complaint_detail: tuple[Detail, ...] = ()  # empty unless the line adds detail to a problem
    new_complaint: bool = False  # asks to file a complaint ("complaint darj karo")
    asks_status: bool = False  # asks about a complaint already filed
    asks_eta: bool = False  # when will it be fixed, how long will it take
    asks_refund: bool = False
    closes_ticket: bool = False  # asks to close a complaint ("complaint band kar do")
    problem_fixed: bool = False  # says the problem is gone ("network aa gaya", "it's fixed")
    ticket: int | None = None  # a complaint number referred to
    otp_code: str | None = None  # six digits, spaces removed
    phone: str | None = None  # the first valid 10-digit mobile number (helpline.phone's rule)
    bare_phone: bool = False  # the line only gives the number ("ji mera number hai 98...")
    digits: bool = False  # the line holds a digit: a number that is not a phone is told so
    count: int | None = None  # how many items: "last 5 transactions" -> 5
    request: Request | None = None
    churn_risk: bool = False  # a threat to leave, or a wish to port out
    help: bool = False  # asks what the agent can do
    backchannel: bool = False  # "hmm", "ok" alone, emoji only, "🙏"
    # A short "do it" with no plan named ("haan kar do", "ok do it", "go ahead"): after a plan
    # was described, the wish to recharge with it. A bare "ok" is not one.
    go_ahead: bool = False
    puts_off: bool = False  # a no for now: "kal karunga", "soch ke bataunga", "maybe later"
    asks_sms: bool = False  # how many SMS: "sms kitne bache hai", "how many sms do i get"
    # Whether the last recharge went through: "mera recharge ho gaya kya", "did it go through".
    asks_last_recharge: bool = False
    # Other choices than those just given: "koi aur plan dikhao", "aur koi offer?", "any other".
    asks_other: bool = False
    # "usko band kar do": closing what was just talked about; a ticket only right after one.
    closes_it: bool = False
    # The language the customer asks to be answered in: "english me baat karo", "in hindi please".
    language_wish: Language | None = None
    once_more: bool = False  # "ek aur", "one more": the same again, right after a recharge
    # How to get a new one of what was talked about: "naya kaise milega" (a SIM after a lost one).
    asks_new: bool = False
    # The known complaint type the line describes ("slow_data", "call_drop", ...; see
    # data/problems.yaml), or None when it names none.
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Utterance:
    """What one customer line means."""

    text: str
    normalized: str
    intent: Intent
    confidence: float
    entities: tuple[Entity, ...] = field(default_factory=tuple)
    sentiment: Sentiment = Sentiment.NEUTRAL
    sentiment_score: float = 0.0  # -1 (angry) .. +1 (happy)
    # Profanity, slurs or abusive insults in the line (sentiment_words.yaml: abuse). A reply must
    # never repeat such a line or its words back to the customer.
    abusive: bool = False
    department: Department | None = None
    priority: Priority | None = None
    cues: Cues = Cues()
    # The asks of a line with several, most salient first; empty when the line is one ask.
    parts: tuple["Utterance", ...] = ()

    def first(self, kind: EntityKind) -> Entity | None:
        """The first entity of a kind, or None."""
        return next((e for e in self.entities if e.kind is kind), None)
