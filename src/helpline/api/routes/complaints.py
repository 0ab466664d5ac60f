"""Complaints for staff: filtered pages, CSV export, one ticket with its history, status changes."""

import csv
import io
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from helpline.api.deps import AppDep, CurrentStaff
from helpline.api.routes.filters import Limit, Offset, Phone, ScopeDep
from helpline.api.schemas import ComplaintUpdate
from helpline.app.choices import filter_choices
from helpline.app.models import ComplaintDetail, ComplaintPage, ComplaintPublic, FilterChoices

router = APIRouter(prefix="/v1/complaints", tags=["complaints"])
ComplaintId = Annotated[int, Path(ge=1, le=2**31 - 1)]
EXPORT_CAP = 50_000  # rows in one export; narrow the filters for more
PAGE = 500


@router.get("", response_model=ComplaintPage)
def list_complaints(
    scope: ScopeDep,
    staff: CurrentStaff,
    app: AppDep,
    phone: Phone = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ComplaintPage:
    """Tickets matching the filters, newest first."""
    page = app.complaints.list(**scope.args(), phone=phone, limit=limit, offset=offset)
    app.staff_admin.audit(staff.username, "complaint.list", "complaint", None, total=page.total)
    return page


@router.get("/export", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def export_complaints(
    scope: ScopeDep, staff: CurrentStaff, app: AppDep, phone: Phone = None
) -> Response:
    """The filtered tickets as CSV (at most 50,000 rows)."""
    out = io.StringIO()
    writer = csv.writer(out)
    fields = list(ComplaintPublic.model_fields)
    writer.writerow(fields)
    offset, rows = 0, 0
    while rows < EXPORT_CAP:
        page = app.complaints.list(**scope.args(), phone=phone, limit=PAGE, offset=offset)
        for item in page.items:
            data = item.model_dump(mode="json")
            writer.writerow(["" if data[f] is None else data[f] for f in fields])
        rows += len(page.items)
        offset += PAGE
        if offset >= page.total:
            break
    app.staff_admin.audit(staff.username, "complaint.export", "complaint", None, rows=rows)
    headers = {"Content-Disposition": 'attachment; filename="complaints.csv"'}
    return Response(out.getvalue(), media_type="text/csv", headers=headers)


@router.get("/filters", response_model=FilterChoices)
def choices(staff: CurrentStaff, app: AppDep) -> FilterChoices:
    """Every department, status, priority and circle the complaint filters accept."""
    found = filter_choices(app.context)
    app.staff_admin.audit(staff.username, "complaint.filters", "complaint", None)
    return found


@router.get("/{complaint_id}", response_model=ComplaintDetail)
def get_complaint(complaint_id: ComplaintId, staff: CurrentStaff, app: AppDep) -> ComplaintDetail:
    """One ticket with every status it went through and where it may go next."""
    detail = app.complaints.get(complaint_id)
    app.staff_admin.audit(staff.username, "complaint.view", "complaint", str(complaint_id))
    return detail


@router.patch(
    "/{complaint_id}",
    response_model=ComplaintDetail,
    responses={409: {"description": "The lifecycle does not allow this move"}},
)
def change_status(
    complaint_id: ComplaintId, body: ComplaintUpdate, staff: CurrentStaff, app: AppDep
) -> ComplaintDetail:
    """Move a ticket along its lifecycle; who and when are recorded in its history."""
    return app.complaints.change_status(
        complaint_id, body.status, actor=staff.username, note=body.note
    )
