"""How many ten-digit numbers read in Devanagari Hindi digits the word matcher (digit_dtw.py)
reads right with the Hindi digit templates' extra speakers (digit_templates.HINDI_DIGIT_WOMEN)
and without them, on held-out voices: neither template speakers nor voices of the spoken test
set (hi+m2, hi+f4) nor of the barge-in set (hi+f2).

Usage: .venv/bin/python benchmarks/digit_speakers.py [--numbers 8] [--seeds 5 7]
Each voice reads --numbers numbers at 150 and at 175 words a minute, per seed. Templates are
made into the cache folder's `digit-speakers` subfolder the first time (a minute or so).
"""

import argparse
import dataclasses
import random

from helpline.config import get_settings
from helpline.providers.stt import digit_dtw
from helpline.providers.stt.digit_features import features
from helpline.providers.stt.digit_templates import DEVANAGARI, DIGIT_WORDS, load
from helpline.providers.tts.espeak import run_espeak
from spoken_numbers import DEVANAGARI_LEAD_IN, mobile_number

VOICES = ("hi+f5", "hi+m6", "hi+Annie", "hi+steph", "hi+grandpa")
SPEEDS = (150, 175)


def numbers_read(matcher: digit_dtw.WordMatcher, numbers: int, seed: int) -> dict[str, int]:
    """Numbers read right per voice."""
    rng = random.Random(seed)
    right = dict.fromkeys(VOICES, 0)
    for voice in VOICES:
        for speed in SPEEDS:
            for _ in range(numbers):
                number = mobile_number(rng)
                said = DEVANAGARI_LEAD_IN + " " + " ".join(DEVANAGARI[int(d)] for d in number)
                reading = matcher.read(features(run_espeak(said, voice=voice, speed=speed)), 10)
                right[voice] += reading is not None and reading.digits == number
    return right


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--numbers", type=int, default=8)
    parser.add_argument("--seeds", type=int, nargs="+", default=[5, 7])
    args = parser.parse_args()
    cache = get_settings().cache_dir.expanduser() / "digit-speakers"
    without = dataclasses.replace(DIGIT_WORDS, more_hindi_variants=())
    each = args.numbers * len(SPEEDS) * len(args.seeds)
    for name, vocabulary in (("without", without), ("with", DIGIT_WORDS)):
        matcher = digit_dtw.WordMatcher(load(cache, vocabulary))
        totals = dict.fromkeys(VOICES, 0)
        for seed in args.seeds:
            for voice, right in numbers_read(matcher, args.numbers, seed).items():
                totals[voice] += right
        per_voice = ", ".join(f"{v} {n}/{each}" for v, n in totals.items())
        read = f"{sum(totals.values())}/{each * len(VOICES)}"
        print(f"{name:<8} the extra speakers: {read} ({per_voice})")


if __name__ == "__main__":
    main()
