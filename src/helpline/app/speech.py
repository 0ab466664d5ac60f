"""Speech on this machine: transcribe recordings, speak text, and the microphone and speaker.

A recorded clip is passed back to Conversations.audio_turn as it is; front ends need not know
its type.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from helpline.app.core import Context
from helpline.app.errors import AudioError, InvalidInput
from helpline.app.models import Speech as SpeechResult
from helpline.app.models import Transcription

AudioFormat = Literal["wav", "ogg", "mp3"]
FORMATS: tuple[AudioFormat, ...] = ("wav", "ogg", "mp3")


class Speech:
    def __init__(self, context: Context) -> None:
        self._context = context

    def transcribe(self, files: Iterable[Path]) -> Iterator[Transcription]:
        """Each recording as text with the configured recogniser (HELPLINE_STT), or its error."""
        from helpline.providers.stt import build_stt

        stt = build_stt(self._context.settings)
        for path in files:
            try:
                t = stt.transcribe(path)
            except AudioError as exc:
                yield Transcription(file=str(path), error=str(exc))
                continue
            yield Transcription(
                file=str(path),
                text=t.text,
                raw_text=t.raw_text,
                language=t.language,
                confidence=round(t.confidence, 3),
                duration_s=round(t.duration_s, 2),
            )

    def speak(self, text: str, fmt: str = "wav") -> SpeechResult:
        """Text spoken with the configured voice (HELPLINE_TTS), as WAV, OGG or MP3 bytes."""
        from helpline.audio.encode import encode
        from helpline.providers.tts import build_tts

        chosen = audio_format(fmt)
        clip = build_tts(self._context.settings).synthesize(text)
        return SpeechResult(
            audio=encode(clip, chosen), format=chosen, duration_s=round(clip.duration_s, 2)
        )

    def microphone_available(self) -> bool:
        from helpline.audio.record import input_device_available

        return input_device_available()

    def speaker_available(self) -> bool:
        from helpline.audio.play import output_device_available

        return output_device_available()

    def record(self) -> Any:
        """One utterance from the microphone; raises AudioError when nobody speaks."""
        from helpline.audio.record import record_utterance

        return record_utterance(max_seconds=self._context.settings.max_audio_seconds)

    def play(self, clip: Any) -> None:
        """Play a sentence of a reply (what audio_turn's on_audio receives) and wait for it."""
        from helpline.audio.play import play

        play(clip)


def audio_format(name: str) -> AudioFormat:
    """'wav', 'ogg' or 'mp3' from a format name or file suffix; InvalidInput otherwise."""
    wanted = (name or "wav").lower().lstrip(".")
    for known in FORMATS:
        if known == wanted:
            return known
    raise InvalidInput(f"unknown audio format '{name}' (wav, ogg or mp3)")
