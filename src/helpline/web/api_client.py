"""The helpline HTTP API as the web app reaches it: one connection pool per API, timeouts, and
every failure turned into the application's own errors, which the pages already show.

A refused connection or a timeout is one line naming the API's address, never a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from helpline.app.errors import (
    AudioError,
    AuthenticationFailed,
    Forbidden,
    HelplineError,
    InvalidInput,
    InvalidTransition,
    ProviderUnavailable,
    TicketNotFound,
)

log = logging.getLogger("helpline.web")

# A typed turn or a dashboard read answers in well under a second; a slow database or an LLM
# writer with its retries (3 x 8 s) may take longer before the API gives up itself.
READ_TIMEOUT_S = 30.0
# The API's first recording loads the speech model and a recording may last 30 s.
AUDIO_TIMEOUT_S = 120.0
CONNECT_TIMEOUT_S = 3.0


class ApiUnavailable(ProviderUnavailable):
    """The helpline API could not be reached, timed out, or failed on its side."""


def _detail(response: httpx.Response) -> str:
    """The API's one-line `detail`, or FastAPI's list of fields with what is wrong with each."""
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return response.text[:200] or response.reason_phrase
    if isinstance(detail, list):
        parts = []
        for item in detail:
            where = ".".join(str(x) for x in item.get("loc", ()) if x != "body")
            parts.append(f"{where}: {item.get('msg')}" if where else str(item.get("msg")))
        return "; ".join(parts) or response.reason_phrase
    return str(detail or response.reason_phrase)


def api_error(
    response: httpx.Response, where: str, not_found: type[HelplineError]
) -> HelplineError:
    """The application error an API answer stands for (the API's errors.py, read backwards)."""
    status, detail = response.status_code, _detail(response)
    if status == 401:
        return AuthenticationFailed(detail)
    if status == 403:
        return Forbidden(detail)
    if status == 404:
        return not_found(detail)
    if status == 409:
        return InvalidTransition(detail)
    if status == 413:
        too_big = AudioError if response.request.url.path.endswith("/audio") else InvalidInput
        return too_big(detail)
    if status == 429:
        wait = response.headers.get("retry-after", "a few")
        return InvalidInput(f"{detail} (try again in {wait} s)")
    if status in (400, 422):
        return InvalidInput(detail)
    return ApiUnavailable(f"the helpline API at {where} failed (HTTP {status}): {detail}")


class ApiClient:
    """One helpline API for the whole web server: shared by every visitor, holding no token."""

    def __init__(self, base_url: str, *, transport: httpx.BaseTransport | None = None) -> None:
        self.where = base_url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.where + "/",
            timeout=httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S),
            transport=transport,
            headers={"User-Agent": "helpline-web"},
        )

    def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        client: str | None = None,
        not_found: type[HelplineError] = TicketNotFound,
        timeout: float | None = None,
        **request: Any,
    ) -> httpx.Response:
        """One request; a 2xx answer comes back, anything else is raised as our error.

        `client` is the visitor's address, sent on as X-Forwarded-For: the API limits
        one-time codes and requests per client, and every visitor comes from this server.
        """
        headers: dict[str, str] = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if client:
            headers["X-Forwarded-For"] = client
        if timeout is not None:
            request["timeout"] = httpx.Timeout(timeout, connect=CONNECT_TIMEOUT_S)
        try:
            response = self._http.request(method, path.lstrip("/"), headers=headers, **request)
        except httpx.TimeoutException as exc:
            raise ApiUnavailable(
                f"the helpline API at {self.where} did not answer in time ({type(exc).__name__})"
            ) from None
        except httpx.TransportError as exc:
            log.warning("helpline API unreachable: %s", exc)
            raise ApiUnavailable(
                f"cannot reach the helpline API at {self.where} ({exc or type(exc).__name__}): "
                "is `helpline serve` running there?"
            ) from None
        if response.is_success:
            return response
        raise api_error(response, self.where, not_found)

    def close(self) -> None:
        self._http.close()
