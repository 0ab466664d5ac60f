"""Frame features for matching spoken digit words: cepstra of the telephone band only.

Only 300-3400 Hz is used, so wideband and 8 kHz telephone audio give the same features. The
noise floor (the band energies of the quietest frames) is subtracted and a floor 35 dB under the
utterance's loud frames added back, so that clean speech and speech in steady noise look alike;
the cepstral mean of the loud frames is removed (the channel), and a log-energy relative to the
loudest frame tells silence from speech. Deltas follow each static feature.
"""

import numpy as np
import numpy.typing as npt

from helpline.audio.clip import AudioClip
from helpline.audio.resample import resample

RATE = 16_000
WINDOW = 400  # 25 ms
HOP = 160  # 10 ms
FFT = 512
BANDS = 24
LOW_HZ, HIGH_HZ = 300.0, 3400.0
CEPSTRA = 12  # c1..c12; c0 is replaced by the relative log-energy
NOISE_PERCENTILE = 15  # frames this quiet or quieter are the noise floor
OVER_SUBTRACT = 2.0
KEEP_OF_NOISE = 0.05
FLOOR_DB = 35.0
ENERGY_SCALE = 4.0  # nats of band energy per unit, so the energy weighs like a cepstrum
# A whisper of noise keeps digital silence from giving -inf logs and wild deltas.
DITHER = 3e-4
ENERGY = CEPSTRA  # column of the relative log-energy
WIDTH = 2 * (CEPSTRA + 1)


def _mel_bank() -> npt.NDArray[np.float64]:
    def to_mel(hz: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return 2595 * np.log10(1 + hz / 700)

    low_mel, high_mel = to_mel(np.array([LOW_HZ, HIGH_HZ]))
    edges_mel = np.linspace(float(low_mel), float(high_mel), BANDS + 2)
    edges = np.floor((FFT + 1) * 700 * (10 ** (edges_mel / 2595) - 1) / RATE).astype(int)
    bank = np.zeros((BANDS, FFT // 2 + 1))
    for i in range(BANDS):
        low, mid, high = edges[i : i + 3]
        bank[i, low:mid] = (np.arange(low, mid) - low) / max(1, mid - low)
        bank[i, mid:high] = (high - np.arange(mid, high)) / max(1, high - mid)
    return bank


_BANK = _mel_bank()
_DCT = np.cos(
    np.pi / BANDS * (np.arange(BANDS)[None, :] + 0.5) * np.arange(1, CEPSTRA + 1)[:, None]
)
_WINDOW = np.hamming(WINDOW)


def features(clip: AudioClip) -> npt.NDArray[np.float32]:
    """(frames, WIDTH) features of a clip at any sample rate; empty for under 25 ms."""
    if clip.sample_rate != RATE:
        clip = resample(clip, RATE)
    x = clip.samples.astype(np.float64)
    if len(x) < WINDOW:
        return np.zeros((0, WIDTH), np.float32)
    x = x + np.random.default_rng(0).normal(0.0, DITHER, len(x))
    x = np.append(x[0], x[1:] - 0.97 * x[:-1])
    count = 1 + (len(x) - WINDOW) // HOP
    frames = x[np.arange(WINDOW)[None, :] + HOP * np.arange(count)[:, None]] * _WINDOW
    bands = (np.abs(np.fft.rfft(frames, FFT)) ** 2) @ _BANK.T
    total = bands.sum(axis=1)
    noise = bands[total <= np.percentile(total, NOISE_PERCENTILE)].mean(axis=0)
    bands = np.maximum(bands - OVER_SUBTRACT * noise, KEEP_OF_NOISE * noise)
    loud_total = np.percentile(bands.sum(axis=1), 95)
    bands = bands + loud_total * 10 ** (-FLOOR_DB / 10) / BANDS
    cepstra = np.log(bands) @ _DCT.T
    energy = np.log(bands.sum(axis=1))
    loud = energy > np.percentile(energy, 40)
    cepstra = cepstra - cepstra[loud].mean(axis=0)
    static = np.hstack([cepstra, ((energy - energy.max()) / ENERGY_SCALE)[:, None]])
    padded = np.pad(static, ((2, 2), (0, 0)), mode="edge")
    delta = (padded[3:-1] - padded[1:-3] + 2 * (padded[4:] - padded[:-4])) / 10
    return np.hstack([static, delta]).astype(np.float32)
