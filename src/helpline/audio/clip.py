"""The one value audio travels in: mono float32 samples in [-1, 1] and their sample rate."""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

SPEECH_RATE = 16_000  # what Whisper and webrtcvad expect

Samples = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True, eq=False)
class AudioClip:
    """Mono audio: float32 samples in [-1, 1] at sample_rate Hz."""

    samples: Samples
    sample_rate: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate if self.sample_rate else 0.0

    def to_int16(self) -> npt.NDArray[np.int16]:
        """16-bit PCM, clipped, as WAV files and webrtcvad want it."""
        return (np.clip(self.samples, -1.0, 1.0) * 32767.0).astype(np.int16)

    @classmethod
    def from_int16(cls, pcm: npt.NDArray[np.int16], sample_rate: int) -> "AudioClip":
        return cls((pcm.astype(np.float32) / 32768.0).astype(np.float32), sample_rate)

    @classmethod
    def silence(cls, seconds: float, sample_rate: int = SPEECH_RATE) -> "AudioClip":
        return cls(np.zeros(round(seconds * sample_rate), dtype=np.float32), sample_rate)

    def concat(self, other: "AudioClip") -> "AudioClip":
        """This clip followed by other (which must have the same rate)."""
        if other.sample_rate != self.sample_rate:
            raise ValueError("cannot join clips of different sample rates")
        return AudioClip(np.concatenate([self.samples, other.samples]), self.sample_rate)

    def without_trailing_zeros(self) -> "AudioClip":
        """The clip up to its last sample that is not exactly zero (digital silence padded on)."""
        nonzero = np.flatnonzero(self.samples)
        end = int(nonzero[-1]) + 1 if len(nonzero) else 0
        return self if end == len(self.samples) else AudioClip(self.samples[:end], self.sample_rate)
