"""A voice turn: audio in -> transcript -> the same text turn -> reply text and reply audio.

Unusable audio or unclear speech never reaches the text agent as a guess: the customer is asked
to repeat or type, and the conversation goes on.
"""

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from helpline.audio.clip import AudioClip
from helpline.audio.decode import AudioSource
from helpline.audio.validate import load_speech
from helpline.engine.agent import Agent, Turn
from helpline.engine.packaged import load_yaml
from helpline.errors import AudioError, ProviderUnavailable
from helpline.providers.stt.base import SpeechInput, Transcript
from helpline.providers.tts.base import TTSProvider

log = logging.getLogger(__name__)

# Whisper base's mean token probability is 0.25-0.9 on the spoken test set's correct transcripts
# and mostly under 0.2 on garbled ones (echoes and loops are caught before this).
MIN_CONFIDENCE = 0.2


class SpeechToText(Protocol):
    def transcribe(self, audio: SpeechInput) -> Transcript: ...


class Outcome(Enum):
    ANSWERED = "answered"  # the transcript went through the text agent
    NOT_UNDERSTOOD = "not_understood"  # empty, echoed, looping or low-confidence transcript
    BAD_AUDIO = "bad_audio"  # empty, silent, corrupt, too short or too long audio


@dataclass(frozen=True, slots=True)
class VoiceTurn:
    """One voice turn: what was heard, the text turn (if any), and the reply as text and audio."""

    session_id: str
    outcome: Outcome
    reply: str
    audio: tuple[AudioClip, ...]  # the reply, sentence by sentence
    transcript: Transcript | None = None
    turn: Turn | None = None
    problem: str = ""  # why the audio was refused, for the screen and the log
    timings: Mapping[str, float] = field(default_factory=dict)  # milliseconds per stage

    @property
    def first_audio(self) -> AudioClip | None:
        return self.audio[0] if self.audio else None


def _messages() -> Mapping[str, str]:
    data = load_yaml("data/voice.yaml")
    return {key: " ".join(str(data[key]).split()) for key in ("not_understood", "bad_audio")}


class VoiceAgent:
    """Wraps the text Agent with speech recognition before and speech synthesis after."""

    def __init__(
        self,
        agent: Agent,
        stt: SpeechToText,
        tts: TTSProvider | None,
        *,
        max_audio_seconds: float = 30.0,
        min_confidence: float = MIN_CONFIDENCE,
    ) -> None:
        self.agent = agent
        self.stt = stt
        self.tts = tts
        self.max_audio_seconds = max_audio_seconds
        self.min_confidence = min_confidence
        self._messages = _messages()
        agent.understander(spoken=True)  # trained now rather than during the first turn

    def start(self, session_id: str | None = None, *, phone: str | None = None) -> VoiceTurn:
        """Open a voice session; the greeting comes back as text and audio."""
        turn = self.agent.start(session_id, phone=phone, channel="voice")
        return self._speak(
            turn.session_id, Outcome.ANSWERED, turn.reply, {}, time.perf_counter(), turn=turn
        )

    def turn(
        self,
        session_id: str,
        audio: AudioSource | AudioClip,
        *,
        on_audio: Callable[[AudioClip], None] | None = None,
    ) -> VoiceTurn:
        """Answer one recorded utterance; audio is ready as soon as the customer stops speaking.

        on_audio receives each sentence of the reply as soon as it is synthesised.
        """
        started = time.perf_counter()
        timings: dict[str, float] = {}
        try:
            clip = load_speech(audio, max_seconds=self.max_audio_seconds)
        except AudioError as exc:
            timings["decode"] = _ms(started)
            log.info(
                "voice turn: unusable audio", extra={"session_id": session_id, "reason": str(exc)}
            )
            reply = self._messages["bad_audio"].format(reason=exc)
            return self._speak(
                session_id,
                Outcome.BAD_AUDIO,
                reply,
                timings,
                started,
                on_audio=on_audio,
                problem=str(exc),
            )
        timings["decode"] = _ms(started)
        heard = time.perf_counter()
        transcript = self.stt.transcribe(clip)
        timings["stt"] = _ms(heard)
        if not transcript.understood or transcript.confidence < self.min_confidence:
            log.info(
                "voice turn: not understood",
                extra={
                    "session_id": session_id,
                    "confidence": round(transcript.confidence, 3),
                    "raw_text": transcript.raw_text[:120],
                },
            )
            return self._speak(
                session_id,
                Outcome.NOT_UNDERSTOOD,
                self._messages["not_understood"],
                timings,
                started,
                on_audio=on_audio,
                transcript=transcript,
            )
        turn = self.agent.turn(session_id, transcript.text, spoken=True)
        for stage in ("understand", "policy", "writer", "store"):
            if stage in turn.timings:
                timings[stage] = float(turn.timings[stage])
        return self._speak(
            turn.session_id,
            Outcome.ANSWERED,
            turn.reply,
            timings,
            started,
            on_audio=on_audio,
            transcript=transcript,
            turn=turn,
        )

    def _speak(
        self,
        session_id: str,
        outcome: Outcome,
        reply: str,
        timings: dict[str, float],
        started: float,
        *,
        on_audio: Callable[[AudioClip], None] | None = None,
        transcript: Transcript | None = None,
        turn: Turn | None = None,
        problem: str = "",
    ) -> VoiceTurn:
        clips: list[AudioClip] = []
        speaking = time.perf_counter()
        if self.tts is not None:
            try:
                for clip in self.tts.stream(reply):
                    if not clips:
                        timings["first_audio"] = _ms(started)
                    clips.append(clip)
                    if on_audio is not None:
                        on_audio(clip)
            except ProviderUnavailable:
                # The reply still reaches the customer as text; only its audio is missing.
                log.exception(
                    "voice turn: speech synthesis failed", extra={"session_id": session_id}
                )
        timings["tts"] = _ms(speaking)
        timings["total"] = _ms(started)
        log.info(
            "voice turn",
            extra={
                "session_id": session_id,
                "outcome": outcome.value,
                "timings_ms": {k: round(v, 1) for k, v in timings.items()},
            },
        )
        return VoiceTurn(
            session_id, outcome, reply, tuple(clips), transcript, turn, problem, dict(timings)
        )


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000
