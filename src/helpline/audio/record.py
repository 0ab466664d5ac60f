"""Record one utterance from the microphone, stopping when the speaker goes quiet."""

import queue
from collections.abc import Iterator
from typing import Any

from helpline.audio.clip import SPEECH_RATE, AudioClip
from helpline.audio.vad import FRAME_SAMPLES, EndOfSpeech, first_utterance
from helpline.errors import AudioError, MissingExtra, require


def _sounddevice() -> Any:
    try:
        return require("sounddevice", extra="voice", what="the microphone")
    except OSError:  # the PortAudio library itself is missing
        raise AudioError(
            "no audio device: the PortAudio library is not installed; use `helpline chat`"
        ) from None


def input_device_available() -> bool:
    """Whether a microphone can be opened at all."""
    try:
        sd = _sounddevice()
        sd.check_input_settings(samplerate=SPEECH_RATE, channels=1, dtype="int16")
    except (AudioError, MissingExtra):
        return False
    except Exception:  # PortAudioError and ValueError("no default device") alike
        return False
    return True


def record_utterance(
    *, silence_ms: int = 700, max_seconds: float = 30.0, start_timeout_s: float = 10.0
) -> AudioClip:
    """Listen until one utterance is finished; raise AudioError if nobody speaks or no device."""
    detector = EndOfSpeech(silence_ms=silence_ms, max_seconds=max_seconds)
    segment = first_utterance(_microphone_frames(detector, start_timeout_s), detector)
    if segment is None:
        raise AudioError(f"heard no speech in {start_timeout_s:g} s")
    return segment.clip


def _microphone_frames(detector: EndOfSpeech, start_timeout_s: float) -> Iterator[bytes]:
    sd = _sounddevice()
    frames: queue.Queue[bytes] = queue.Queue()

    def callback(indata: Any, _count: int, _time: Any, _status: Any) -> None:
        frames.put(bytes(indata))

    try:
        stream = sd.RawInputStream(
            samplerate=SPEECH_RATE,
            blocksize=FRAME_SAMPLES,
            channels=1,
            dtype="int16",
            callback=callback,
        )
    except Exception as exc:  # sounddevice raises PortAudioError or ValueError for no device
        raise AudioError(f"no audio device ({exc}); use `helpline chat` to type instead") from None
    waited = 0.0
    with stream:
        while True:
            try:
                frame = frames.get(timeout=1.0)
            except queue.Empty:
                raise AudioError("the microphone stopped sending audio") from None
            yield frame
            waited += FRAME_SAMPLES / SPEECH_RATE
            if not detector.started and waited > start_timeout_s:
                return
