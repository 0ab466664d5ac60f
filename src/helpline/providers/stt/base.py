"""What every speech-to-text provider returns and promises."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol, runtime_checkable

from helpline.audio.clip import AudioClip

SpeechInput = bytes | str | Path | AudioClip
# How well a candidate transcript reads to the caller of the recogniser, 0..1 (for example the
# intent classifier's confidence, or WHOLE_NUMBER for a line that holds the number asked for).
Judge = Callable[[str], float]
# A number judge's score for a reading that holds the whole number the turn waits for: the best.
WHOLE_NUMBER = 1.0


class Listen(StrEnum):
    """What the conversation expects to hear, so the recogniser can listen for it."""

    SPEECH = "speech"  # any question or answer
    NUMBER = "number"  # a phone number or a one-time code, read out digit by digit
    ANSWER = "answer"  # a yes or a no to what the agent asked (a number read back)
    OVER_REPLY = "over_reply"  # words said while the agent speaks: "haan", "hmm" or "ruko"


YES, NO = "yes", "no"


@dataclass(frozen=True, slots=True)
class Transcript:
    """What was said. Empty text with confidence 0 means "not understood": ask again."""

    text: str
    language: str
    confidence: float  # 0..1
    duration_s: float  # length of the audio heard
    raw_text: str = ""  # the recogniser's own words, before numbers and clean-up
    # Other readings of the same audio the recogniser weighed (cleaned like text), best first.
    alternatives: tuple[str, ...] = ()
    # Listening for an ANSWER: YES or NO as a matcher of the answer words heard it, "" if neither.
    answer: str = ""
    # Listening OVER_REPLY: how much nearer per frame the speech lies to templates of the listed
    # acknowledgements than to those of the stop words (positive: an acknowledgement); None if
    # not matched.
    ack_lead: float | None = None
    # Listening for a NUMBER: the digits are template matching's, forced to a phone number's
    # length (Whisper read none whole), so digits said after a pause may be missing.
    digits_forced: bool = False

    @property
    def understood(self) -> bool:
        return bool(self.text)


@runtime_checkable
class STTProvider(Protocol):
    """Speech in any common format to text."""

    name: str

    def transcribe(self, audio: SpeechInput) -> Transcript:
        """Transcribe one utterance; raise AudioError for unusable audio."""
        ...


@runtime_checkable
class ListeningSTT(Protocol):
    """A recogniser that can listen for what the conversation expects and weigh several readings
    of the audio with a judge; providers without it are called through `transcribe`."""

    def hear(
        self, audio: SpeechInput, *, listen: Listen = Listen.SPEECH, judge: Judge | None = None
    ) -> Transcript:
        """The reading of one utterance the judge likes best (the first one if it is good)."""
        ...
