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

    def first(self, kind: EntityKind) -> Entity | None:
        """The first entity of a kind, or None."""
        return next((e for e in self.entities if e.kind is kind), None)
