"""Rate limits counted in Redis: the event loop's count and the worker threads' are one count, and
a stalled Redis holds only the requests that wait on it, never the whole process."""

import contextlib
import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import anyio
import pytest
from engine_kit import REDIS_URL
from fastapi.testclient import TestClient
from redis import Redis
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from helpline.api.limits import LimitsMiddleware
from helpline.app.rate_limits import ASYNC_CONNECTIONS, RedisRateLimiter
from helpline.config import Settings

WAIT_S = 10


class SilentServer:
    """Takes connections and reads what comes, never answering: a Redis that has stalled."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self.asked = threading.Event()
        self.connections = 0
        self._open: list[socket.socket] = []
        self._closed = False
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                if self._closed:  # accepted while closing: gone at once, as the rest
                    _hang_up(conn)
                    return
                self._open.append(conn)
                self.connections += 1
            threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn: socket.socket) -> None:
        try:
            while conn.recv(4096):
                self.asked.set()
        except OSError:
            return

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._listener.close()
            for conn in self._open:
                _hang_up(conn)


def _hang_up(conn: socket.socket) -> None:
    with contextlib.suppress(OSError):
        conn.shutdown(socket.SHUT_RDWR)  # wakes the reader, and the client sees EOF
    conn.close()


@pytest.fixture
def silent() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


async def _ok(_: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


def _limited_app(limiter: RedisRateLimiter) -> LimitsMiddleware:
    inner = Starlette(routes=[Route("/v1/ask", _ok), Route("/healthz", _ok)])
    settings = Settings(rate_limit="on", rate_limit_per_client=2, redis_url=None)
    return LimitsMiddleware(inner, settings=settings, limiter=limiter)


@pytest.mark.redis
def test_the_loops_count_and_the_threads_count_are_one(
    redis_space: tuple[Redis, str],
) -> None:
    _, prefix = redis_space
    limiter = RedisRateLimiter(REDIS_URL, prefix=prefix)
    assert limiter.hit("caller", limit=2, window_s=60) == 0

    async def from_the_loop() -> list[int]:
        return [await limiter.hit_async("caller", limit=2, window_s=60) for _ in range(2)]

    allowed, refused = anyio.run(from_the_loop)
    assert allowed == 0
    assert 1 <= refused <= 60  # the seconds until the window ends
    assert limiter.hit("caller", limit=2, window_s=60) >= 1


@pytest.mark.redis
def test_a_client_over_its_rate_in_redis_gets_429_from_the_middleware(
    redis_space: tuple[Redis, str],
) -> None:
    _, prefix = redis_space
    with TestClient(_limited_app(RedisRateLimiter(REDIS_URL, prefix=prefix))) as client:
        codes = [client.get("/v1/ask").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        assert client.get("/healthz").status_code == 200  # never limited


def test_a_stalled_redis_holds_only_the_request_waiting_on_it(silent: SilentServer) -> None:
    # A long timeout, so that only the loop being free can answer the second request first.
    limiter = RedisRateLimiter(f"redis://127.0.0.1:{silent.port}/0", prefix="t:", timeout_s=30)
    with TestClient(_limited_app(limiter)) as client, ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(client.get, "/v1/ask")
        assert silent.asked.wait(WAIT_S)  # the count is asked for and never answered
        assert client.get("/healthz").status_code == 200
        assert not waiting.done()
        silent.close()  # Redis gone: the limit lets the request through
        assert waiting.result(timeout=WAIT_S).status_code == 200


def test_a_stalled_redis_holds_a_few_connections_however_many_requests_wait(
    silent: SilentServer,
) -> None:
    limiter = RedisRateLimiter(f"redis://127.0.0.1:{silent.port}/0", prefix="t:", timeout_s=30)
    many = ASYNC_CONNECTIONS * 3
    with TestClient(_limited_app(limiter)) as client, ThreadPoolExecutor(many) as pool:
        waiting = [pool.submit(client.get, "/v1/ask") for _ in range(many)]
        assert silent.asked.wait(WAIT_S)
        assert client.get("/healthz").status_code == 200
        assert 1 <= silent.connections <= ASYNC_CONNECTIONS
        silent.close()
        assert [w.result(timeout=WAIT_S).status_code for w in waiting] == [200] * many
