"""Voice mode on the customer page: a small browser component (static HTML and JavaScript in
web/voice/) that talks with the agent in real time over the live-call WebSocket."""

from __future__ import annotations

from pathlib import Path

import streamlit.components.v1 as components

from helpline.web.voice_link import VoiceLink

_component = components.declare_component(
    "voice_mode", path=str(Path(__file__).resolve().parent / "voice")
)


def voice_mode(link: VoiceLink, session_id: str) -> None:
    """Draw the voice-mode panel for this session (its button starts the microphone)."""
    _component(
        base_url=link.base_url,
        port=link.port,
        path=link.path(session_id),
        token=link.token,
        key=f"voice-mode-{session_id}",
        default=None,
    )
