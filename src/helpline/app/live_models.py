"""What a live voice call sends to its client: one event at a time, each JSON-serialisable."""

from helpline.app.models import Public, TurnPublic
from helpline.engine.live_signals import SignalKind

# The kinds of signal the engine emits are the event types served, one list for both.
LiveEventType = SignalKind


class LiveEvent(Public):
    """One event of a live call, stamped with its position on the call's input-audio timeline.

    "pause": stop playing the reply now; "resume": go on with it; "barge_in": drop the rest.
    """

    type: LiveEventType
    at_ms: float
    text: str | None = None  # transcript (partial, final), reply text, or error message
    turn: TurnPublic | None = None  # on "reply"
    audio: str | None = None  # on "audio": base64 of the chunk in the call's encoding and rate
    seq: int | None = None  # on "audio": 1, 2, ... within the call
    # "audio": the chunk's length; "final": how long the final reading took; "speech_end": the
    # silence heard after the last word before the end was declared.
    duration_ms: float | None = None
