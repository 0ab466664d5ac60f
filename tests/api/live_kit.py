"""Live-call tests' tools: the API served by a real uvicorn on a thread, spoken questions as raw
PCM or μ-law, and a WebSocket client that streams them at their true pace."""

import hashlib
import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import uvicorn
from websockets.sync.client import ClientConnection

from helpline.api.main import create_app
from helpline.audio.decode import decode_audio
from helpline.config import Settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "voice"))
from speech_set import CLEAN, Utterance, render

FRAME_MS = 20
# Silence after the question: the end of speech is found by the silence that follows it.
TAIL_S = 1.5
DEMO_PHONE = "9876543210"


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The API on a free port of this machine: its http:// address."""
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning")
    )
    thread = threading.Thread(target=server.run, name="test-api", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the API did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def verified_session(base: str) -> tuple[str, str]:
    """A session whose caller gave the demo phone number: (session id, token)."""
    with httpx.Client(base_url=base, timeout=30) as http:
        opened = http.post("/v1/sessions").json()
        auth = {"Authorization": f"Bearer {opened['token']}"}
        said = http.post(
            f"/v1/sessions/{opened['session_id']}/messages", json={"text": DEMO_PHONE}, headers=auth
        )
        assert said.json()["verified"] is True, said.text
    return opened["session_id"], opened["token"]


def question_samples(text: str, rate: int = 16000) -> np.ndarray:
    """The line as espeak-ng says it (cached with the spoken test set), at `rate`, as int16
    samples followed by silence."""
    key = f"live-{hashlib.sha1(text.encode()).hexdigest()[:10]}"
    wav = render(Utterance(key, text, None, None, None, None), CLEAN[0])
    pcm = decode_audio(wav, sample_rate=rate).to_int16()
    return np.concatenate([pcm, np.zeros(round(TAIL_S * rate), dtype=np.int16)])


def stream(socket: ClientConnection, audio: bytes, bytes_per_second: int) -> float:
    """Send `audio` in 20 ms frames at the pace it was spoken; when the last frame went."""
    size = bytes_per_second * FRAME_MS // 1000
    started = time.perf_counter()
    for index, offset in enumerate(range(0, len(audio), size)):
        due = started + index * FRAME_MS / 1000
        time.sleep(max(0.0, due - time.perf_counter()))
        socket.send(audio[offset : offset + size])
    return time.perf_counter()


def events_until(socket: ClientConnection, kind: str, timeout: float = 90) -> list[dict[str, Any]]:
    """Every event up to and including the first of `kind`."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while not seen or seen[-1]["type"] != kind:
        left = deadline - time.monotonic()
        assert left > 0, f"no {kind!r} event; saw {[e['type'] for e in seen]}"
        seen.append(json.loads(socket.recv(timeout=left)))
    return seen
