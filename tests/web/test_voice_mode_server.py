"""The web app's own voice socket (in-process mode): it checks the session's token as the API
does and carries a live call on the pages' own application object."""

import json
from collections.abc import Iterator

import pytest
from web_kit import DEMO_PHONE
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from helpline.app import Helpline
from helpline.web.voice_link import api_voice_link
from helpline.web.voice_server import VoiceServer

pytestmark = [pytest.mark.voice, pytest.mark.xdist_group("voice")]


@pytest.fixture
def voice_server(helpline: Helpline) -> Iterator[VoiceServer]:
    server = VoiceServer(helpline, host="127.0.0.1", port=0)
    yield server
    server.stop()


def url(server: VoiceServer, session_id: str, token: str, **options: object) -> str:
    link = server.link(session_id)
    query = "&".join(f"{k}={v}" for k, v in {"token": token, **options}.items())
    return f"ws://127.0.0.1:{link.port}{link.path(session_id)}?{query}"


def close_code(address: str) -> int:
    with connect(address) as socket, pytest.raises(ConnectionClosed) as closed:
        socket.recv(timeout=30)
    assert closed.value.rcvd is not None
    return closed.value.rcvd.code


def test_the_link_opens_a_call_on_its_own_session_only(
    helpline: Helpline, voice_server: VoiceServer
) -> None:
    mine = helpline.conversations.start(phone=DEMO_PHONE).session_id
    theirs = helpline.conversations.start(phone=DEMO_PHONE).session_id
    token = voice_server.link(mine).token
    assert close_code(url(voice_server, theirs, token)) == 4403
    assert close_code(url(voice_server, mine, "v1.forged.token")) == 4401
    with connect(url(voice_server, mine, token)) as socket:
        socket.send('{"type": "playback_ended"}')  # understood: no answer
        socket.send("not json")
        event = json.loads(socket.recv(timeout=60))
    assert event["type"] == "error" and "JSON" in event["text"]


def test_a_rate_the_call_cannot_take_is_explained_before_closing(
    helpline: Helpline, voice_server: VoiceServer
) -> None:
    session = helpline.conversations.start(phone=DEMO_PHONE).session_id
    address = url(voice_server, session, voice_server.link(session).token, rate=44100)
    with connect(address) as socket:
        event = json.loads(socket.recv(timeout=60))
        assert event["type"] == "error" and "44100" in event["text"]
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4422


@pytest.mark.parametrize(
    ("api_url", "base"),
    [
        ("http://api.local:8000", "ws://api.local:8000"),
        ("https://support.example.in/", "wss://support.example.in"),
    ],
)
def test_over_the_api_the_voice_socket_is_the_apis_own(api_url: str, base: str) -> None:
    link = api_voice_link(api_url, "a-token")
    assert (link.base_url, link.port, link.token) == (base, None, "a-token")
    assert link.path("abc") == "/v1/sessions/abc/voice"
