"""Change the sample rate of audio already in memory (microphone captures, synthesised speech)."""

import numpy as np

from helpline.audio.clip import AudioClip
from helpline.audio.decode import _av

_BLOCK = 65_536  # samples per frame handed to FFmpeg's resampler


def resample(clip: AudioClip, sample_rate: int) -> AudioClip:
    """The same sound at sample_rate, through FFmpeg's resampler (band-limited, not linear)."""
    if clip.sample_rate == sample_rate or len(clip.samples) == 0:
        return AudioClip(clip.samples, sample_rate) if len(clip.samples) == 0 else clip
    av = _av()
    resampler = av.AudioResampler(format="flt", layout="mono", rate=sample_rate)
    chunks: list[np.ndarray] = []
    samples = np.ascontiguousarray(clip.samples, dtype=np.float32)
    for start in range(0, len(samples), _BLOCK):
        block = samples[start : start + _BLOCK].reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(block, format="flt", layout="mono")
        frame.sample_rate = clip.sample_rate
        chunks.extend(out.to_ndarray().reshape(-1) for out in resampler.resample(frame))
    chunks.extend(out.to_ndarray().reshape(-1) for out in resampler.resample(None))
    return AudioClip(np.concatenate(chunks).astype(np.float32, copy=False), sample_rate)
