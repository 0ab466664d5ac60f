"""A live voice call on a session: `WS /v1/sessions/{id}/voice?token=…&encoding=…&rate=…`.

Binary messages carry the caller's audio (pcm16 little-endian mono at 16000 Hz, or μ-law at
8000 Hz); each event of the call comes back as one JSON text message. Browsers cannot set
headers on a WebSocket, so the session token comes as the `token` query parameter (an
`Authorization: Bearer` header works too). A refused call is accepted and closed at once with
4401 (no, expired or forged token), 4403 (another session's token) or 4422 (a bad encoding or
rate, after an error event), before any audio is read.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from helpline.api.deps import Services, SessionId
from helpline.api.limits import TooManyRequests, check_session_rate
from helpline.app.customer_access import bearer, check_customer
from helpline.app.errors import HelplineError
from helpline.app.voice_socket import Frame, frame_of, pump, refuse

if TYPE_CHECKING:
    from helpline.app.live_voice import LiveCall
    from helpline.app.models import TurnPublic

router = APIRouter(prefix="/v1/sessions", tags=["sessions"])
# A refused call's close code for a caller over its rate (as the HTTP routes' 429).
CLOSE_TOO_MANY = 4429


async def _receive(socket: WebSocket) -> Frame:
    try:
        return frame_of(await socket.receive())
    except WebSocketDisconnect:
        return None


@router.websocket("/{session_id}/voice")
async def voice(
    socket: WebSocket,
    session_id: SessionId,
    token: str = "",
    encoding: str = "pcm16",
    rate: int = 16000,
) -> None:
    """Talk to the agent in real time (see the module's description for the protocol)."""
    svc: Services = socket.app.state.services
    given = token or bearer(socket.headers.get("authorization"))
    await socket.accept()

    def opening() -> LiveCall:
        check_customer(svc.app, svc.signer, session_id, given)
        check_session_rate(svc.limiter, svc.app.settings, session_id)
        return svc.app.conversations.live_call(session_id, encoding=encoding, sample_rate=rate)

    try:
        # Off the loop: the checks may wait on Redis, and the first call loads the speech
        # model (seconds).
        call = await asyncio.to_thread(opening)
    except TooManyRequests as exc:
        await socket.close(CLOSE_TOO_MANY, str(exc)[:120])
        return
    except HelplineError as exc:
        await refuse(exc, socket.send_text, socket.close)
        return

    def counted(turn: TurnPublic, timings_ms: dict[str, float]) -> None:
        svc.metrics.turn(turn, "voice", timings_ms)

    await pump(call, lambda: _receive(socket), socket.send_text, observe=counted)
    if socket.client_state.name == "CONNECTED":
        await socket.close()
