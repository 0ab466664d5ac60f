"""The spoken test set: manifest entries rendered to WAV with espeak-ng (and sox for noise and
the telephone band).

Roman lines are read by two English voices; lines written in Devanagari by two variants of the
Hindi voice (a male and a female speaker other than the two the tuning data uses). None of these
four voices, and no 8 kHz audio, is used to make the tuning data (scripts/heard_examples.py).

Rendering is deterministic (fixed voices, speeds and sox's repeatable noise) and cached under
HELPLINE_SPEECH_CACHE (default ~/.cache/helpline/speech-set), keyed by everything that shapes the
audio, so later test runs reuse the files.
"""

import hashlib
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

MANIFEST = Path(__file__).resolve().parents[1] / "data" / "speech" / "manifest.yaml"
VOICES = ("en-us", "en-us+f2")  # a male and a female espeak-ng voice
# The voice that reads a Devanagari line in place of each English one.
DEVANAGARI_VOICES = {"en-us": "hi+m2", "en-us+f2": "hi+f4"}
SPEEDS = (145, 175)  # words per minute: an unhurried and a quick speaker
NOISE_VOLUME = 0.04  # pink noise at about -28 dBFS under speech peaking near -6 dBFS


@dataclass(frozen=True, slots=True)
class Utterance:
    id: str
    say: str
    intent: str | None
    phone: str | None
    digits: str | None
    amount: float | None
    script: str = "roman"  # or "devanagari"


@dataclass(frozen=True, slots=True)
class Rendering:
    """How one copy of an utterance is made."""

    voice: str
    speed: int
    noisy: bool
    phone_band: bool = False  # telephone audio: 300-3400 Hz at 8 kHz

    @property
    def label(self) -> str:
        extra = ("+noise" if self.noisy else "") + ("+8k" if self.phone_band else "")
        return f"{self.voice}@{self.speed}{extra}"

    def voice_for(self, utterance: "Utterance") -> str:
        if utterance.script == "devanagari":
            return DEVANAGARI_VOICES[self.voice]
        return self.voice


CLEAN = tuple(Rendering(v, s, False) for v in VOICES for s in SPEEDS)
NOISY = tuple(Rendering(v, s, True) for v in VOICES for s in SPEEDS)
PHONE_BAND = tuple(Rendering(v, s, False, phone_band=True) for v in VOICES for s in SPEEDS)
RENDERINGS = (*CLEAN, *NOISY, *PHONE_BAND)


def load_manifest() -> list[Utterance]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return [
        Utterance(
            str(e["id"]),
            str(e["say"]),
            e.get("intent"),
            e.get("phone"),
            e.get("digits"),
            e.get("amount"),
            e.get("script", "roman"),
        )
        for e in data["utterances"]
    ]


def rotation(index: int) -> Rendering:
    """One rendering per utterance, cycling so a single pass covers every voice and speed, each
    clean, with noise and as telephone audio in turn."""
    base = CLEAN[(index // 3) % len(CLEAN)]
    kind = index % 3
    return Rendering(base.voice, base.speed, noisy=kind == 1, phone_band=kind == 2)


def chosen_pairs(
    items: list[Utterance], *, every: bool = False, only: Sequence[str] = ()
) -> list[tuple[Utterance, Rendering]]:
    """The clips an evaluation hears: one rendering per utterance in rotation, or every
    rendering (every=True); only the utterances whose id starts with a prefix in `only`."""
    pairs = (
        [(u, r) for u in items for r in RENDERINGS]
        if every
        else [(u, rotation(i)) for i, u in enumerate(items)]
    )
    if only:
        pairs = [(u, r) for u, r in pairs if u.id.startswith(tuple(only))]
    return pairs


def cache_dir() -> Path:
    folder = os.environ.get("HELPLINE_SPEECH_CACHE", "~/.cache/helpline/speech-set")
    return Path(folder).expanduser()


def _tool_version(tool: str) -> str:
    out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else ""


def render(utterance: Utterance, rendering: Rendering, *, folder: Path | None = None) -> Path:
    """The WAV file for this utterance and rendering, made once and reused."""
    folder = folder or cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    voice = rendering.voice_for(utterance)
    label = rendering.label.replace(rendering.voice, voice, 1)
    key = "|".join((utterance.say, label, str(NOISE_VOLUME), _tool_version("espeak-ng")))
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    target = folder / f"{utterance.id}-{digest}.wav"
    if target.is_file():
        return target
    clean = _scratch(target, "clean")
    subprocess.run(
        [
            "espeak-ng",
            "-v",
            voice,
            "-s",
            str(rendering.speed),
            "-w",
            str(clean),
            utterance.say,
        ],
        check=True,
        capture_output=True,
    )
    if rendering.noisy:
        clean = _add_noise(clean, target)
    if rendering.phone_band:
        clean = _phone_band(clean, target)
    shutil.move(clean, target)  # rename last: a killed run never leaves half a file behind
    return target


def _scratch(target: Path, step: str) -> Path:
    """A file of this process for one step of making `target`: test workers that render the
    same clip at once never write or delete each other's."""
    return target.with_suffix(f".{os.getpid()}.{step}.tmp.wav")


def _add_noise(clean: Path, target: Path) -> Path:
    """Pink noise mixed under the speech; -R is sox's repeatable mode (the same noise each time)."""
    noise, noisy = _scratch(target, "noise"), _scratch(target, "noisy")
    info = subprocess.run(["soxi", "-D", str(clean)], capture_output=True, text=True, check=True)
    rate = subprocess.run(["soxi", "-r", str(clean)], capture_output=True, text=True, check=True)
    subprocess.run(
        [
            "sox",
            "-R",
            "-n",
            "-r",
            rate.stdout.strip(),
            "-c",
            "1",
            "-b",
            "16",
            str(noise),
            "synth",
            info.stdout.strip(),
            "pinknoise",
            "vol",
            str(NOISE_VOLUME),
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["sox", "-R", "-m", str(clean), str(noise), str(noisy)], check=True, capture_output=True
    )
    clean.unlink()
    noise.unlink()
    return noisy


def _phone_band(clean: Path, target: Path) -> Path:
    """What a phone call carries: 300-3400 Hz, resampled to 8 kHz."""
    narrow = _scratch(target, "8k")
    subprocess.run(
        ["sox", str(clean), "-r", "8000", str(narrow), "sinc", "300-3400"],
        check=True,
        capture_output=True,
    )
    clean.unlink()
    return narrow
