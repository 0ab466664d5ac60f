"""What routes depend on, as Annotated aliases: the application, the caller's token, the role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from helpline.api.lanes import TurnLane
from helpline.api.limits import check_session_rate
from helpline.api.metrics import Metrics
from helpline.api.security import TokenSigner
from helpline.app import Helpline
from helpline.app.customer_access import check_customer, check_customer_token
from helpline.app.errors import AuthenticationFailed, Forbidden
from helpline.app.people_models import StaffPublic
from helpline.app.rate_limits import RateLimiter

_bearer = HTTPBearer(auto_error=False, description="A customer session token or a staff token.")


@dataclass(frozen=True, slots=True)
class Services:
    """Built once per process by the lifespan (main.py) and kept on app.state."""

    app: Helpline
    signer: TokenSigner
    limiter: RateLimiter
    metrics: Metrics
    turns: TurnLane


def _services_of(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


# The two lookups are async only so that FastAPI runs them in the event loop: a plain def
# dependency costs a hop to a worker thread and back on every request.
async def services(request: Request) -> Services:
    return _services_of(request)


ServicesDep = Annotated[Services, Depends(services)]


async def helpline(request: Request) -> Helpline:
    return _services_of(request).app


AppDep = Annotated[Helpline, Depends(helpline)]
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
SessionId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


def _token(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None or not credentials.credentials:
        raise AuthenticationFailed("missing bearer token")
    return credentials.credentials


def customer_session(session_id: SessionId, credentials: Bearer, svc: ServicesDep) -> str:
    """The session id of the path, when the caller's token is this live session's own."""
    check_customer(svc.app, svc.signer, session_id, _token(credentials))
    check_session_rate(svc.limiter, svc.app.settings, session_id)
    return session_id


async def customer_token(session_id: SessionId, credentials: Bearer, svc: ServicesDep) -> str:
    """The session id of the path, when the caller holds its genuine token; the route checks
    the rate and that the session lives. Async, with no I/O: it runs in the event loop, so
    a turn costs one hop to a worker thread, not two."""
    check_customer_token(svc.signer, session_id, _token(credentials))
    return session_id


def current_staff(credentials: Bearer, svc: ServicesDep) -> StaffPublic:
    """The staff member of the token, as their account is now (role, still active)."""
    claims = svc.signer.verify(_token(credentials))
    if claims.kind != "staff" or not claims.subject.isdigit():
        raise Forbidden("a staff token is needed")
    return svc.app.staff_admin.current(int(claims.subject))


def manager_only(staff: Annotated[StaffPublic, Depends(current_staff)]) -> StaffPublic:
    if staff.role != "manager":
        raise Forbidden("only a manager may do this")
    return staff


CustomerSession = Annotated[str, Depends(customer_session)]
CustomerToken = Annotated[str, Depends(customer_token)]
CurrentStaff = Annotated[StaffPublic, Depends(current_staff)]
ManagerOnly = Annotated[StaffPublic, Depends(manager_only)]
