"""Answers made from models the application layer has already built and validated.

A sync route that returns a model costs FastAPI a second hop to a worker thread, to validate the
model again against response_model (fastapi.routing.serialize_response); a Response is sent as it
is. The route keeps response_model, so the OpenAPI schema still documents the answer.
"""

from pydantic import BaseModel
from starlette.responses import Response


def as_json(model: BaseModel, *, status_code: int = 200) -> Response:
    """The model as its JSON answer, serialised by pydantic in the route's own thread."""
    return Response(model.model_dump_json(), status_code=status_code, media_type="application/json")
