"""What every speech-to-text provider returns and promises."""

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from helpline.audio.clip import AudioClip

SpeechInput = bytes | str | Path | AudioClip


@dataclass(frozen=True, slots=True)
class Transcript:
    """What was said. Empty text with confidence 0 means "not understood": ask again."""

    text: str
    language: str
    confidence: float  # 0..1
    duration_s: float  # length of the audio heard
    raw_text: str = ""  # the recogniser's own words, before numbers and clean-up

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
