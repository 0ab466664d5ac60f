"""The spoken test set: manifest entries rendered to WAV with espeak-ng (and sox for noise).

Rendering is deterministic (fixed voices, speeds and sox's repeatable noise) and cached under
HELPLINE_SPEECH_CACHE (default ~/.cache/helpline/speech-set), keyed by everything that shapes the
audio, so later test runs reuse the files.
"""

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

MANIFEST = Path(__file__).resolve().parents[1] / "data" / "speech" / "manifest.yaml"
VOICES = ("en-us", "en-us+f2")  # a male and a female espeak-ng voice
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


@dataclass(frozen=True, slots=True)
class Rendering:
    """How one copy of an utterance is made."""

    voice: str
    speed: int
    noisy: bool

    @property
    def label(self) -> str:
        return f"{self.voice}@{self.speed}{'+noise' if self.noisy else ''}"


CLEAN = tuple(Rendering(v, s, False) for v in VOICES for s in SPEEDS)
RENDERINGS = (*CLEAN, *(Rendering(v, s, True) for v in VOICES for s in SPEEDS))


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
        )
        for e in data["utterances"]
    ]


def rotation(index: int) -> Rendering:
    """One rendering per utterance, cycling so a single pass covers every voice, speed and noise:
    the even turns are clean (four combinations), every other one carries noise."""
    base = CLEAN[(index // 2) % len(CLEAN)]
    return Rendering(base.voice, base.speed, noisy=index % 2 == 1)


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
    key = "|".join((utterance.say, rendering.label, str(NOISE_VOLUME), _tool_version("espeak-ng")))
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    target = folder / f"{utterance.id}-{digest}.wav"
    if target.is_file():
        return target
    clean = target.with_suffix(".clean.tmp.wav")
    subprocess.run(
        [
            "espeak-ng",
            "-v",
            rendering.voice,
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
    shutil.move(clean, target)  # rename last: a killed run never leaves half a file behind
    return target


def _add_noise(clean: Path, target: Path) -> Path:
    """Pink noise mixed under the speech; -R is sox's repeatable mode (the same noise each time)."""
    noise, noisy = target.with_suffix(".noise.tmp.wav"), target.with_suffix(".noisy.tmp.wav")
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
