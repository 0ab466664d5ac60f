"""How a customer proves who they are here, so a client knows which form to show next."""

from fastapi import APIRouter

from helpline.api.deps import AppDep
from helpline.api.schemas import VerificationPublic

router = APIRouter(prefix="/v1/verification", tags=["sessions"])


@router.get("", response_model=VerificationPublic)
def verification(app: AppDep) -> VerificationPublic:
    """Whether a one-time code follows the phone number (HELPLINE_OTP); needs no token."""
    return VerificationPublic(one_time_code=app.settings.otp == "on")
