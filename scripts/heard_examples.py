"""Speak the intent examples with espeak-ng, transcribe them with the offline Whisper provider,
and write what it heard to `src/helpline/language/data/heard.yaml`.

The intent classifier for voice turns (`intent_detector(heard=True)`) also learns these lines:
the words Whisper writes when a Hindi word is said in a way it does not expect ("mera" heard as
"Mary"), so a spoken turn still meets the intent its words were meant for. The six voices here
are not the spoken test set's (`tests/voice/speech_set.py`), and no line of that set's manifest
or of the labelled NLU sets (`tests/data/nlu`) is spoken or kept, so those sets still measure
lines the classifier never met.

Usage: nice .venv/bin/python scripts/heard_examples.py [--limit N] [--wider [--merge]]
About 7,700 clips: some 50 minutes on two cores. --wider speaks the hand-written examples in
five more renderings (other speeds and pitches, noise, the 8 kHz telephone band, Devanagari;
about 3,500 clips, some 25 minutes); with --merge their transcripts are added to the heard.yaml
already written instead of remaking it from the progress file alone. Progress is kept in
~/.cache/helpline/heard-examples-<recogniser>.jsonl, keyed by the Whisper model, language, window
and prompt, so a stopped run resumes, a rerun only writes the file, and a new prompt starts afresh.
"""

import argparse
import hashlib
import json
import random
import subprocess
import sys
import tempfile
import time
import zlib
from itertools import zip_longest
from pathlib import Path
from typing import NamedTuple

import numpy as np
import yaml

from helpline.audio.clip import AudioClip
from helpline.audio.decode import decode_audio
from helpline.config import Settings, get_settings
from helpline.engine.expectation import Expectation
from helpline.language.examples import intent_data
from helpline.language.intents import training_set
from helpline.language.normalize import normalize
from helpline.language.resources import list_data, load_yaml
from helpline.providers.stt.whisper import INITIAL_PROMPT, from_settings
from helpline.providers.tts.devanagari import to_devanagari
from helpline.providers.tts.espeak import run_espeak

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src" / "helpline" / "language" / "data" / "heard.yaml"
MANIFEST = ROOT / "tests" / "data" / "speech" / "manifest.yaml"
LABELLED = ROOT / "tests" / "data" / "nlu"
CACHE = Path("~/.cache/helpline").expanduser()


class Rendering(NamedTuple):
    voice: str
    speed: int  # words per minute
    devanagari: bool  # Hindi words written in Devanagari for the Hindi voice
    noisy: bool
    pitch: int = 50  # espeak-ng's 0-99
    phone_band: bool = False  # 300-3400 Hz at 8 kHz, as a phone call carries it

    @property
    def key(self) -> str:
        base = f"{self.voice}|{self.speed}|{self.devanagari}|{self.noisy}"
        extra = f"|p{self.pitch}" if self.pitch != 50 else ""
        return base + extra + ("|8k" if self.phone_band else "")


# Every example is spoken in each. None of these voices makes the spoken test set (en-us and
# en-us+f2 for Roman lines, hi+m2 and hi+f4 for Devanagari ones).
RENDERINGS = (
    Rendering("en-gb-x-rp", 160, False, False),
    Rendering("hi", 150, True, False),
    Rendering("en-us-nyc", 170, False, True),
    Rendering("en-029", 150, False, False),
    Rendering("hi+f3", 165, True, True),
    Rendering("en-gb", 175, False, True),
)
# --wider: the hand-written examples again, at other speeds and pitches, on the telephone band.
WIDER = (
    Rendering("hi", 135, True, False, pitch=35, phone_band=True),
    Rendering("hi+f3", 185, True, True, pitch=70),
    Rendering("en-gb", 150, False, False, pitch=30, phone_band=True),
    Rendering("en-us-nyc", 190, False, True, pitch=70, phone_band=True),
    Rendering("en-029", 130, False, False, pitch=60, phone_band=True),
)
# (intent, example, the renderings it is spoken in)
Item = tuple[str, str, tuple[Rendering, ...]]
TEMPLATE_SAMPLE = 100  # template-made examples spoken per intent
NOISE_RMS = 0.01  # white noise about 40 dB under full scale


def _lines(path: Path) -> list[str]:
    """The labelled lines of one file: intent examples, item texts, or the manifest's `say`."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = data.get("examples") or data.get("items") or data.get("utterances") or []
    return [str(row if isinstance(row, str) else row.get("text", row.get("say"))) for row in rows]


def held_out() -> set[str]:
    """Every line of the spoken test set and of the labelled NLU sets, normalised: none of them
    is spoken here or kept as a heard example, so those sets still measure unseen lines."""
    return {
        normalize(line)
        for path in (MANIFEST, *sorted(LABELLED.rglob("*.yaml")))
        for line in _lines(path)
    }


def examples(skip: set[str]) -> list[Item]:
    """(intent, example, renderings) for every hand-written example not in `skip`, spoken in
    every rendering, and a fixed sample of each intent's template-made ones, spoken in two."""
    every = RENDERINGS
    found: list[Item] = []
    for name in list_data("intents"):
        intent = Path(name).stem
        written = [str(t) for t in load_yaml(name).get("examples", [])]
        found.extend((intent, t, every) for t in written if normalize(t) not in skip)
        data = next(d for d in intent_data() if d.intent.value == intent)
        made = sorted(set(data.examples) - set(written))
        random.Random(intent).shuffle(made)
        kept = [t for t in made if normalize(t) not in skip][:TEMPLATE_SAMPLE]
        for text in kept:
            first = zlib.crc32(text.encode()) % len(RENDERINGS)
            second = (first + len(RENDERINGS) // 2) % len(RENDERINGS)
            found.append((intent, text, (RENDERINGS[first], RENDERINGS[second])))
    return found


def wider_examples(skip: set[str]) -> list[Item]:
    """Every hand-written example not in `skip`, spoken in the WIDER renderings, taking the
    intents in turn so that a run stopped early has heard every intent alike."""
    by_intent: dict[str, list[Item]] = {}
    for intent, text, where in examples(skip):
        if where == RENDERINGS:
            by_intent.setdefault(intent, []).append((intent, text, WIDER))
    rounds = zip_longest(*by_intent.values())
    return [item for row in rounds for item in row if item is not None]


def recogniser_key(settings: Settings) -> str:
    """What shapes a transcript besides the audio: a change to any of it starts a fresh cache."""
    parts = (settings.stt_model, settings.stt_language, str(settings.stt_window_s), INITIAL_PROMPT)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def speak(text: str, how: Rendering, seed: int) -> AudioClip:
    said = to_devanagari(text) if how.devanagari else text
    if how.pitch == 50:
        clip = run_espeak(said, voice=how.voice, speed=how.speed)
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "said.wav"
            command = ["espeak-ng", "-v", how.voice, "-s", str(how.speed), "-p", str(how.pitch)]
            subprocess.run([*command, "-w", str(path), said], capture_output=True, check=True)
            clip = decode_audio(path, sample_rate=None)
    if how.noisy:
        rng = np.random.default_rng(seed)
        noise = rng.normal(0.0, NOISE_RMS, clip.samples.shape).astype(clip.samples.dtype)
        clip = AudioClip(np.clip(clip.samples + noise, -1.0, 1.0), clip.sample_rate)
    return phone_band(clip) if how.phone_band else clip


def phone_band(clip: AudioClip) -> AudioClip:
    """300-3400 Hz (an FFT mask), then 8 kHz: what a phone call carries."""
    from helpline.audio.resample import resample

    spectrum = np.fft.rfft(clip.samples)
    freqs = np.fft.rfftfreq(len(clip.samples), 1 / clip.sample_rate)
    spectrum[(freqs < 300) | (freqs > 3400)] = 0
    narrow = np.fft.irfft(spectrum, n=len(clip.samples)).astype(np.float32)
    return resample(AudioClip(narrow, clip.sample_rate), 8000)


def digit_homophones(count: int) -> None:
    """Speak random numbers digit by digit in Hindi with the tuning voices, read them as the
    voice agent does while waiting for a number, and print what Whisper wrote for each Hindi
    digit word (candidates for `heard:` in language/data/digits.yaml)."""
    from collections import Counter

    from helpline.engine.voice_phone import number_judge
    from helpline.language.spoken import hindi_number_words
    from helpline.providers.stt.base import Listen

    names = {str(d): hindi_number_words(d) for d in range(10)}
    stt = from_settings(settings=get_settings())
    rng = random.Random(20261202)
    heard: Counter[tuple[str, str]] = Counter()
    judge = number_judge(lambda _: 0.0, Expectation.PHONE)
    for i in range(count):
        how = RENDERINGS[i % len(RENDERINGS)]._replace(devanagari=False)
        number = str(rng.randint(6, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        said = ", ".join(names[d] for d in number)
        words = stt.hear(speak(said, how, i), listen=Listen.NUMBER, judge=judge).text.split()
        if len(words) == len(number):
            heard.update((w, d) for w, d in zip(words, number, strict=True) if w != names[d])
    for (word, digit), n in heard.most_common():
        print(f"{digit} {word} {n}")


def main() -> None:

    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="only the first N examples")
    parser.add_argument("--wider", action="store_true", help="the WIDER renderings only")
    parser.add_argument("--merge", action="store_true", help="add to the heard.yaml written")
    parser.add_argument("--digits", type=int, default=0, help="N numbers: digit homophones")
    parser.add_argument("--write", action="store_true", help="only write what is transcribed")
    args = parser.parse_args()
    if args.digits:
        digit_homophones(args.digits)
        return
    skip = held_out()
    items = wider_examples(skip) if args.wider else examples(skip)
    if args.limit:
        items = items[: args.limit]
    done: dict[str, str] = {}
    settings = get_settings()
    progress_file = CACHE / f"heard-examples-{recogniser_key(settings)}.jsonl"
    if progress_file.is_file():
        for line in progress_file.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            done[row["key"]] = row["heard"]
    if not args.write:
        transcribe_all(items, done, progress_file)
    write(items, done, skip, merge=args.merge)


def transcribe_all(items: list[Item], done: dict[str, str], progress_file: Path) -> None:
    """Speak and transcribe every (example, rendering) not done yet, keeping progress."""
    stt = from_settings(settings=get_settings())
    CACHE.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with progress_file.open("a", encoding="utf-8") as progress:
        for i, (intent, text, renderings) in enumerate(items):
            for how in renderings:
                key = f"{intent}|{text}|{how.key}"
                if key in done:
                    continue
                heard = stt.transcribe(speak(text, how, i)).text
                done[key] = heard
                progress.write(json.dumps({"key": key, "heard": heard}, ensure_ascii=False) + "\n")
                progress.flush()
            if i % 25 == 0:
                rate = (time.perf_counter() - started) / (i + 1)
                print(f"{i + 1}/{len(items)} ({rate:.1f} s per example)", file=sys.stderr)


def written() -> dict[str, str]:
    """heard.yaml as it is: heard text -> intent."""
    data = yaml.safe_load(TARGET.read_text(encoding="utf-8")) or {}
    return {t: i for i, texts in (data.get("intents") or {}).items() for t in texts}


def write(items: list[Item], done: dict[str, str], skip: set[str], *, merge: bool = False) -> None:
    """heard.yaml: per intent, the distinct heard texts that have a letter (a line without one is
    never classified), differ from what was typed, are no held-out line, and that no other
    intent's example was also heard as."""
    wanted = {f"{intent}|{text}|" for intent, text, _ in items}
    typed = set(training_set(heard=False)[0])
    by_text: dict[str, set[str]] = {}
    for key, heard in done.items():
        intent, text, _ = key.split("|", 2)
        said = normalize(heard)
        if (
            f"{intent}|{text}|" in wanted
            and any(c.isalpha() for c in said)
            and said not in typed
            and said not in skip
        ):
            by_text.setdefault(said, set()).add(intent)
    if merge:
        for said, intent in written().items():
            by_text.setdefault(said, set()).add(intent)
    heard_by_intent: dict[str, list[str]] = {}
    for said, intents in sorted(by_text.items()):
        if len(intents) == 1:
            heard_by_intent.setdefault(next(iter(intents)), []).append(said)
    header = (
        "# What the offline Whisper provider wrote for intent examples (every hand-written one\n"
        "# and a sample of the template-made ones) spoken by espeak-ng.\n"
        "# scripts/heard_examples.py writes this file; do not edit it by hand.\n"
    )
    body = yaml.safe_dump(
        {"intents": dict(sorted(heard_by_intent.items()))}, allow_unicode=True, sort_keys=False
    )
    TARGET.write_text(header + body, encoding="utf-8")
    print(f"{sum(map(len, heard_by_intent.values()))} heard examples -> {TARGET}")


if __name__ == "__main__":
    main()
