"""The agent: one customer line in, one reply out, with the session kept between turns.

text ─understand─► Utterance ─verify or policy─► Decision ─actions─► Facts ─writer─► Reply
and every turn is stored in conversations.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from helpline.engine import actions
from helpline.engine.account_cache import AccountCache, AccountSnapshot
from helpline.engine.accounts import AccountReader
from helpline.engine.actions.complaints import TRIAGE
from helpline.engine.asks import decide_all
from helpline.engine.catalogue import Catalogue
from helpline.engine.expectation import Expectation, expects
from helpline.engine.facts import FactKey, Facts, facts
from helpline.engine.metrics import Counters
from helpline.engine.policy import Act, Decision, Policy
from helpline.engine.recording import TurnRecorder
from helpline.engine.replies import Address, Reply, ReplyRequest, ReplyWriter
from helpline.engine.session import SessionState, Stage, new_session
from helpline.engine.session_store import SessionStore, SessionStoreUnavailable
from helpline.engine.turn_state import next_state
from helpline.engine.verify import Verifier
from helpline.language import Entity, Intent, Utterance
from helpline.store.clock import utcnow
from helpline.store.conversations import note_interrupted
from helpline.store.outbox import Outbox, QueuedTurn
from helpline.store.values import Customer

log = logging.getLogger(__name__)
MAX_INPUT_CHARS = 500  # a customer line longer than this is cut: nobody says more in one turn
_OTP_CODE = re.compile(r"(?<!\d)\d(?:\s?\d){5}(?!\d)")
# A line before verification with one of these intents, this sure, is a request to answer
# once the caller is verified; greetings, yes/no and the number alone are not.
_DEFERRABLE = frozenset(Intent) - {
    Intent.GREETING,
    Intent.GOODBYE,
    Intent.THANKS,
    Intent.AFFIRM,
    Intent.DENY,
    Intent.OUT_OF_SCOPE,
}
DEFER_MIN_CONFIDENCE = 0.8
# Answers that state the caller's own account: from the cache they carry the cache's age.
_ACCOUNT_ACTS = frozenset({Act.BALANCE, Act.PLAN_INFO, Act.VALIDITY, Act.TRANSACTIONS})


class Understander(Protocol):
    def understand(self, text: str, *, plan_names: Sequence[str] = ()) -> Utterance: ...


@dataclass(frozen=True, slots=True)
class Turn:
    """What the caller gets back for one line."""

    session_id: str
    reply: str
    intent: str | None = None
    entities: tuple[Entity, ...] = ()
    complaint_id: int | None = None
    handoff: bool = False
    verified: bool = False
    timings: Mapping[str, float] = field(default_factory=dict)  # milliseconds per stage
    sentiment: str | None = None  # of the caller's line: positive, neutral, negative


@dataclass(frozen=True, slots=True)
class _Result:
    """The engine's answer to a line, before it is worded."""

    state: SessionState
    facts: tuple[Facts, ...]
    intent: str | None
    customer: Customer | None = None
    complaint_id: int | None = None
    handoff: bool = False
    queued_complaint: str | None = None  # outbox entry: the turn record must follow it there
    keep_session: bool = True  # False when the session store failed: never overwrite it blind


class Agent:
    """Conversations over the store; safe to share between threads and processes."""

    def __init__(
        self,
        *,
        db: sessionmaker[Session],
        understander: Understander,
        spoken_understander: Callable[[], Understander] | None = None,
        sessions: SessionStore,
        writer: ReplyWriter,
        verifier: Verifier,
        catalogue: Catalogue,
        policy: Policy | None = None,
        counters: Counters | None = None,
        account_cache: AccountCache | None = None,
        outbox: Outbox | None = None,
    ) -> None:
        self._db = db
        self._understander = understander
        # Built on the first spoken turn, so a text-only process never trains it.
        self._spoken_understander = spoken_understander
        self._sessions = sessions
        self._writer = writer
        self._verifier = verifier
        self._catalogue = catalogue
        self._policy = policy or Policy(TRIAGE.departments())
        # Events worth watching (LLM fallbacks, ungrounded replies), for a metrics endpoint.
        self.counters = counters or Counters()
        self._accounts = AccountReader(db, account_cache or AccountCache())
        # Writes the database could not take wait in the outbox; without one they are lost.
        self._recorder = TurnRecorder(db, outbox)

    def start(
        self,
        session_id: str | None = None,
        *,
        phone: str | None = None,
        channel: str = "text",
        client: str | None = None,
    ) -> Turn:
        """Open a session and greet the caller; a phone given is taken as the first line.

        `client` names who is asking (an address, "cli"): one-time codes are limited per client.
        """
        started = time.perf_counter()
        state = new_session(session_id or uuid.uuid4().hex, channel, time.time())
        if client is not None:
            state = replace(state, client=client)
        self._sessions.save(state)
        log.info("session started", extra={"session_id": state.session_id, "channel": channel})
        if phone is not None:
            return self.turn(state.session_id, phone)
        saved = time.perf_counter()
        reply = self._write(state, (facts(FactKey.GREETING),), "", None)
        written = time.perf_counter()
        timings = {
            "understand": 0.0,
            "policy": 0.0,
            "writer": (written - saved) * 1000,
            "store": (saved - started) * 1000,
            "total": (written - started) * 1000,
        }
        return Turn(state.session_id, reply.text, timings=timings)

    def end(self, session_id: str) -> None:
        """Forget a session (the caller hung up)."""
        self._sessions.delete(session_id)

    def is_live(self, session_id: str) -> bool:
        """Whether the session exists and has not been idle past its timeout."""
        return self._sessions.exists(session_id)

    @property
    def outbox(self) -> Outbox | None:
        """Where this process keeps the writes the database could not take (None: nowhere)."""
        return self._recorder.outbox

    def forget_phone(self, phone: str) -> int:
        """Drop every live session, code counter and cached account of a number (erasure);
        returns the number of sessions dropped."""
        dropped = self._sessions.forget_phone(phone)
        self._verifier.forget(phone)
        self._accounts.cache.forget(phone)
        return dropped

    def note_interrupted(self, session_id: str, *, played_ms: float, reply_ms: float) -> None:
        """Record that the caller cut the session's latest reply short (never fails the call)."""
        try:
            note_interrupted(self._db, session_id, played_ms=played_ms, reply_ms=reply_ms)
        except SQLAlchemyError:
            log.exception("interruption not recorded", extra={"session_id": session_id})

    def expects(self, session_id: str) -> Expectation:
        """What the agent waits to hear next in this session (a phone number, a code, speech)."""
        return expects(self._sessions, session_id)

    def understander(self, *, spoken: bool = False) -> Understander:
        """The understander for typed lines, or for `spoken` ones (speech transcripts)."""
        if spoken and self._spoken_understander is not None:
            return self._spoken_understander()
        return self._understander

    def turn(self, session_id: str, text: str, *, spoken: bool = False) -> Turn:
        """Answer one customer line (`spoken`: a transcript of speech); an expired or unknown
        session starts again, unverified."""
        answered = self._turn(session_id, text, spoken=spoken, live_only=False)
        assert answered is not None  # only a live_only turn is ever refused
        return answered

    def live_turn(self, session_id: str, text: str) -> Turn | None:
        """Answer one typed line of a live session; None, with nothing answered or stored, when
        the session has ended or expired. The session is read once: no separate is_live()."""
        return self._turn(session_id, text, spoken=False, live_only=True)

    def _turn(self, session_id: str, text: str, *, spoken: bool, live_only: bool) -> Turn | None:
        began = time.monotonic()
        started = time.perf_counter()
        line = " ".join(text.split())[:MAX_INPUT_CHARS]
        self.drain_outbox()
        try:
            state = self._sessions.load(session_id)
            store_down = False
        except SessionStoreUnavailable:
            log.exception("session store down", extra={"session_id": session_id})
            state, store_down = None, True
        if live_only and state is None and not store_down:
            return None
        expired = state is None
        if state is None:
            state = new_session(session_id, "text", time.time())
            log.info("session expired or unknown, starting again", extra={"session_id": session_id})
        utterance = self.understander(spoken=spoken).understand(
            line, plan_names=self._catalogue.names()
        )
        understood = time.perf_counter()
        if store_down:
            # Who is calling is in the store: answer politely and leave their session alone.
            result = _Result(state, (facts(FactKey.SYSTEM_ERROR),), None, keep_session=False)
        elif expired and utterance.cues.phone is None:
            result = _Result(state, (facts(FactKey.SESSION_EXPIRED),), None)
        else:
            result = self._respond(state, line, utterance)
        decided = time.perf_counter()
        try:
            reply = self._write(result.state, result.facts, line, result.customer, began)
        except Exception:  # facts a template cannot word: say sorry rather than fail the turn
            log.exception("reply not written", extra={"session_id": state.session_id})
            result = replace(result, facts=(facts(FactKey.SYSTEM_ERROR),))
            reply = self._write(result.state, result.facts, line, result.customer, began)
        written = time.perf_counter()
        self._store(result, line, reply, utterance, secret=state.stage is Stage.ASK_OTP)
        stored = time.perf_counter()
        timings = {
            "understand": (understood - started) * 1000,
            "policy": (decided - understood) * 1000,
            "writer": (written - decided) * 1000,
            "store": (stored - written) * 1000,
            "total": (stored - started) * 1000,
        }
        return Turn(
            session_id=state.session_id,
            reply=reply.text,
            intent=result.intent,
            entities=utterance.entities,
            complaint_id=result.complaint_id,
            handoff=result.handoff,
            verified=result.state.verified,
            timings=timings,
            sentiment=utterance.sentiment.value,
        )

    def _respond(self, state: SessionState, line: str, u: Utterance) -> _Result:
        if not state.verified and u.intent is Intent.GOODBYE and u.cues.phone is None:
            return _Result(state, (facts(FactKey.GOODBYE, name=""),), u.intent.value)
        try:
            if not state.verified:
                return self._login(state, line, u)
            return self._serve(state, u)
        except Exception:
            # A database or provider failure, or a fault of ours: the caller still gets a polite
            # reply and the session stays as it was.
            log.exception("turn failed", extra={"session_id": state.session_id})
            return _Result(state, (facts(FactKey.SYSTEM_ERROR),), u.intent.value)

    def _login(self, state: SessionState, line: str, u: Utterance) -> _Result:
        """One verification step; a request made on the way is kept, and answered in the turn
        that verifies the caller."""
        asks = _is_request(u)
        step = self._verifier.handle(state, u, asks=asks)
        after = replace(step.state, deferred=line) if asks else step.state
        if u.cues.language is not None:  # "my number is ..." is answered in English
            after = replace(after, language=u.cues.language.value)
        if not step.verified_now or after.deferred is None:
            return _Result(after, (step.facts,), u.intent.value)
        asked = self.understander(spoken=after.channel == "voice").understand(
            after.deferred, plan_names=self._catalogue.names()
        )
        served = self._serve(replace(after, deferred=None), asked)
        thanks = facts(FactKey.VERIFIED_THEN, name=step.facts.fields["name"])
        return replace(served, facts=(thanks, *served.facts))

    def drain_outbox(self) -> int:
        """Write what the outbox holds if the database is back (also done before every turn)."""
        return self._recorder.drain()

    def _serve(self, state: SessionState, u: Utterance) -> _Result:
        assert state.phone is not None
        customer, offline = self._accounts.read(state.phone)
        said: list[Facts] = []
        complaint_id: int | None = None
        handoff = False
        queued: str | None = None
        intent = u.intent.value
        for ask, decision in decide_all(self._policy, state, u):
            outcome = self._act(state, customer, ask, decision, offline)
            said.extend(outcome.facts)
            state = next_state(state, decision, outcome)
            complaint_id = outcome.complaint_id or complaint_id
            handoff = handoff or outcome.handoff_id is not None
            queued = outcome.queued_complaint or queued
            if ask is u:  # the whole line's intent, whatever order the answers go in
                intent = decision.intent.value
        if (
            len(said) > 1
        ):  # two answers in one reply: the complaint's tip is left out to keep it short
            said = [
                Facts(f.key, {**f.fields, "fix": ""}, f.items)
                if f.key is FactKey.COMPLAINT_CREATED
                else f
                for f in said
            ]
        return _Result(state, tuple(said), intent, customer, complaint_id, handoff, queued)

    def _act(
        self,
        state: SessionState,
        customer: Customer,
        u: Utterance,
        decision: Decision,
        offline: AccountSnapshot | None,
    ) -> actions.Outcome:
        ctx = actions.Context(
            self._db,
            self._catalogue,
            state,
            customer,
            u,
            decision,
            utcnow(),
            outbox=self._recorder.outbox,
            offline=offline,
        )
        outcome = actions.run(ctx)
        if offline is not None and decision.act in _ACCOUNT_ACTS:
            note = self._accounts.age_note(offline, transactions=decision.act is Act.TRANSACTIONS)
            outcome = replace(outcome, facts=(*outcome.facts, note))
        if outcome.topic == "recharge_done" and state.phone is not None:
            self._accounts.cache.forget(state.phone)  # balance and payments changed: read again
        return outcome

    def _write(
        self,
        state: SessionState,
        items: tuple[Facts, ...],
        line: str,
        customer: Customer | None,
        started: float = 0.0,
    ) -> Reply:
        address = Address.for_gender(customer.gender if customer else None)
        request = ReplyRequest(
            items,
            address,
            line,
            state.history,
            state.session_id,
            state.turns,
            started,
            language=state.language,
        )
        return self._writer.write(request)

    def _store(
        self, result: _Result, line: str, reply: Reply, u: Utterance, *, secret: bool
    ) -> None:
        """Keep the session and record the turn; a recording failure never loses the reply, and
        a turn the database cannot take waits in the outbox."""
        state = result.state
        # A one-time code is a secret: it is kept neither in the session nor in the transcript.
        spoken = _OTP_CODE.sub("******", line) if secret else line
        if result.keep_session:
            try:
                self._sessions.save(state.with_exchange(spoken, reply.text, result.intent))
            except SessionStoreUnavailable:
                log.exception("session not saved", extra={"session_id": state.session_id})
        turn = QueuedTurn(
            phone=state.phone if state.verified and state.phone else "",
            customer_name=(result.customer.name if result.customer else None),
            user_input=spoken,
            bot_response=reply.text,
            sentiment=u.sentiment.value,
            intent=result.intent,
            session_id=state.session_id,
            channel=state.channel,
            timestamp=utcnow().isoformat(),
            complaint_entry=result.queued_complaint,
        )
        self._recorder.record(turn, result.complaint_id)


def _is_request(u: Utterance) -> bool:
    """Whether a line said before verification asks for something to answer once verified."""
    return (
        u.intent in _DEFERRABLE
        and u.confidence >= DEFER_MIN_CONFIDENCE
        and not u.cues.bare_phone
        and u.cues.otp_code is None
    )
