"""Complaint analytics for staff: KPIs, emerging issues, the executive summary."""

from fastapi import APIRouter

from helpline.api.deps import AppDep, CurrentStaff
from helpline.api.routes.filters import ScopeDep
from helpline.app.models import EmergingList, KpisPublic, SummaryPublic

router = APIRouter(prefix="/v1/analytics", tags=["analytics"])


@router.get("/kpis", response_model=KpisPublic)
def kpis(scope: ScopeDep, staff: CurrentStaff, app: AppDep) -> KpisPublic:
    """Counts, resolution times, sentiment and session rates of the complaints in scope."""
    found = app.analytics.kpis(app.analytics.scope(**scope.args()))
    app.staff_admin.audit(staff.username, "analytics.kpis", "analytics", None)
    return found


@router.get("/emerging", response_model=EmergingList)
def emerging(scope: ScopeDep, staff: CurrentStaff, app: AppDep) -> EmergingList:
    """Departments and circles whose complaints jumped recently."""
    found = app.analytics.emerging(app.analytics.scope(**scope.args()))
    app.staff_admin.audit(staff.username, "analytics.emerging", "analytics", None)
    return found


@router.get("/summary", response_model=SummaryPublic)
def summary(scope: ScopeDep, staff: CurrentStaff, app: AppDep) -> SummaryPublic:
    """The executive summary: top issues, recommendations, resolution timeline."""
    found = app.analytics.summary(app.analytics.scope(**scope.args()))
    app.staff_admin.audit(staff.username, "analytics.summary", "analytics", None)
    return found
