"""The hand-off queue: conversations waiting for a human, with transcripts; take or close one."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from helpline.api.deps import AppDep, CurrentStaff
from helpline.api.routes.filters import Limit, Offset
from helpline.app.desk_models import HandoffDetail, HandoffQueue

router = APIRouter(prefix="/v1/handoffs", tags=["handoffs"])
HandoffId = Annotated[int, Path(ge=1, le=2**31 - 1)]
CONFLICT: dict[int | str, dict[str, Any]] = {409: {"description": "Already taken or closed"}}


@router.get("", response_model=HandoffQueue)
def queue(
    staff: CurrentStaff,
    app: AppDep,
    status: Annotated[Literal["queued", "taken", "closed"] | None, Query()] = "queued",
    limit: Limit = 50,
    offset: Offset = 0,
) -> HandoffQueue:
    """Hand-offs with their transcripts, oldest first."""
    page = app.handoffs.queue(status=status, limit=limit, offset=offset)
    app.staff_admin.audit(staff.username, "handoff.list", "handoff", None, total=page.total)
    return page


@router.get("/{handoff_id}", response_model=HandoffDetail)
def get_handoff(handoff_id: HandoffId, staff: CurrentStaff, app: AppDep) -> HandoffDetail:
    detail = app.handoffs.get(handoff_id)
    app.staff_admin.audit(staff.username, "handoff.view", "handoff", str(handoff_id))
    return detail


@router.post("/{handoff_id}/take", response_model=HandoffDetail, responses=CONFLICT)
def take(handoff_id: HandoffId, staff: CurrentStaff, app: AppDep) -> HandoffDetail:
    """Take the conversation from the queue (audited with who took it)."""
    return app.handoffs.take(handoff_id, actor=staff.username)


@router.post("/{handoff_id}/close", response_model=HandoffDetail, responses=CONFLICT)
def close(handoff_id: HandoffId, staff: CurrentStaff, app: AppDep) -> HandoffDetail:
    """The conversation was dealt with."""
    return app.handoffs.close(handoff_id, actor=staff.username)
