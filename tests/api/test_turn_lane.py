"""Typed turns run on threads of their own: as many at once as the lane allows, never holding up
the other routes, with their errors and the request's context carried across."""

import contextvars
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import anyio
import anyio.to_thread
import pytest
from api_kit import DEMO_PHONE, ClientFactory, open_session, say
from pydantic import ValidationError

from helpline.api.lanes import TurnLane
from helpline.app.errors import InvalidInput
from helpline.config import Settings

WAIT_S = 10


class Overlap:
    """Counts how many pieces of work run at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.now = 0
        self.most = 0

    def work(self, seconds: float) -> int:
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(seconds)
        with self._lock:
            self.now -= 1
        return threading.get_ident()


def _run_many(lane: TurnLane, overlap: Overlap, count: int) -> list[int]:
    async def main() -> list[int]:
        done: list[int] = []

        async def one() -> None:
            done.append(await lane.run(lambda: overlap.work(0.05)))

        async with anyio.create_task_group() as group:
            for _ in range(count):
                group.start_soon(one)
        return done

    return anyio.run(main)


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_a_lane_runs_no_more_turns_at_once_than_it_has_threads(threads: int) -> None:
    overlap = Overlap()
    done = _run_many(TurnLane(threads), overlap, count=6)
    assert len(done) == 6
    assert overlap.most == threads


def test_a_full_lane_leaves_the_other_worker_threads_free() -> None:
    lane = TurnLane(1)
    release = threading.Event()

    async def main() -> str:
        async with anyio.create_task_group() as group:
            group.start_soon(lane.run, lambda: release.wait(WAIT_S))
            await anyio.sleep(0.05)
            # The lane's one thread is taken; a sync route on anyio's default threads is not.
            with anyio.fail_after(WAIT_S / 2):
                other = await anyio.to_thread.run_sync(lambda: "answered")
            release.set()
        return other

    assert anyio.run(main) == "answered"


def test_a_turns_error_and_the_requests_context_cross_to_its_thread() -> None:
    lane = TurnLane(1)
    request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id")

    def failing() -> None:
        raise InvalidInput(f"refused in {request_id.get()}")

    async def main() -> None:
        request_id.set("req-42")
        assert await lane.run(request_id.get) == "req-42"
        with pytest.raises(InvalidInput, match="refused in req-42"):
            await lane.run(failing)

    anyio.run(main)


def test_a_lane_needs_a_thread() -> None:
    with pytest.raises(ValueError, match="at least one thread"):
        TurnLane(0)
    with pytest.raises(ValidationError, match="api_turn_threads"):
        Settings(api_turn_threads=0)


def test_conversations_at_once_on_one_turn_thread_each_get_their_own_answers(
    make_client: ClientFactory,
) -> None:
    client = make_client(api_turn_threads=1)
    assert client.app.state.services.turns.threads == 1

    def conversation(_: int) -> tuple[bool, str]:
        sid, auth = open_session(client)
        verified = say(client, sid, auth, DEMO_PHONE)["verified"]
        return verified, say(client, sid, auth, "mera balance kitna hai")["intent"]

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(conversation, range(8)))
    assert answers == [(True, "balance")] * 8


def test_a_typed_turn_waits_for_a_full_lane_while_other_routes_answer(
    make_client: ClientFactory,
) -> None:
    client = make_client(api_turn_threads=1)
    sid, auth = open_session(client)
    say(client, sid, auth, DEMO_PHONE)
    release = threading.Event()
    held = client.portal.start_task_soon(
        client.app.state.services.turns.run, lambda: release.wait(WAIT_S)
    )
    with ThreadPoolExecutor(max_workers=1) as pool:
        turn = pool.submit(say, client, sid, auth, "mera balance kitna hai")
        time.sleep(0.2)
        assert not turn.done()  # the lane's one thread is taken
        transcript = client.get(f"/v1/sessions/{sid}", headers=auth)  # a sync route
        assert transcript.status_code == 200
        assert not turn.done()
        release.set()
        assert turn.result(timeout=WAIT_S)["intent"] == "balance"
    assert held.result(timeout=WAIT_S) is True
