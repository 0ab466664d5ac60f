"""Decode what browsers and phones send (WAV, WebM/Opus, OGG, MP3, M4A) to mono float32 samples.

PyAV (FFmpeg) does the work; it comes with the `voice` extra and is imported on first use.
"""

import io
from pathlib import Path
from typing import Any

import numpy as np

from helpline.audio.clip import SPEECH_RATE, AudioClip
from helpline.errors import AudioError, require

AudioSource = bytes | bytearray | memoryview | str | Path
# The densest audio we take: 48 kHz stereo 32-bit float WAV. A bigger upload cannot be within
# the time limit, and is refused by its size before it is read or decoded (a 1 GB upload once
# peaked at 1.4 GB of memory before the length check refused it).
MAX_BYTES_PER_SECOND = 48_000 * 2 * 4
HEADER_SLACK_BYTES = 1 << 20  # containers, metadata, cover art


def max_audio_bytes(max_seconds: float) -> int:
    """The largest upload that can hold max_seconds of audio."""
    return int(max_seconds * MAX_BYTES_PER_SECOND) + HEADER_SLACK_BYTES


def _too_big(size: int, max_seconds: float) -> AudioError:
    return AudioError(
        f"the audio file is too large ({size / 1e6:.1f} MB); the limit is {max_seconds:g} s, "
        "please send a shorter recording"
    )


def _av() -> Any:
    return require("av", extra="voice", what="decoding audio")


def _read_bytes(source: AudioSource, max_seconds: float | None = None) -> bytes:
    limit = None if max_seconds is None else max_audio_bytes(max_seconds)
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            if limit is not None and (size := path.stat().st_size) > limit:
                raise _too_big(size, max_seconds or 0)
            return path.read_bytes()
        except FileNotFoundError:
            raise AudioError(f"no such audio file: {path}") from None
        except OSError as exc:
            raise AudioError(f"cannot read {path}: {exc.strerror}") from None
    size = source.nbytes if isinstance(source, memoryview) else len(source)
    if limit is not None and size > limit:
        raise _too_big(size, max_seconds or 0)
    return bytes(source)


def decode_audio(
    source: AudioSource, *, sample_rate: int | None = SPEECH_RATE, max_seconds: float | None = None
) -> AudioClip:
    """Decode any audio container to mono float32, resampled to sample_rate (None keeps its own).

    Raises AudioError for empty input, data that is not audio, a file without an audio stream,
    corrupt audio, or audio longer than max_seconds (decoding stops there, so a 10-minute
    upload costs no more than the limit; a file too large to be that short is not even read).
    """
    data = _read_bytes(source, max_seconds)
    if not data:
        raise AudioError("the audio is empty (0 bytes)")
    av = _av()
    try:
        container = av.open(io.BytesIO(data), mode="r")
    except (av.FFmpegError, ValueError, EOFError) as exc:
        raise AudioError(f"this is not audio that can be decoded ({_reason(exc)})") from None
    with container:
        if not container.streams.audio:
            kinds = sorted({s.type for s in container.streams}) or ["nothing"]
            raise AudioError(
                f"this file is not audio: it looks like '{container.format.name}' "
                f"holding {', '.join(kinds)}, with no sound in it"
            )
        stream = container.streams.audio[0]
        _reject_declared_length(stream, container, max_seconds)
        rate = sample_rate or stream.codec_context.sample_rate or SPEECH_RATE
        samples = _decode_stream(av, container, stream, rate, max_seconds)
    return AudioClip(samples, rate)


def _decode_stream(
    av: Any, container: Any, stream: Any, rate: int, max_seconds: float | None
) -> np.ndarray:
    resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
    limit = None if max_seconds is None else int(max_seconds * rate) + 1
    chunks: list[np.ndarray] = []
    total = 0
    try:
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunk = out.to_ndarray().reshape(-1)
                chunks.append(chunk)
                total += len(chunk)
            if limit is not None and total > limit:
                raise AudioError(
                    f"the audio is longer than the {max_seconds:g} s limit; "
                    "please send a shorter recording"
                )
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1))
    except (av.FFmpegError, ValueError, EOFError) as exc:
        raise AudioError(f"the audio is corrupt and cannot be decoded ({_reason(exc)})") from None
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    samples = np.concatenate(chunks).astype(np.float32, copy=False)
    return np.nan_to_num(samples, copy=False)


def _reject_declared_length(stream: Any, container: Any, max_seconds: float | None) -> None:
    """Refuse before decoding when the header already says the audio is too long."""
    if max_seconds is None:
        return
    seconds = None
    if stream.duration is not None and stream.time_base is not None:
        seconds = float(stream.duration * stream.time_base)
    elif container.duration is not None:
        seconds = container.duration / 1_000_000
    # Some writers (espeak-ng to a pipe) put a huge placeholder length in the header.
    if seconds is not None and max_seconds < seconds < 24 * 3600:
        raise AudioError(
            f"the audio is {seconds:.1f} s long; the limit is {max_seconds:g} s, "
            "please send a shorter recording"
        )


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return str(text).split(":")[0].strip()
