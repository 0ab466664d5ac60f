"""A conversation's transcript for staff: what a customer said before a hand-off or a ticket."""

from fastapi import APIRouter

from helpline.api.deps import AppDep, CurrentStaff, SessionId
from helpline.app.models import Transcript

router = APIRouter(prefix="/v1/transcripts", tags=["handoffs"])


@router.get("/{session_id}", response_model=Transcript)
def transcript(session_id: SessionId, staff: CurrentStaff, app: AppDep) -> Transcript:
    """Every stored exchange of the session, ended or not (one-time codes masked)."""
    found = app.conversations.transcript(session_id)
    app.staff_admin.audit(staff.username, "session.transcript", "session", session_id)
    return found
