"""Errors turned into one clear line on the page, as the CLI turns them into one line on stderr."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from helpline.app.errors import (
    AudioError,
    HelplineError,
    MissingExtra,
    ProviderUnavailable,
)

T = TypeVar("T")
log = logging.getLogger("helpline.web")

VOICE_FALLBACK = "You can still type your question below."


def one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def attempt(call: Callable[[], T], *, doing: str) -> T | None:
    """Run a backend call; our errors become one line on the page and None comes back."""
    try:
        return call()
    except HelplineError as exc:
        log.warning("%s failed: %s", doing, one_line(exc))
        st.error(f"Could not {doing}: {one_line(exc)}", icon="⚠️")
        return None


def voice_problem(error: HelplineError) -> str:
    """Why a recording could not be answered, in words a customer can act on."""
    if isinstance(error, MissingExtra):
        return f"Voice input is not installed on this server ({one_line(error)}). {VOICE_FALLBACK}"
    if isinstance(error, ProviderUnavailable):
        return f"Speech recognition is not available right now. {VOICE_FALLBACK}"
    if isinstance(error, AudioError):
        return f"That recording could not be used ({one_line(error)}). {VOICE_FALLBACK}"
    return f"Voice input failed: {one_line(error)}. {VOICE_FALLBACK}"
