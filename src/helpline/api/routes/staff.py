"""Staff accounts, kept by managers: add one, change its role, deactivate it."""

from typing import Annotated

from fastapi import APIRouter, Path, status

from helpline.api.deps import AppDep, ManagerOnly
from helpline.api.schemas import StaffCreate, StaffUpdate
from helpline.app.people_models import StaffPublic

router = APIRouter(prefix="/v1/staff", tags=["staff"])
Username = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=StaffPublic)
def add_staff(body: StaffCreate, manager: ManagerOnly, app: AppDep) -> StaffPublic:
    """A new agent or manager account (audited)."""
    name = body.full_name
    return app.staff.add(
        body.username, body.password, role=body.role, full_name=name, actor=manager.username
    )


@router.patch("/{username}", response_model=StaffPublic)
def update_staff(
    username: Username, body: StaffUpdate, manager: ManagerOnly, app: AppDep
) -> StaffPublic:
    """Change an account's role or deactivate it (audited); takes effect on its next request."""
    return app.staff_admin.update(
        username, actor=manager.username, role=body.role, is_active=body.is_active
    )
