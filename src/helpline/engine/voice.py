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
from helpline.engine.agent import Agent, Turn, Understander
from helpline.engine.expectation import Expectation
from helpline.engine.packaged import load_yaml
from helpline.engine.voice_phone import (
    Answer,
    PhoneReadBack,
    answer_read_back,
    confirmation_judge,
    grouped,
    number_judge,
    transcript_number,
)
from helpline.errors import AudioError, ProviderUnavailable
from helpline.language import Intent
from helpline.providers.stt.base import Judge, Listen, ListeningSTT, SpeechInput, Transcript
from helpline.providers.tts.base import TTSProvider

log = logging.getLogger(__name__)

# Whisper base's mean token probability is 0.25-0.9 on the spoken test set's correct transcripts
# and mostly under 0.2 on garbled ones (echoes and loops are caught before this).
MIN_CONFIDENCE = 0.2
# ... unless the intent classifier is at least this sure of what the words mean.
SURE_INTENT = 0.75
# A refusal or a goodbye changes the conversation (a recharge is dropped, the call ends), so a
# transcript read as one with less confidence than this is asked again rather than acted on:
# garbled Hindi thanks were heard as English words and read as a refusal with 0.60, where
# the refusals of the spoken test set read 0.99 and more.
REFUSAL_FLOOR = 0.8
_REFUSALS = frozenset({Intent.DENY, Intent.GOODBYE})


@dataclass(frozen=True, slots=True)
class Listening:
    """What the next line is heard for, and the judge that weighs its readings."""

    listen: Listen
    judge: Judge
    expectation: Expectation
    confirming: bool  # a number was read back: the line is the caller's yes or no


class SpeechToText(Protocol):
    def transcribe(self, audio: SpeechInput) -> Transcript: ...


class Outcome(Enum):
    ANSWERED = "answered"  # the transcript went through the text agent
    READ_BACK = "read_back"  # a phone number heard was said back; waiting for the caller's yes
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
    keys = ("not_understood", "bad_audio", "read_back", "read_back_again")
    return {key: " ".join(str(data[key]).split()) for key in keys}


def speech_judge(understander: Understander) -> Judge:
    """How well a candidate transcript reads: the intent classifier's confidence (0 for a line
    it finds out of scope), so a reading that means something beats a garbled one."""

    def judge(text: str) -> float:
        u = understander.understand(text)
        return 0.0 if u.intent is Intent.OUT_OF_SCOPE else u.confidence

    return judge


def judge_for(understander: Understander, expectation: Expectation) -> Judge:
    """The judge for a turn: speech, or a number when the agent waits for one."""
    speech = speech_judge(understander)
    if expectation is Expectation.SPEECH:
        return speech
    return number_judge(speech, expectation)


def listen_for(expectation: Expectation) -> Listen:
    return Listen.SPEECH if expectation is Expectation.SPEECH else Listen.NUMBER


def hear(stt: "SpeechToText", clip: AudioClip, listen: Listen, judge: Judge) -> Transcript:
    """The recogniser's best reading for what is expected (plain transcription if it cannot
    weigh readings)."""
    if isinstance(stt, ListeningSTT):
        return stt.hear(clip, listen=listen, judge=judge)
    return stt.transcribe(clip)


def acceptable(
    understander: Understander, transcript: Transcript, *, min_confidence: float = MIN_CONFIDENCE
) -> bool:
    """A transcript worth acting on: the recogniser was fairly sure of it, or the classifier is
    sure what it means (Whisper is unsure of every Hindi line a synthetic voice reads, right or
    wrong; the classifier, which learned how Whisper mishears, tells them apart better)."""
    if not transcript.understood:
        return False
    if transcript.confidence >= min_confidence:
        return True
    u = understander.understand(transcript.text)
    return u.intent is not Intent.OUT_OF_SCOPE and u.confidence >= SURE_INTENT


def guessed_refusal(understander: Understander, text: str) -> bool:
    """A refusal or goodbye read with too little confidence to act on."""
    u = understander.understand(text)
    return u.intent in _REFUSALS and u.confidence < REFUSAL_FLOOR


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
        self.read_back = PhoneReadBack()
        self._understander = agent.understander(spoken=True)  # trained now, not in a turn

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
        listening = self.listening(session_id)
        transcript = hear(self.stt, clip, listening.listen, listening.judge)
        timings["stt"] = _ms(heard)
        say = _Speaker(self, session_id, timings, started, on_audio, transcript)
        return self._respond(session_id, transcript, listening, say)

    def listening(self, session_id: str) -> "Listening":
        """How to hear the caller's next line: a yes to a number read back, a number the agent
        asked for, or any question."""
        held = self.read_back.pending(session_id)
        expectation = Expectation.SPEECH if held else self.agent.expects(session_id)
        judge = (
            confirmation_judge(self._understander)
            if held
            else judge_for(self._understander, expectation)
        )
        listen = Listen.ANSWER if held else listen_for(expectation)
        return Listening(listen, judge, expectation, held is not None)

    def reply_to(
        self,
        session_id: str,
        transcript: Transcript,
        listening: "Listening",
        *,
        timings: Mapping[str, float] | None = None,
    ) -> VoiceTurn:
        """The answer to a transcript already heard (by a streaming recogniser), as text only:
        the same rules as a recorded turn, and the caller speaks the reply as it pleases."""
        say = _Speaker(
            self, session_id, dict(timings or {}), time.perf_counter(), None, transcript, False
        )
        return self._respond(session_id, transcript, listening, say)

    def _respond(
        self, session_id: str, transcript: Transcript, listening: "Listening", say: "_Speaker"
    ) -> VoiceTurn:
        held = listening.confirming
        answered = held and bool(transcript.answer)
        if not answered and (
            not acceptable(self._understander, transcript, min_confidence=self.min_confidence)
            or (not held and guessed_refusal(self._understander, transcript.text))
        ):
            log.info(
                "voice turn: not understood",
                extra={
                    "session_id": session_id,
                    "confidence": round(transcript.confidence, 3),
                    "raw_text": transcript.raw_text[:120],
                },
            )
            return say(Outcome.NOT_UNDERSTOOD, self._messages["not_understood"])
        if held:
            return self._confirm(session_id, transcript, say)
        expectation = listening.expectation
        number = transcript_number(transcript, expectation)
        if number is not None and expectation is Expectation.PHONE:
            self.read_back.hold(session_id, number)
            return say(Outcome.READ_BACK, self._read_back(number))
        # A one-time code needs no read-back: a wrong one is refused and asked again.
        return self._answer(session_id, number or transcript.text, say)

    def _confirm(self, session_id: str, transcript: Transcript, say: "_Speaker") -> VoiceTurn:
        """The caller's answer to "aapka number ... hai, sahi hai?"."""
        confirmation = answer_read_back(self.read_back, session_id, transcript, self._understander)
        if confirmation.answer is Answer.CONFIRMED:
            return self._answer(session_id, confirmation.phone, say)
        if confirmation.answer is Answer.REJECTED:
            return say(Outcome.READ_BACK, self._messages["read_back_again"])
        return say(Outcome.READ_BACK, self._read_back(confirmation.phone))

    def _read_back(self, phone: str) -> str:
        return self._messages["read_back"].format(number=grouped(phone))

    def _answer(self, session_id: str, text: str, say: "_Speaker") -> VoiceTurn:
        turn = self.agent.turn(session_id, text, spoken=True)
        for stage in ("understand", "policy", "writer", "store"):
            if stage in turn.timings:
                say.timings[stage] = float(turn.timings[stage])
        return say(Outcome.ANSWERED, turn.reply, turn=turn)

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
        speak: bool = True,
    ) -> VoiceTurn:
        clips: list[AudioClip] = []
        speaking = time.perf_counter()
        if self.tts is not None and speak:
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


@dataclass
class _Speaker:
    """Speaks one turn's reply with what the turn has gathered so far."""

    voice: VoiceAgent
    session_id: str
    timings: dict[str, float]
    started: float
    on_audio: Callable[[AudioClip], None] | None
    transcript: Transcript
    speak: bool = True  # False: the reply as text only

    def __call__(self, outcome: Outcome, reply: str, *, turn: Turn | None = None) -> VoiceTurn:
        return self.voice._speak(
            turn.session_id if turn else self.session_id,
            outcome,
            reply,
            self.timings,
            self.started,
            on_audio=self.on_audio,
            transcript=self.transcript,
            turn=turn,
            speak=self.speak,
        )


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000
