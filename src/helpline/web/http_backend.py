"""The pages' Backend over the helpline HTTP API (HELPLINE_API_URL), parsed into the same typed
results the in-process backend returns.

Tokens are a visitor's own: one HttpBackend per browser session, kept in st.session_state, holds
that visitor's customer session tokens and staff token. Only the connection pool is shared.
"""

from __future__ import annotations

import base64
import logging
from typing import TYPE_CHECKING, Any

import streamlit as st

from helpline.app.errors import AuthenticationFailed, HandoffNotFound
from helpline.app.models import (
    ComplaintDetail,
    ComplaintPage,
    ComplaintPublic,
    EmergingList,
    FilterChoices,
    HandoffPage,
    KpisPublic,
    SummaryPublic,
    Transcript,
    TurnPublic,
    VoiceTurnPublic,
)
from helpline.app.people_models import StaffPublic
from helpline.web.api_client import AUDIO_TIMEOUT_S, ApiClient
from helpline.web.backend import newest_rows, visitor_address
from helpline.web.voice_link import VoiceLink, api_voice_link

if TYPE_CHECKING:
    from helpline.web.state import Filters

VISITOR = "helpline_api_backend"
PAGE = 500  # the API's largest page
HANDOFFS = 100
log = logging.getLogger("helpline.web")


def _scope(filters: Filters) -> dict[str, str]:
    """The filters as the API's query parameters (dates as YYYY-MM-DD)."""
    return {k: str(v) for k, v in filters.as_kwargs().items() if v is not None}


class HttpBackend:
    """One visitor's view of the helpline API: the Backend Protocol of web/backend.py."""

    def __init__(self, api: ApiClient, *, client: str | None = None) -> None:
        self._api = api
        self._client = client  # the visitor's address, for the API's per-client limits
        # Asked once: it also proves the API answers before a page is drawn over it.
        found = api.call("GET", "/v1/verification", client=client).json()
        self._one_time_code = bool(found["one_time_code"])
        self._customer: dict[str, str] = {}  # session id -> its token
        self._filed: dict[int, str] = {}  # ticket -> the session that filed it
        self._staff: str | None = None

    def voice_link(self, session_id: str) -> VoiceLink:
        """The API's voice socket for this visitor's session, with its customer token."""
        token = self._customer.get(session_id)
        if token is None:
            raise AuthenticationFailed("this conversation has ended; log in again")
        return api_voice_link(self._api.where, token)

    def _call(self, method: str, path: str, **request: Any) -> Any:
        response = self._api.call(method, path, client=self._client, **request)
        return response.json() if response.content else None

    def _as_customer(self, session_id: str, method: str, path: str, **request: Any) -> Any:
        token = self._customer.get(session_id)
        if token is None:
            raise AuthenticationFailed("this conversation has ended; log in again")
        return self._call(method, f"/v1/sessions/{session_id}{path}", token=token, **request)

    def _as_staff(self, method: str, path: str, **request: Any) -> Any:
        if self._staff is None:
            raise AuthenticationFailed("log in as staff first")
        try:
            return self._call(method, path, token=self._staff, **request)
        except AuthenticationFailed as exc:
            # Staff tokens are short-lived (HELPLINE_API_STAFF_TOKEN_MINUTES).
            raise AuthenticationFailed(f"{exc}: log out and log in again") from None

    def _noted(self, turn: TurnPublic) -> TurnPublic:
        if turn.complaint_id is not None:
            self._filed[turn.complaint_id] = turn.session_id
        return turn

    # The customer page

    def otp_required(self) -> bool:
        return self._one_time_code

    def start(self, phone: str) -> TurnPublic:
        """A session, then the phone number as its first line, as the API expects."""
        opened = self._call("POST", "/v1/sessions")
        self._customer[opened["session_id"]] = opened["token"]
        return self.text_turn(opened["session_id"], phone)

    def text_turn(self, session_id: str, text: str) -> TurnPublic:
        found = self._as_customer(session_id, "POST", "/messages", json={"text": text})
        return self._noted(TurnPublic.model_validate(found))

    def audio_turn(self, session_id: str, audio: bytes) -> VoiceTurnPublic:
        files = {"audio": ("recording", audio, "application/octet-stream")}
        found = self._as_customer(
            session_id, "POST", "/audio", files=files, timeout=AUDIO_TIMEOUT_S
        )
        spoken = found.pop("audio_base64", None)
        turn = VoiceTurnPublic.model_validate(
            {**found, "audio_wav": base64.b64decode(spoken) if spoken else None}
        )
        if turn.complaint_id is not None:
            self._filed[turn.complaint_id] = turn.session_id
        return turn

    def ticket(self, complaint_id: int) -> ComplaintDetail:
        """A ticket this visitor's chat filed (the customer's view), else any ticket (staff)."""
        session_id = self._filed.get(complaint_id)
        if session_id is None:
            return ComplaintDetail.model_validate(
                self._as_staff("GET", f"/v1/complaints/{complaint_id}")
            )
        found = self._as_customer(session_id, "GET", f"/complaints/{complaint_id}")
        # A customer is shown the ticket and its due time; staff's notes stay with staff.
        return ComplaintDetail(
            complaint=ComplaintPublic.model_validate(found), history=[], next_statuses=[]
        )

    def end(self, session_id: str) -> None:
        try:
            self._as_customer(session_id, "DELETE", "")
        except AuthenticationFailed as exc:
            log.info("the session had already ended: %s", exc)  # what logging out wanted
        self._customer.pop(session_id, None)

    # The dashboard

    def login(self, username: str, password: str) -> StaffPublic:
        body = {"username": username, "password": password}
        found = self._call("POST", "/v1/auth/token", json=body)
        self._staff = found["access_token"]
        return StaffPublic.model_validate(found["staff"])

    def choices(self) -> FilterChoices:
        return FilterChoices.model_validate(self._as_staff("GET", "/v1/complaints/filters"))

    def kpis(self, filters: Filters) -> KpisPublic:
        found = self._as_staff("GET", "/v1/analytics/kpis", params=_scope(filters))
        return KpisPublic.model_validate(found)

    def complaints(self, filters: Filters) -> tuple[list[ComplaintPublic], int]:
        """The newest TABLE_ROWS tickets in the filters, and how many match in all."""
        scope = _scope(filters)

        def page_at(offset: int) -> ComplaintPage:
            params = {**scope, "limit": PAGE, "offset": offset}
            return ComplaintPage.model_validate(
                self._as_staff("GET", "/v1/complaints", params=params)
            )

        return newest_rows(page_at)

    def change_status(
        self, complaint_id: int, status: str, *, actor: str, note: str | None
    ) -> ComplaintDetail:
        # The API records the token's staff member as the actor.
        body = {"status": status, "note": note}
        found = self._as_staff("PATCH", f"/v1/complaints/{complaint_id}", json=body)
        return ComplaintDetail.model_validate(found)

    def handoffs(self) -> HandoffPage:
        params = {"status": "queued", "limit": HANDOFFS}
        found = self._as_staff("GET", "/v1/handoffs", params=params, not_found=HandoffNotFound)
        return HandoffPage.model_validate(found)

    def transcript(self, session_id: str) -> Transcript:
        return Transcript.model_validate(self._as_staff("GET", f"/v1/transcripts/{session_id}"))

    def summary(self, filters: Filters) -> SummaryPublic:
        found = self._as_staff("GET", "/v1/analytics/summary", params=_scope(filters))
        return SummaryPublic.model_validate(found)

    def emerging(self, filters: Filters) -> EmergingList:
        found = self._as_staff("GET", "/v1/analytics/emerging", params=_scope(filters))
        return EmergingList.model_validate(found)


@st.cache_resource(show_spinner=False)
def _shared_client(base_url: str) -> ApiClient:
    """One connection pool per API for the whole server (it holds no visitor's token)."""
    return ApiClient(base_url)


def over_api(base_url: str) -> HttpBackend:
    """This visitor's backend over the API at base_url, made on their first page."""
    key = f"{VISITOR}:{base_url}"
    found: HttpBackend | None = st.session_state.get(key)
    if found is None:
        found = HttpBackend(_shared_client(base_url), client=visitor_address())
        st.session_state[key] = found
    return found
