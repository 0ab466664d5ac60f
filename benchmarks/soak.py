"""Soak: several `helpline chat --json` processes talk for a while through a database and a Redis
outage; afterwards every acknowledged write must be in the database exactly once.

    python benchmarks/soak.py --minutes 30 --processes 3           # faults through a TCP proxy
    python benchmarks/soak.py --minutes 30 --restart-services      # really stops the services

Each process is one customer's conversation (verify, balance, follow-ups, a recharge confirmed
with "haan", a complaint), fed line by line. Reported: turns served, errors (a turn with no reply
line, a process that died), p50/p99 turn time, and the write checks. Exit status 1 on a failure.
"""

import argparse
import json
import os
import re
import select
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

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

MYSQL = os.environ.get("HELPLINE_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/test")
REDIS = os.environ.get("HELPLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
SCRIPT = (
    "mera balance kitna hai",
    "validity kab tak hai",
    "pichhle transactions dikhao",
    "199 ka recharge karna hai",
    "haan",
    "2 din se internet bahut slow chal raha hai",
    "mera plan kya hai",
    "dhanyavaad",
)
RECHARGED = re.compile(r"recharge (safal )?ho gaya")
QUEUED_COMPLAINT = "SMS se bheja jayega"
ASKS_NUMBER = "mobile number"
# What the outages should show in the replies, counted for the report.
SIGNS = {
    "from_cache": "pehle ki hai",
    "complaints_queued": QUEUED_COMPLAINT,
    "recharges_refused": "recharge nahi ho paya",
    "apologies": "system mein thodi dikkat",
}
TURN_TIMEOUT_S = 30.0
START_TIMEOUT_S = 240.0  # the first reply waits for the process to load its language models
RESTART = {  # --restart-services: how this machine stops and starts the real services
    "db": (["service", "mariadb", "stop"], ["service", "mariadb", "start"]),
    "redis": (["service", "redis-server", "stop"], ["service", "redis-server", "start"]),
}


@dataclass
class Tally:
    """What the drivers saw, shared between their threads."""

    times_ms: list[float] = field(default_factory=list)
    turns: int = 0
    no_reply: int = 0
    crashes: int = 0
    recharges: dict[str, int] = field(default_factory=dict)
    complaints: dict[str, int] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Chat:
    """One `helpline chat --json` process, a line in and a reply line out."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log, self.fresh = env, log, True
        self._log = log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from helpline.cli import main; main()", "chat", "--json"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env=env,
        )

    def say(self, line: str, timeout: float = TURN_TIMEOUT_S) -> dict[str, object] | None:
        """The reply to one line, or None when none came within the timeout."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(line.encode() + b"\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            return None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        raw = self.proc.stdout.readline() if ready else b""
        return json.loads(raw) if raw else None

    def again(self) -> "Chat":
        return Chat(self.env, self.log)

    def close(self) -> int:
        """Close stdin (the conversation ends) and return the exit status."""
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.close()
            code = self.proc.wait(timeout=60)
        except (BrokenPipeError, subprocess.TimeoutExpired):
            self.proc.kill()
            code = self.proc.wait()
        self._log.close()
        return code


def drive(chat: Chat, phone: str, until: float, pause: float, t: Tally) -> None:
    """Hold conversations as `phone` until the deadline; a stuck or dead process is replaced."""
    step, lines = 0, []
    while time.monotonic() < until:
        line = lines.pop(0) if lines else SCRIPT[step % len(SCRIPT)]
        step += 0 if line == phone else 1
        started = time.perf_counter()
        reply = chat.say(line, START_TIMEOUT_S if chat.fresh else TURN_TIMEOUT_S)
        elapsed = (time.perf_counter() - started) * 1000
        with t.lock:
            if reply is None:
                t.no_reply += 1
                t.crashes += chat.close() != 0
                chat, lines = chat.again(), [phone]
                continue
            t.turns += 1
            if not chat.fresh:  # a new process's first reply waits for its start-up
                t.times_ms.append(elapsed)
            chat.fresh = False
            said = str(reply["reply"])
            for name, sign in SIGNS.items():
                t.seen[name] = t.seen.get(name, 0) + (sign in said)
            if line == "haan" and RECHARGED.search(said):
                t.recharges[phone] = t.recharges.get(phone, 0) + 1
            if reply.get("complaint_id") is not None or QUEUED_COMPLAINT in said:
                t.complaints[phone] = t.complaints.get(phone, 0) + 1
        if ASKS_NUMBER in said:
            lines = [phone]  # the session was lost (a Redis restart): verify again
        time.sleep(pause)
    with t.lock:
        t.crashes += chat.close() != 0


def prepare(admin: str, processes: int) -> tuple[str, Database]:
    """A fresh seeded database on the server; returns its URL and a direct handle."""
    name = f"helpline_soak_{uuid.uuid4().hex[:8]}"
    engine = create_engine(make_url(admin), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    database = open_database(Settings(database_url=url))
    migrate.upgrade(database.engine)
    seed.seed(database.engine, customers=max(12, processes), random_seed=7)
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


def _env(
    args: argparse.Namespace, db_url: str, redis_url: str, work: Path, n: int
) -> dict[str, str]:
    return {
        **os.environ,
        "HELPLINE_DATABASE_URL": db_url,
        "HELPLINE_REDIS_URL": redis_url,
        "HELPLINE_OUTBOX_PATH": str(work / f"outbox-{n}.sqlite3"),
        "HELPLINE_LLM": "template",
        "HELPLINE_OTP": "off",
        "PYTHONPATH": str(ROOT / "src"),
    }


def run(args: argparse.Namespace) -> dict[str, object]:
    url, direct = prepare(args.mysql, args.processes)
    with direct.sessions() as s:
        phones = list(
            s.scalars(sql_select(User.phone).order_by(User.user_id).limit(args.processes))
        )
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
    tally, events = Tally(), []
    chats = [
        Chat(_env(args, db_url, redis_url, work, n), work / f"chat-{n}.log")
        for n in range(len(phones))
    ]
    for chat, phone in zip(chats, phones, strict=True):  # start-up and verification, untimed
        if chat.say(phone, START_TIMEOUT_S) is None:
            raise SystemExit(f"helpline chat did not start: see {chat.log}")
        tally.turns += 1
        chat.fresh = False
    begin = time.monotonic()
    until = begin + seconds
    threads = [
        threading.Thread(
            target=outage, args=("db", db_proxy, begin + seconds * 0.25, outage_s, events)
        ),
        threading.Thread(
            target=outage, args=("redis", redis_proxy, begin + seconds * 0.6, outage_s, events)
        ),
    ]
    threads += [
        threading.Thread(target=drive, args=(chat, phone, until, args.pause, tally))
        for chat, phone in zip(chats, phones, strict=True)
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    # What a process could not drain before it ended is written as a new process would at start.
    left = sum(Outbox(p).drain(direct.sessions, write_entry) for p in work.glob("outbox-*.sqlite3"))
    after = counts(direct, phones)
    for proxy in (db_proxy, redis_proxy):
        if proxy:
            proxy.close()
    direct.dispose()
    if not args.keep:
        drop(args.mysql, make_url(url).database or "")
    return report(args, tally, before, after, events, left, url)


def drop(admin: str, name: str) -> None:
    engine = create_engine(make_url(admin), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
    engine.dispose()


def report(
    args: argparse.Namespace,
    t: Tally,
    before: dict,
    after: dict,
    events: list[str],
    left: int,
    url: str,
) -> dict[str, object]:
    def delta(kind: str, phone: str) -> int:
        return int(after[kind][phone]) - int(before[kind][phone])

    phones = list(after["txns"])
    rech = {p: (t.recharges.get(p, 0), delta("txns", p)) for p in phones}
    comp = {p: (t.complaints.get(p, 0), delta("reports", p)) for p in phones}
    recorded = int(after["turns"]) - int(before["turns"])
    times = sorted(t.times_ms)
    return {
        "minutes": args.minutes,
        "processes": args.processes,
        "faults": "service restarts" if args.restart_services else "fault proxy",
        "outages": events,
        "turns_served": t.turns,
        "replies": t.seen,
        "no_reply": t.no_reply,
        "crashes": t.crashes,
        "p50_ms": round(statistics.median(times), 1) if times else None,
        "p99_ms": round(times[int(len(times) * 0.99) - 1], 1) if len(times) >= 100 else None,
        "recharges_acknowledged": sum(a for a, _ in rech.values()),
        "recharges_lost": sum(max(0, a - d) for a, d in rech.values()),
        "recharges_extra": sum(max(0, d - a) for a, d in rech.values()),
        "complaints_acknowledged": sum(a for a, _ in comp.values()),
        "complaints_lost": sum(max(0, a - d) for a, d in comp.values()),
        "complaints_extra": sum(max(0, d - a) for a, d in comp.values()),
        "turns_recorded": recorded,
        "turns_lost": max(0, t.turns - recorded),
        "turns_extra": max(0, recorded - t.turns - t.no_reply),
        "drained_after_exit": left,
        "database": make_url(url).database,
        "machine": f"{os.cpu_count()} CPU, {os.uname().machine}",
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between turns")
    parser.add_argument("--outage-seconds", type=float, default=None)
    parser.add_argument("--restart-services", action="store_true")
    parser.add_argument("--mysql", default=MYSQL)
    parser.add_argument("--redis", default=REDIS)
    parser.add_argument("--keep", action="store_true", help="keep the soak database afterwards")
    result = run(parser.parse_args())
    print(json.dumps(result, ensure_ascii=False, indent=1))
    bad = (
        "no_reply",
        "crashes",
        "recharges_lost",
        "recharges_extra",
        "complaints_lost",
        "complaints_extra",
        "turns_lost",
        "turns_extra",
    )
    return 1 if any(result[k] for k in bad) else 0


if __name__ == "__main__":
    sys.exit(main())
