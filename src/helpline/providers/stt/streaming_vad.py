"""Voice activity on a live stream: where the caller's speech starts, pauses and resumes.

Audio arrives in frames of any size; webrtcvad judges 30 ms at a time (a few microseconds
each), so this runs on the thread that receives the audio and a barge-in is noticed at once,
however busy recognition is.
"""

import math
from dataclasses import dataclass
from enum import Enum

import numpy as np
import numpy.typing as npt

from helpline.audio.clip import SPEECH_RATE
from helpline.audio.vad import FRAME_MS, FRAME_SAMPLES, SpeechDetector

# Voiced audio this long counts as speech starting: a click or a breath is shorter. 120 ms
# (EndOfSpeech uses 150) keeps a barge-in's "pause" within 200 ms of the caller's first word.
MIN_SPEECH_MS = 120
# Audio kept from before the start, so the first syllable is not clipped. Whisper reads the
# same words differently with more or less of it; intent accuracy on 42 hard lines of the spoken
# set was 0.74, 0.67, 0.77, 0.67, 0.67 with 0, 90, 150, 300, 600 ms (whole clip: 0.77): no
# trend, and 150 ms is what is used.
PREROLL_MS = 150
# Silence this long is a pause worth a speculative final reading: the speaker may have stopped.
PAUSE_MS = 90
SILENT_DBFS = -100.0


class Activity(Enum):
    START = "start"  # speech began (the position is its first voiced frame)
    PAUSE = "pause"  # PAUSE_MS of silence after speech
    RESUME = "resume"  # speech again after a pause


@dataclass(frozen=True, slots=True)
class Change:
    activity: Activity
    at_ms: float  # position on the stream's timeline


class Endpointer:
    """Cuts one utterance at a time out of a stream and says how long it has been silent."""

    def __init__(
        self,
        *,
        detector: SpeechDetector | None = None,
        min_speech_ms: int = MIN_SPEECH_MS,
        preroll_ms: int = PREROLL_MS,
        pause_ms: int = PAUSE_MS,
    ) -> None:
        self._detector = detector or SpeechDetector()
        self._min_speech = max(1, math.ceil(min_speech_ms / FRAME_MS))
        self._preroll = preroll_ms // FRAME_MS
        self._pause = max(1, math.ceil(pause_ms / FRAME_MS))
        self.pause_ms = self._pause * FRAME_MS
        self._pending = np.zeros(0, dtype=np.int16)
        self.frames = 0  # frames judged since the stream began
        self.reset()

    def reset(self) -> None:
        """Forget the current utterance (it was answered, or it was only a backchannel)."""
        self._kept: list[npt.NDArray[np.int16]] = []
        self._voiced_run = 0
        self._silent_run = 0
        self._voiced = 0
        self._energy = 0.0
        self.started = False
        self.onset_ms = 0.0
        self.last_voiced_ms = 0.0

    @property
    def position_ms(self) -> float:
        return self.frames * FRAME_MS

    @property
    def silence_ms(self) -> float:
        """Silence since the last voiced frame of the utterance (0 while speaking)."""
        return self._silent_run * FRAME_MS if self.started else 0.0

    @property
    def speech_ms(self) -> float:
        return self._voiced * FRAME_MS

    @property
    def level_dbfs(self) -> float:
        """RMS level of the utterance's voiced frames."""
        if not self._voiced or self._energy <= 0:
            return SILENT_DBFS
        return 10 * math.log10(self._energy / (self._voiced * FRAME_SAMPLES))

    @property
    def samples(self) -> int:
        return sum(len(f) for f in self._kept)

    def utterance(self) -> npt.NDArray[np.float32]:
        """The utterance so far (from just before its start), 16 kHz float32."""
        if not self._kept:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate(self._kept).astype(np.float32) / 32768.0

    def push(self, pcm: npt.NDArray[np.int16]) -> list[Change]:
        """Feed 16 kHz PCM of any length; the changes it brought, in order."""
        audio = np.concatenate([self._pending, pcm]) if len(self._pending) else pcm
        whole = len(audio) // FRAME_SAMPLES * FRAME_SAMPLES
        self._pending = audio[whole:].copy()
        changes: list[Change] = []
        for start in range(0, whole, FRAME_SAMPLES):
            change = self._frame(audio[start : start + FRAME_SAMPLES])
            if change is not None:
                changes.append(change)
        return changes

    def _frame(self, frame: npt.NDArray[np.int16]) -> Change | None:
        voiced = self._detector.is_speech(frame.tobytes())
        self.frames += 1
        self._kept.append(frame)
        if not self.started:
            self._voiced_run = self._voiced_run + 1 if voiced else 0
            if self._voiced_run < self._min_speech:
                self._kept = self._kept[-(self._preroll + self._min_speech) :]
                return None
            self.started = True
            self._voiced = self._voiced_run
            self._energy = sum(_energy(f) for f in self._kept[-self._voiced_run :])
            self.onset_ms = (self.frames - self._voiced_run) * FRAME_MS
            self.last_voiced_ms = self.position_ms
            return Change(Activity.START, self.onset_ms)
        if voiced:
            paused = self._silent_run >= self._pause
            self._silent_run = 0
            self._voiced += 1
            self._energy += _energy(frame)
            self.last_voiced_ms = self.position_ms
            return Change(Activity.RESUME, self.position_ms) if paused else None
        self._silent_run += 1
        if self._silent_run == self._pause:
            return Change(Activity.PAUSE, self.position_ms)
        return None


def _energy(frame: npt.NDArray[np.int16]) -> float:
    scaled = frame.astype(np.float64) / 32768.0
    return float(np.dot(scaled, scaled))


def samples_to_ms(samples: int) -> float:
    return samples * 1000 / SPEECH_RATE
