"""Refuse audio that cannot hold a customer's sentence, with a reason a person understands."""

import numpy as np

from helpline.audio.clip import SPEECH_RATE, AudioClip
from helpline.audio.decode import AudioSource, decode_audio
from helpline.errors import AudioError

MIN_SPEECH_SECONDS = 0.3  # shorter than any word; 0.1 s uploads are accidental taps
# -50 dBFS peak: a real microphone's own hiss is louder, digital silence is far below it.
SILENCE_PEAK = 10 ** (-50 / 20)


def check_speech(
    clip: AudioClip, *, max_seconds: float, min_seconds: float = MIN_SPEECH_SECONDS
) -> AudioClip:
    """Return clip if it can hold speech, else raise AudioError saying why."""
    duration = clip.duration_s
    if len(clip.samples) == 0:
        raise AudioError("the audio has no sound in it (0 samples)")
    if duration < min_seconds:
        raise AudioError(
            f"the audio is too short ({duration:.2f} s); please speak for at least "
            f"{min_seconds:g} s"
        )
    if duration > max_seconds:
        raise AudioError(
            f"the audio is {duration:.1f} s long; the limit is {max_seconds:g} s, "
            "please send a shorter recording"
        )
    if not np.isfinite(clip.samples).all() or float(np.max(np.abs(clip.samples))) < SILENCE_PEAK:
        raise AudioError("the audio is silent; please check the microphone and speak again")
    return clip


def load_speech(
    source: AudioSource | AudioClip, *, max_seconds: float, sample_rate: int = SPEECH_RATE
) -> AudioClip:
    """Decode (any format) and check audio meant to hold speech, resampled to sample_rate."""
    if isinstance(source, AudioClip):
        clip = source
        if clip.sample_rate != sample_rate:
            from helpline.audio.resample import resample

            clip = resample(clip, sample_rate)
    else:
        clip = decode_audio(source, sample_rate=sample_rate, max_seconds=max_seconds)
    return check_speech(clip, max_seconds=max_seconds)
