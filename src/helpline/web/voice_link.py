"""Where the browser's voice mode opens its WebSocket, and with which token.

In-process the socket is the web app's own voice server, on another port of the same host the
page came from; over the API it is the API's `/v1/sessions/{id}/voice`, with the token from
`POST /v1/sessions`.
"""

from __future__ import annotations

from dataclasses import dataclass

VOICE_PATH = "/v1/sessions/{session_id}/voice"


@dataclass(frozen=True, slots=True)
class VoiceLink:
    """`base_url` (ws:// or wss://) when the socket is elsewhere; else `port` on the page's host."""

    token: str
    base_url: str | None = None
    port: int | None = None

    def path(self, session_id: str) -> str:
        return VOICE_PATH.format(session_id=session_id)


def api_voice_link(api_url: str, token: str) -> VoiceLink:
    """The API's voice socket for an HTTP API at `api_url` (http -> ws, https -> wss)."""
    base = api_url.rstrip("/")
    if base.startswith("https://"):
        base = "wss://" + base.removeprefix("https://")
    elif base.startswith("http://"):
        base = "ws://" + base.removeprefix("http://")
    return VoiceLink(token=token, base_url=base)
