"""A customer's personal data: erasure on request (DPDP Act), for managers only."""

from typing import Annotated

from fastapi import APIRouter, Path

from helpline.api.deps import AppDep, ManagerOnly
from helpline.app.people_models import ErasureReceipt

router = APIRouter(prefix="/v1/customers", tags=["customers"])
PhonePath = Annotated[str, Path(min_length=10, max_length=20, description="10-digit number")]


@router.delete("/{phone}/personal-data", response_model=ErasureReceipt)
def erase(phone: PhonePath, manager: ManagerOnly, app: AppDep) -> ErasureReceipt:
    """Erase or anonymise the customer's conversations, complaint texts and personal fields;
    anonymous aggregates stay right. Audited with the manager's name."""
    return app.privacy.erase(phone, actor=manager.username)
