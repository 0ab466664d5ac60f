"""Real-time voice over the WebSocket: end of the caller's speech -> first reply audio event, as a
client of `helpline serve` sees it.

Usage: .venv/bin/python benchmarks/voice_ws_latency.py [--runs 20] [--seconds 2.4 3.8]
       [--encoding pcm16|mulaw]
`helpline serve` runs as its own process on a seeded SQLite demo database (template writer,
rate limits off). Each run opens a session, verifies it with the demo number over HTTP, opens
`WS /v1/sessions/{id}/voice` and streams one question of the spoken test set (the same clean
2.4-3.8 s espeak-ng questions as benchmarks/voice_stream_latency.py) in 20 ms binary frames at
their true pace, with 0.5 s of silence before and 2 s after, while another thread reads the
events. "End of speech" is the wall time at which the frame holding the clip's last voiced 30 ms
frame (webrtcvad) was sent. Stages, on the client's clock from the end of speech: the
"speech_end", "final" and "reply" events and the first "audio" event arriving.
"""

import argparse
import base64
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np
from websockets.sync.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from helpline.audio.mulaw import encode_mulaw
from helpline.audio.resample import resample
from helpline.config import Settings, get_settings
from helpline.store import migrate, seed
from helpline.store.db import open_database
from server_kit import free_port
from voice_stream_latency import last_voiced_ms, percentile, questions

DEMO_PHONE = "9876543210"
FRAME_MS = 20
LEAD_S, TAIL_S = 0.5, 2.0
MARKS = ("speech_end", "final", "reply", "audio")


@dataclass
class Run:
    text: str
    heard: str = ""
    marks: dict[str, float] = field(default_factory=dict)  # ms after the end of speech
    audio_bytes: int = 0


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    url = f"sqlite:///{folder / 'helpline.db'}"
    database = open_database(Settings(database_url=url))
    migrate.upgrade(database.engine)
    seed.seed(database.engine, customers=12, random_seed=7)
    database.dispose()
    port = free_port()
    env = {
        **os.environ,
        "HELPLINE_DATABASE_URL": url,
        "HELPLINE_OTP": "off",
        "HELPLINE_LLM": "template",
        "HELPLINE_RATE_LIMIT": "off",
        "HELPLINE_LOG_LEVEL": "WARNING",
        "HELPLINE_CACHE_DIR": str(get_settings().cache_dir),
    }
    env.pop("HELPLINE_REDIS_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "helpline", "serve", "--port", str(port)], env=env
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=1) as reply:
                if reply.status == 200:
                    return server, base
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("helpline serve did not start")
        time.sleep(0.2)


def verified_session(http: httpx.Client) -> tuple[str, str]:
    opened = http.post("/v1/sessions").json()
    auth = {"Authorization": f"Bearer {opened['token']}"}
    http.post(
        f"/v1/sessions/{opened['session_id']}/messages", json={"text": DEMO_PHONE}, headers=auth
    )
    return opened["session_id"], opened["token"]


def encoded(pcm: np.ndarray, encoding: str) -> tuple[bytes, int, int]:
    """(audio, its bytes per second, its rate) in the call's encoding, silences added."""
    lead = np.zeros(int(LEAD_S * 16000), np.int16)
    audio = np.concatenate([lead, pcm, np.zeros(int(TAIL_S * 16000), np.int16)])
    if encoding == "pcm16":
        return audio.astype("<i2").tobytes(), 32000, 16000
    from helpline.audio.clip import AudioClip

    phone = resample(AudioClip.from_int16(audio, 16000), 8000).to_int16()
    return encode_mulaw(phone), 8000, 8000


def stream_one(base: str, http: httpx.Client, pcm: np.ndarray, text: str, encoding: str) -> Run:
    session_id, token = verified_session(http)
    audio, per_second, rate = encoded(pcm, encoding)
    end_ms = LEAD_S * 1000 + last_voiced_ms(pcm)
    ws = base.replace("http://", "ws://")
    url = f"{ws}/v1/sessions/{session_id}/voice?token={token}&encoding={encoding}&rate={rate}"
    arrived: list[tuple[float, dict[str, object]]] = []
    speech_over: list[float] = []
    with connect(url, max_size=None) as socket_:
        done = threading.Event()

        def send() -> None:
            step = per_second * FRAME_MS // 1000
            began = time.perf_counter()
            for index, start in enumerate(range(0, len(audio), step)):
                time.sleep(max(0.0, began + index * FRAME_MS / 1000 - time.perf_counter()))
                if done.is_set():
                    return
                socket_.send(audio[start : start + step])
                if not speech_over and (index + 1) * FRAME_MS >= end_ms:
                    speech_over.append(time.perf_counter())

        sender = threading.Thread(target=send)
        sender.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            event = json.loads(socket_.recv(timeout=deadline - time.monotonic()))
            arrived.append((time.perf_counter(), event))
            if event["type"] == "reply_end":
                break
        done.set()
        sender.join()
    run = Run(text)
    if not speech_over:
        return run
    for moment, event in arrived:
        kind = str(event["type"])
        if kind in MARKS and kind not in run.marks:
            run.marks[kind] = (moment - speech_over[0]) * 1000
        if kind == "final" and not run.heard:
            run.heard = str(event.get("text", ""))
        if kind == "audio":
            run.audio_bytes += len(base64.b64decode(str(event["audio"])))
    return run


def report(runs: list[Run]) -> None:
    waits = [r.marks["audio"] for r in runs if "audio" in r.marks]
    if not waits:
        print("no reply audio came")
        return
    p50 = statistics.median(waits)
    print(
        f"\nend of speech -> first audio event at the client: p50 {p50:.0f} ms, "
        f"p90 {percentile(waits, 0.9):.0f} ms, max {max(waits):.0f} ms "
        f"({len(waits)} of {len(runs)})"
    )
    for mark in MARKS[:-1]:
        values = [r.marks[mark] for r in runs if mark in r.marks]
        if values:
            print(f"  {mark:<10} arrives p50 {statistics.median(values):7.1f} ms after the end")
    print(f"python {sys.version.split()[0]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seconds", type=float, nargs=2, default=(2.4, 3.8))
    parser.add_argument("--encoding", choices=("pcm16", "mulaw"), default="pcm16")
    args = parser.parse_args()
    items = questions(*args.seconds)
    # A fixed shuffle, as voice_stream_latency.py does: the manifest groups lines by intent.
    order = np.random.default_rng(7).permutation(len(items))
    items = [items[i] for i in order]
    print(f"{len(items)} questions of {args.seconds[0]}-{args.seconds[1]} s, {args.encoding}")
    server, base = start_server(Path(tempfile.mkdtemp(prefix="voice-ws-bench-")))
    runs: list[Run] = []
    try:
        with httpx.Client(base_url=base, timeout=60) as http:
            stream_one(base, http, items[0][1], items[0][0].say, args.encoding)  # warm-up
            for index in range(args.runs):
                utterance, pcm = items[index % len(items)]
                run = stream_one(base, http, pcm, utterance.say, args.encoding)
                runs.append(run)
                first = run.marks.get("audio")
                shown = f"{first:.0f}" if first is not None else "-"
                print(f"  {shown:>5} ms  {utterance.say!r} heard {run.heard!r}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(runs)


if __name__ == "__main__":
    main()
