"""A customer's conversation: open a session, send lines or recordings, read the transcript.

The phone number and the one-time code are sent as messages, as a caller would speak them.
"""

import base64
from typing import Annotated, Any

from fastapi import APIRouter, File, Path, Request, Response, UploadFile, status

from helpline.api.deps import CustomerSession, CustomerToken, ServicesDep
from helpline.api.limits import TooLarge, check_session_rate, client_address
from helpline.api.responses import as_json
from helpline.api.schemas import MessageCreate, SessionPublic, VoiceReplyPublic
from helpline.app.models import ComplaintPublic, Transcript, TurnPublic

router = APIRouter(prefix="/v1/sessions", tags=["sessions"])
ComplaintId = Annotated[int, Path(ge=1, le=2**31 - 1)]
AUTH: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing, expired or forged token"},
    403: {"description": "Not yours"},
}


@router.post("", status_code=status.HTTP_201_CREATED, response_model=SessionPublic)
async def create_session(request: Request, svc: ServicesDep) -> Response:
    """Open a conversation: its id, the token for the rest of it, and the greeting."""
    client = f"api:{client_address(request.scope)}"

    def opening() -> Response:
        measured = svc.app.conversations.start_measured(client=client)
        turn = measured.turn
        svc.metrics.turn(turn, "text", measured.timings_ms)
        opened = SessionPublic(
            session_id=turn.session_id, token=svc.signer.customer(turn.session_id), reply=turn.reply
        )
        return as_json(opened, status_code=status.HTTP_201_CREATED)

    return await svc.turns.run(opening)


@router.post("/{session_id}/messages", response_model=TurnPublic, responses=AUTH)
async def send_message(
    session_id: CustomerToken, body: MessageCreate, svc: ServicesDep
) -> Response:
    """Answer one typed line."""

    def answering() -> Response:
        check_session_rate(svc.limiter, svc.app.settings, session_id)
        # The turn reads the session once and refuses (401) when it has ended or expired.
        measured = svc.app.conversations.live_text_turn_measured(session_id, body.text)
        svc.metrics.turn(measured.turn, "text", measured.timings_ms)
        return as_json(measured.turn)

    return await svc.turns.run(answering)


@router.post("/{session_id}/audio", response_model=VoiceReplyPublic, responses=AUTH)
def send_audio(
    session_id: CustomerSession,
    svc: ServicesDep,
    audio: Annotated[UploadFile, File(description="WAV, MP3, OGG/Opus, WebM or M4A")],
) -> VoiceReplyPublic:
    """Answer one recording: what was heard, the reply, and the reply spoken (base64 WAV).
    Unclear audio gets a polite 'please repeat or type' reply."""
    limit = svc.app.settings.api_max_audio_bytes
    data = audio.file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"the recording is over {limit} bytes")
    turn = svc.app.conversations.audio_turn(session_id, data)
    svc.metrics.turn(turn, "voice", turn.timings_ms)
    spoken = base64.b64encode(turn.audio_wav).decode() if turn.audio_wav else None
    return VoiceReplyPublic(**turn.model_dump(), audio_base64=spoken)


@router.get("/{session_id}", response_model=Transcript, responses=AUTH)
def transcript(session_id: CustomerSession, svc: ServicesDep) -> Transcript:
    """Every exchange of the session so far (one-time codes masked)."""
    return svc.app.conversations.transcript(session_id)


@router.get(
    "/{session_id}/complaints/{complaint_id}", response_model=ComplaintPublic, responses=AUTH
)
def own_complaint(
    session_id: CustomerSession, complaint_id: ComplaintId, svc: ServicesDep
) -> ComplaintPublic:
    """A ticket of the customer verified in this session, with its due time; any other
    ticket is 404."""
    return svc.app.conversations.ticket(session_id, complaint_id)


@router.delete("/{session_id}", status_code=status.HTTP_204_NO_CONTENT, responses=AUTH)
def end_session(session_id: CustomerSession, svc: ServicesDep) -> None:
    """The customer leaves: the session and its token end."""
    svc.app.conversations.end(session_id)
