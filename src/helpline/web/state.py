"""What one browser tab remembers between reruns, kept in st.session_state under typed names.

Streamlit reruns the page script on every click; anything a person has done (logged in, said,
chosen) lives here, never in module globals, which every visitor would share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import streamlit as st

CHAT = "customer_chat"
DASHBOARD = "dashboard_state"


@dataclass(frozen=True, slots=True)
class Ticket:
    """A ticket the agent filed during the chat, with when it is due."""

    complaint_id: int
    due: str  # as the page shows it, e.g. "4 Dec 2026, 21:25 UTC"
    priority: str
    department: str


@dataclass(frozen=True, slots=True)
class ChatEntry:
    """One line of the chat as the page draws it."""

    role: str  # "user" or "assistant"
    text: str
    heard: str | None = None  # what speech recognition understood of a recording
    audio: bytes | None = None  # the spoken reply (WAV)
    ticket: Ticket | None = None
    notice: str | None = None  # a problem the customer should know about (unclear audio, ...)


@dataclass(slots=True)
class Chat:
    """The customer's session: who they are, the agent's session id and the lines so far."""

    session_id: str | None = None
    phone: str | None = None
    verified: bool = False
    awaiting_code: bool = False
    entries: list[ChatEntry] = field(default_factory=list)
    autoplay_index: int | None = None  # the entry whose audio plays by itself on this run
    last_recording: str | None = None  # id of the recording already answered (reruns repeat it)
    voice_shown: set[str] = field(default_factory=set)  # voice-mode exchanges in `entries`


@dataclass(frozen=True, slots=True)
class Filters:
    """The dashboard's complaint filters; None means any."""

    department: str | None = None
    status: str | None = None
    priority: str | None = None
    circle: str | None = None
    since: date | None = None
    until: date | None = None

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "department": self.department,
            "status": self.status,
            "priority": self.priority,
            "circle": self.circle,
            "since": self.since,
            "until": self.until,
        }


def chat() -> Chat:
    """This tab's chat, created empty on first use."""
    if CHAT not in st.session_state:
        st.session_state[CHAT] = Chat()
    value: Chat = st.session_state[CHAT]
    return value


def reset_chat() -> Chat:
    st.session_state[CHAT] = Chat()
    return chat()
