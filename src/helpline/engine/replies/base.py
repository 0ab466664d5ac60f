"""The reply writer contract: facts in, one short Hinglish reply out."""

from dataclasses import dataclass
from typing import Protocol

from helpline.engine.facts import Facts
from helpline.engine.session import Exchange


@dataclass(frozen=True, slots=True)
class Address:
    """How to address the customer: 'sir' or 'madam' only when the data says which."""

    honorific: str = ""

    @classmethod
    def for_gender(cls, gender: str | None) -> "Address":
        return cls({"M": "sir", "F": "madam"}.get((gender or "").upper(), ""))


@dataclass(frozen=True, slots=True)
class ReplyRequest:
    facts: tuple[Facts, ...]
    address: Address
    user_text: str
    history: tuple[Exchange, ...] = ()  # the last exchanges, oldest first
    session_id: str = ""
    turn: int = 0  # with the session id, picks template variants reproducibly
    started: float = 0.0  # time.monotonic() when the turn began: remote writers keep its deadline
    language: str = "hinglish"  # the session's reply language: english, hinglish, devanagari


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    writer: str  # "template", "gemini", "openai", ...
    fallback: str | None = None  # why a remote writer's reply was not used


class ReplyWriter(Protocol):
    """Words a reply from facts. Never states anything the facts do not hold."""

    name: str

    def write(self, request: ReplyRequest) -> Reply: ...
