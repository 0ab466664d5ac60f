"""The application's errors as HTTP answers: one JSON `detail` line and the status its kind says."""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from helpline.api.limits import TooLarge, TooManyRequests
from helpline.app.errors import (
    AuthenticationFailed,
    ErrorKind,
    Forbidden,
    HelplineError,
    InvalidTransition,
    MissingExtra,
    SchemaMissing,
    kind_of,
)

log = logging.getLogger("helpline.api")
STATUS = {ErrorKind.INVALID: 422, ErrorKind.NOT_FOUND: 404, ErrorKind.UNAVAILABLE: 503}


def status_of(error: HelplineError) -> int:
    if isinstance(error, AuthenticationFailed):
        return 401
    if isinstance(error, Forbidden):
        return 403
    if isinstance(error, InvalidTransition):
        return 409
    if isinstance(error, TooLarge):
        return 413
    if isinstance(error, TooManyRequests):
        return 429
    if isinstance(error, MissingExtra):
        return 503  # a part of this deployment (the voice extra) is not installed
    if isinstance(error, SchemaMissing):
        return 503  # the operator's to fix (`helpline db upgrade`), not the client's
    if type(error).__name__ == "StaffExists":
        return 409
    return STATUS[kind_of(error)]


async def helpline_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HelplineError)
    status = status_of(exc)
    headers: dict[str, str] = {}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, TooManyRequests):
        headers["Retry-After"] = str(exc.retry_after)
    if status >= 500:
        log.warning("service unavailable", extra={"problem": str(exc)[:300]})
    message = " ".join(str(exc).split())
    if status == 422:
        # The shape FastAPI documents for every 422, so clients read one kind of error.
        detail: object = [{"loc": [], "msg": message, "type": "invalid"}]
        return AsciiJSONResponse({"detail": detail}, status, headers=headers)
    return AsciiJSONResponse({"detail": message}, status, headers=headers)


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return JSONResponse({"detail": "internal error; the request id names it in the logs"}, 500)


class AsciiJSONResponse(JSONResponse):
    """JSON with non-ASCII escaped: a lone surrogate a client sent can be echoed back safely."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


async def invalid_request(request: Request, exc: Exception) -> JSONResponse:
    """422 naming each field that is wrong (FastAPI's shape), whatever the client sent."""
    assert isinstance(exc, RequestValidationError)
    return AsciiJSONResponse({"detail": jsonable_encoder(exc.errors())}, 422)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(HelplineError, helpline_error)
    app.add_exception_handler(Exception, unexpected_error)
