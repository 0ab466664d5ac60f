"""Play reply audio on the default output device (sounddevice / PortAudio)."""

from helpline.audio.clip import AudioClip
from helpline.audio.record import _sounddevice
from helpline.errors import AudioError


def output_device_available() -> bool:
    """Whether a speaker can be opened at all."""
    try:
        sd = _sounddevice()
        sd.check_output_settings(channels=1, dtype="float32")
    except Exception:  # MissingExtra, AudioError, PortAudioError, ValueError("no device") alike
        return False
    return True


def play(clip: AudioClip) -> None:
    """Play the clip and wait until it has finished."""
    sd = _sounddevice()
    try:
        sd.play(clip.samples, clip.sample_rate, blocking=True)
    except Exception as exc:  # PortAudioError has no stable import path across versions
        raise AudioError(f"cannot play audio ({exc})") from None
