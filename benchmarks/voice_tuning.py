"""Intent accuracy through speech on the tuning sample: lines of the NLU development set
(tests/data/nlu/intents) spoken by the tuning voices of scripts/heard_examples.py, heard as a voice
turn hears them. What the recogniser's reading of speech (prompts, clean-up, judging) is tuned on;
the spoken test set (tests/voice/speech_set.py) has other lines and other voices.

Usage: nice .venv/bin/python benchmarks/voice_tuning.py [--per-intent N] [--failures]
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from heard_examples import RENDERINGS, WIDER, speak

from helpline.config import get_settings
from helpline.engine.expectation import Expectation
from helpline.engine.voice import acceptable, guessed_refusal, hear, judge_for, listen_for
from helpline.errors import AudioError
from helpline.language import get_understander
from helpline.providers.stt.whisper import from_settings

DEVELOPMENT = Path(__file__).resolve().parents[1] / "tests" / "data" / "nlu" / "intents"


def sample(per_intent: int) -> list[tuple[str, str]]:
    """(intent, line): a fixed sample of each intent's development lines (Roman script)."""
    out = []
    for path in sorted(DEVELOPMENT.glob("*.yaml")):
        lines = [str(x) for x in yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]]
        lines = [x for x in lines if x.isascii()]
        random.Random(path.stem).shuffle(lines)
        out.extend((path.stem, line) for line in lines[:per_intent])
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-intent", type=int, default=5)
    parser.add_argument("--failures", action="store_true")
    args = parser.parse_args()
    stt = from_settings(settings=get_settings())
    understander = get_understander(spoken=True)
    judge = judge_for(understander, Expectation.SPEECH)  # type: ignore[arg-type]
    listen = listen_for(Expectation.SPEECH)
    renderings = (*RENDERINGS, *WIDER)
    hits, seconds, failures = 0, [], []
    lines = sample(args.per_intent)
    for i, (intent, line) in enumerate(lines):
        how = renderings[i % len(renderings)]
        clip = speak(line, how, i)
        started = time.perf_counter()
        try:
            transcript = hear(stt, clip, listen, judge)
        except AudioError:  # espeak-ng said nothing for the line (a symbol it does not read)
            continue
        seconds.append(time.perf_counter() - started)
        got = None
        if acceptable(understander, transcript) and not guessed_refusal(  # type: ignore[arg-type]
            understander,  # type: ignore[arg-type]
            transcript.text,
        ):
            got = understander.understand(transcript.text).intent.value
        hits += got == intent
        if got != intent:
            failures.append(f"{intent} [{how.key}] {line!r} heard {transcript.raw_text!r} -> {got}")
    heard = len(seconds)
    print(f"intent {hits}/{heard} = {hits / heard:.3f} ({len(lines) - heard} lines not spoken)")
    print(f"hear() p50 {statistics.median(seconds):.2f} s")
    if args.failures:
        print("\n".join(failures))


if __name__ == "__main__":
    main()
