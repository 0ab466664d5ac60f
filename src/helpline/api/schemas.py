"""Request and response bodies of the API that are not the application layer's own models."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from helpline.app.models import VoiceTurnPublic
from helpline.app.people_models import StaffPublic


def _clean(text: str) -> str:
    # JSON may carry lone surrogates ("\ud800"); no database can store them.
    return text.encode("utf-8", errors="replace").decode("utf-8")


Text = Annotated[str, AfterValidator(_clean)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SessionPublic(BaseModel):
    session_id: str
    token: str  # send as "Authorization: Bearer <token>" on the session's other requests
    reply: str  # the greeting


class VerificationPublic(BaseModel):
    one_time_code: bool  # after the phone number, the customer sends the code it was sent


class MessageCreate(Body):
    text: Text = Field(max_length=2000, description="What the customer typed or said.")


class VoiceReplyPublic(VoiceTurnPublic):
    audio_base64: str | None = None  # the reply spoken, as a base64 WAV file


class LoginCreate(Body):
    username: Text = Field(min_length=1, max_length=64)
    password: Text = Field(min_length=1, max_length=256)


class TokenPublic(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int  # seconds
    staff: StaffPublic


class ComplaintUpdate(Body):
    status: Literal["open", "in_progress", "resolved", "closed"]
    note: Text | None = Field(default=None, max_length=1000)


class StaffCreate(Body):
    username: Text = Field(min_length=2, max_length=63)
    password: Text = Field(min_length=8, max_length=256)
    role: Literal["agent", "manager"] = "agent"
    full_name: Text = Field(default="", max_length=100)


class StaffUpdate(Body):
    role: Literal["agent", "manager"] | None = None
    is_active: bool | None = None
