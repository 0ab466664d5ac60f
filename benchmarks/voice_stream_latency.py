"""Real-time voice latency: end of the caller's speech -> first reply audio event of a LiveCall.

Usage: .venv/bin/python benchmarks/voice_stream_latency.py [--runs 20] [--seconds 2.4 3.8]
       [--whole-clip]
Questions of the spoken test set (tests/voice/speech_set.py: espeak-ng, clean renderings,
Roman lines with an intent, 2.4-3.8 s long) are streamed into a LiveCall (Helpline.conversations
.live_call, pcm16 16 kHz) in 20 ms frames at their true pace (the feeder sleeps to the frame
clock), each in a fresh verified session on a seeded SQLite demo database, with 0.5 s of silence
before and 2 s after. "End of speech" is the wall time at which the frame holding the clip's
last voiced 30 ms frame (webrtcvad, as the call hears it) was fed. Stages, on the wall clock:
  endpoint  end of speech -> "speech_end" (silence heard + the final reading, which overlap:
            the final reading starts speculatively in the first 90 ms of silence)
  read      the final reading's own time (on "final": duration_ms)
  engine    "final" -> "reply" (the text turn, with the voice agent's rules)
  tts       "reply" -> first "audio" (first sentence synthesised, resampled, encoded)
--whole-clip also times VoiceAgent.turn on each same clip (the recorded turn: the whole clip
heard once the caller has stopped, no endpoint wait counted), alternating with the streamed runs.
"""

import argparse
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "voice"))

from speech_set import CLEAN, Utterance, load_manifest, render

from helpline.app import Helpline
from helpline.app.live_models import LiveEvent
from helpline.audio.decode import decode_audio
from helpline.audio.vad import FRAME_SAMPLES, SpeechDetector
from helpline.config import Settings, get_settings
from helpline.store import migrate, seed
from helpline.store.db import open_database

DEMO_PHONE = "9876543210"
FRAME_MS = 20
LEAD_S, TAIL_S = 0.5, 2.0
QUESTION_INTENTS = (
    "balance",
    "plan_info",
    "plan_recommendation",
    "offers",
    "transaction_history",
    "network_issue",
    "sim_issue",
    "complaint_status",
)


@dataclass
class Run:
    text: str
    heard: str = ""
    first_audio_ms: float | None = None
    stages: dict[str, float] = field(default_factory=dict)
    whole_clip_ms: float | None = None


def questions(low: float, high: float) -> list[tuple[Utterance, np.ndarray]]:
    """(utterance, 16 kHz int16 samples) of every clean rendering in the length range."""
    out = []
    for utterance in load_manifest():
        if utterance.intent not in QUESTION_INTENTS or utterance.script != "roman":
            continue
        for rendering in CLEAN:
            clip = decode_audio(render(utterance, rendering).read_bytes())
            if low <= clip.duration_s <= high:
                out.append((utterance, clip.to_int16()))
    return out


def last_voiced_ms(pcm: np.ndarray) -> float:
    detector = SpeechDetector()
    last = 0
    for index, start in enumerate(range(0, len(pcm) - FRAME_SAMPLES + 1, FRAME_SAMPLES)):
        if detector.is_speech(pcm[start : start + FRAME_SAMPLES].tobytes()):
            last = index + 1
    return last * 30.0


def stream_one(app: Helpline, pcm: np.ndarray, text: str) -> Run:
    session = app.conversations.start(phone=DEMO_PHONE).session_id
    call = app.conversations.live_call(session)
    lead = np.zeros(int(LEAD_S * 16000), np.int16)
    audio = np.concatenate([lead, pcm, np.zeros(int(TAIL_S * 16000), np.int16)])
    end_ms = LEAD_S * 1000 + last_voiced_ms(pcm)
    seen: list[tuple[float, LiveEvent]] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            for event in call.next_events(0.05):
                seen.append((time.perf_counter(), event))
                if event.type == "reply_end":
                    done.set()

    reader = threading.Thread(target=read)
    reader.start()
    step = FRAME_MS * 16
    began = time.perf_counter()
    speech_over = None
    for index, start in enumerate(range(0, len(audio), step)):
        due = began + index * FRAME_MS / 1000
        time.sleep(max(0.0, due - time.perf_counter()))
        call.feed(audio[start : start + step].astype("<i2").tobytes())
        if speech_over is None and (index + 1) * FRAME_MS >= end_ms:
            speech_over = time.perf_counter()
        if done.is_set():
            break
    done.wait(10)
    done.set()
    reader.join()
    call.close()
    run = Run(text)
    first = {e.type: (t, e) for t, e in reversed(seen)}  # the first of each type
    if speech_over is None or "audio" not in first:
        return run
    run.first_audio_ms = (first["audio"][0] - speech_over) * 1000
    if "final" in first:
        run.heard = first["final"][1].text or ""
        run.stages["read"] = first["final"][1].duration_ms or 0.0
        run.stages["engine"] = (first["reply"][0] - first["final"][0]) * 1000
    run.stages["endpoint"] = (first["speech_end"][0] - speech_over) * 1000
    run.stages["tts"] = (first["audio"][0] - first["reply"][0]) * 1000
    return run


def whole_clip(app: Helpline, pcm: np.ndarray) -> float:
    voice = app.context.voice_agent()
    session = voice.start(phone=DEMO_PHONE).session_id
    from helpline.audio.clip import AudioClip

    turn = voice.turn(session, AudioClip.from_int16(pcm, 16000))
    return float(turn.timings.get("first_audio", float("nan")))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seconds", type=float, nargs=2, default=(2.4, 3.8))
    parser.add_argument("--whole-clip", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="voice-stream-bench-"))
    settings = Settings(
        database_url=f"sqlite:///{folder / 'helpline.db'}",
        redis_url=None,
        otp="off",
        llm="template",
        cache_dir=get_settings().cache_dir,
    )
    database = open_database(settings)
    migrate.upgrade(database.engine)
    seed.seed(database.engine, customers=12, random_seed=7)
    database.dispose()
    items = questions(*args.seconds)
    # A fixed shuffle: the manifest groups lines by intent, and any prefix should mix them.
    order = np.random.default_rng(7).permutation(len(items))
    items = [items[i] for i in order]
    print(f"{len(items)} questions of {args.seconds[0]}-{args.seconds[1]} s")
    runs: list[Run] = []
    with Helpline(settings) as app:
        started = time.perf_counter()
        app.context.voice_agent()
        print(f"voice agent ready in {time.perf_counter() - started:.1f} s")
        stream_one(app, items[0][1], items[0][0].say)  # warm-up
        for index in range(args.runs):
            utterance, pcm = items[index % len(items)]
            run = stream_one(app, pcm, utterance.say)
            if args.whole_clip:
                run.whole_clip_ms = whole_clip(app, pcm)
            runs.append(run)
            shown = f"{run.first_audio_ms:.0f}" if run.first_audio_ms is not None else "-"
            print(f"  {shown:>5} ms  {utterance.say!r} heard {run.heard!r}")
    report(runs)


def report(runs: list[Run]) -> None:
    measured = [r for r in runs if r.first_audio_ms is not None]
    waits = [r.first_audio_ms for r in measured if r.first_audio_ms is not None]
    if not waits:
        print("no reply audio came")
        return
    p50 = statistics.median(waits)
    print(
        f"\nend of speech -> first reply audio: p50 {p50:.0f} ms, p90 "
        f"{percentile(waits, 0.9):.0f} ms, max {max(waits):.0f} ms ({len(waits)} of {len(runs)})"
    )
    for stage in ("endpoint", "read", "engine", "tts"):
        values = [r.stages[stage] for r in measured if stage in r.stages]
        if values:
            value = statistics.median(values)
            print(f"  {stage:<9} p50 {value:7.1f} ms  {100 * value / p50:5.1f} % of the p50")
    whole = [r.whole_clip_ms for r in runs if r.whole_clip_ms is not None]
    if whole:
        print(
            f"whole-clip VoiceAgent.turn first audio (no endpoint wait): p50 "
            f"{statistics.median(whole):.0f} ms, p90 {percentile(whole, 0.9):.0f} ms"
        )
    print(f"python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
