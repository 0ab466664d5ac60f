"""Liveness, readiness and metrics: unauthenticated, for the orchestrator and Prometheus."""

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from helpline.api.deps import AppDep, ServicesDep
from helpline.api.metrics import CONTENT_TYPE
from helpline.app.desk_models import Readiness

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process answers."""
    return {"status": "ok"}


@router.get("/readyz", response_model=Readiness, responses={503: {"model": Readiness}})
def readyz(app: AppDep) -> JSONResponse:
    """The database and, when configured, Redis answer; 503 otherwise."""
    ready = app.health.ready()
    return JSONResponse(ready.model_dump(mode="json"), 200 if ready.ready else 503)


@router.get("/metrics", response_class=Response)
def metrics(svc: ServicesDep) -> Response:
    """Prometheus metrics of this process."""
    return Response(svc.metrics.render(), media_type=CONTENT_TYPE)
