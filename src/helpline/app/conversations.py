"""Conversations: start a session, answer typed or spoken turns, read the transcript so far."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpline.app import convert
from helpline.app.core import Context
from helpline.app.errors import InvalidInput, SessionEnded, TicketNotFound
from helpline.app.models import (
    ComplaintPublic,
    MeasuredTurn,
    Transcript,
    TranscriptLine,
    TurnPublic,
    VoiceTurnPublic,
)
from helpline.engine import Turn
from helpline.engine.voice import VoiceTurn

if TYPE_CHECKING:
    from helpline.app.live_voice import LiveCall

# A recording: a file, its bytes, or a clip from the microphone (Speech.record()).
AudioInput = Path | str | bytes | Any


class Conversations:
    def __init__(self, context: Context) -> None:
        self._context = context

    def start(self, *, phone: str | None = None, client: str | None = None) -> TurnPublic:
        """Open a text session: the greeting, or with `phone` the answer to it as the first line.

        `client` names who asks (an address): one-time codes sent are limited per client.
        """
        return convert.turn(self._context.agent().start(phone=phone, client=client))

    def start_measured(self, *, client: str | None = None) -> MeasuredTurn:
        """start(), with the time each stage took."""
        return _measured(self._context.agent().start(client=client))

    def text_turn_measured(self, session_id: str, text: str) -> MeasuredTurn:
        """text_turn(), with the time each stage took."""
        return _measured(self._context.agent().turn(session_id, text))

    def live_text_turn_measured(self, session_id: str, text: str) -> MeasuredTurn:
        """text_turn_measured() on a live session only: SessionEnded, with nothing
        answered or stored, once it has ended or expired."""
        turn = self._context.agent().live_turn(session_id, text)
        if turn is None:
            raise SessionEnded
        return _measured(turn)

    def is_live(self, session_id: str) -> bool:
        """Whether the session exists and has not been idle past its timeout."""
        return self._context.agent().is_live(session_id)

    def text_turn(self, session_id: str, text: str) -> TurnPublic:
        """Answer one typed line; an empty line gets the agent's prompt for what is needed."""
        return convert.turn(self._context.agent().turn(session_id, text))

    def start_voice(self, *, phone: str | None = None) -> VoiceTurnPublic:
        """Open a voice session: the greeting as text and audio."""
        return voice_turn(self._context.voice_agent().start(phone=phone))

    def audio_turn(
        self,
        session_id: str,
        audio: AudioInput,
        *,
        on_audio: Callable[[Any], None] | None = None,
    ) -> VoiceTurnPublic:
        """Answer one recorded utterance: what was heard, the reply and its audio.

        on_audio receives each sentence of the reply as soon as it is spoken (for a speaker).
        """
        return voice_turn(self._context.voice_agent().turn(session_id, audio, on_audio=on_audio))

    def live_call(
        self, session_id: str, *, encoding: str = "pcm16", sample_rate: int = 16000
    ) -> "LiveCall":
        """A real-time voice call on an existing session: feed() the caller's audio frames,
        read next_events(), close() at the end. InvalidInput for an unknown session or a bad
        encoding and rate (pcm16 at 16000 Hz or mulaw at 8000 Hz)."""
        from helpline.app.live_voice import LiveCall, check_format

        check_format(encoding, sample_rate)
        if not self.is_live(session_id):
            raise InvalidInput("no live session with this id: start one first")
        voice = self._context.voice_agent()
        return LiveCall(voice, session_id, encoding=encoding, sample_rate=sample_rate)

    def end(self, session_id: str) -> None:
        """Forget the session (the caller left)."""
        self._context.agent().end(session_id)

    def transcript(self, session_id: str) -> Transcript:
        """Every stored exchange of the session, oldest first (one-time codes are masked)."""
        from helpline.store.conversations import session_turns

        database = self._context.ready_database()
        with database.sessions() as session:
            rows = session_turns(session, session_id)
            lines = [
                TranscriptLine(
                    user=r.user_input,
                    reply=r.bot_response,
                    intent=r.intent,
                    channel=r.channel,
                    at=convert.utc(r.timestamp),
                )
                for r in rows
            ]
        return Transcript(session_id=session_id, lines=lines)

    def ticket(self, session_id: str, complaint_id: int) -> ComplaintPublic:
        """A ticket of the customer verified in this session (its due time for the chat);
        raises TicketNotFound for any other, so a caller learns nothing of other people's."""
        from helpline.store.complaint_queries import get_ticket
        from helpline.store.conversations import session_phones

        database = self._context.ready_database()
        with database.sessions() as session:
            phones = session_phones(session, session_id)
            try:
                ticket = get_ticket(session, complaint_id)
            except TicketNotFound:
                ticket = None
        if ticket is None or ticket.phone not in phones:
            raise TicketNotFound(f"no ticket {complaint_id} for this conversation")
        return convert.complaint(ticket)


def _measured(turn: Turn) -> MeasuredTurn:
    timings = {k: round(v, 3) for k, v in turn.timings.items()}
    return MeasuredTurn(turn=convert.turn(turn), timings_ms=timings)


def voice_turn(turn: VoiceTurn) -> VoiceTurnPublic:
    audio = None
    if turn.audio:
        from helpline.audio.encode import to_wav
        from helpline.providers.tts.base import join_clips

        audio = to_wav(join_clips(list(turn.audio)))
    transcript = turn.transcript
    return VoiceTurnPublic(
        session_id=turn.session_id,
        outcome=turn.outcome.value,
        transcript=transcript.text if transcript else None,
        confidence=round(transcript.confidence, 3) if transcript else None,
        problem=turn.problem or None,
        reply=turn.reply,
        intent=turn.turn.intent if turn.turn else None,
        verified=turn.turn.verified if turn.turn else False,
        entities=convert.turn(turn.turn).entities if turn.turn else [],
        sentiment=turn.turn.sentiment if turn.turn else None,
        complaint_id=turn.turn.complaint_id if turn.turn else None,
        handoff=turn.turn.handoff if turn.turn else False,
        audio_s=round(sum(c.duration_s for c in turn.audio), 2),
        timings_ms={k: round(v, 1) for k, v in turn.timings.items()},
        audio_wav=audio,
    )
