"""The soak's speakers: `helpline chat --json` processes, `helpline serve` processes and the HTTP
customers of those.

A chat process holds one long conversation (one session) and is replaced when it stops
answering. An API customer opens a session (POST /v1/sessions) for each conversation and sends
its lines (POST /v1/sessions/{id}/messages). An API error is a non-2xx answer, an empty reply or
no answer within the turn's timeout; the next conversation then starts in a new session.
"""

import json
import select
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

TURN_TIMEOUT_S = 30.0
START_TIMEOUT_S = 240.0  # the first reply waits for the process to load its language models


@dataclass(frozen=True)
class Said:
    """One answered line: the reply and the ticket the turn filed, if any."""

    reply: str
    complaint_id: int | None


class Chat:
    """One `helpline chat --json` process, a line in and a reply line out; one conversation
    after another in one session, replaced by a new process when it stops answering."""

    kind = "chat"

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self._spawn()

    def _spawn(self) -> None:
        self.warm = False
        self._log = self.log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from helpline.cli import main; main()", "chat", "--json"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env=self.env,
        )

    def begin(self) -> bool:
        return True

    def say(self, line: str) -> Said | None:
        """The reply to one line, or None when none came within the timeout."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(line.encode() + b"\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            return None
        timeout = TURN_TIMEOUT_S if self.warm else START_TIMEOUT_S
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        raw = self.proc.stdout.readline() if ready else b""
        if not raw:
            return None
        self.warm = True
        reply = json.loads(raw)
        return Said(str(reply["reply"]), reply.get("complaint_id"))

    def recover(self) -> bool:
        """Replace the process; whether the old one had crashed (a non-zero exit)."""
        crashed = self.close() != 0
        self._spawn()
        return crashed

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ApiServer:
    """One `helpline serve` process (one uvicorn worker) on a free port."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port, self.log = free_port(), log
        self._log = log.open("ab")
        serve = ["serve", "--port", str(self.port)]
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from helpline.cli import main; main()", *serve],
            stdout=self._log,
            stderr=self._log,
            env=env,
        )
        self.base = f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float) -> None:
        """Until /healthz answers; SystemExit when the process died or never answered."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"helpline serve did not start: see {self.log}")

    def stop(self) -> bool:
        """Stop as a process manager would (SIGTERM, then wait); whether it had crashed."""
        running = self.proc.poll() is None
        if running:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self._log.close()
        # uvicorn shuts down on SIGTERM and then dies of the signal it caught, as asked to.
        return not running or code not in (0, -signal.SIGTERM)


class ApiCustomer:
    """One HTTP customer of one server: a new session for every conversation."""

    kind, warm = "api", True  # as Chat: a Speaker of soak_conversations

    def __init__(self, base: str, timeout: float) -> None:
        self.http = httpx.Client(base_url=base, timeout=timeout)
        self.session_id, self.auth = "", dict[str, str]()
        self.statuses: dict[str, int] = {}  # non-2xx answers and timeouts by kind

    def _failed(self, kind: str) -> None:
        self.statuses[kind] = self.statuses.get(kind, 0) + 1
        self.session_id = ""

    def begin(self) -> bool:
        """Open a new session; False when the API did not open one."""
        try:
            r = self.http.post("/v1/sessions")
        except httpx.HTTPError as exc:
            self._failed(type(exc).__name__)
            return False
        if r.status_code != 201:
            self._failed(str(r.status_code))
            return False
        body = r.json()
        self.session_id = body["session_id"]
        self.auth = {"Authorization": f"Bearer {body['token']}"}
        return True

    def say(self, line: str) -> Said | None:
        """The reply to one line, or None (an error: the session is dropped)."""
        if not self.session_id:
            return None
        try:
            r = self.http.post(
                f"/v1/sessions/{self.session_id}/messages", json={"text": line}, headers=self.auth
            )
        except httpx.HTTPError as exc:
            self._failed(type(exc).__name__)
            return None
        if not 200 <= r.status_code < 300:
            self._failed(str(r.status_code))
            return None
        body = r.json()
        if not body.get("reply"):
            self._failed("empty reply")
            return None
        return Said(str(body["reply"]), body.get("complaint_id"))

    def recover(self) -> bool:
        return False  # the next conversation opens a new session anyway

    def close(self) -> None:
        self.http.close()
