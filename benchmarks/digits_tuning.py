"""Phone numbers read digit by digit by the tuning voices, heard as a voice turn hears them while
the agent waits for a number: the share read back exactly, in English digits, Roman Hindi digits
(said by the English tuning voices) and Hindi digits in Devanagari (the Hindi tuning voices).

What the number reading is tuned on (`Listen.NUMBER` in providers/stt/whisper.py, the homophones
in language/data/digits.yaml); the spoken test set (tests/voice/speech_set.py) uses other voices
and other numbers, so it still measures numbers the tuning never heard.

Usage: nice .venv/bin/python benchmarks/digits_tuning.py [--numbers N] [--seed S] [--show]
       [--homophones] [--lead-ins] [--doubles] [--readings PATH]
--lead-ins: every second number said after a lead-in ("mera number hai, ..."), as callers do.
--readings PATH: every number's readings (the best and the others) as JSON lines, to weigh
other ways of voting among them without hearing the audio again.
--doubles: every number holds a digit said twice in a row, read as callers read it ("double
seven", "double saat"; three in a row as "triple").
--homophones: also print what Whisper wrote in place of each digit word, in readings with the
right count of digits (candidates for `heard:` in digits.yaml).
"""

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from heard_examples import RENDERINGS, WIDER, speak

from helpline.config import get_settings
from helpline.engine.expectation import Expectation
from helpline.engine.voice_phone import number_judge, transcript_number
from helpline.language.digits import spoken_digits
from helpline.language.spoken import hindi_number_words
from helpline.providers.stt.base import Listen
from helpline.providers.stt.digit_templates import DEVANAGARI, ENGLISH
from helpline.providers.stt.whisper import from_settings
from spoken_numbers import mobile_number, said_digits, with_double

# What a caller says before the digits: Hindi ones for any voice, English ones for English digits.
HINDI_LEAD_INS = ("mera number hai", "ji, mera mobile number")
# The Hindi voices read the digits in Devanagari (DEVANAGARI): the Roman-to-Devanagari table of
# the speech path knows no digit words, so "nau" would reach the Hindi voice in Latin letters.
DEVANAGARI_LEAD_INS = ("मेरा नंबर है", "जी, मेरा मोबाइल नंबर")
ENGLISH_LEAD_INS = ("my number is", "the number is", *HINDI_LEAD_INS)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--numbers", type=int, default=48)
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--show", action="store_true", help="print every reading")
    parser.add_argument("--homophones", action="store_true")
    parser.add_argument("--lead-ins", action="store_true", help="a lead-in before every second")
    parser.add_argument("--readings", type=Path, help="write each number's readings here")
    parser.add_argument("--doubles", action="store_true", help="'double seven' in every number")
    args = parser.parse_args()
    stt = from_settings(settings=get_settings())
    judge = number_judge(lambda _: 0.0, Expectation.PHONE)
    hindi = {str(d): hindi_number_words(d) for d in range(10)}
    rng = random.Random(args.seed)
    hits: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    heard: Counter[tuple[str, str]] = Counter()
    seconds: list[float] = []
    renderings = (*RENDERINGS, *WIDER)
    for i in range(args.numbers):
        how = renderings[i % len(renderings)]
        number = mobile_number(rng)
        if args.doubles:
            number = with_double(number, rng)
        english = i % 3 == 0  # a third in English digits, the rest in Hindi
        if english:
            how = how._replace(devanagari=False)
        kind = "english" if english else ("devanagari" if how.devanagari else "roman hindi")
        names = ENGLISH if english else (DEVANAGARI if how.devanagari else hindi)
        words = said_digits(number, names, doubles=args.doubles)
        spoken = ", ".join(words)
        if args.lead_ins and i % 2:
            lead_ins = ENGLISH_LEAD_INS if english else HINDI_LEAD_INS
            lead_ins = DEVANAGARI_LEAD_INS if kind == "devanagari" else lead_ins
            spoken = f"{lead_ins[(i // 2) % len(lead_ins)]}, {spoken}"
        started = time.perf_counter()
        voice = how._replace(devanagari=False)  # the words are in the voice's script already
        transcript = stt.hear(speak(spoken, voice, i), listen=Listen.NUMBER, judge=judge)
        seconds.append(time.perf_counter() - started)
        got = transcript_number(transcript, Expectation.PHONE)
        if args.readings:
            with args.readings.open("a", encoding="utf-8") as out:
                row = {"number": number, "kind": kind, "said": spoken, "best": transcript.text}
                row |= {"raw": transcript.raw_text, "others": transcript.alternatives}
                out.write(json.dumps(row) + "\n")
        counts[kind] += 1
        hits[kind] += got == number
        if args.show:
            print(f"{kind:<11} {how.key:<34} {number} {got} {transcript.raw_text[:90]!r}")
        said = transcript.raw_text.replace(",", " ").replace(".", " ").lower().split()
        if len(said) == len(words) and not args.doubles:
            heard.update((w, d) for w, d, s in zip(said, number, words, strict=True) if w != s)
    for kind in sorted(counts):
        print(f"{kind:<11} {hits[kind]}/{counts[kind]} = {hits[kind] / counts[kind]:.2f}")
    total = sum(hits.values())
    print(f"all {total}/{args.numbers} = {total / args.numbers:.2f}")
    print(f"hear() p50 {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s")
    if args.homophones:
        for (word, digit), n in heard.most_common():
            if spoken_digits(word, loose=True) != digit:
                print(f"{digit} {word} {n}")


if __name__ == "__main__":
    main()
