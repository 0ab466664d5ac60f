"""What the engine remembers about one conversation between turns (JSON-serialisable)."""

import json
import uuid
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

MAX_EXCHANGES = 5  # the design keeps the last 5 exchanges for follow-ups and the LLM prompt


class Stage(StrEnum):
    ASK_PHONE = "ask_phone"
    ASK_OTP = "ask_otp"
    VERIFIED = "verified"


class PendingKind(StrEnum):
    CHOOSE_PLAN = "choose_plan"  # we asked which plan to recharge with
    CONFIRM_RECHARGE = "confirm_recharge"  # we named a plan and asked "Confirm karein?"


@dataclass(frozen=True, slots=True)
class Pending:
    """A question the agent asked and is waiting to have answered."""

    kind: PendingKind
    plan_id: int | None = None
    # True when the agent offered the plan (a recommendation) rather than being asked for a
    # recharge: the offer is not asked again after other questions and lapses after them.
    offered: bool = False
    # The idempotency key of the recharge this confirmation pays for: one per offer, made when
    # the offer is made (whoever makes it), so a repeated "haan" on any process pays once. A
    # token, not part of which question is open, so it takes no part in equality.
    key: str | None = field(default=None, compare=False)
    # True while a recharge with this key may have landed unheard (its COMMIT went unanswered
    # and no look-up could tell): a later failure to reach the database must not say "not paid".
    unsettled: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind is PendingKind.CONFIRM_RECHARGE and self.key is None:
            object.__setattr__(self, "key", new_recharge_key())


def new_recharge_key() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class Exchange:
    user: str
    reply: str
    intent: str | None


@dataclass(frozen=True, slots=True)
class OtpChallenge:
    """A code sent to a phone: only its hash is kept."""

    code_hash: str
    salt: str
    expires_at: float


@dataclass(frozen=True, slots=True)
class SessionState:
    session_id: str
    channel: str
    created_at: float
    stage: Stage = Stage.ASK_PHONE
    phone: str | None = None  # the verified number, or the one being verified
    otp: OtpChallenge | None = None
    history: tuple[Exchange, ...] = ()
    pending: Pending | None = None
    topic: str | None = None  # what the last answer was about, for "aur validity?"
    plans: tuple[int, ...] = ()  # plans the last answers named, for "uska price?"
    negative_streak: int = 0
    style: str = "formal_hinglish"
    # The reply language: the customer's last telling line's (english / hinglish / devanagari).
    language: str = "hinglish"
    ticket: int | None = None  # the ticket this session filed or talked about last
    ticket_type: str | None = None  # its complaint type, so details land on the same ticket
    handoff: int | None = None  # the hand-off this session queued: asked again, it is reused
    # A problem report already answered with the account's state (plan expired, data used up):
    # reported again, it is filed.
    diagnosed: bool = False
    turns: int = 0
    # Who the front end says is asking (the API's client address, "cli"): codes sent are
    # limited per client as well as per number.
    client: str | None = None
    # A request made before the caller was verified ("balance batao", then the number): it is
    # answered as soon as they are, so nobody has to ask twice.
    deferred: str | None = None

    @property
    def verified(self) -> bool:
        return self.stage is Stage.VERIFIED

    def with_exchange(self, user: str, reply: str, intent: str | None) -> "SessionState":
        history = (*self.history, Exchange(user, reply, intent))[-MAX_EXCHANGES:]
        return replace(self, history=history, turns=self.turns + 1)

    def to_json(self) -> str:
        # Built by hand: dataclasses.asdict deep-copies every value and costs 3x as much.
        data = {
            "session_id": self.session_id,
            "channel": self.channel,
            "created_at": self.created_at,
            "stage": self.stage.value,
            "phone": self.phone,
            "otp": asdict(self.otp) if self.otp else None,
            "history": [
                {"user": e.user, "reply": e.reply, "intent": e.intent} for e in self.history
            ],
            "pending": asdict(self.pending) if self.pending else None,
            "topic": self.topic,
            "plans": list(self.plans),
            "negative_streak": self.negative_streak,
            "style": self.style,
            "language": self.language,
            "ticket": self.ticket,
            "ticket_type": self.ticket_type,
            "handoff": self.handoff,
            "diagnosed": self.diagnosed,
            "turns": self.turns,
            "client": self.client,
            "deferred": self.deferred,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str | bytes) -> "SessionState":
        data: dict[str, Any] = json.loads(raw)
        pending = data.pop("pending")
        otp = data.pop("otp")
        return cls(
            **{k: v for k, v in data.items() if k not in ("stage", "history", "plans")},
            stage=Stage(data["stage"]),
            history=tuple(Exchange(**e) for e in data["history"]),
            plans=tuple(data["plans"]),
            pending=(
                Pending(
                    PendingKind(pending["kind"]),
                    pending["plan_id"],
                    pending["offered"],
                    pending.get("key"),  # sessions saved before keys existed have none
                    pending.get("unsettled", False),
                )
                if pending
                else None
            ),
            otp=OtpChallenge(**otp) if otp else None,
        )


def new_session(session_id: str, channel: str, now: float) -> SessionState:
    return SessionState(session_id=session_id, channel=channel, created_at=now)
