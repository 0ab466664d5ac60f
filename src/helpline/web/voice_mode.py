"""Voice mode on the customer page: a small browser component (static HTML and JavaScript in
web/voice/) that talks with the agent in real time over the live-call WebSocket."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import streamlit.components.v1 as components

from helpline.web.voice_link import VoiceLink

# A reply or a transcript longer than this is cut: more is not a spoken line.
LONGEST = 2000


@cache
def _component() -> Any:
    # Declared when voice mode is first switched on: declaring looks the caller's module up
    # among every loaded module, a cost the login page need not pay.
    return components.declare_component(
        "voice_mode", path=str(Path(__file__).resolve().parent / "voice")
    )


@dataclass(frozen=True, slots=True)
class Exchange:
    """One question and answer of voice mode, as the panel reports it."""

    id: str
    heard: str
    reply: str


FIELDS = ("id", "heard", "reply")


def read_exchanges(value: Any) -> list[Exchange]:
    """The panel's report, read defensively: it comes from the browser."""
    found = value.get("exchanges") if isinstance(value, dict) else None
    out: list[Exchange] = []
    for item in found if isinstance(found, list) else []:
        if isinstance(item, dict) and all(isinstance(item.get(k), str) for k in FIELDS):
            out.append(Exchange(item["id"][:40], item["heard"][:LONGEST], item["reply"][:LONGEST]))
    return out


def voice_mode(link: VoiceLink, session_id: str) -> list[Exchange]:
    """Draw the voice-mode panel for this session (its button starts the microphone); the
    exchanges it has had so far."""
    value = _component()(
        base_url=link.base_url,
        port=link.port,
        path=link.path(session_id),
        token=link.token,
        key=f"voice-mode-{session_id}",
        default=None,
    )
    return read_exchanges(value)
