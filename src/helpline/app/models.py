"""The typed results of the application layer: what `--json` prints, the API serves and documents,
and the web app renders. Plain pydantic, no database or engine imports, so any front end can load
them cheaply.

Times are timezone-aware UTC; money and data amounts are decimals written as JSON numbers.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

# Exact in Python, a plain number in JSON (what scripts and the API's clients expect).
Amount = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]


class Public(BaseModel):
    model_config = ConfigDict(frozen=True)


# Accounts


class PlanPublic(Public):
    plan_id: int
    plan_name: str
    price: Amount
    data_gb: Amount  # over the whole validity
    daily_data_gb: Amount | None
    validity_days: int
    description: str | None
    calls: str
    sms_per_day: int
    talktime: Amount
    category: str
    offer: str | None


class PlanCatalogue(Public):
    plans: list[PlanPublic]


class CustomerPublic(Public):
    phone: str
    name: str
    gender: str | None
    circle: str | None
    status: str
    balance_mb: Amount
    main_balance: Amount
    plan: PlanPublic | None
    plan_expires_at: datetime | None
    days_left: int
    created_at: datetime
    pack_mb: Amount  # the part of balance_mb that data packs hold, each until it lapses
    pack_expires_at: datetime | None  # when the first live data pack lapses


class TransactionPublic(Public):
    txn_id: int
    amount: Amount
    txn_date: datetime
    status: str
    description: str | None
    plan_id: int | None
    reference: str | None


class ComplaintPublic(Public):
    complaint_id: int
    complaint_type: str
    department: str
    priority: str
    status: str
    description: str
    phone: str | None
    report_count: int
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    due_at: datetime | None


class CustomerView(Public):
    """What an operator's agent sees when they look a customer up."""

    customer: CustomerPublic
    transactions: list[TransactionPublic]
    open_tickets: list[ComplaintPublic]


class RechargeReceipt(Public):
    txn_id: int
    reference: str
    phone: str
    plan: PlanPublic
    balance_mb: Amount
    main_balance: Amount
    plan_expires_at: datetime
    pack_expires_at: datetime | None  # when the data of a data pack bought here lapses
    key: str  # the recharge's idempotency key: the same key never pays twice
    # True when the key had paid already: this is that recharge, and nothing was charged now.
    replayed: bool


# Conversations


class EntityPublic(Public):
    kind: str
    value: int | float | str


class TurnPublic(Public):
    """The agent's answer to one typed line."""

    session_id: str
    reply: str
    intent: str | None
    entities: list[EntityPublic]
    complaint_id: int | None
    handoff: bool
    verified: bool
    sentiment: str | None = None  # of the caller's line


class MeasuredTurn(Public):
    """A turn and the milliseconds each stage took (for metrics endpoints)."""

    turn: TurnPublic
    timings_ms: dict[str, float]


class VoiceTurnPublic(Public):
    """The agent's answer to one spoken utterance: what it heard, said, and the audio of it."""

    session_id: str
    outcome: str  # answered, not_understood, bad_audio
    transcript: str | None
    confidence: float | None
    problem: str | None
    reply: str
    intent: str | None
    verified: bool
    entities: list[EntityPublic] = Field(default_factory=list)
    sentiment: str | None = None
    complaint_id: int | None = None  # a ticket the turn filed
    handoff: bool = False
    audio_s: float
    timings_ms: dict[str, float]
    # The reply as one WAV file; left out of JSON lines (written to files or served apart).
    audio_wav: bytes | None = Field(default=None, exclude=True, repr=False)


class TranscriptLine(Public):
    user: str
    reply: str
    intent: str | None
    channel: str
    at: datetime


class Transcript(Public):
    session_id: str
    lines: list[TranscriptLine]


# Language and speech


class EntitySpan(Public):
    kind: str
    value: int | float | str
    start: int
    end: int


class Understanding(Public):
    """What the language layer understood of one line (the `helpline nlu` record)."""

    text: str
    normalized: str
    intent: str
    confidence: float
    entities: list[EntitySpan]
    sentiment: str
    sentiment_score: float
    department: str | None
    priority: str | None


class Transcription(Public):
    """One recording transcribed, or why it could not be."""

    file: str
    text: str | None = None
    raw_text: str | None = None
    language: str | None = None
    confidence: float | None = None
    duration_s: float | None = None
    error: str | None = None


class Speech(Public):
    """Text spoken into an audio file."""

    audio: bytes = Field(exclude=True, repr=False)
    format: str
    duration_s: float


# Complaints


class StatusChangePublic(Public):
    old_status: str | None
    new_status: str
    changed_by: str
    changed_at: datetime
    note: str | None


class ComplaintDetail(Public):
    complaint: ComplaintPublic
    history: list[StatusChangePublic]
    next_statuses: list[str]  # where the lifecycle lets it go from here


class ComplaintPage(Public):
    items: list[ComplaintPublic]
    total: int
    limit: int
    offset: int


class FilterChoices(Public):
    """What a front end offers in its complaint filters."""

    departments: list[str]
    statuses: list[str]
    priorities: list[str]
    circles: list[str]


class HandoffPublic(Public):
    handoff_id: int
    phone: str | None
    session_id: str | None
    reason: str
    status: str
    created_at: datetime


class HandoffPage(Public):
    items: list[HandoffPublic]
    total: int
    limit: int
    offset: int


# Analytics


class DayCountPublic(Public):
    day: date
    created: int


class ResolutionPublic(Public):
    resolved: int
    median_hours: float | None
    p90_hours: float | None
    within_target: int  # resolved within their priority's target (HIGH 24 h ... LOW 7 days)
    within_target_share: float | None
    breaching: int  # still open and past their due time


class SessionsPublic(Public):
    total: int
    with_ticket: int
    with_handoff: int
    self_service: int
    handoff_rate: float | None
    self_service_rate: float | None


class KpisPublic(Public):
    scope: str
    total: int
    open: int
    by_status: dict[str, int]
    by_priority: dict[str, int]
    by_department: dict[str, int]
    per_day: list[DayCountPublic]
    resolution: ResolutionPublic
    sentiment: dict[str, int]
    complainers: int
    repeat_complainers: int
    sessions: SessionsPublic | None


class IssuePublic(Public):
    key: str
    name: str
    label: str  # what a table calls it: the type and, when they differ, its telling words
    words: list[str]
    department: str
    count: int
    share: float  # percent of the complaints in scope
    open: int
    typical_hours: float | None
    p90_hours: float | None
    examples: list[str]


class EmergingPublic(Public):
    kind: str  # department or circle
    name: str
    recent: int
    recent_per_day: float
    baseline_per_day: float
    ratio: float
    extra: int
    top_type: str | None


class TimelinePublic(Public):
    open: int
    within_24h: int
    within_3d: int
    within_7d: int
    later: int
    overdue: int
    clear_by: date | None


class FiguresPublic(Public):
    scope: str
    total: int
    open: int
    resolved: int
    median_hours: float | None
    p90_hours: float | None
    within_target_pct: float | None
    breaching: int
    repeat_complainers: int
    sentiment_pct: dict[str, float]
    by_department: dict[str, int]
    open_by_department: dict[str, int]


class SummaryPublic(Public):
    scope: str
    generated_at: datetime
    figures: FiguresPublic
    executive: str
    top_issues: list[IssuePublic]
    recommendations: list[str]
    timeline: TimelinePublic
    emerging: list[EmergingPublic]
    writer: str  # "template", or the LLM whose prose passed the grounding check


class EmergingList(Public):
    scope: str
    items: list[EmergingPublic]


# Database


class Revision(Public):
    database: str  # where, without any password
    revision: str | None  # None: no helpline schema yet
    head: str | None
    up_to_date: bool


class SeedReport(Public):
    plans: int
    customers: int
    transactions: int
    conversations: int
    complaints: int
    seconds: float
    seeded: bool = True  # False: --if-empty found data and left it


class KpiRebuild(Public):
    complaints: int
    seconds: float
