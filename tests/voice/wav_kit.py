"""Test audio made in memory: a tone, a line spoken by an espeak-ng voice, and WAV bytes as a phone
or browser upload would send."""

import io
import math
import wave

import numpy as np

from helpline.audio.clip import AudioClip
from helpline.providers.tts.espeak import run_espeak


def tone(seconds: float, rate: int = 22_050, hz: float = 440.0) -> AudioClip:
    t = np.arange(round(seconds * rate)) / rate
    return AudioClip((0.4 * np.sin(2 * math.pi * hz * t)).astype(np.float32), rate)


def said(text: str, voice: str, speed: int = 160) -> AudioClip:
    """A line spoken by one espeak-ng voice (for voices that made no template of the matchers)."""
    return run_espeak(text, voice=voice, speed=speed)


def wav_bytes(samples: np.ndarray, rate: int, channels: int = 1) -> bytes:
    """16-bit PCM WAV of float samples in [-1, 1], interleaved when channels > 1."""
    pcm = np.clip(np.asarray(samples, dtype=np.float64) * 32767, -32768, 32767).astype(np.int16)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()
