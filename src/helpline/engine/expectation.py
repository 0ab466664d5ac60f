"""What the agent is waiting to hear next, read from the session store (never written here).

A voice front end listens differently when the agent has asked for a phone number or a one-time
code (digits only) than when it waits for a free question.
"""

from enum import StrEnum

from helpline.engine.session import SessionState, Stage
from helpline.engine.session_store import SessionStore


class Expectation(StrEnum):
    PHONE = "phone"  # the caller is not verified: the agent asked for the mobile number
    CODE = "code"  # a one-time code was sent and the agent waits for it
    SPEECH = "speech"  # a verified caller: any question


def expectation_of(state: SessionState | None) -> Expectation:
    """The expectation for one session's state; an unknown or expired session asks for a number."""
    if state is None or state.stage is Stage.ASK_PHONE:
        return Expectation.PHONE
    if state.stage is Stage.ASK_OTP:
        return Expectation.CODE
    return Expectation.SPEECH


def expects(sessions: SessionStore, session_id: str) -> Expectation:
    """What the agent waits for in `session_id`, as the session store has it now."""
    return expectation_of(sessions.load(session_id))
