"""Recognition while the caller speaks: partial transcripts as the utterance grows, and the final
reading started in the first silence, so little is left to do when the caller has finished.

Two threads share a StreamingRecognizer: the one receiving audio calls `push` (voice activity
only, microseconds), a worker calls `step` (Whisper passes, hundreds of milliseconds).

- Partial transcripts come from quick glances (a short encoder window, one greedy pass) every
  GLANCE_EVERY_MS of new speech; the words two successive glances agree on are committed (local
  agreement) and never change in later partials.
- The final reading is the judged one a recorded turn gets (`read`: n-best and second passes
  when the first reading is poor or a number is expected), over the whole utterance and a
  little silence added after it (TAIL_PAD_MS), so streaming costs no accuracy. It starts
  speculatively at the first PAUSE_MS of silence and is dropped if speech resumes.
- Forcing the committed words as the decoder's prefix, so the final pass decodes only the tail,
  was measured and rejected: CTranslate2 steps through a forced prefix token by token, so the
  decode took as long (188 vs 192 ms for a 3 s question), and the encoder must see the whole
  utterance anyway.
- The end: QUICK_END_MS of silence once the final reading is a complete request (the judge
  likes it), else HANGOVER_MS, so a caller who pauses mid-sentence is not cut off. An answer to
  a number read back waits ANSWER_END_MS even when complete, so "yes, correct" is one answer.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from helpline.audio.clip import SPEECH_RATE, AudioClip
from helpline.errors import AudioError
from helpline.providers.stt.base import WHOLE_NUMBER, Judge, Listen, Transcript
from helpline.providers.stt.streaming_vad import Change, Endpointer

log = logging.getLogger(__name__)

# Judged reading of a whole utterance (the recorded turn's recognition).
Read = Callable[[AudioClip, Listen, Judge], Transcript]
# Quick reading of speech still being spoken.
Glance = Callable[[npt.NDArray[np.float32]], str]

GLANCE_EVERY_MS = 700  # a glance costs 150-250 ms on two cores: one in three of them at most
QUICK_END_MS = 240
HANGOVER_MS = 700  # what EndOfSpeech waits for a recorded turn
# Silence that ends a complete answer to a number read back. Callers answer in two parts with a
# comma between ("yes, correct", "haan ji, sahi hai"); espeak-ng's pause after "yes," is
# 90-270 ms over 22 voices and speeds, and at QUICK_END_MS the spoken set's "yes, correct" was
# cut after "yes" in 4 of its 12 renderings (voice_stream_eval.py), "correct" then read alone
# as "Incorrect" once, a turn of its own. Acting on the first part would also let a "yes"
# confirm a number the same breath goes on to reject ("yes, no, it is wrong"). The wait costs
# one turn per read-back, and the final reading, started at the first pause, overlaps it.
ANSWER_END_MS = 500
COMPLETE = 0.6  # judge score of a complete request: a glance this good ends the turn early
# Silence before the final reading of a line of digits: read after 90 ms, 3 of 11 English
# numbers lost their last digit (its fading tail cut), after 180 or 300 ms 2 of 11 did
# (voice_stream_eval.py --only phone-en). A read-back follows anyway, so this waits longer.
NUMBER_PAUSE_MS = 300
MAX_UTTERANCE_MS = 30_000
# Silence added after the endpointer's cut before the final reading: the cut leaves 90-300 ms
# after the last word where a recorded clip has its own silence, and Whisper read the short tail
# worse (voice_stream_eval.py on this project's spoken set: intent 0.829 streaming against 0.871
# whole-clip, English numbers verified 0.818 against 0.909; with 200 ms added 0.871 and 0.909;
# 400 ms started repetition loops on clean questions). Template matching gets the audio without
# it. Speech over a reply (`eager`) is read as cut: the interruption judge was set on that.
TAIL_PAD_MS = 200


_TAIL_PAD = np.zeros(SPEECH_RATE * TAIL_PAD_MS // 1000, np.float32)


@dataclass(frozen=True, slots=True)
class Partial:
    committed: str  # words that will not change
    tentative: str  # the rest of the latest glance
    at_ms: float

    @property
    def text(self) -> str:
        return f"{self.committed} {self.tentative}".strip()


@dataclass(frozen=True, slots=True)
class Final:
    transcript: Transcript
    speech_end_ms: float  # the utterance's last voiced frame on the stream's timeline
    at_ms: float  # stream position when the end was declared
    read_ms: float  # wall time of the final reading
    speculative_misses: int  # final readings dropped because speech resumed
    speech_ms: float  # voiced audio in the utterance
    level_dbfs: float  # its RMS level


class LocalAgreement:
    """Commits the words two successive readings of a growing utterance agree on."""

    def __init__(self) -> None:
        self.committed: list[str] = []
        self._previous: list[str] = []

    def update(self, reading: str) -> tuple[str, str]:
        """(committed, tentative) after one more reading."""
        words = reading.split()
        agreed = 0
        while (
            agreed < min(len(words), len(self._previous))
            and words[agreed] == self._previous[agreed]
        ):
            agreed += 1
        # Committed words stay committed: a later reading may differ, the display must not.
        if agreed > len(self.committed) and words[: len(self.committed)] == self.committed:
            self.committed = words[:agreed]
        self._previous = words
        follows = words[: len(self.committed)] == self.committed
        tentative = words[len(self.committed) :] if follows else words
        return " ".join(self.committed), " ".join(tentative)


@dataclass(frozen=True, slots=True)
class _Candidate:
    transcript: Transcript
    covers_ms: float  # stream position its audio ends at
    complete: bool
    read_ms: float


class StreamingRecognizer:
    """One utterance at a time, out of a live 16 kHz stream."""

    def __init__(
        self,
        read: Read,
        glance: Glance | None = None,
        *,
        endpointer: Endpointer | None = None,
        quick_end_ms: float = QUICK_END_MS,
        answer_end_ms: float = ANSWER_END_MS,
        hangover_ms: float = HANGOVER_MS,
    ) -> None:
        self._read = read
        self._glance = glance
        self._vad = endpointer or Endpointer()
        self.quick_end_ms = quick_end_ms
        self.answer_end_ms = answer_end_ms
        self.hangover_ms = hangover_ms
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        self._agreement = LocalAgreement()
        self._glanced_ms = 0.0
        self._shown = ""
        self._candidate: _Candidate | None = None
        self._misses = 0

    def push(self, pcm: npt.NDArray[np.int16]) -> list[Change]:
        """Voice activity for new audio (cheap: call it from the receiving thread)."""
        with self._lock:
            return self._vad.push(pcm)

    def reset(self) -> None:
        """Drop the utterance being heard."""
        with self._lock:
            self._vad.reset()
            self._clear()

    def heard(self) -> tuple[float, float, float]:
        """(speech_ms, level_dbfs, silence_ms) of the utterance so far."""
        with self._lock:
            return self._vad.speech_ms, self._vad.level_dbfs, self._vad.silence_ms

    @property
    def position_ms(self) -> float:
        with self._lock:
            return self._vad.position_ms

    @property
    def in_speech(self) -> bool:
        with self._lock:
            return self._vad.started

    def step(self, listen: Listen, judge: Judge, *, eager: bool = False) -> list[Partial | Final]:
        """At most one Whisper pass: the final reading once the caller pauses, else a glance
        when enough new speech has come; the end of the utterance when it is due. `eager`:
        the caller is talking over a reply, which stays paused until their short turn ends."""
        with self._lock:
            if not self._vad.started:
                return []
            silence, position = self._vad.silence_ms, self._vad.position_ms
            speech_ms = self._vad.position_ms - self._vad.onset_ms
            candidate = self._valid_candidate()
            audio = self._vad.utterance() if candidate is None else None
        pause = NUMBER_PAUSE_MS if listen is Listen.NUMBER else self._vad.pause_ms
        if (
            candidate is None
            and audio is not None
            and (silence >= pause or speech_ms >= MAX_UTTERANCE_MS)
        ):
            candidate, partial = self._speculate(audio, position, listen, judge, eager=eager)
            if candidate is None:
                return [partial] if partial is not None else []
        if candidate is not None:
            final = self._end(candidate, listen, eager=eager)
            return [final] if final is not None else []
        # Speech over a reply is not glanced at: a glance at half a second of "yes" read "d s"
        # (measured), which would count as a request; its length and final reading decide.
        if self._glance is None or audio is None or eager:
            return []
        # No glance in a silence: the caller may have finished, and a glance started now would
        # hold up the final reading by its whole length.
        if silence > 0 or speech_ms - self._glanced_ms < GLANCE_EVERY_MS:
            return []
        self._glanced_ms = speech_ms
        partial = self._partial(self._glance(audio), position)
        return [partial] if partial is not None else []

    def _valid_candidate(self) -> _Candidate | None:
        """The speculative final reading, unless the caller has spoken since its audio ended."""
        candidate = self._candidate
        if candidate is not None and self._vad.last_voiced_ms > candidate.covers_ms:
            self._candidate = None
            self._misses += 1
            return None
        return candidate

    def _speculate(
        self,
        audio: npt.NDArray[np.float32],
        position: float,
        listen: Listen,
        judge: Judge,
        *,
        eager: bool,
    ) -> tuple[_Candidate | None, Partial | None]:
        started = time.perf_counter()
        if not eager and listen is not Listen.OVER_REPLY:
            audio = np.concatenate([audio, _TAIL_PAD])
        try:
            transcript = self._read(AudioClip(audio, SPEECH_RATE), listen, judge)
        except AudioError as exc:
            log.info("streaming: utterance refused", extra={"reason": str(exc)})
            transcript = Transcript("", "", 0.0, len(audio) / SPEECH_RATE)
        read_ms = (time.perf_counter() - started) * 1000
        # Waiting for a number, only the whole number is complete: "mera number nine, nine,
        # eight" reads as a fine sentence, and a caller reading digits pauses between groups.
        enough = WHOLE_NUMBER if listen is Listen.NUMBER else COMPLETE
        # Ten digits forced on the first part of a number read with a pause in it are a whole
        # number too, and a wrong one: they wait for the hang-over, as a caller may go on.
        complete = (
            transcript.understood
            and judge(transcript.text) >= enough
            and not transcript.digits_forced
        )
        candidate = _Candidate(transcript, position, complete, read_ms)
        with self._lock:
            self._candidate = candidate
            if self._valid_candidate() is None:
                # Speech resumed while reading: the reading is still a fair partial.
                return None, self._partial(transcript.text, position)
        return candidate, None

    def _end(self, candidate: _Candidate, listen: Listen, *, eager: bool) -> Final | None:
        with self._lock:
            silence, position = self._vad.silence_ms, self._vad.position_ms
            long_enough = position - self._vad.onset_ms >= MAX_UTTERANCE_MS
            needed = self._end_silence(candidate.complete, listen, eager=eager)
            if silence < needed and not long_enough:
                return None
            final = Final(
                candidate.transcript,
                self._vad.last_voiced_ms,
                position,
                candidate.read_ms,
                self._misses,
                self._vad.speech_ms,
                self._vad.level_dbfs,
            )
            self._vad.reset()
            self._clear()
            return final

    def _end_silence(self, complete: bool, listen: Listen, *, eager: bool) -> float:
        """Silence after which the utterance is over."""
        if eager:
            return self.quick_end_ms
        if not complete:
            return self.hangover_ms
        return self.answer_end_ms if listen is Listen.ANSWER else self.quick_end_ms

    def _partial(self, reading: str, position: float) -> Partial | None:
        if not reading:
            return None
        committed, tentative = self._agreement.update(reading)
        partial = Partial(committed, tentative, position)
        if partial.text == self._shown:
            return None
        self._shown = partial.text
        return partial
