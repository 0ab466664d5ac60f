"""Voice activity with webrtcvad: which frames hold speech, and when a speaker has finished."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from helpline.audio.clip import SPEECH_RATE, AudioClip
from helpline.errors import require

FRAME_MS = 30  # webrtcvad accepts 10, 20 or 30 ms frames at 8/16/32/48 kHz
FRAME_SAMPLES = SPEECH_RATE * FRAME_MS // 1000


def _webrtcvad() -> Any:
    return require("webrtcvad", extra="voice", what="voice activity detection")


def frames(clip: AudioClip) -> Iterator[bytes]:
    """16 kHz 16-bit PCM frames of FRAME_MS (a trailing partial frame is dropped)."""
    if clip.sample_rate != SPEECH_RATE:
        raise ValueError(f"VAD needs {SPEECH_RATE} Hz audio, got {clip.sample_rate} Hz")
    pcm = clip.to_int16()
    for start in range(0, len(pcm) - FRAME_SAMPLES + 1, FRAME_SAMPLES):
        yield pcm[start : start + FRAME_SAMPLES].tobytes()


class SpeechDetector:
    """Says whether a frame holds speech; aggressiveness 0 (lenient) .. 3 (strict)."""

    def __init__(self, *, aggressiveness: int = 2) -> None:
        self._vad = _webrtcvad().Vad(aggressiveness)

    def is_speech(self, frame: bytes) -> bool:
        return bool(self._vad.is_speech(frame, SPEECH_RATE))

    def speech_ratio(self, clip: AudioClip) -> float:
        """Share of the clip's frames that hold speech."""
        flags = [self.is_speech(f) for f in frames(clip)]
        return sum(flags) / len(flags) if flags else 0.0


@dataclass(frozen=True, slots=True)
class Segment:
    """One utterance cut from a stream: its audio and whether it ended by silence."""

    clip: AudioClip
    ended_by_silence: bool


class EndOfSpeech:
    """Collects frames until speech has started and then stopped for `silence_ms`.

    A short burst (a cough, a click) under `min_speech_ms` does not count as speech starting;
    `preroll_ms` of audio before the start is kept so the first syllable is not clipped.
    """

    def __init__(
        self,
        *,
        detector: SpeechDetector | None = None,
        silence_ms: int = 700,
        min_speech_ms: int = 150,
        preroll_ms: int = 300,
        max_seconds: float = 30.0,
    ) -> None:
        self.detector = detector or SpeechDetector()
        self._silence_frames = max(1, silence_ms // FRAME_MS)
        self._min_speech = max(1, min_speech_ms // FRAME_MS)
        self._preroll = max(0, preroll_ms // FRAME_MS)
        self._max_frames = int(max_seconds * 1000 // FRAME_MS)
        self.reset()

    def reset(self) -> None:
        self._kept: list[bytes] = []
        self._voiced_run = 0
        self._silent_run = 0
        self.started = False
        self.done = False

    def push(self, frame: bytes) -> bool:
        """Feed one frame; True once the utterance is complete (or hit max_seconds)."""
        if self.done:
            return True
        voiced = self.detector.is_speech(frame)
        self._kept.append(frame)
        if not self.started:
            self._voiced_run = self._voiced_run + 1 if voiced else 0
            if self._voiced_run >= self._min_speech:
                self.started = True
            else:
                self._kept = self._kept[-(self._preroll + self._min_speech) :]
            return False
        self._silent_run = 0 if voiced else self._silent_run + 1
        self.done = self._silent_run >= self._silence_frames or len(self._kept) >= self._max_frames
        return self.done

    def segment(self) -> Segment:
        """The collected utterance with trailing silence trimmed to 200 ms."""
        trailing = max(0, self._silent_run - 200 // FRAME_MS)
        kept = self._kept[: len(self._kept) - trailing] if trailing else self._kept
        pcm = np.frombuffer(b"".join(kept), dtype=np.int16)
        ended = self._silent_run >= self._silence_frames
        return Segment(AudioClip.from_int16(pcm, SPEECH_RATE), ended_by_silence=ended)


def first_utterance(stream: Iterable[bytes], detector: EndOfSpeech) -> Segment | None:
    """Run frames through detector until it reports the end of an utterance."""
    for frame in stream:
        if detector.push(frame):
            return detector.segment()
    return detector.segment() if detector.started else None
