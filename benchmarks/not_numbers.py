"""Lines that hold no number, said while the agent waits for a phone number: how many come back
as a mobile number all the same, and how many of those the digit matcher made up.

A caller asked for their number may answer anything ("mujhe yaad nahi", "balance batao"); a
number heard in such a line is read back to them for a yes, so it costs a turn, not a wrong
account, but it should stay rare. The lines are the intent files' hand-written examples without
a digit, none of the spoken test set or the labelled NLU sets (scripts/heard_examples.py), spoken
by the tuning renderings in turn (RENDERINGS and WIDER: clean, noisy, other speeds and pitches,
the telephone band, Devanagari for the Hindi voices).

Usage: nice .venv/bin/python benchmarks/not_numbers.py [--lines 96] [--seed 9] [--show]
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from heard_examples import RENDERINGS, WIDER, examples, held_out, speak

from helpline.config import get_settings
from helpline.engine.expectation import Expectation
from helpline.engine.voice_phone import number_judge, transcript_number
from helpline.providers.stt.base import Listen
from helpline.providers.stt.whisper import from_settings
from spoken_numbers import MATCHED, SETTLED, MatcherCount


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=96)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--show", action="store_true", help="print every reading")
    args = parser.parse_args()
    written = sorted(
        {
            text
            for _, text, where in examples(held_out())
            if where == RENDERINGS and not any(c.isdigit() for c in text)
        }
    )
    lines = random.Random(args.seed).sample(written, min(args.lines, len(written)))
    renderings = (*RENDERINGS, *WIDER)
    stt = from_settings(settings=get_settings())
    judge = number_judge(lambda _: 0.0, Expectation.PHONE)
    matched = MatcherCount(MATCHED, SETTLED)
    numbers = by_matcher = 0
    seconds: list[float] = []
    for i, text in enumerate(lines):
        how = renderings[i % len(renderings)]
        before = matched.count
        started = time.perf_counter()
        transcript = stt.hear(speak(text, how, i), listen=Listen.NUMBER, judge=judge)
        seconds.append(time.perf_counter() - started)
        got = transcript_number(transcript, Expectation.PHONE)
        numbers += got is not None
        from_matcher = got is not None and matched.count > before
        by_matcher += from_matcher
        if args.show or got is not None:
            by = " (matcher)" if from_matcher else ""
            print(f"{how.key:<36} {text[:40]!r} -> {got}{by} {transcript.raw_text[:60]!r}")
    print(f"lines heard as a mobile number: {numbers}/{len(lines)}")
    print(f"  of them given by the digit matcher: {by_matcher}")
    print(f"hear() p50 {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s")


if __name__ == "__main__":
    main()
