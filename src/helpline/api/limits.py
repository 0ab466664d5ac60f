"""Limits on what one caller may send: body and audio sizes (413), and requests per minute per
client address and per customer session (429 with Retry-After).

Counters are in Redis when HELPLINE_REDIS_URL is set (every process shares them), else in this
process; HELPLINE_RATE_LIMIT=off lifts the rate limits (load tests), never the size limits.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from helpline.app.errors import HelplineError
from helpline.app.rate_limits import RateLimiter
from helpline.config import Settings

WINDOW_S = 60
UNLIMITED_PATHS = ("/healthz", "/readyz", "/metrics")


class TooLarge(HelplineError):
    """A request body over its limit."""


class TooManyRequests(HelplineError):
    """A caller over its rate limit."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def body_limit(settings: Settings, path: str) -> int:
    """Audio uploads may be larger than JSON bodies."""
    return settings.api_max_audio_bytes if path.endswith("/audio") else settings.api_max_body_bytes


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def check_session_rate(limiter: RateLimiter, settings: Settings, session_id: str) -> None:
    """Raise TooManyRequests when this session sent too many turns in the last window."""
    wait = limiter.hit(
        f"session:{session_id}", limit=settings.rate_limit_per_session, window_s=WINDOW_S
    )
    if wait:
        raise TooManyRequests("too many messages in this conversation; slow down", wait)


async def _refuse(send: Send, status: int, detail: str, headers: list[tuple[bytes, bytes]]) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class LimitsMiddleware:
    """Refuses oversize bodies (declared or streamed) and clients over their rate."""

    def __init__(self, app: ASGIApp, *, settings: Settings, limiter: RateLimiter) -> None:
        self.app = app
        self.settings = settings
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if not path.startswith(UNLIMITED_PATHS):
            wait = await self.limiter.hit_async(
                f"client:{client_address(scope)}",
                limit=self.settings.rate_limit_per_client,
                window_s=WINDOW_S,
            )
            if wait:
                detail = "too many requests from this address; try again later"
                await _refuse(send, 429, detail, [(b"retry-after", str(wait).encode())])
                return
        limit = body_limit(self.settings, path)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(send, 413, f"the request body is over {limit} bytes", [])
            return
        await self.app(scope, _capped(receive, limit), send)


def _capped(receive: Receive, limit: int) -> Receive:
    """A receive that fails once a streamed (chunked) body passes the limit."""
    seen = 0

    async def capped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge(f"the request body is over {limit} bytes")
        return message

    return capped
