"""Live voice calls over the API's WebSocket, on a real server: a question streamed at its true
pace is heard, answered and spoken back, as 16 kHz PCM and as 8 kHz μ-law; frames and options
the server cannot use get a clear error event."""

import base64
from collections.abc import Iterator

import httpx
import numpy as np
import pytest
from api_kit import api_settings
from live_kit import events_until, question_samples, serving, stream, verified_session
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from helpline.audio.mulaw import decode_mulaw, encode_mulaw
from helpline.store.db import Database

pytestmark = [pytest.mark.voice, pytest.mark.xdist_group("voice")]
QUESTION = "please check my balance"
# Whole-clip recognition hears this one right from 8 kHz espeak-ng audio too (it takes "please
# check" for "clean care" there); phone-band accuracy itself is measured in tests/voice.
PHONE_QUESTION = "what is my balance"


@pytest.fixture
def api(seeded: Database) -> Iterator[str]:
    with serving(api_settings(str(seeded.engine.url))) as base:
        yield base


def socket_url(base: str, sid: str, token: str, **options: object) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"token": token, **options}.items())
    return f"{base.replace('http://', 'ws://')}/v1/sessions/{sid}/voice?{query}"


def types(events: list[dict[str, object]]) -> list[object]:
    return [e["type"] for e in events]


def check_answer(events: list[dict[str, object]]) -> list[bytes]:
    """The call heard the balance question and answered it; the reply's audio chunks."""
    kinds = types(events)
    assert {"speech_start", "speech_end", "final", "reply", "audio"} <= set(kinds), kinds
    assert kinds.index("final") < kinds.index("reply") < kinds.index("audio")
    (final,) = [e for e in events if e["type"] == "final"]
    assert "balance" in str(final["text"]).lower()
    (reply,) = [e for e in events if e["type"] == "reply"]
    assert "45.50" in str(reply["text"])
    assert reply["turn"]["intent"] == "balance"  # type: ignore[index]
    return [base64.b64decode(str(e["audio"])) for e in events if e["type"] == "audio"]


def test_a_streamed_question_gets_its_transcript_reply_and_spoken_answer(api: str) -> None:
    sid, token = verified_session(api)
    pcm = question_samples(QUESTION)
    with connect(socket_url(api, sid, token), max_size=None) as socket:
        stream(socket, pcm.tobytes(), 16000 * 2)
        events = events_until(socket, "reply_end")
    chunks = check_answer(events)
    spoken = np.frombuffer(b"".join(chunks), dtype=np.int16)
    assert len(spoken) / 16000 > 0.5 and np.abs(spoken).max() > 1000  # heard, not silence
    metrics = httpx.get(f"{api}/metrics").text
    assert 'helpline_turns_total{channel="voice",intent="balance"} 1.0' in metrics


def test_phone_audio_in_mulaw_at_8khz_is_heard_and_answered_in_kind(api: str) -> None:
    sid, token = verified_session(api)
    mulaw = encode_mulaw(question_samples(PHONE_QUESTION, rate=8000))
    with connect(socket_url(api, sid, token, encoding="mulaw", rate=8000)) as socket:
        stream(socket, mulaw, 8000)  # one byte a sample
        events = events_until(socket, "reply_end")
    chunks = check_answer(events)
    spoken = decode_mulaw(b"".join(chunks))
    # μ-law at 8 kHz is one byte per sample: as many samples as bytes, a second per 8000.
    assert len(spoken) == sum(len(c) for c in chunks) and len(spoken) / 8000 > 0.5
    assert np.abs(spoken).max() > 1000


def test_a_text_message_that_is_not_json_gets_an_error_event_and_the_call_goes_on(
    api: str,
) -> None:
    sid, token = verified_session(api)
    with connect(socket_url(api, sid, token)) as socket:
        socket.send("hello")
        (error,) = events_until(socket, "error", timeout=30)
        assert "JSON" in error["text"]
        socket.send('{"type": "dance"}')
        (error,) = events_until(socket, "error", timeout=30)
        assert "dance" in error["text"]
        stream(socket, question_samples(QUESTION).tobytes(), 16000 * 2)
        check_answer(events_until(socket, "reply_end"))


def test_an_audio_frame_over_a_second_gets_an_error_event_and_the_call_goes_on(api: str) -> None:
    sid, token = verified_session(api)
    with connect(socket_url(api, sid, token)) as socket:
        socket.send(bytes(2 * 16000 * 2))  # two seconds of silence in one frame
        (error,) = events_until(socket, "error", timeout=30)
        assert "at most 1 s" in error["text"]
        stream(socket, question_samples(QUESTION).tobytes(), 16000 * 2)
        check_answer(events_until(socket, "reply_end"))


def test_an_unknown_encoding_gets_an_error_event_then_the_call_closes(api: str) -> None:
    sid, token = verified_session(api)
    with connect(socket_url(api, sid, token, encoding="opus")) as socket:
        (error,) = events_until(socket, "error", timeout=60)
        assert "opus" in error["text"] or "encoding" in error["text"]
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4422
