"""Speak the intent examples with espeak-ng, transcribe them with the offline Whisper provider,
and write what it heard to `src/helpline/language/data/heard.yaml`.

The intent classifier for voice turns (`intent_detector(heard=True)`) also learns these lines:
the words Whisper writes when a Hindi word is said in a way it does not expect ("mera" heard as
"Mary"), so a spoken turn still meets the intent its words were meant for. The six voices here
are not the spoken test set's (`tests/voice/speech_set.py`), and no line of that set's manifest
or of the labelled NLU sets (`tests/data/nlu`) is spoken or kept, so those sets still measure
lines the classifier never met.

Usage: nice .venv/bin/python scripts/heard_examples.py [--limit N]
About 7,700 clips: some 50 minutes on two cores. Progress is kept in
~/.cache/helpline/heard-examples-<recogniser>.jsonl, keyed by the Whisper model, language, window
and prompt, so a stopped run resumes, a rerun only writes the file, and a new prompt starts afresh.
"""

import argparse
import hashlib
import json
import random
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import yaml

from helpline.audio.clip import AudioClip
from helpline.config import Settings, get_settings
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

# (voice, words per minute, Hindi words in Devanagari, noise): every example is spoken in each.
# None of these voices makes the spoken test set.
RENDERINGS = (
    ("en-gb-x-rp", 160, False, False),
    ("hi", 150, True, False),
    ("en-us-nyc", 170, False, True),
    ("en-029", 150, False, False),
    ("hi+f3", 165, True, True),
    ("en-gb", 175, False, True),
)
# (intent, example, indexes into RENDERINGS it is spoken in)
Item = tuple[str, str, tuple[int, ...]]
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
    every = tuple(range(len(RENDERINGS)))
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
            found.append((intent, text, (first, (first + len(RENDERINGS) // 2) % len(RENDERINGS))))
    return found


def recogniser_key(settings: Settings) -> str:
    """What shapes a transcript besides the audio: a change to any of it starts a fresh cache."""
    parts = (settings.stt_model, settings.stt_language, str(settings.stt_window_s), INITIAL_PROMPT)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def speak(text: str, voice: str, speed: int, devanagari: bool, noisy: bool, seed: int) -> AudioClip:
    clip = run_espeak(to_devanagari(text) if devanagari else text, voice=voice, speed=speed)
    if not noisy:
        return clip
    rng = np.random.default_rng(seed)
    noise = rng.normal(0.0, NOISE_RMS, clip.samples.shape).astype(clip.samples.dtype)
    return AudioClip(np.clip(clip.samples + noise, -1.0, 1.0), clip.sample_rate)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="only the first N examples")
    args = parser.parse_args()
    skip = held_out()
    items = examples(skip)
    if args.limit:
        items = items[: args.limit]
    done: dict[str, str] = {}
    settings = get_settings()
    progress_file = CACHE / f"heard-examples-{recogniser_key(settings)}.jsonl"
    if progress_file.is_file():
        for line in progress_file.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            done[row["key"]] = row["heard"]
    stt = from_settings(settings=settings)
    CACHE.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with progress_file.open("a", encoding="utf-8") as progress:
        for i, (intent, text, renderings) in enumerate(items):
            for index in renderings:
                voice, speed, devanagari, noisy = RENDERINGS[index]
                key = f"{intent}|{text}|{voice}|{speed}|{devanagari}|{noisy}"
                if key in done:
                    continue
                heard = stt.transcribe(speak(text, voice, speed, devanagari, noisy, i)).text
                done[key] = heard
                progress.write(json.dumps({"key": key, "heard": heard}, ensure_ascii=False) + "\n")
                progress.flush()
            if i % 25 == 0:
                rate = (time.perf_counter() - started) / (i + 1)
                print(f"{i + 1}/{len(items)} ({rate:.1f} s per example)", file=sys.stderr)
    write(items, done, skip)


def write(items: list[Item], done: dict[str, str], skip: set[str]) -> None:
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
