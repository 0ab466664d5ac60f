"""The schema. Table and column names of the operator's original design are kept as they are,
so an existing database maps straight on; everything else is added beside them, never renamed."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from helpline.store.clock import utcnow

# Stable constraint names make Alembic migrations identical on every database.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Plan(Base):
    __tablename__ = "plans"

    plan_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_name: Mapped[str] = mapped_column(String(100))
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    data_gb: Mapped[Decimal] = mapped_column(Numeric(10, 2))  # total data over the validity
    validity_days: Mapped[int] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    # Added: what a prepaid catalogue shows beside the design's columns.
    daily_data_gb: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    calls: Mapped[str] = mapped_column(String(40), default="Unlimited")
    sms_per_day: Mapped[int] = mapped_column(Integer, default=0)
    talktime: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal(0))
    category: Mapped[str] = mapped_column(String(20), default="unlimited")
    offer: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class User(Base):
    __tablename__ = "users"

    user_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    phone: Mapped[str] = mapped_column(String(15), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.plan_id"))
    balance_mb: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal(0))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Added: expiry of the current plan, main balance in rupees, and what a good agent knows.
    plan_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    main_balance: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal(0))
    gender: Mapped[str | None] = mapped_column(String(1))  # "M" / "F" / None: sir, madam, neither
    circle: Mapped[str | None] = mapped_column(String(40))  # telecom circle (area)
    status: Mapped[str] = mapped_column(String(20), default="active")


class Transaction(Base):
    __tablename__ = "transactions"
    __table_args__ = (Index("idx_txn_user_date", "user_id", "txn_date"),)

    txn_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.user_id"))
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    txn_date: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="success")
    description: Mapped[str | None] = mapped_column(String(255))
    # Added
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.plan_id"))
    reference: Mapped[str | None] = mapped_column(String(40), unique=True)
    # One key per confirmed offer: a retried or replayed confirmation can never pay twice.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)


class DataPack(Base):
    """Data bought as a booster or add-on: it rides on the base plan and lapses on its own.

    Kept apart from `users.balance_mb` (the base plan's data) so that it can expire: after its
    own days, or when the base plan ends if that comes first.
    """

    __tablename__ = "data_packs"
    __table_args__ = (Index("idx_data_pack_user", "user_id", "expires_at"),)

    pack_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.user_id"))
    txn_id: Mapped[int] = mapped_column(ForeignKey("transactions.txn_id"), unique=True)
    # Data left in the pack: an operator's usage feed lowers it, helpline only credits it.
    data_mb: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    bought_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    valid_until: Mapped[datetime] = mapped_column(DateTime)  # the pack's own days
    # When its data lapses: valid_until, or the base plan's end if sooner. A base plan bought
    # while this one runs moves it towards valid_until again.
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (
        Index("idx_phone", "phone"),
        Index("idx_timestamp", "timestamp"),
        # Analytics (migration 0002): sentiment mix and sessions of a period.
        Index("idx_conversation_sentiment", "sentiment", "timestamp"),
        Index("idx_conversation_session", "session_id", "timestamp"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    phone: Mapped[str] = mapped_column(String(15))
    customer_name: Mapped[str | None] = mapped_column(String(100))
    user_input: Mapped[str] = mapped_column(Text)
    bot_response: Mapped[str] = mapped_column(Text)
    timestamp: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sentiment: Mapped[str | None] = mapped_column(String(20))
    # Added
    session_id: Mapped[str | None] = mapped_column(String(64), index=True)
    intent: Mapped[str | None] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(10), default="text")
    # Made before the turn's first write and kept with a copy waiting in the outbox (migration
    # 0007): a drain finds the row of a turn whose INSERT committed unheard by it, and two real
    # turns that read alike stay two rows. Turns stored before keys have none.
    turn_key: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)


# Hours a ticket of each priority may take to resolve: the due date of a new ticket, the
# "within target" KPI and the resolution times told to customers all read it.
SLA_HOURS = {"HIGH": 24, "MEDIUM": 72, "LOW": 168}
# A ticket's time to resolution in days, as SQLite computes it: the analytics query this exact
# expression so that SQLite reads it from the index instead of the rows.
DURATION_DAYS = "julianday(resolved_at) - julianday(created_at)"
# The cell of the KPIs: a scope is counted per combination of these (migration 0003).
CELL = ("department", "status", "priority")


class Complaint(Base):
    __tablename__ = "complaints"
    __table_args__ = (
        Index("idx_department", "department"),
        Index("idx_status", "status"),
        Index("idx_priority", "priority"),
        Index("idx_complaint_created", "created_at"),
        Index("idx_complaint_phone", "phone"),
        # Analytics (migration 0002): the KPIs count ranges of these instead of reading rows.
        # The trailing columns ride along so that a filtered scope never reads the table.
        Index(
            "idx_complaint_kpi",
            *("department", "status", "priority", "sentiment", "created_at"),
            *("resolved_at", "due_at", "phone", "report_count"),
        ),
        Index(
            "idx_complaint_day",
            *("created_at", "department", "status", "priority", "sentiment"),
            *("resolved_at", "due_at"),
        ),
        Index("idx_complaint_due", "status", "due_at"),
        Index("idx_complaint_repeat", "phone", "created_at", "report_count"),
        # MySQL indexes a foreign key column by itself. ddl_if takes a tuple of dialect names
        # (SQLAlchemy's documentation), though its annotation says one string.
        Index("idx_complaint_conversation", "conversation_id").ddl_if(
            dialect=("sqlite", "postgresql")  # type: ignore[arg-type]
        ),
        Index("idx_complaint_duration", text(DURATION_DAYS)).ddl_if(dialect="sqlite"),
        Index("idx_complaint_priority_duration", "priority", text(DURATION_DAYS)).ddl_if(
            dialect="sqlite"
        ),
        # Migration 0003: repeat complainers read the phones in order with the filter's columns
        # beside them (department first when the filter has one), and the median under a filter
        # walks one bucket of durations with the filter's columns beside them.
        Index(
            "idx_complaint_people",
            *("department", "phone", "status", "priority", "created_at", "report_count"),
        ),
        Index(
            "idx_complaint_phone_scope",
            *("phone", "department", "status", "priority", "created_at", "report_count"),
        ),
        # A circle filter is not summarised: its tickets are found by this index instead.
        Index("idx_complaint_circle", "circle", "created_at"),
        Index("idx_complaint_duration_scope", text(DURATION_DAYS), *CELL, "created_at").ddl_if(
            dialect="sqlite"
        ),
    )

    complaint_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    complaint_type: Mapped[str] = mapped_column(String(50))
    department: Mapped[str] = mapped_column(String(100))
    priority: Mapped[str] = mapped_column(String(20), default="MEDIUM")
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    entities: Mapped[Any] = mapped_column(JSON, default=list)
    # Added: who complained, where, and the clock the priority sets.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.user_id"))
    phone: Mapped[str | None] = mapped_column(String(15))
    circle: Mapped[str | None] = mapped_column(String(40))
    sentiment: Mapped[str | None] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    due_at: Mapped[datetime | None] = mapped_column(DateTime)
    report_count: Mapped[int] = mapped_column(Integer, default=1)


class ComplaintKpiCell(Base):
    """Complaints per created day and cell, kept in step by store/complaints.py (migration 0003).

    The KPIs of any filter but a circle add these up instead of counting a million rows.
    """

    __tablename__ = "complaint_kpi_cells"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    department: Mapped[str] = mapped_column(String(100), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    priority: Mapped[str] = mapped_column(String(20), primary_key=True)
    sentiment: Mapped[str] = mapped_column(String(20), primary_key=True)  # "" when none
    complaints: Mapped[int] = mapped_column(Integer, default=0)
    resolved: Mapped[int] = mapped_column(Integer, default=0)
    within_target: Mapped[int] = mapped_column(Integer, default=0)


class ComplaintKpiDuration(Base):
    """Resolved complaints per created day, cell and time-to-resolution bucket (migration 0003).

    The median and p90 of a scope lie in the bucket these counts point to; only that bucket's
    durations are then read, in order.
    """

    __tablename__ = "complaint_kpi_durations"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    department: Mapped[str] = mapped_column(String(100), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    priority: Mapped[str] = mapped_column(String(20), primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaints: Mapped[int] = mapped_column(Integer, default=0)


class ComplaintSession(Base):
    """The session and time of the conversation a ticket came from (migration 0003).

    Kept by store/complaints.py when a ticket is filed or linked, so the session KPIs count the
    sessions that reached a ticket from one index instead of joining every complaint to its
    conversation. A conversation's session and time never change once written.
    """

    __tablename__ = "complaint_sessions"
    __table_args__ = (Index("idx_complaint_session", "session_id", "timestamp"),)

    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.complaint_id"), primary_key=True, autoincrement=False
    )
    session_id: Mapped[str] = mapped_column(String(64))
    timestamp: Mapped[datetime] = mapped_column(DateTime)


class ComplaintReport(Base):
    """One report filed under its key (migration 0006): a new ticket or a repeat of an open one.

    The key is made before the first try and kept with a report that waits in the outbox, so a
    report whose COMMIT landed unheard is found here when the outbox writes it again, instead of
    being counted twice.
    """

    __tablename__ = "complaint_reports"

    report_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.complaint_id"), index=True)
    opened_ticket: Mapped[bool] = mapped_column(Boolean)  # False: it counted a repeat
    reported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ComplaintStatusChange(Base):
    __tablename__ = "complaint_status_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.complaint_id"), index=True)
    old_status: Mapped[str | None] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    changed_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)


class Handoff(Base):
    __tablename__ = "handoffs"
    __table_args__ = (Index("idx_handoff_session", "session_id"),)  # migration 0003

    handoff_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.user_id"))
    phone: Mapped[str | None] = mapped_column(String(15), index=True)
    session_id: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(255))
    transcript: Mapped[Any] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class Staff(Base):
    __tablename__ = "staff"

    staff_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="agent")  # agent / manager / admin
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[Any] = mapped_column(JSON, default=dict)


class RateCounter(Base):
    """A counter shared by every process: failed codes, codes sent, requests per client.

    Keys name what is counted ("otp-fail:9876543210", "otp-send:9876543210", ...). A count runs
    until ``window_ends_at``; ``locked_until`` blocks the key whatever the count.
    """

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    window_ends_at: Mapped[datetime] = mapped_column(DateTime)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
