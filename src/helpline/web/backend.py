"""The one interface the pages talk to, and its in-process implementation over helpline.app.

A page never holds the application object itself: it asks `backend()` for a `Backend`, so the
same pages can run against the HTTP API (a client implementing this Protocol) unchanged.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

import streamlit as st

from helpline.app.errors import HelplineError

if TYPE_CHECKING:
    from helpline.app import Helpline
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
    from helpline.web.state import Filters
    from helpline.web.voice_link import VoiceLink
    from helpline.web.voice_server import VoiceServer

# The complaint table shows and exports at most this many rows (the newest first).
TABLE_ROWS = 2000
PAGE = 500  # the application layer's largest page
log = logging.getLogger("helpline.web")


class Backend(Protocol):
    """What the customer page and the dashboard need from helpline."""

    def otp_required(self) -> bool: ...
    def start(self, phone: str) -> TurnPublic: ...
    def text_turn(self, session_id: str, text: str) -> TurnPublic: ...
    def audio_turn(self, session_id: str, audio: bytes) -> VoiceTurnPublic: ...
    def voice_link(self, session_id: str) -> VoiceLink: ...
    def ticket(self, complaint_id: int) -> ComplaintDetail: ...
    def end(self, session_id: str) -> None: ...
    def login(self, username: str, password: str) -> StaffPublic: ...
    def choices(self) -> FilterChoices: ...
    def kpis(self, filters: Filters) -> KpisPublic: ...
    def complaints(self, filters: Filters) -> tuple[list[ComplaintPublic], int]: ...
    def change_status(
        self, complaint_id: int, status: str, *, actor: str, note: str | None
    ) -> ComplaintDetail: ...
    def handoffs(self) -> HandoffPage: ...
    def transcript(self, session_id: str) -> Transcript: ...
    def summary(self, filters: Filters) -> SummaryPublic: ...
    def emerging(self, filters: Filters) -> EmergingList: ...


def newest_rows(
    page_at: Callable[[int], ComplaintPage],
) -> tuple[list[ComplaintPublic], int]:
    """The newest TABLE_ROWS tickets, read page by page from `page_at(offset)`, and how many
    match in all."""
    rows: list[ComplaintPublic] = []
    total = 0
    while len(rows) < TABLE_ROWS:
        page = page_at(len(rows))
        rows.extend(page.items)
        total = page.total
        if not page.items or len(rows) >= total:
            break
    return rows[:TABLE_ROWS], total


def _thread(target: Callable[[], None]) -> threading.Thread:
    # Not a daemon: a model half loaded when the interpreter exits aborts the process.
    thread = threading.Thread(target=target, name="helpline-warm-up", daemon=False)
    thread.start()
    return thread


class InProcessBackend:
    """helpline.app in this process: the default, and what `make run` serves.

    The text agent takes seconds to build (its classifiers), so it is built on a thread as the
    server starts: the page answers at once, and a turn waits for that thread rather than build
    a second agent. The voice agent (the Whisper model) is built by the first recording, under
    the page's spinner: loading it in the background would slow every typed turn meanwhile.
    """

    def __init__(self, helpline: Helpline) -> None:
        self._app = helpline
        self._text = _thread(self._warm_text)
        self._voice_lock = threading.Lock()
        self._voice_server: VoiceServer | None = None

    @property
    def helpline(self) -> Helpline:
        """The application object this backend calls."""
        return self._app

    def _warm_text(self) -> None:
        try:
            self._app.context.agent()
        except HelplineError as exc:
            log.warning("the agent could not be built: %s", exc)  # the first turn reports it

    def otp_required(self) -> bool:
        return self._app.settings.otp == "on"

    def start(self, phone: str) -> TurnPublic:
        self._text.join()
        return self._app.conversations.start(phone=phone, client=visitor_client())

    def text_turn(self, session_id: str, text: str) -> TurnPublic:
        self._text.join()
        return self._app.conversations.text_turn(session_id, text)

    def audio_turn(self, session_id: str, audio: bytes) -> VoiceTurnPublic:
        self._text.join()
        with self._voice_lock:  # two first recordings at once must not load two models
            self._app.context.voice_agent()
        return self._app.conversations.audio_turn(session_id, audio)

    def voice_link(self, session_id: str) -> VoiceLink:
        """The voice socket of this process (started by the first voice mode) for a session."""
        self._text.join()
        with self._voice_lock:
            self._app.context.voice_agent()  # the speech model, before the browser waits on it
            if self._voice_server is None:
                from helpline.web.voice_server import VoiceServer

                # On the address the pages are served on: the browser reaches both alike.
                host = str(st.get_option("server.address") or "127.0.0.1")
                port = self._app.settings.web_voice_port
                self._voice_server = VoiceServer(self._app, host=host, port=port)
        return self._voice_server.link(session_id)

    def ticket(self, complaint_id: int) -> ComplaintDetail:
        return self._app.complaints.get(complaint_id)

    def end(self, session_id: str) -> None:
        self._text.join()
        self._app.conversations.end(session_id)

    def login(self, username: str, password: str) -> StaffPublic:
        return self._app.staff.authenticate(username, password)

    def choices(self) -> FilterChoices:
        from helpline.app.choices import filter_choices

        return filter_choices(self._app.context)

    def kpis(self, filters: Filters) -> KpisPublic:
        analytics = self._app.analytics
        return analytics.kpis(analytics.scope(**filters.as_kwargs()))

    def complaints(self, filters: Filters) -> tuple[list[ComplaintPublic], int]:
        """The newest TABLE_ROWS tickets in the filters, and how many match in all."""
        scope = filters.as_kwargs()
        return newest_rows(
            lambda offset: self._app.complaints.list(**scope, limit=PAGE, offset=offset)
        )

    def change_status(
        self, complaint_id: int, status: str, *, actor: str, note: str | None
    ) -> ComplaintDetail:
        return self._app.complaints.change_status(complaint_id, status, actor=actor, note=note)

    def handoffs(self) -> HandoffPage:
        return self._app.complaints.handoffs(limit=100)

    def transcript(self, session_id: str) -> Transcript:
        return self._app.conversations.transcript(session_id)

    def summary(self, filters: Filters) -> SummaryPublic:
        analytics = self._app.analytics
        return analytics.summary(analytics.scope(**filters.as_kwargs()))

    def emerging(self, filters: Filters) -> EmergingList:
        analytics = self._app.analytics
        return analytics.emerging(analytics.scope(**filters.as_kwargs()))


def visitor_address() -> str | None:
    """The address of the browser behind this page run; None without one (Streamlit's test
    harness, a page run outside a script)."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None


def visitor_client() -> str:
    """Who is asking, for the per-client limit on one-time codes: each visitor by address.
    Every visitor of this server shares the process, so one name for all would let 20 codes an
    hour serve the whole web app."""
    address = visitor_address()
    return "web" if address is None else f"web:{address}"


@st.cache_resource(show_spinner="Opening the helpline database…")
def _in_process(database_url: str) -> Backend:
    """One application object per database for the whole server, shared by every visitor."""
    from helpline.app import Helpline
    from helpline.app.held import take

    # `helpline web` has opened and checked the application already; anything else builds it.
    helpline = take(database_url)
    if helpline is None:
        helpline = Helpline()
        helpline.configure_logging(quiet=True)
        helpline.context.ready_database()  # fail here, with the fix, rather than mid-chat
    return InProcessBackend(helpline)


def backend() -> Backend:
    """The backend for this server's settings: over the HTTP API when HELPLINE_API_URL is set,
    else in this process (a bad setting raises SettingsInvalid)."""
    from helpline.app.core import load_settings

    settings = load_settings()
    if settings.api_url is not None:
        from helpline.web.http_backend import over_api

        return over_api(str(settings.api_url))
    # Keyed by the URL so tests (and a changed setting) get their own application object.
    return _in_process(settings.database_url.get_secret_value())
