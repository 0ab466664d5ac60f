"""Phone numbers read in English digits by held-out voices, heard as a voice turn hears them while
the agent waits for a number: the share read back exactly, and how many the digit matcher
settled (Whisper's readings held more than one whole number and the matcher read one of them).

The voices are neither template speakers of the digit matcher (providers/stt/digit_templates.py)
nor voices of the spoken test set (en-us, en-us+f2, hi+m2, hi+f4) nor tuning voices: espeak-ng's
Scottish, Lancaster and West Midlands accents with speaker variants no template has, clean, in
noise, at other pitches and on the telephone band. Every second number holds a digit said twice
or three times in a row ("double seven"), as callers read such runs.

Usage: nice .venv/bin/python benchmarks/english_numbers.py [--numbers 96] [--seed 5] [--show]
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from heard_examples import Rendering, speak

from helpline.config import get_settings
from helpline.engine.expectation import Expectation
from helpline.engine.voice_phone import number_judge, transcript_number
from helpline.providers.stt.base import Listen
from helpline.providers.stt.digit_templates import ENGLISH
from helpline.providers.stt.whisper import from_settings
from spoken_numbers import SETTLED, MatcherCount, mobile_number, said_digits, with_double

VOICES = (
    Rendering("en-gb-scotland+m6", 160, False, False),
    Rendering("en-gb-x-gbclan+f5", 170, False, True),
    Rendering("en-gb-x-gbcwmd+m5", 150, False, False, pitch=40, phone_band=True),
    Rendering("en-gb-scotland+Annie", 175, False, False),
    Rendering("en-gb-x-gbclan+grandpa", 150, False, False, phone_band=True),
    Rendering("en-gb-x-gbcwmd+steph", 165, False, True, pitch=60),
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--numbers", type=int, default=96)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--show", action="store_true", help="print every reading")
    args = parser.parse_args()
    stt = from_settings(settings=get_settings())
    judge = number_judge(lambda _: 0.0, Expectation.PHONE)
    settled = MatcherCount(SETTLED)
    rng = random.Random(args.seed)
    hits = {False: 0, True: 0}
    counts = {False: 0, True: 0}
    seconds: list[float] = []
    for i in range(args.numbers):
        how = VOICES[i % len(VOICES)]
        doubles = i % 2 == 1
        number = mobile_number(rng)
        if doubles:
            number = with_double(number, rng)
        spoken = ", ".join(said_digits(number, ENGLISH, doubles=doubles))
        audio = speak(spoken, how, i)
        started = time.perf_counter()
        transcript = stt.hear(audio, listen=Listen.NUMBER, judge=judge)
        seconds.append(time.perf_counter() - started)
        got = transcript_number(transcript, Expectation.PHONE)
        counts[doubles] += 1
        hits[doubles] += got == number
        if args.show:
            print(f"{how.key:<36} {number} {got} {transcript.raw_text[:70]!r}")
    for doubles, label in ((False, "digit by digit"), (True, "with a double or triple")):
        print(f"{label:<24} {hits[doubles]}/{counts[doubles]}")
    total = sum(hits.values())
    print(f"all {total}/{args.numbers} = {total / args.numbers:.2f}")
    print(f"settled by the digit matcher: {settled.count}")
    print(f"hear() p50 {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s")


if __name__ == "__main__":
    main()
