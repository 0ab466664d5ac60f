"""Audio in and out of helpline: decoding, resampling, validation, voice activity, recording.

Decoding needs PyAV, which comes with the `voice` extra; the modules import it lazily.
"""

from helpline.audio.clip import SPEECH_RATE, AudioClip

__all__ = ["SPEECH_RATE", "AudioClip"]
