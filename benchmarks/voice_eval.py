"""The spoken test set through Whisper and the language layer, heard as voice turns hear it:
WER, intent accuracy (all lines, and the Devanagari ones), phone numbers verified after the
read-back (English and Hindi digits) and read back right, amounts, share not understood, STT speed.

Usage: nice .venv/bin/python benchmarks/voice_eval.py [--all] [--failures] [--only PREFIX...]
       [--latency RUNS]
Default: one rendering per utterance, cycling voices, speeds, noise and the telephone band (what
the tests run); --all: every utterance in every rendering (2 voices x 2 speeds, clean, with noise
and at 8 kHz); --only: the utterances whose id starts with one of the prefixes.
The same transcripts are also read by a classifier trained without the heard examples
(data/heard.yaml), so the two intent accuracies compare in one run.
Audio comes from tests/voice/speech_set.py's cache (made with espeak-ng and sox on first use).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "voice"))

from speech_eval import evaluate
from speech_set import chosen_pairs, load_manifest

from helpline.config import get_settings
from helpline.language import get_understander
from helpline.providers.stt.whisper import from_settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true", help="every rendering of every utterance")
    parser.add_argument("--failures", action="store_true", help="list what went wrong")
    parser.add_argument("--only", nargs="*", default=[], help="utterance id prefixes")
    parser.add_argument("--latency", type=int, default=0, help="then N voice turns' latency")
    args = parser.parse_args()
    settings = get_settings()
    stt = from_settings(settings=settings)
    items = load_manifest()
    pairs = chosen_pairs(items, every=args.all, only=args.only)
    started = time.perf_counter()
    report = evaluate(stt, get_understander(spoken=True), pairs)
    print(report.summary())
    by_rendering = {}
    for r in report.results:
        by_rendering.setdefault(r.rendering.label, []).append(r)
    for label, rows in sorted(by_rendering.items()):
        scored = [r for r in rows if r.utterance.intent]
        hits = sum(r.intent == r.utterance.intent for r in scored)
        print(f"  {label:<22} intent {hits}/{len(scored)}")
    print(f"{len(pairs)} clips in {time.perf_counter() - started:.0f} s")
    seconds = sorted(r.seconds for r in report.results)
    print(f"STT per clip p50 {statistics.median(seconds):.2f} s, max {seconds[-1]:.2f} s")
    typed_only = get_understander()  # the typed-turn classifier
    scored = [r for r in report.results if r.utterance.intent]
    hits = sum(
        r.intent is not None
        and typed_only.understand(r.transcript.text).intent.value == r.utterance.intent
        for r in scored
    )
    if scored:  # number lines alone (--only phone) carry no intent
        share = hits / len(scored)
        print(f"intent accuracy without heard examples: {share:.3f} (same transcripts)")
    if args.failures:
        print("\n".join(report.failures()))
    if args.latency:
        from voice_latency import measure  # benchmarks/ is on the path when run as a script

        print("\nvoice turn latency (benchmarks/voice_latency.py):")
        measure(args.latency, [settings.stt_window_s])


if __name__ == "__main__":
    main()
