"""Intent accuracy through speech on the tuning sample: lines of the NLU development set
(tests/data/nlu/intents) spoken by the tuning voices of scripts/heard_examples.py, heard as a voice
turn hears them. What the recogniser's reading of speech (prompts, clean-up, judging) is tuned on;
the spoken test set (tests/voice/speech_set.py) has other lines and other voices.

Usage: nice .venv/bin/python benchmarks/voice_tuning.py [--per-intent N] [--failures] [--streaming]
--streaming: each clip is also heard as a live call hears it (voice_stream_eval.StreamedWhisper:
pushed in 20 ms frames through the endpointer, the first utterance it ends), and the two intent
accuracies are compared line by line: what the streaming reading is tuned on.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "voice"))

from heard_examples import RENDERINGS, WIDER, speak
from speech_eval import intent_of

from helpline.config import get_settings
from helpline.engine.expectation import Expectation
from helpline.engine.voice import hear, judge_for, listen_for
from helpline.errors import AudioError
from helpline.language import get_understander
from helpline.providers.stt.base import Transcript
from helpline.providers.stt.whisper import from_settings
from voice_stream_eval import StreamedWhisper

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
    parser.add_argument("--streaming", action="store_true", help="also hear each clip streamed")
    args = parser.parse_args()
    stt = from_settings(settings=get_settings())
    understander = get_understander(spoken=True)
    judge = judge_for(understander, Expectation.SPEECH)  # type: ignore[arg-type]
    listen = listen_for(Expectation.SPEECH)
    streamed = StreamedWhisper(stt)
    readers = {"whole-clip": lambda clip: hear(stt, clip, listen, judge)}
    if args.streaming:
        readers["streaming"] = lambda clip: streamed.hear(clip, listen=listen, judge=judge)
    renderings = (*RENDERINGS, *WIDER)
    hits: dict[str, list[bool]] = {name: [] for name in readers}
    seconds: dict[str, list[float]] = {name: [] for name in readers}
    failures: list[str] = []
    lines = sample(args.per_intent)
    for i, (intent, line) in enumerate(lines):
        how = renderings[i % len(renderings)]
        clip = speak(line, how, i)
        heard: dict[str, Transcript] = {}
        try:
            for name, read in readers.items():
                started = time.perf_counter()
                heard[name] = read(clip)
                seconds[name].append(time.perf_counter() - started)
        except AudioError:  # espeak-ng said nothing for the line (a symbol it does not read)
            continue
        for name, transcript in heard.items():
            got = intent_of(understander, transcript)
            hits[name].append(got == intent)
            if got != intent:
                failures.append(
                    f"{name} {intent} [{how.key}] {line!r} heard {transcript.raw_text!r} -> {got}"
                )
    for name in readers:
        right, heard_n = sum(hits[name]), len(hits[name])
        print(
            f"{name:<10} intent {right}/{heard_n} = {right / heard_n:.3f} "
            f"({len(lines) - heard_n} lines not spoken), hear() p50 "
            f"{statistics.median(seconds[name]):.2f} s"
        )
    if args.streaming:
        pairs = list(zip(hits["whole-clip"], hits["streaming"], strict=True))
        print(
            f"intent right in both {sum(w and s for w, s in pairs)}, only whole-clip "
            f"{sum(w and not s for w, s in pairs)}, only streaming "
            f"{sum(s and not w for w, s in pairs)} (of {len(pairs)}); "
            f"{sum(n > 1 for n in streamed.utterances)} clips cut in two or more utterances"
        )
    if args.failures:
        print("\n".join(failures))


if __name__ == "__main__":
    main()
