"""Offline speech with espeak-ng's Hindi voice: robotic but clear, hundreds of times real time."""

import io
import shutil
import subprocess
import wave
from collections.abc import Iterator

import numpy as np

from helpline.audio.clip import AudioClip
from helpline.config import Settings
from helpline.errors import ProviderUnavailable
from helpline.providers.tts.base import sentences, whole_reply
from helpline.providers.tts.devanagari import to_devanagari
from helpline.providers.tts.wording import speakable

# No sentence of ours takes longer; a stuck process must not hold the turn.
_TIMEOUT_S = 20


def espeak_binary() -> str:
    """Path of espeak-ng, or a clear error naming the package to install."""
    found = shutil.which("espeak-ng")
    if found is None:
        raise ProviderUnavailable(
            "espeak-ng is not installed: apt-get install espeak-ng (or `make system-deps`)"
        )
    return found


def prepare(text: str) -> str:
    """Reply text as espeak-ng's Hindi voice should read it (Hindi words in Devanagari)."""
    return to_devanagari(speakable(text, number_words=False))


def run_espeak(text: str, *, voice: str, speed: int, binary: str | None = None) -> AudioClip:
    """One espeak-ng run on text (SSML-free) to a mono clip at espeak's own rate (22 050 Hz)."""
    try:
        result = subprocess.run(
            [binary or espeak_binary(), "-v", voice, "-s", str(speed), "--stdout", text],
            capture_output=True,
            timeout=_TIMEOUT_S,
            check=True,
        )
    except subprocess.CalledProcessError as exc:
        message = exc.stderr.decode(errors="replace").strip() or f"exit status {exc.returncode}"
        raise ProviderUnavailable(f"espeak-ng failed: {message}") from None
    except subprocess.TimeoutExpired:
        raise ProviderUnavailable(f"espeak-ng took over {_TIMEOUT_S} s") from None
    return wav_clip(result.stdout)


def wav_clip(data: bytes) -> AudioClip:
    # espeak-ng writes a streaming WAV header with a placeholder length; wave reads it frame by
    # frame and stops at the real end of the data.
    with wave.open(io.BytesIO(data)) as wav:
        rate, width = wav.getframerate(), wav.getsampwidth()
        frames = wav.readframes(wav.getnframes() or 1 << 30)
    if width != 2:
        raise ProviderUnavailable(f"espeak-ng wrote {8 * width}-bit audio; 16-bit expected")
    return AudioClip.from_int16(np.frombuffer(frames, dtype=np.int16), rate)


class EspeakTTSProvider:
    """espeak-ng through its command line, one process per sentence."""

    name = "espeak"

    def __init__(self, *, voice: str = "hi", speed: int = 160) -> None:
        self._binary = espeak_binary()
        self.voice = voice
        self.speed = speed

    def stream(self, text: str) -> Iterator[AudioClip]:
        for sentence in sentences(text):
            spoken = prepare(sentence)
            if spoken.strip():
                yield run_espeak(spoken, voice=self.voice, speed=self.speed, binary=self._binary)

    def synthesize(self, text: str) -> AudioClip:
        return whole_reply(self.stream(text))


def from_settings(*, settings: Settings) -> EspeakTTSProvider:
    """The provider as configured (Hindi voice at a calm speed)."""
    return EspeakTTSProvider()
