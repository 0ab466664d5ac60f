"""Write audio for people and browsers: WAV with the standard library, OGG/Opus or MP3 via PyAV."""

import io
import wave
from typing import Literal

from helpline.audio.clip import AudioClip
from helpline.audio.decode import _av
from helpline.audio.resample import resample

AudioFormat = Literal["wav", "ogg", "mp3"]

# Opus only runs at 48 kHz (and a few lower rates); MP3 encoders accept the common rates.
_CODECS = {"ogg": ("libopus", 48_000), "mp3": ("libmp3lame", None)}


def to_wav(clip: AudioClip) -> bytes:
    """16-bit mono PCM WAV."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(clip.sample_rate)
        out.writeframes(clip.to_int16().tobytes())
    return buffer.getvalue()


def encode(clip: AudioClip, fmt: AudioFormat = "wav") -> bytes:
    """The clip as a WAV, OGG (Opus) or MP3 file's bytes."""
    if fmt == "wav":
        return to_wav(clip)
    if fmt not in _CODECS:
        raise ValueError(f"unknown audio format '{fmt}' (choose wav, ogg or mp3)")
    av = _av()
    codec, rate = _CODECS[fmt]
    if rate is not None and clip.sample_rate != rate:
        clip = resample(clip, rate)
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=fmt) as container:
        stream = container.add_stream(codec, rate=clip.sample_rate, layout="mono")
        pcm = clip.to_int16().reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate = clip.sample_rate
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()
