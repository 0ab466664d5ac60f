"""CPU cost of one API turn: database statements, Redis commands and CPU milliseconds per request.

Usage: nice .venv/bin/python benchmarks/api_turn_cost.py [--customers 50] [--turns 1500] [--runs 5]

Simulated customers (the mix of benchmarks/load_api.py: open a session, give a demo number, ask
the balance, a follow-up, about plans, recharge with consent, file a complaint, thank, start
again) take turns round-robin through the real ASGI app of `helpline serve`, called in this
process without a socket: its middleware, routes and token checks, the sync routes on anyio's
worker threads as under uvicorn. The database is a seeded SQLite copy; sessions and one-time-code
counters are in Redis (db 14, HELPLINE_BENCH_REDIS_URL), as two workers need; rate limits and
one-time codes are off, the writer is the template one; logs are written at INFO as under
`helpline serve`, into /dev/null.

CPU is time.process_time() over the measured turns (every thread of the process, so it is the
cost of a turn whatever else runs on the machine); statements are counted by a SQLAlchemy
event (SQLite's own count, set_trace_callback, adds BEGIN, COMMIT and pool pings), pool
check-outs by a pool event, Redis commands and round trips at redis-py's connection, thread hops
(sync routes, sync dependencies, FastAPI's check of a sync route's answer) at anyio's run_sync.
Each run builds a fresh app on a fresh database copy and warms it up before measuring; the
median and the lowest of the runs are printed last.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio.to_thread
from pydantic import SecretStr
from redis import Redis
from redis.connection import Connection
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

sys.path.insert(0, str(Path(__file__).resolve().parent))
from customer_mix import CONVERSATION, PHONES
from helpline.api.main import create_app
from helpline.config import Settings
from helpline.store import migrate, seed
from helpline.store.db import open_database

REDIS_URL = os.environ.get("HELPLINE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
SECRET = "a-benchmark-secret-that-signs-tokens"


@dataclass
class Counts:
    """What the app asked of the database and Redis while the counters were on."""

    statements: int = 0
    sqlite_statements: int = 0  # every statement SQLite ran: also BEGIN, COMMIT, pings
    checkouts: int = 0
    redis_commands: int = 0
    redis_round_trips: int = 0
    thread_hops: int = 0  # calls handed from the event loop to a worker thread and back
    on: bool = False


COUNTS = Counts()


def install_counters() -> None:
    """Count statements, pool check-outs and Redis commands of every engine and client."""

    @event.listens_for(Engine, "before_cursor_execute")
    def _statement(*_: Any) -> None:
        if COUNTS.on:
            COUNTS.statements += 1

    @event.listens_for(Pool, "connect")
    def _trace(dbapi_conn: Any, _record: Any) -> None:
        if isinstance(dbapi_conn, sqlite3.Connection):
            dbapi_conn.set_trace_callback(_sqlite_ran)

    def _sqlite_ran(_sql: str) -> None:
        if COUNTS.on:
            COUNTS.sqlite_statements += 1

    @event.listens_for(Pool, "checkout")
    def _checkout(*_: Any) -> None:
        if COUNTS.on:
            COUNTS.checkouts += 1

    # redis-py's methods are untyped; the wrappers below take and pass anything they do.
    send_command: Callable[..., Any] = Connection.send_command
    pack_commands: Callable[..., Any] = Connection.pack_commands
    send_packed: Callable[..., Any] = Connection.send_packed_command

    def counted_send_command(self: Any, *args: Any, **kwargs: Any) -> None:
        if COUNTS.on:
            COUNTS.redis_commands += 1
        send_command(self, *args, **kwargs)

    def counted_pack_commands(self: Any, commands: Any) -> Any:
        commands = list(commands)
        if COUNTS.on:
            COUNTS.redis_commands += len(commands)
        return pack_commands(self, commands)

    def counted_send_packed(self: Any, command: Any, check_health: bool = True) -> None:
        if COUNTS.on:
            COUNTS.redis_round_trips += 1
        send_packed(self, command, check_health)

    # Starlette and FastAPI hand every sync route, sync dependency and response check to a
    # worker thread through anyio.to_thread.run_sync, looked up at each call.
    run_sync: Callable[..., Any] = anyio.to_thread.run_sync

    async def counted_run_sync(*args: Any, **kwargs: Any) -> Any:
        if COUNTS.on:
            COUNTS.thread_hops += 1
        return await run_sync(*args, **kwargs)

    anyio.to_thread.run_sync = counted_run_sync

    Connection.send_command = counted_send_command  # type: ignore[method-assign]
    Connection.pack_commands = counted_pack_commands  # type: ignore[method-assign]
    Connection.send_packed_command = counted_send_packed  # type: ignore[method-assign]


class AsgiClient:
    """Calls the ASGI app as a server would, without a socket or an HTTP client's own cost."""

    def __init__(self, app: Any) -> None:
        self._app = app

    async def request(
        self, method: str, path: str, body: dict[str, str] | None = None, token: str = ""
    ) -> tuple[int, dict[str, Any]]:
        raw = json.dumps(body).encode() if body is not None else b""
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(raw))]
        if token:
            headers.append((b"authorization", f"Bearer {token}".encode()))
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8765),
            "state": {},
        }
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": raw, "more_body": False}

        status = 0
        chunks: list[bytes] = []

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self._app(scope, receive, send)
        payload = b"".join(chunks)
        return status, (json.loads(payload) if payload else {})


@dataclass
class Customer:
    """One simulated customer: where they are in the conversation mix."""

    number: int
    session_id: str = ""
    token: str = ""
    step: int = -1  # -1: the next request opens a session
    errors: list[str] = field(default_factory=list)

    async def turn(self, client: AsgiClient) -> None:
        """One request, as load_api.py's customer makes it."""
        if self.step == -1 or self.step > len(CONVERSATION):
            status, body = await client.request("POST", "/v1/sessions")
            if status != 201:
                self.errors.append(f"open {status}")
                return
            self.session_id, self.token, self.step = body["session_id"], body["token"], 0
            return
        text = PHONES[self.number % len(PHONES)] if self.step == 0 else CONVERSATION[self.step - 1]
        path = f"/v1/sessions/{self.session_id}/messages"
        status, body = await client.request("POST", path, {"text": text}, self.token)
        if status != 200:
            self.errors.append(f"{status} {str(body)[:80]}")
        self.step += 1


@contextmanager
def counting() -> Iterator[None]:
    COUNTS.on = True
    try:
        yield
    finally:
        COUNTS.on = False


def settings_for(directory: Path, template: Path, run: int) -> Settings:
    database = directory / f"run-{run}.db"
    database.write_bytes(template.read_bytes())
    return Settings(
        database_url=SecretStr(f"sqlite:///{database}"),
        redis_url=SecretStr(REDIS_URL),
        redis_prefix=f"helpline-bench:{uuid.uuid4().hex[:8]}:",
        rate_limit="off",
        otp="off",
        llm="template",
        api_secret=SecretStr(SECRET),
        outbox_path=directory / f"outbox-{run}.sqlite3",
    )


async def drive(api: Any, customers: int, warm: int, turns: int) -> dict[str, float]:
    client = AsgiClient(api)
    people = [Customer(n) for n in range(customers)]
    with open(os.devnull, "w") as sink:
        async with api.router.lifespan_context(api):
            for handler in logging.getLogger("helpline").handlers:
                # Formatted and written as under `helpline serve` (INFO), not onto the terminal.
                if isinstance(handler, logging.StreamHandler):
                    handler.setStream(sink)
            for n in range(warm):
                await people[n % customers].turn(client)
            COUNTS.statements = COUNTS.sqlite_statements = COUNTS.checkouts = 0
            COUNTS.redis_commands = COUNTS.redis_round_trips = COUNTS.thread_hops = 0
            cpu, wall = time.process_time(), time.perf_counter()
            with counting():
                for n in range(turns):
                    await people[n % customers].turn(client)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    errors = [e for p in people for e in p.errors]
    if errors:
        raise SystemExit(f"{len(errors)} failed requests, first: {errors[0]}")
    return {
        "cpu_ms": cpu * 1000 / turns,
        "wall_ms": wall * 1000 / turns,
        "statements": COUNTS.statements / turns,
        "sqlite_statements": COUNTS.sqlite_statements / turns,
        "checkouts": COUNTS.checkouts / turns,
        "redis_commands": COUNTS.redis_commands / turns,
        "redis_round_trips": COUNTS.redis_round_trips / turns,
        "thread_hops": COUNTS.thread_hops / turns,
    }


def seed_template(directory: Path) -> Path:
    path = directory / "template.db"
    database = open_database(Settings(database_url=SecretStr(f"sqlite:///{path}")))
    migrate.upgrade(database.engine)
    seed.seed(database.engine, customers=1000, random_seed=7)
    database.dispose()
    return path


def drop_keys(prefix: str) -> None:
    client = Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=50)
    parser.add_argument("--turns", type=int, default=1500)
    parser.add_argument("--warm", type=int, default=300, help="requests before measuring")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    install_counters()
    runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        template = seed_template(directory)
        for run in range(args.runs):
            settings = settings_for(directory, template, run)
            try:
                result = asyncio.run(
                    drive(create_app(settings), args.customers, args.warm, args.turns)
                )
            finally:
                drop_keys(settings.redis_prefix)
            runs.append(result)
            print(f"run {run + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in result.items()))
    print(f"per request, {args.runs} runs x {args.turns} requests ({args.customers} customers):")
    print(f"  {'':<18} {'median':>8} {'lowest':>8}")
    for key in runs[0]:
        values = [r[key] for r in runs]
        # The lowest is the run least disturbed by other work on a shared machine.
        print(f"  {key:<18} {statistics.median(values):8.2f} {min(values):8.2f}")


if __name__ == "__main__":
    main()
