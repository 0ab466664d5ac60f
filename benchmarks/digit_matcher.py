"""Time and memory of the word matcher (providers/stt/digit_dtw.py) reading ten-digit numbers,
with its free reading over every template speaker and over the speakers nearest the utterance
(LIKELY_SPEAKERS), alternating in one process on the same clips.

Usage: .venv/bin/python benchmarks/digit_matcher.py [--numbers N] [--rounds R]
The numbers are read in Roman Hindi by espeak-ng English voices and in Devanagari by the Hindi
voice, with voices no template has; peak memory is what tracemalloc sees (numpy's arrays).
"""

import argparse
import random
import statistics
import time
import tracemalloc

from helpline.config import get_settings
from helpline.language.spoken import hindi_number_words
from helpline.providers.stt import digit_dtw
from helpline.providers.stt.digit_features import features
from helpline.providers.stt.digit_templates import DEVANAGARI, load, voices
from helpline.providers.tts.espeak import run_espeak
from spoken_numbers import DEVANAGARI_LEAD_IN, mobile_number

VOICES = ("en-gb-scotland+m6", "hi+m6", "en-us-nyc+f5")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--numbers", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    matcher = digit_dtw.WordMatcher(load(get_settings().cache_dir.expanduser()))
    rng = random.Random(9)
    clips = []
    for i in range(args.numbers):
        voice = VOICES[i % len(VOICES)]
        number = mobile_number(rng)
        if voice.startswith("hi"):
            said = DEVANAGARI_LEAD_IN + " " + " ".join(DEVANAGARI[int(d)] for d in number)
        else:
            said = "mera number hai " + ", ".join(hindi_number_words(int(d)) for d in number)
        clips.append((number, features(run_espeak(said, voice=voice, speed=160))))
    every = len(voices())
    seconds: dict[int, list[float]] = {every: [], digit_dtw.LIKELY_SPEAKERS: []}
    peak = dict.fromkeys(seconds, 0)
    right = dict.fromkeys(seconds, 0)
    for round_ in range(args.rounds):
        for speakers in seconds:
            digit_dtw.LIKELY_SPEAKERS = speakers
            for number, frames in clips:
                tracemalloc.start()
                started = time.perf_counter()
                reading = matcher.read(frames, 10)
                seconds[speakers].append(time.perf_counter() - started)
                peak[speakers] = max(peak[speakers], tracemalloc.get_traced_memory()[1])
                tracemalloc.stop()
                if round_ == 0:
                    right[speakers] += reading is not None and reading.digits == number
    for speakers, times in seconds.items():
        print(
            f"free reading over {speakers} speakers: median {statistics.median(times):.3f} s, "
            f"peak {peak[speakers] / 1e6:.0f} MB, {right[speakers]} of {len(clips)} numbers right"
        )


if __name__ == "__main__":
    main()
