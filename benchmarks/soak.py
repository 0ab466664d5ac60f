"""Soak: `helpline chat --json` processes and `helpline serve` API processes hold mixed
conversations for a while through a database and a Redis outage; afterwards every acknowledged
recharge and complaint must be in the database exactly once.

    python benchmarks/soak.py --minutes 30 --processes 3 --api-processes 1   # faults via a proxy
    python benchmarks/soak.py --minutes 30 --restart-services      # really stops the services

Every driver is one customer. A chat process holds one long conversation; an API customer opens
a session per conversation. Each conversation is a script picked with a seeded random generator
(benchmarks/soak_conversations.py): balance, plans, payments, a recharge confirmed or cancelled, a
complaint, a complaint and its status, a hand-off, English. Reported per kind of process: turns
served, errors (chat: no reply line or a dead process; API: a non-2xx answer or no reply), p50 and
p99 turn time; then the write checks. Exit status 1 on a failure.
"""

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, text
from sqlalchemy import select as sql_select
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "faults"))
from fault_proxy import FaultProxy  # noqa: E402

from helpline.config import Settings  # noqa: E402
from helpline.store import migrate, seed  # noqa: E402
from helpline.store.db import Database, open_database  # noqa: E402
from helpline.store.models import Complaint, Conversation, Transaction, User  # noqa: E402
from helpline.store.outbox import Outbox  # noqa: E402
from helpline.store.outbox_writes import write_entry  # noqa: E402
from soak_conversations import Channel, Speaker, Tally, drive  # noqa: E402
from soak_speakers import START_TIMEOUT_S, TURN_TIMEOUT_S, ApiCustomer, ApiServer, Chat  # noqa: E402

MYSQL = os.environ.get("HELPLINE_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/test")
REDIS = os.environ.get("HELPLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
RESTART = {  # --restart-services: how this machine stops and starts the real services
    "db": (["service", "mariadb", "stop"], ["service", "mariadb", "start"]),
    "redis": (["service", "redis-server", "stop"], ["service", "redis-server", "start"]),
}


def prepare(admin: str, customers: int) -> tuple[str, Database]:
    """A fresh seeded database on the server; returns its URL and a direct handle."""
    name = f"helpline_soak_{uuid.uuid4().hex[:8]}"
    engine = create_engine(make_url(admin), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    database = open_database(Settings(database_url=url))
    migrate.upgrade(database.engine)
    seed.seed(database.engine, customers=max(12, customers), random_seed=7)
    return url, database


def counts(database: Database, phones: list[str]) -> dict[str, object]:
    """Per customer: payments and complaint reports; and the number of turn records."""
    with database.sessions() as s:
        rows = s.execute(sql_select(User.phone, User.user_id).where(User.phone.in_(phones)))
        users = {phone: user_id for phone, user_id in rows}
        txns = {
            p: s.scalar(sql_select(func.count()).where(Transaction.user_id == u)) or 0
            for p, u in users.items()
        }
        reports = {
            p: s.scalar(
                sql_select(func.coalesce(func.sum(Complaint.report_count), 0)).where(
                    Complaint.user_id == u
                )
            )
            or 0
            for p, u in users.items()
        }
        turns = s.scalar(sql_select(func.count()).select_from(Conversation)) or 0
    return {"txns": txns, "reports": reports, "turns": int(turns)}


def outage(kind: str, proxy: FaultProxy | None, at: float, seconds: float, done: list[str]) -> None:
    """Take the service away at `at` for `seconds`, through the proxy or for real."""
    time.sleep(max(0.0, at - time.monotonic()))
    stop, start = RESTART[kind]
    proxy.down() if proxy else subprocess.run(stop, check=False)
    done.append(f"{kind} down at {time.strftime('%H:%M:%S')} for {seconds:.0f} s")
    time.sleep(seconds)
    proxy.up() if proxy else subprocess.run(start, check=False)


def _env(db_url: str, redis_url: str, outbox: Path, secret: str) -> dict[str, str]:
    return {
        **os.environ,
        "HELPLINE_DATABASE_URL": db_url,
        "HELPLINE_REDIS_URL": redis_url,
        "HELPLINE_OUTBOX_PATH": str(outbox),
        "HELPLINE_LLM": "template",
        "HELPLINE_OTP": "off",
        "HELPLINE_RATE_LIMIT": "off",
        "HELPLINE_API_SECRET": secret,
        "PYTHONPATH": str(ROOT / "src"),
    }


def start(
    args: argparse.Namespace, db_url: str, redis_url: str, work: Path, phones: list[str], t: Tally
) -> tuple[list[Speaker], list[ApiServer]]:
    """The chat processes (each verified, untimed) and the API servers with their customers."""
    secret = secrets.token_hex(32)
    chats = [
        Chat(
            _env(db_url, redis_url, work / f"outbox-chat-{n}.sqlite3", secret),
            work / f"chat-{n}.log",
        )
        for n in range(args.processes)
    ]
    servers = [
        ApiServer(
            _env(db_url, redis_url, work / f"outbox-api-{n}.sqlite3", secret), work / f"api-{n}.log"
        )
        for n in range(args.api_processes)
    ]
    for chat, phone in zip(chats, phones, strict=False):
        if chat.say(phone) is None:
            raise SystemExit(f"helpline chat did not start: see {chat.log}")
        t.chat.turns += 1
    for server in servers:
        server.wait_ready(START_TIMEOUT_S)
    customers = [
        ApiCustomer(server.base, TURN_TIMEOUT_S)
        for server in servers
        for _ in range(args.api_clients)
    ]
    return [*chats, *customers], servers


def run(args: argparse.Namespace) -> dict[str, object]:
    drivers = args.processes + args.api_processes * args.api_clients
    url, direct = prepare(args.mysql, drivers)
    with direct.sessions() as s:
        phones = list(s.scalars(sql_select(User.phone).order_by(User.user_id).limit(drivers)))
    before = counts(direct, phones)
    db_proxy = redis_proxy = None
    db_url, redis_url = url, args.redis
    if not args.restart_services:
        m, r = make_url(url), make_url(args.redis.replace("redis://", "mysql://"))
        db_proxy = FaultProxy(m.host or "127.0.0.1", m.port or 3306)
        redis_proxy = FaultProxy(r.host or "127.0.0.1", r.port or 6379)
        db_url, redis_url = db_proxy.url_for(url), redis_proxy.url_for(args.redis)
    work = Path(tempfile.mkdtemp(prefix="helpline-soak-"))
    seconds = args.minutes * 60
    outage_s = args.outage_seconds or min(60.0, seconds * 0.15)
    tally = Tally(transcript=(work / "turns.jsonl").open("w", encoding="utf-8"))
    events: list[str] = []
    speakers, servers = start(args, db_url, redis_url, work, phones, tally)
    begin = time.monotonic()
    until = begin + seconds
    pace = (args.pause, args.between)
    threads = [
        threading.Thread(
            target=outage, args=("db", db_proxy, begin + seconds * 0.25, outage_s, events)
        ),
        threading.Thread(
            target=outage, args=("redis", redis_proxy, begin + seconds * 0.6, outage_s, events)
        ),
    ]
    threads += [
        threading.Thread(
            target=drive,
            args=(who, phone, random.Random(f"{args.seed}-{n}"), until, pace, tally),
        )
        for n, (who, phone) in enumerate(zip(speakers, phones, strict=True))
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for who in speakers:
        if isinstance(who, Chat):
            tally.chat.crashes += who.close() != 0
        elif isinstance(who, ApiCustomer):
            who.close()
            for kind, n in who.statuses.items():
                tally.seen[f"api_{kind}"] = tally.seen.get(f"api_{kind}", 0) + n
    tally.api.crashes += sum(server.stop() for server in servers)
    if tally.transcript is not None:
        tally.transcript.close()
    # What a process could not drain before it ended is written as a new process would at start.
    left = sum(Outbox(p).drain(direct.sessions, write_entry) for p in work.glob("outbox-*.sqlite3"))
    after = counts(direct, phones)
    for proxy in (db_proxy, redis_proxy):
        if proxy:
            proxy.close()
    direct.dispose()
    if not args.keep:
        drop(args.mysql, make_url(url).database or "")
    return report(args, tally, before, after, events, left, url) | {"logs": str(work)}


def drop(admin: str, name: str) -> None:
    engine = create_engine(make_url(admin), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
    engine.dispose()


def figures(c: Channel) -> dict[str, object]:
    """Turns, errors and turn-time percentiles of one kind of process."""
    times = sorted(c.times_ms)
    p99 = times[max(0, int(len(times) * 0.99) - 1)] if len(times) >= 100 else None
    return {
        "turns": c.turns,
        "errors": c.errors,
        "crashes": c.crashes,
        "sessions": c.sessions,
        "p50_ms": round(statistics.median(times), 1) if times else None,
        "p99_ms": round(p99, 1) if p99 is not None else None,
    }


def report(
    args: argparse.Namespace,
    t: Tally,
    before: dict[str, Any],
    after: dict[str, Any],
    events: list[str],
    left: int,
    url: str,
) -> dict[str, object]:
    def delta(kind: str, phone: str) -> int:
        return int(after[kind][phone]) - int(before[kind][phone])

    phones = list(after["txns"])
    rech = {p: (t.recharges.get(p, 0), delta("txns", p), t.unresolved.get(p, 0)) for p in phones}
    comp = {p: (t.complaints.get(p, 0), delta("reports", p)) for p in phones}
    recorded = int(after["turns"]) - int(before["turns"])
    served = t.chat.turns + t.api.turns
    errors = t.chat.errors + t.api.errors
    return {
        "minutes": args.minutes,
        "processes": {"chat": args.processes, "api": args.api_processes},
        "api_customers": args.api_processes * args.api_clients,
        "seed": args.seed,
        "pace_s": {"turns": args.pause, "conversations": args.between},
        "faults": "service restarts" if args.restart_services else "fault proxy",
        "outages": events,
        "chat": figures(t.chat),
        "api": figures(t.api),
        "turns_served": served,
        "conversations": t.scripts,
        "replies": t.seen,
        "recharges_acknowledged": sum(a for a, _, _ in rech.values()),
        "recharges_lost": sum(max(0, a - d) for a, d, _ in rech.values()),
        "recharges_extra": sum(max(0, d - a - u) for a, d, u in rech.values()),
        "recharges_unresolved": sum(u for _, _, u in rech.values()),
        "recharge_replays": t.replays,
        "complaints_acknowledged": sum(a for a, _ in comp.values()),
        "complaints_lost": sum(max(0, a - d) for a, d in comp.values()),
        "complaints_extra": sum(max(0, d - a) for a, d in comp.values()),
        "turns_recorded": recorded,
        "turns_lost": max(0, served - recorded),
        "turns_extra": max(0, recorded - served - errors),
        "drained_after_exit": left,
        "database": make_url(url).database,
        "machine": f"{os.cpu_count()} CPU, {os.uname().machine}",
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


FAILURES = (
    "recharges_lost",
    "recharges_extra",
    "complaints_lost",
    "complaints_extra",
    "turns_lost",
    "turns_extra",
)


def failed(result: dict[str, Any]) -> list[str]:
    """What went wrong: an error or crash of either kind of process, or a failed check."""
    bad = [
        f"{kind}_{key}"
        for kind in ("chat", "api")
        for key in ("errors", "crashes")
        if result[kind][key]
    ]
    return bad + [key for key in FAILURES if result[key]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--processes", type=int, default=3, help="helpline chat processes")
    parser.add_argument("--api-processes", type=int, default=1, help="helpline serve processes")
    parser.add_argument("--api-clients", type=int, default=2, help="customers per API process")
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between turns")
    # 0 by default: a customer who starts the same conversation again at once, while the
    # database is down, says the same line and hears the same reply, and both turn records
    # must reach the database (each carries its own key).
    parser.add_argument("--between", type=float, default=0.0, help="seconds between conversations")
    parser.add_argument("--outage-seconds", type=float, default=None)
    parser.add_argument("--seed", type=int, default=12, help="picks the conversations")
    parser.add_argument("--restart-services", action="store_true")
    parser.add_argument("--mysql", default=MYSQL)
    parser.add_argument("--redis", default=REDIS)
    parser.add_argument("--keep", action="store_true", help="keep the soak database afterwards")
    result = run(parser.parse_args())
    result["failed"] = failed(result)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 1 if result["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
