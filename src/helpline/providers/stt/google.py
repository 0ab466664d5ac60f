"""Cloud speech to text: SpeechRecognition's Google Web Speech recogniser (en-IN by default).

This is what the original design used. It needs the network; any failure becomes "please repeat
or type" for the customer (an empty Transcript), never a crash of the turn.
"""

import logging
from typing import Any

from helpline.audio.validate import load_speech
from helpline.config import Settings
from helpline.errors import require
from helpline.providers.stt.base import SpeechInput, Transcript
from helpline.providers.stt.cleanup import clean_transcript

log = logging.getLogger(__name__)

ENDPOINT = "http://www.google.com/speech-api/v2/recognize"


def _speech_recognition() -> Any:
    return require("speech_recognition", extra="cloud", what="Google speech recognition")


class GoogleSTTProvider:
    """Google Web Speech API through SpeechRecognition's recognize_google."""

    name = "google"

    def __init__(
        self,
        *,
        language: str = "en-IN",
        max_audio_seconds: float = 30.0,
        endpoint: str = ENDPOINT,
        key: str | None = None,
        timeout_s: float = 8.0,
    ) -> None:
        self._sr = _speech_recognition()
        self._recognizer = self._sr.Recognizer()
        self._recognizer.operation_timeout = timeout_s
        self.language = language
        self.max_audio_seconds = max_audio_seconds
        self.endpoint = endpoint
        self.key = key

    def transcribe(self, audio: SpeechInput) -> Transcript:
        """Send the utterance as 16 kHz FLAC; unclear speech or a failed request gives ''."""
        clip = load_speech(audio, max_seconds=self.max_audio_seconds)
        data = self._sr.AudioData(clip.to_int16().tobytes(), clip.sample_rate, 2)
        try:
            text, confidence = self._recognizer.recognize_google(
                data,
                key=self.key,
                language=self.language,
                with_confidence=True,
                endpoint=self.endpoint,
            )
        except self._sr.UnknownValueError:
            return Transcript("", self.language, 0.0, clip.duration_s)
        except self._sr.RequestError as exc:
            # The customer hears "please repeat or type"; operators see why in the log.
            log.warning("google speech request failed: %s", exc)
            return Transcript("", self.language, 0.0, clip.duration_s)
        raw = str(text)
        return Transcript(
            clean_transcript(raw), self.language, float(confidence), clip.duration_s, raw
        )


def from_settings(*, settings: Settings) -> GoogleSTTProvider:
    """The provider as configured by HELPLINE_GOOGLE_STT_LANGUAGE (en-IN or hi-IN)."""
    return GoogleSTTProvider(
        language=settings.google_stt_language, max_audio_seconds=settings.max_audio_seconds
    )
