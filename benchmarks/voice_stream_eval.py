"""Intent accuracy through speech, streaming vs whole-clip, side by side on the same spoken set.

Usage: .venv/bin/python benchmarks/voice_stream_eval.py [--all] [--failures] [--only PREFIX...]
The pairs are benchmarks/voice_eval.py's (default: one rendering per utterance, cycling voices,
speeds, noise and 8 kHz). Each clip is heard twice, scored by tests/voice/speech_eval.py alike:
  whole-clip  the recorded turn's reading of the clip (what voice_eval.py reports)
  streaming   the clip, with 0.5 s of silence before and 1.5 s after, pushed through a
              StreamingRecognizer in 20 ms frames; the first utterance it ends is what a live
              call would answer (its final reading is made on the audio the endpointer cut,
              started in the first pause, ended early when the reading is a complete request)
Frames are pushed as fast as the recogniser takes them: the audio timeline, which decides every
endpoint, is the same as in real time; only the wall clock differs.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "voice"))

from speech_eval import Report, evaluate
from speech_set import chosen_pairs, load_manifest

from helpline.audio.clip import SPEECH_RATE, AudioClip
from helpline.audio.validate import load_speech
from helpline.config import get_settings
from helpline.language import get_understander
from helpline.providers.stt.base import Judge, Listen, SpeechInput, Transcript
from helpline.providers.stt.streaming import Final, StreamingRecognizer
from helpline.providers.stt.whisper import WhisperSTTProvider, from_settings

FRAME = 320  # 20 ms


class StreamedWhisper:
    """Whisper heard the way a live call hears it: the clip streamed through the endpointer."""

    def __init__(self, stt: WhisperSTTProvider) -> None:
        self.stt = stt
        self.utterances: list[int] = []  # utterances ended per clip (more than one: a split)
        self.split: list[str] = []  # what the first utterance of a split clip heard

    def transcribe(self, audio: SpeechInput) -> Transcript:
        return self.hear(audio)

    def hear(
        self, audio: SpeechInput, *, listen: Listen = Listen.SPEECH, judge: Judge | None = None
    ) -> Transcript:
        clip = load_speech(audio, max_seconds=30)
        pcm = clip.to_int16()
        lead, tail = np.zeros(SPEECH_RATE // 2, np.int16), np.zeros(SPEECH_RATE * 3 // 2, np.int16)
        stream = np.concatenate([lead, pcm, tail])
        recognizer = StreamingRecognizer(self._read)
        finals: list[Final] = []
        weigh = judge or (lambda text: 1.0 if text else 0.0)
        for start in range(0, len(stream), FRAME):
            recognizer.push(stream[start : start + FRAME])
            finals += [r for r in recognizer.step(listen, weigh) if isinstance(r, Final)]
        self.utterances.append(len(finals))
        if len(finals) > 1:
            self.split.append(" | ".join(f.transcript.raw_text for f in finals))
        if not finals:
            return Transcript("", "", 0.0, clip.duration_s)
        return finals[0].transcript

    def _read(self, clip: AudioClip, listen: Listen, judge: Judge) -> Transcript:
        return self.stt.hear(clip, listen=listen, judge=judge)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true", help="every rendering of every utterance")
    parser.add_argument("--failures", action="store_true", help="list what went wrong")
    parser.add_argument("--only", nargs="*", default=[], help="utterance id prefixes")
    args = parser.parse_args()
    stt = from_settings(settings=get_settings())
    items = load_manifest()
    pairs = chosen_pairs(items, every=args.all, only=args.only)
    understander = get_understander(spoken=True)
    reports: dict[str, Report] = {}
    streamed = StreamedWhisper(stt)
    for name, recogniser in (("whole-clip", stt), ("streaming", streamed)):
        started = time.perf_counter()
        reports[name] = evaluate(recogniser, understander, pairs)
        print(f"{name:<10} {reports[name].summary()}")
        print(f"{'':<10} {len(pairs)} clips in {time.perf_counter() - started:.0f} s")
    split = sum(n > 1 for n in streamed.utterances)
    missed = sum(n == 0 for n in streamed.utterances)
    print(f"streaming: {split} clips cut in two or more utterances, {missed} with none")
    for heard in streamed.split:
        print(f"  split: {heard}")
    whole, stream = reports["whole-clip"].results, reports["streaming"].results
    scored = [(w, s) for w, s in zip(whole, stream, strict=True) if w.utterance.intent]
    both = sum(w.intent == w.utterance.intent and s.intent == s.utterance.intent for w, s in scored)
    only_whole = sum(w.intent == w.utterance.intent != s.intent for w, s in scored)
    only_stream = sum(s.intent == s.utterance.intent != w.intent for w, s in scored)
    print(
        f"intent right in both {both}, only whole-clip {only_whole}, only streaming "
        f"{only_stream} (of {len(scored)})"
    )
    if args.failures:
        for name, report in reports.items():
            print(f"\n{name}:")
            print("\n".join(report.failures()))


if __name__ == "__main__":
    main()
