"""Staff log-in: a short-lived bearer token for a username and password."""

from fastapi import APIRouter

from helpline.api.deps import CurrentStaff, ServicesDep
from helpline.api.limits import WINDOW_S, TooManyRequests
from helpline.api.schemas import LoginCreate, TokenPublic
from helpline.app.people_models import StaffPublic

router = APIRouter(prefix="/v1/auth", tags=["staff"])
LOGINS_PER_MINUTE = 10  # per username: enough for typos, too few for guessing


@router.post("/token", response_model=TokenPublic, responses={401: {"description": "Wrong"}})
def login(body: LoginCreate, svc: ServicesDep) -> TokenPublic:
    """A staff token for the account; wrong name or password is 401 either way."""
    settings = svc.app.settings
    name = body.username.strip().lower()
    wait = svc.limiter.hit(f"login:{name}", limit=LOGINS_PER_MINUTE, window_s=WINDOW_S)
    if wait:
        raise TooManyRequests("too many log-in attempts for this account; wait a minute", wait)
    staff = svc.app.staff.authenticate(body.username, body.password)
    svc.app.staff_admin.audit(staff.username, "login", "staff", str(staff.staff_id))
    minutes = settings.api_staff_token_minutes
    token = svc.signer.staff(staff.staff_id, staff.role, minutes)
    return TokenPublic(access_token=token, expires_in=minutes * 60, staff=staff)


@router.get("/me", response_model=StaffPublic)
def me(staff: CurrentStaff) -> StaffPublic:
    """The account the token belongs to."""
    return staff
