"""What a live call emits: one signal at a time, on the call's input-audio timeline.

The application layer serves these kinds to clients as they are (its LiveEvent types).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from helpline.audio.clip import AudioClip
from helpline.engine.agent import Turn

SignalKind = Literal[
    "speech_start",
    "speech_end",
    "partial",
    "final",
    "reply",
    "audio",
    "reply_end",
    "pause",
    "resume",
    "barge_in",
    "backchannel",
    "not_understood",
    "error",
]


@dataclass(frozen=True, slots=True)
class LiveSignal:
    """One thing that happened in the call, at a position on its input-audio timeline."""

    kind: SignalKind
    at_ms: float
    text: str | None = None
    turn: Turn | None = None
    clip: AudioClip | None = None
    seq: int | None = None
    duration_ms: float | None = None


Emit = Callable[[LiveSignal], None]
