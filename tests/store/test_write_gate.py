"""SQLite's writers queue on the write gate: a writer of another process waits for the gate's
holder and goes in as soon as it lets go; a gate held too long leaves the wait to SQLite."""

import fcntl
import gc
import os
import subprocess
import sys
import time
from pathlib import Path

from helpline.config import Settings
from helpline.store.db import Database, open_database, transaction
from helpline.store.write_gate import WriteGate

HOLD_S = 0.8


# Another process writing once through helpline's transaction(); it prints when it went in.
WRITER = """
import sys, time
from sqlalchemy import update
from helpline.config import Settings
from helpline.store.db import open_database, transaction
from helpline.store.models import User
database = open_database(Settings(database_url=sys.argv[1]))
print("ready", flush=True)
with transaction(database.sessions) as session:
    print(time.time(), flush=True)
    session.execute(update(User).values(circle="Goa"))
"""


def test_a_writer_of_another_process_waits_for_the_gate_and_goes_in_when_it_is_let_go(
    sqlite_url: str, sqlite_database: Database
) -> None:
    gate = WriteGate(Path(f"{sqlite_database.engine.url.database}-writers.lock"), timeout_s=30)
    with gate.held():  # the gate only: SQLite's own lock is free all along
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, sqlite_url], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(HOLD_S)
        let_go = time.time()
    went_in = float(writer.stdout.readline())
    assert writer.wait(30) == 0
    assert let_go <= went_in < let_go + 0.5, went_in - let_go


def test_a_gate_held_past_the_deadline_leaves_the_wait_to_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "db-writers.lock"
    gate = WriteGate(path, timeout_s=0.3)
    with gate.held():
        pass  # creates the file
    other = os.open(path, os.O_RDWR)  # another open file: another holder, as a process is
    fcntl.flock(other, fcntl.LOCK_EX)
    started = time.monotonic()
    with gate.held():
        waited = time.monotonic() - started
    fcntl.flock(other, fcntl.LOCK_UN)
    os.close(other)
    assert 0.25 <= waited < 1.0, waited


def test_the_gate_is_taken_again_within_a_thread_without_waiting_for_itself(
    tmp_path: Path,
) -> None:
    gate = WriteGate(tmp_path / "db-writers.lock", timeout_s=5)
    started = time.monotonic()
    with gate.held(), gate.held():
        pass
    with gate.held():  # and let go completely after the inner one
        pass
    assert time.monotonic() - started < 1.0


def test_databases_opened_and_disposed_leave_no_gate_file_open(tmp_path: Path) -> None:
    def open_files() -> int:
        return len(os.listdir("/proc/self/fd"))

    def write_once(n: int) -> None:
        database = open_database(Settings(database_url=f"sqlite:///{tmp_path / f'{n}.db'}"))
        with transaction(database.sessions):
            pass
        database.dispose()

    write_once(0)
    gc.collect()
    before = open_files()
    for n in range(1, 21):
        write_once(n)
    gc.collect()
    assert open_files() <= before
