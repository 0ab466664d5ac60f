"""G.711 μ-law, the 8 kHz telephone codec: bytes <-> 16-bit PCM, and phone audio <-> speech audio.

Plain numpy through two lookup tables (the standard library's audioop is gone in Python 3.13).
The tables follow the ITU-T G.711 reference (bias 0x84, clip at 32635): silence encodes as
0xFF, and every code decodes to the value the reference decoder gives.
"""

from functools import cache

import numpy as np
import numpy.typing as npt

from helpline.audio.clip import SPEECH_RATE, AudioClip
from helpline.audio.resample import resample

MulawBytes = bytes | bytearray | memoryview
PHONE_RATE = 8_000  # what G.711 carries: telephone gateways send and expect 8 kHz
_BIAS = 0x84  # added before the segment search so that every segment has a leading one
_CLIP = 32_635  # the largest magnitude that still fits the top segment after the bias


@cache
def _encode_table() -> npt.NDArray[np.uint8]:
    """The μ-law byte for every int16 value, indexed by the value's uint16 bit pattern."""
    pcm = np.arange(65_536, dtype=np.uint16).view(np.int16).astype(np.int32)
    sign = np.where(pcm < 0, 0x80, 0)
    magnitude = np.minimum(np.abs(pcm), _CLIP) + _BIAS
    # The segment is the position of the highest set bit above bit 7 (0..7).
    exponent = np.floor(np.log2(magnitude >> 7)).astype(np.int32)
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    table: npt.NDArray[np.uint8] = (~(sign | (exponent << 4) | mantissa) & 0xFF).astype(np.uint8)
    return table


@cache
def _decode_table() -> npt.NDArray[np.int16]:
    """The int16 value of every μ-law byte."""
    code = ~np.arange(256, dtype=np.int32) & 0xFF
    exponent = (code >> 4) & 0x07
    mantissa = code & 0x0F
    magnitude = (((mantissa << 3) + _BIAS) << exponent) - _BIAS
    return np.where(code & 0x80, -magnitude, magnitude).astype(np.int16)


def encode_mulaw(samples: npt.NDArray[np.int16]) -> bytes:
    """16-bit PCM samples to μ-law bytes, one byte per sample."""
    pcm = np.ascontiguousarray(samples, dtype=np.int16)
    return _encode_table()[pcm.view(np.uint16)].tobytes()


def decode_mulaw(data: MulawBytes) -> npt.NDArray[np.int16]:
    """μ-law bytes to 16-bit PCM samples."""
    return _decode_table()[np.frombuffer(data, dtype=np.uint8)]


def mulaw_to_clip(data: MulawBytes, sample_rate: int = SPEECH_RATE) -> AudioClip:
    """8 kHz μ-law phone audio as a clip at sample_rate (16 kHz: what recognition wants)."""
    return resample(AudioClip.from_int16(decode_mulaw(data), PHONE_RATE), sample_rate)


def clip_to_mulaw(clip: AudioClip) -> bytes:
    """Any clip as 8 kHz μ-law phone audio (band-limited by the resampler, then encoded)."""
    return encode_mulaw(resample(clip, PHONE_RATE).to_int16())


class _Rates:
    """One FFmpeg resampler kept across the frames of a stream: converting each 20 ms frame on
    its own starts the filter afresh every time and leaves a click at every frame edge."""

    def __init__(self, source_rate: int, target_rate: int) -> None:
        from helpline.audio.decode import _av

        self._av = _av()
        self._source_rate = source_rate
        self._resampler = self._av.AudioResampler(format="flt", layout="mono", rate=target_rate)

    def convert(self, samples: npt.NDArray[np.float32] | None) -> npt.NDArray[np.float32]:
        """The output the resampler has ready after `samples` (None: flush the rest)."""
        frame = None
        if samples is not None:
            if len(samples) == 0:
                return np.zeros(0, dtype=np.float32)
            block = np.ascontiguousarray(samples, dtype=np.float32).reshape(1, -1)
            frame = self._av.AudioFrame.from_ndarray(block, format="flt", layout="mono")
            frame.sample_rate = self._source_rate
        out = [f.to_ndarray().reshape(-1) for f in self._resampler.resample(frame)]
        return np.concatenate(out).astype(np.float32) if out else np.zeros(0, dtype=np.float32)


class MulawDecoder:
    """A call's incoming phone audio, frame by frame: μ-law bytes at 8 kHz in, int16 PCM at
    sample_rate out. The resampler holds back a few milliseconds; flush() gives them at the end."""

    def __init__(self, sample_rate: int = SPEECH_RATE) -> None:
        self._rates = _Rates(PHONE_RATE, sample_rate)

    def decode(self, data: MulawBytes) -> npt.NDArray[np.int16]:
        pcm = decode_mulaw(data).astype(np.float32) / 32768.0
        return _to_int16(self._rates.convert(pcm))

    def flush(self) -> npt.NDArray[np.int16]:
        return _to_int16(self._rates.convert(None))


class MulawEncoder:
    """A call's outgoing audio, chunk by chunk: clips at any one rate in, 8 kHz μ-law bytes out."""

    def __init__(self, sample_rate: int = SPEECH_RATE) -> None:
        self._sample_rate = sample_rate
        self._rates = _Rates(sample_rate, PHONE_RATE)

    def encode(self, clip: AudioClip) -> bytes:
        if clip.sample_rate != self._sample_rate:
            raise ValueError(f"expected {self._sample_rate} Hz audio, got {clip.sample_rate} Hz")
        return encode_mulaw(_to_int16(self._rates.convert(clip.samples)))

    def flush(self) -> bytes:
        return encode_mulaw(_to_int16(self._rates.convert(None)))


def _to_int16(samples: npt.NDArray[np.float32]) -> npt.NDArray[np.int16]:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype(np.int16)
