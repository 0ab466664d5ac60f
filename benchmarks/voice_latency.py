"""Voice turn latency: end of the customer's speech -> first reply audio, with stage shares.

Usage: nice .venv/bin/python benchmarks/voice_latency.py [--runs 10] [--window-s 15 30]
A ~3 s utterance made by espeak-ng goes through VoiceAgent (Whisper base int8 on CPU, template
writer, espeak-ng) in a verified session on a seeded SQLite demo database. The audio is complete
when the turn starts, as it is when voice-activity detection has just heard the speaker stop, so
"first_audio" is the time the customer waits. Prints medians and p90 over the runs, each stage's
share of the median wait, and the real-time factors of STT and TTS. With several --window-s values
(Whisper's shortest encoder window, HELPLINE_STT_WINDOW_S) the runs alternate between them, so the
machine's load weighs on each alike, and the ratio of their medians is printed.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from helpline.audio.decode import decode_audio
from helpline.config import Settings, get_settings
from helpline.engine import build_agent
from helpline.engine.session_store import MemorySessionStore
from helpline.engine.voice import VoiceAgent
from helpline.providers.stt.whisper import WhisperSTTProvider
from helpline.providers.tts.espeak import EspeakTTSProvider
from helpline.store import migrate, seed
from helpline.store.db import open_database

UTTERANCE = "please check my balance, mera balance kitna hai"
DEMO_PHONE = "9876543210"
STAGES = ("decode", "stt", "understand", "policy", "writer", "store", "tts_first")


def utterance_wav(folder: Path) -> bytes:
    path = folder / "question.wav"
    subprocess.run(
        ["espeak-ng", "-v", "en-us", "-s", "160", "-w", str(path), UTTERANCE], check=True
    )
    return path.read_bytes()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--window-s", type=float, nargs="+", default=[get_settings().stt_window_s])
    args = parser.parse_args()
    measure(args.runs, args.window_s)


def measure(runs: int, windows: list[float]) -> None:
    """Print the wait for the first reply audio and each stage's share, per encoder window."""
    folder = Path(tempfile.mkdtemp(prefix="voice-bench-"))
    settings = Settings(database_url=f"sqlite:///{folder / 'helpline.db'}")
    database = open_database(settings)
    migrate.upgrade(database.engine)
    seed.seed(database.engine, customers=12, random_seed=7)
    agent = build_agent(settings, database=database, sessions=MemorySessionStore(ttl_seconds=600))
    tts = EspeakTTSProvider()
    voices: dict[float, VoiceAgent] = {}
    for window in windows:
        started = time.perf_counter()
        stt = WhisperSTTProvider(
            cache_dir=get_settings().cache_dir.expanduser(),
            language=get_settings().stt_language,
            min_window_s=window,
        )
        print(f"window {window:g} s: model load {time.perf_counter() - started:.1f} s")
        voices[window] = VoiceAgent(agent, stt, tts)
    audio = utterance_wav(folder)
    audio_s = decode_audio(audio).duration_s
    rows: dict[float, list[dict[str, float]]] = {w: [] for w in voices}
    sessions = {w: v.start(phone=DEMO_PHONE).session_id for w, v in voices.items()}
    heard: dict[float, str] = {}
    for window, voice in voices.items():
        voice.turn(sessions[window], audio)  # warm-up: first-call allocations are not the wait
    for _ in range(runs):
        for window, voice in voices.items():
            turn = voice.turn(sessions[window], audio)
            heard[window] = turn.transcript.text if turn.transcript else turn.outcome.value
            timings = dict(turn.timings)
            if "first_audio" not in timings:
                continue
            before_tts = sum(timings.get(k, 0.0) for k in STAGES[:-1])
            timings["tts_first"] = timings["first_audio"] - before_tts
            timings["tts_rtf"] = timings["tts"] / 1000 / sum(c.duration_s for c in turn.audio)
            rows[window].append(timings)
    print(f"utterance {audio_s:.2f} s ({UTTERANCE!r}), {runs} runs per window")
    medians: dict[float, float] = {}
    for window, timings in rows.items():
        first = [r["first_audio"] for r in timings]
        medians[window] = statistics.median(first)
        print(f"\nwindow {window:g} s, heard {heard[window]!r}")
        print(
            f"  end of speech -> first reply audio: p50 {medians[window]:.0f} ms, "
            f"p90 {percentile(first, 0.9):.0f} ms"
        )
        print(
            f"  whole turn incl. all reply audio: p50 "
            f"{statistics.median(r['total'] for r in timings):.0f} ms"
        )
        for stage in STAGES:
            value = statistics.median(r.get(stage, 0.0) for r in timings)
            print(f"  {stage:<11} p50 {value:7.1f} ms  {100 * value / medians[window]:5.1f} %")
        stt_rtf = statistics.median(r["stt"] / 1000 / audio_s for r in timings)
        tts_rtf = statistics.median(r["tts_rtf"] for r in timings)
        print(f"  STT real-time factor p50 {stt_rtf:.3f}; TTS real-time factor p50 {tts_rtf:.4f}")
    if len(medians) > 1:
        base = max(medians)
        for window, value in medians.items():
            ratio = value / medians[base]
            print(f"first audio, window {window:g} s / window {base:g} s: {ratio:.2f}")
    print(f"python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
