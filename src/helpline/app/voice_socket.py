"""A live voice call over a WebSocket, whatever serves the socket: who may open one, and the pump
that carries audio frames in and the call's events out.

The API (`WS /v1/sessions/{id}/voice`) and the web app's own voice server both use this, so the
rules and the protocol are written once: binary messages are audio in the call's encoding; a
text message `{"type": "playback_ended"}` says the client's speaker finished the reply; each
LiveEvent goes out as one JSON text message.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from helpline.app.customer_access import check_customer
from helpline.app.errors import AuthenticationFailed, Forbidden, HelplineError, InvalidInput
from helpline.app.tokens import TokenSigner

if TYPE_CHECKING:
    from helpline.app import Helpline
    from helpline.app.live_models import LiveEvent
    from helpline.app.live_voice import LiveCall
    from helpline.app.models import TurnPublic

log = logging.getLogger("helpline.voice")

# WebSocket close codes (4000-4999 are the application's own): an HTTP status in the 4xx range
# plus 4000, so a client reads them as it reads the HTTP API's answers.
CLOSE_UNAUTHORISED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_INVALID = 4422
# How long the event reader waits for the call per poll: short, so a closed call frees it soon.
POLL_S = 0.1
# Clients send 20-40 ms frames; one over a second of audio is refused, since it would hold up
# voice activity (which runs as frames arrive) and arrive too late for a live call anyway.
MAX_FRAME_S = 1.0
BYTES_PER_SAMPLE = {"pcm16": 2, "mulaw": 1}

# One message from the client: audio bytes, a text message, or None when the client has gone.
Frame = bytes | str | None
Receive = Callable[[], Awaitable[Frame]]
Send = Callable[[str], Awaitable[None]]
# Told of every answered turn: the turn and the milliseconds from the end of the caller's
# speech to the reply text and to its first audio (for metrics).
TurnObserver = Callable[["TurnPublic", dict[str, float]], None]


def close_code(error: HelplineError) -> int:
    """The close code that tells a client why its call was refused."""
    if isinstance(error, AuthenticationFailed):
        return CLOSE_UNAUTHORISED
    if isinstance(error, Forbidden):
        return CLOSE_FORBIDDEN
    return CLOSE_INVALID


@dataclass
class _Clock:
    """Wall-clock marks of the turn in flight, for the observer."""

    speech_end: float | None = None
    turn: TurnPublic | None = None
    marks: dict[str, float] = field(default_factory=dict)
    last_at_ms: float = 0.0

    def see(self, event: LiveEvent, observe: TurnObserver | None) -> None:
        self.last_at_ms = max(self.last_at_ms, event.at_ms)
        now = time.perf_counter()
        if event.type == "speech_end":
            self.speech_end, self.turn, self.marks = now, None, {}
        elif event.type == "reply" and event.turn is not None:
            self.turn = event.turn
            self._mark("live_reply", now)
        elif event.type in ("audio", "reply_end") and self.turn is not None:
            if event.type == "audio":
                self._mark("live_first_audio", now)
            if observe is not None:
                observe(self.turn, self.marks)
            self.turn = None  # one observation per turn

    def _mark(self, name: str, now: float) -> None:
        if self.speech_end is not None:
            self.marks[name] = round((now - self.speech_end) * 1000, 1)


def _error(text: str, at_ms: float) -> str:
    from helpline.app.live_models import LiveEvent

    return LiveEvent(type="error", text=text, at_ms=at_ms).model_dump_json(exclude_none=True)


def _client_message(call: LiveCall, text: str) -> str | None:
    """Act on a text message from the client; the problem with it, if it is not one we know."""
    try:
        message = json.loads(text)
    except ValueError:
        return 'a text message must be JSON such as {"type": "playback_ended"}'
    kind = message.get("type") if isinstance(message, dict) else None
    if kind == "playback_ended":
        call.playback_ended()
        return None
    return f"unknown message type {str(kind)[:40]!r}: send audio as binary messages"


def _read_events(
    call: LiveCall, loop: asyncio.AbstractEventLoop, out: asyncio.Queue[list[LiveEvent]]
) -> Callable[[], None]:
    """A thread body that moves the call's events onto the loop's queue until told to stop.

    A thread of its own rather than the loop's default executor: next_events blocks, and a few
    dozen open calls would otherwise take every executor worker."""
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            try:
                events = call.next_events(POLL_S)
            except HelplineError as exc:
                log.warning("live call failed: %s", exc)
                return
            if events:
                with contextlib.suppress(RuntimeError):  # the loop has closed: nobody listens
                    loop.call_soon_threadsafe(out.put_nowait, events)

    thread = threading.Thread(target=run, name="helpline-voice-events", daemon=True)
    thread.start()

    def halt() -> None:
        stop.set()
        thread.join(timeout=2 * POLL_S + 1)

    return halt


async def pump(
    call: LiveCall, receive: Receive, send: Send, *, observe: TurnObserver | None = None
) -> None:
    """Carry one call until the client goes: audio in, events out. Closes the call."""
    loop = asyncio.get_running_loop()
    events: asyncio.Queue[list[LiveEvent]] = asyncio.Queue()
    clock = _Clock()
    halt = _read_events(call, loop, events)
    started = time.perf_counter()
    log.info("voice call started", extra={"session_id": call.session_id})

    largest = int(MAX_FRAME_S * call.sample_rate * BYTES_PER_SAMPLE.get(call.encoding, 2))

    async def inbound() -> None:
        while (frame := await receive()) is not None:
            problem = None
            if isinstance(frame, bytes) and len(frame) > largest:
                problem = f"an audio frame may hold at most {MAX_FRAME_S:g} s ({largest} bytes)"
            elif isinstance(frame, bytes):
                try:
                    call.feed(frame)
                except InvalidInput as exc:
                    problem = str(exc)
            else:
                problem = _client_message(call, frame)
            if problem is not None:
                await send(_error(problem, clock.last_at_ms))

    async def outbound() -> None:
        while True:
            for event in await events.get():
                clock.see(event, observe)
                await send(event.model_dump_json(exclude_none=True))

    tasks = [asyncio.create_task(inbound()), asyncio.create_task(outbound())]
    try:
        # Either side ending ends the call: the client left, or the socket can no longer send.
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task.exception() is not None:
                log.info("voice socket ended: %s", type(task.exception()).__name__)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.to_thread(_close, call, halt)
        seconds = round(time.perf_counter() - started, 1)
        log.info("voice call ended", extra={"session_id": call.session_id, "seconds": seconds})


def _close(call: LiveCall, halt: Callable[[], None]) -> None:
    call.close()
    halt()


def open_call(
    helpline: Helpline,
    signer: TokenSigner,
    session_id: str,
    token: str,
    *,
    encoding: str = "pcm16",
    rate: int = 16000,
) -> LiveCall:
    """A live call on the session for the holder of its token; AuthenticationFailed, Forbidden
    or InvalidInput (a bad encoding or rate) otherwise."""
    check_customer(helpline, signer, session_id, token)
    return helpline.conversations.live_call(session_id, encoding=encoding, sample_rate=rate)


def frame_of(message: Mapping[str, Any]) -> Frame:
    """The frame in an ASGI `websocket.receive` message (None for `websocket.disconnect`)."""
    if message.get("type") == "websocket.disconnect":
        return None
    data: bytes | None = message.get("bytes")
    if data is not None:
        return data
    text: str | None = message.get("text")
    return text if text is not None else b""


async def refuse(
    error: HelplineError, send: Send, close: Callable[[int, str], Awaitable[None]]
) -> None:
    """End a call that could not start: a bad option is explained in an error event first; a
    token problem only in the close code and reason, before any audio is read."""
    code = close_code(error)
    reason = " ".join(str(error).split())
    if code == CLOSE_INVALID:
        await send(_error(reason, 0.0))
    # A close reason must fit in 123 bytes of UTF-8.
    await close(code, reason.encode()[:120].decode(errors="ignore"))
