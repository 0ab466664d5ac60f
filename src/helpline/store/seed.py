"""A realistic demo operator: plans, customers, six months of transactions, conversations,
complaints and their status history. Bulk inserts in chunks, so a million customers take minutes."""

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, text

from helpline.store.clock import utcnow
from helpline.store.kpi_summary import rebuild_kpi_summary
from helpline.store.models import (
    SLA_HOURS,
    Base,
    Complaint,
    ComplaintStatusChange,
    Conversation,
    Plan,
    Transaction,
    User,
)
from helpline.yaml_text import parse_yaml

HISTORY_DAYS = 182
CHUNK = 5_000


@cache
def seed_data() -> dict[str, Any]:
    """The demo operator's data file, validated on first load."""
    text = resources.files("helpline.store").joinpath("seed_data.yaml").read_text("utf-8")
    data: dict[str, Any] = parse_yaml(text)
    for key in (
        "plans",
        "fixed_customers",
        "first_names",
        "last_names",
        "circles",
        "complaint_themes",
        "self_service",
    ):
        if key not in data:
            raise ValueError(f"seed_data.yaml lacks '{key}'")
    if len(data["plans"]) < 12:
        raise ValueError("seed_data.yaml needs at least 12 plans")
    return data


@dataclass
class SeedReport:
    plans: int = 0
    customers: int = 0
    transactions: int = 0
    conversations: int = 0
    complaints: int = 0
    by_theme: dict[str, int] = field(default_factory=dict)


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return not conn.scalar(select(func.count()).select_from(User))


def reset(engine: Engine) -> None:
    """Delete every row, children first, keeping the schema."""
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@dataclass
class _Ids:
    txn: int = 0
    conv: int = 0
    complaint: int = 0
    history: int = 0


class _Generator:
    def __init__(self, rng: random.Random, plans: list[dict[str, Any]], now: datetime) -> None:
        self.rng = rng
        self.data = seed_data()
        self.plans = plans
        self.base_plans = [p for p in plans if p["category"] == "unlimited"]
        self.now = now
        self.ids = _Ids()
        self.report = SeedReport(plans=len(plans))
        themes = self.data["complaint_themes"]
        self.theme_names = list(themes)
        self.theme_weights = [themes[t]["weight"] for t in self.theme_names]

    def pick(self, mix: dict[str, float]) -> str:
        return self.rng.choices(list(mix), weights=list(mix.values()))[0]

    def customer(self, user_id: int, phone: str, spec: dict[str, Any] | None) -> dict[str, Any]:
        rng = self.rng
        gender: str | None
        if spec is None:
            gender = rng.choice("MF")
            first = rng.choice(self.data["first_names"][gender])
            name = f"{first} {rng.choice(self.data['last_names'])}"
            plan = rng.choices(
                self.base_plans,
                weights=[5, 6, 9, 10, 6, 3, 4, 3, 2, 2, 1, 1][: len(self.base_plans)],
            )[0]
            expires = self.now + timedelta(
                days=rng.randint(-3, plan["validity_days"]), hours=rng.randint(0, 23)
            )
            balance = Decimal(
                rng.randint(0, int(float(plan["daily_data_gb"] or plan["data_gb"]) * 1024))
            )
            main_balance = Decimal(rng.randint(0, 20000)) / 100
            circle = rng.choice(self.data["circles"])
        else:
            gender, name, circle = spec.get("gender"), spec["name"], spec.get("circle")
            plan = next(p for p in self.plans if p["plan_name"] == spec["plan"])
            expires = self.now + timedelta(days=spec["days_left"])
            balance = Decimal(str(spec["balance_mb"]))
            main_balance = Decimal(str(spec.get("main_balance", 0)))
        return {
            "user_id": user_id,
            "phone": phone,
            "name": name,
            "plan_id": plan["plan_id"],
            "balance_mb": balance,
            "created_at": self.now - timedelta(days=rng.randint(200, 2500)),
            "plan_expires_at": expires,
            "main_balance": main_balance,
            "gender": gender,
            "circle": circle,
            "status": "active",
        }

    def transactions(self, user: dict[str, Any]) -> Iterator[dict[str, Any]]:
        plan = self.plans[user["plan_id"] - 1]
        step = plan["validity_days"]
        when = user["plan_expires_at"] - timedelta(days=step)
        count = 0
        while when > self.now - timedelta(days=HISTORY_DAYS) and count < 8:
            failed = self.rng.random() < 0.03
            self.ids.txn += 1
            yield {
                "txn_id": self.ids.txn,
                "user_id": user["user_id"],
                "amount": plan["price"],
                "txn_date": min(when, self.now),
                "status": "failed" if failed else "success",
                "description": f"Recharge: {plan['plan_name']}"
                + (" (payment declined)" if failed else ""),
                "plan_id": plan["plan_id"],
                "reference": f"SEED{self.ids.txn:010d}",
            }
            when -= timedelta(days=step)
            count += 1

    def conversation(
        self,
        user: dict[str, Any],
        text: str,
        reply: str,
        sentiment: str,
        intent: str,
        when: datetime,
    ) -> dict[str, Any]:
        self.ids.conv += 1
        return {
            "id": self.ids.conv,
            "phone": user["phone"],
            "customer_name": user["name"],
            "user_input": text,
            "bot_response": reply,
            "timestamp": when,
            "sentiment": sentiment,
            "session_id": f"seed-{self.ids.conv}",
            "intent": intent,
            "channel": "text",
        }

    def complaint(
        self,
        user: dict[str, Any],
        theme_name: str,
        when: datetime,
        out: dict[str, list[dict[str, Any]]],
    ) -> None:
        rng = self.rng
        theme = self.data["complaint_themes"][theme_name]
        priority = self.pick(theme["priority"])
        sentiment = self.pick(theme["sentiment"])
        description = rng.choice(theme["descriptions"])
        self.ids.complaint += 1
        cid = self.ids.complaint
        intent = {
            "Network": "network_issue",
            "SIM": "sim_issue",
            "Customer Service": "human_agent",
        }.get(theme["department"], "billing_issue")
        reply = f"Aapki complaint register ho gayi hai, ticket number {cid} hai."
        conv = self.conversation(user, description, reply, sentiment, intent, when)
        out["conversations"].append(conv)
        sla = SLA_HOURS[priority]
        age_h = (self.now - when).total_seconds() / 3600
        # Most tickets are worked within their target; some breach it, a few are still open.
        resolve_h = rng.lognormvariate(math.log(sla * 0.45), 0.7)
        status, resolved_at, changes = "open", None, [("open", when)]
        if resolve_h < age_h and rng.random() < 0.96:
            taken = when + timedelta(hours=resolve_h * rng.uniform(0.1, 0.5))
            resolved_at = when + timedelta(hours=resolve_h)
            status = "closed" if age_h - resolve_h > 72 and rng.random() < 0.7 else "resolved"
            changes += [("in_progress", taken), ("resolved", resolved_at)]
            if status == "closed":
                changes.append(("closed", resolved_at + timedelta(hours=72)))
        elif age_h > 2 and rng.random() < 0.6:
            status = "in_progress"
            changes.append(("in_progress", when + timedelta(hours=min(age_h, sla) * 0.3)))
        out["complaints"].append(
            {
                "complaint_id": cid,
                "conversation_id": conv["id"],
                "complaint_type": theme_name,
                "department": theme["department"],
                "priority": priority,
                "description": description,
                "status": status,
                "created_at": when,
                "resolved_at": resolved_at,
                "entities": [],
                "user_id": user["user_id"],
                "phone": user["phone"],
                "circle": user["circle"],
                "sentiment": sentiment,
                "updated_at": changes[-1][1],
                "due_at": when + timedelta(hours=sla),
                "report_count": 1,
            }
        )
        previous = None
        for new_status, at in changes:
            self.ids.history += 1
            out["history"].append(
                {
                    "id": self.ids.history,
                    "complaint_id": cid,
                    "old_status": previous,
                    "new_status": new_status,
                    "changed_at": at,
                    "changed_by": "agent"
                    if new_status == "open"
                    else rng.choice(["ops.neha", "ops.ravi", "ops.imran"]),
                    "note": None,
                }
            )
            previous = new_status
        self.report.by_theme[theme_name] = self.report.by_theme.get(theme_name, 0) + 1

    def activity(
        self, user: dict[str, Any], rate: float, out: dict[str, list[dict[str, Any]]]
    ) -> None:
        rng = self.rng
        out["transactions"].extend(self.transactions(user))
        for _ in range(_poisson(rng, 1.5)):
            ask = rng.choice(self.data["self_service"])
            when = self.now - timedelta(seconds=rng.randint(0, HISTORY_DAYS * 86400))
            out["conversations"].append(
                self.conversation(
                    user,
                    ask["user_input"],
                    "Ji, yeh rahi aapki jaankari.",
                    ask["sentiment"],
                    ask["intent"],
                    when,
                )
            )
        for _ in range(_poisson(rng, rate)):
            theme = rng.choices(self.theme_names, weights=self.theme_weights)[0]
            when = self.now - timedelta(seconds=rng.randint(0, HISTORY_DAYS * 86400))
            self.complaint(user, theme, when, out)


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method: small rates only, which is all the seed uses.
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _flush(conn: Connection, out: dict[str, list[dict[str, Any]]]) -> None:
    for table, key in (
        (User, "users"),
        (Transaction, "transactions"),
        (Conversation, "conversations"),
        (Complaint, "complaints"),
        (ComplaintStatusChange, "history"),
    ):
        if out[key]:
            conn.execute(insert(table), out[key])
            out[key].clear()


def seed(
    engine: Engine,
    *,
    customers: int = 60,
    complaints_per_customer: float = 2.5,
    random_seed: int = 7,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SeedReport:
    """Fill an empty database with the demo operator; returns what was written.

    `progress` is told (customers written, customers wanted) after each chunk.
    """
    if customers < 1:
        raise ValueError("--customers must be at least 1")
    rng = random.Random(random_seed)
    now = now or utcnow()
    data = seed_data()
    plans = []
    for i, spec in enumerate(data["plans"], start=1):
        plan = {
            "plan_id": i,
            "daily_data_gb": None,
            "sms_per_day": 0,
            "talktime": 0,
            "calls": "Unlimited",
            "offer": None,
            "is_active": True,
            **spec,
        }
        for key in ("price", "data_gb", "talktime"):
            plan[key] = Decimal(str(plan[key]))
        if plan["daily_data_gb"] is not None:
            plan["daily_data_gb"] = Decimal(str(plan["daily_data_gb"]))
        plans.append(plan)
    gen = _Generator(rng, plans, now)
    fixed = data["fixed_customers"]
    fixed_phones = {c["phone"] for c in fixed}
    generated = max(customers - len(fixed), 0)
    phones = (
        str(p) for p in rng.sample(range(6_000_000_000, 9_999_999_999), generated + len(fixed))
    )
    out: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("users", "transactions", "conversations", "complaints", "history")
    }
    with engine.begin() as conn:
        conn.execute(insert(Plan), plans)
        user_id = 0
        for spec in fixed[: max(customers, len(fixed))]:
            user_id += 1
            user = gen.customer(user_id, spec["phone"], spec)
            out["users"].append(user)
            gen.activity(user, complaints_per_customer, out)
        for phone in phones:
            if user_id >= max(customers, len(fixed)):
                break
            if phone in fixed_phones:
                continue
            user_id += 1
            user = gen.customer(user_id, phone, None)
            out["users"].append(user)
            gen.activity(user, complaints_per_customer, out)
            if len(out["users"]) >= CHUNK:
                _flush(conn, out)
                if progress is not None:
                    progress(user_id, customers)
        _flush(conn, out)
        _spike(gen, conn, user_id, out)
        # The KPI summary is counted once from the bulk-inserted complaints, in the same
        # transaction, rather than kept in step row by row.
        rebuild_kpi_summary(conn)
        _sync_sequences(conn)
        if progress is not None:
            progress(customers, customers)
    report = gen.report
    report.customers = user_id
    report.transactions, report.conversations, report.complaints = (
        gen.ids.txn,
        gen.ids.conv,
        gen.ids.complaint,
    )
    return report


def _sync_sequences(conn: Connection) -> None:
    """Move PostgreSQL's id sequences past the explicit ids the seed wrote (others do it alone)."""
    if conn.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        if table.autoincrement_column is None:
            continue  # no sequence: a composite key (the KPI summary) or a borrowed id
        key = table.autoincrement_column.name
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key}'), "
                f"COALESCE((SELECT MAX({key}) FROM {table.name}), 0) + 1, false)"
            )
        )


def _spike(
    gen: _Generator, conn: Connection, customers: int, out: dict[str, list[dict[str, Any]]]
) -> None:
    """Add the recent outage the dashboard's emerging-issue view should flag."""
    spike = gen.data.get("emerging_spike")
    if not spike:
        return
    count = max(5, customers * spike["extra_per_1000_customers"] // 1000)
    users = conn.execute(
        select(User.user_id, User.phone, User.name, User.circle)
        .where(User.circle == spike["circle"])
        .limit(count)
    ).all()
    for i in range(count):
        if not users:
            break
        row = users[i % len(users)]
        user = {"user_id": row.user_id, "phone": row.phone, "name": row.name, "circle": row.circle}
        when = gen.now - timedelta(seconds=gen.rng.randint(0, spike["days"] * 86400))
        gen.complaint(user, spike["theme"], when, out)
    _flush(conn, out)
