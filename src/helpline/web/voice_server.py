"""The web app's own voice socket, for in-process mode: the Streamlit process has no API, so the
browser's voice mode streams the microphone to a small WebSocket server started once in this
process, on the same application object the pages use (HELPLINE_WEB_VOICE_PORT; 0 takes any
free port, which the page tells the browser).

It speaks exactly the API's protocol (helpline.app.voice_socket): `/v1/sessions/{id}/voice`
with the session's customer token.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import TYPE_CHECKING

import uvicorn
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from helpline.app.customer_access import bearer
from helpline.app.errors import HelplineError, InvalidInput, ProviderUnavailable
from helpline.app.tokens import TokenSigner, load_secret
from helpline.app.voice_socket import Frame, frame_of, open_call, pump, refuse
from helpline.web.voice_link import VOICE_PATH, VoiceLink

if TYPE_CHECKING:
    from helpline.app import Helpline

log = logging.getLogger("helpline.web")
START_TIMEOUT_S = 10.0


async def _receive(socket: WebSocket) -> Frame:
    try:
        return frame_of(await socket.receive())
    except WebSocketDisconnect:
        return None


class VoiceServer:
    """A uvicorn server on a thread of its own, serving live calls on `helpline`."""

    def __init__(self, helpline: Helpline, *, host: str, port: int) -> None:
        self._app = helpline
        self._signer = TokenSigner(load_secret(helpline.settings))
        routes = [WebSocketRoute(VOICE_PATH.format(session_id="{session_id}"), self._call)]
        config = uvicorn.Config(
            Starlette(routes=routes), host=host, port=port, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        # A daemon: the Streamlit server stopping must not wait for open calls.
        self._thread = threading.Thread(
            target=self._server.run, name="helpline-voice-server", daemon=True
        )
        self._thread.start()
        self.port = self._wait_started()

    def _wait_started(self) -> int:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise ProviderUnavailable(
                    "the voice server could not start (is HELPLINE_WEB_VOICE_PORT in use?)"
                )
            time.sleep(0.02)
        port: int = self._server.servers[0].sockets[0].getsockname()[1]
        return port

    def link(self, session_id: str) -> VoiceLink:
        """Where the browser streams this session's microphone, and the token that opens it."""
        return VoiceLink(token=self._signer.customer(session_id), port=self.port)

    async def _call(self, socket: WebSocket) -> None:
        session_id = socket.path_params["session_id"]
        params = socket.query_params
        token = params.get("token") or bearer(socket.headers.get("authorization"))
        await socket.accept()
        try:
            rate = int(params.get("rate", "16000"))
            encoding = params.get("encoding", "pcm16")
            # Off the loop: the first call loads the speech model (seconds).
            call = await asyncio.to_thread(
                open_call, self._app, self._signer, session_id, token, encoding=encoding, rate=rate
            )
        except ValueError:
            await refuse(
                InvalidInput("rate must be a whole number of Hz"), socket.send_text, socket.close
            )
            return
        except HelplineError as exc:
            await refuse(exc, socket.send_text, socket.close)
            return
        await pump(call, lambda: _receive(socket), socket.send_text)
        if socket.client_state.name == "CONNECTED":
            await socket.close()

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
