"""Who is calling: number, customer check, one-time code, and the lock after three wrong codes."""

from engine_kit import DEMO_PHONE, Outbox

from helpline.engine.facts import FactKey
from helpline.engine.session import SessionState, Stage, new_session
from helpline.engine.session_store import MemorySessionStore
from helpline.engine.verify import Verifier, VerifyStep
from helpline.language import get_understander
from helpline.store.db import Database


def handle(v: Verifier, state: SessionState, text: str) -> VerifyStep:
    """One line as the agent hands it over: understood first."""
    return v.handle(state, get_understander().understand(text))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def verifier(
    db: Database, store: MemorySessionStore, outbox: Outbox | None, clock: Clock
) -> Verifier:
    return Verifier(sessions=db.sessions, otp_sender=outbox, clock=clock)


def test_without_otp_a_known_number_verifies_and_the_name_is_used(seeded: Database) -> None:
    clock = Clock()
    v = verifier(seeded, MemorySessionStore(ttl_seconds=60, clock=clock), None, clock)
    step = handle(v, new_session("s", "text", 0), f"mera number {DEMO_PHONE} hai")
    assert step.state.stage is Stage.VERIFIED
    assert step.facts.key is FactKey.VERIFIED
    assert step.facts.fields["name"] == "Rahul"


def test_number_with_country_code_and_spaces_is_accepted(seeded: Database) -> None:
    clock = Clock()
    v = verifier(seeded, MemorySessionStore(ttl_seconds=60, clock=clock), None, clock)
    step = handle(v, new_session("s", "text", 0), "+91 98765 43210")
    assert step.state.phone == DEMO_PHONE
    assert step.state.verified


def test_short_number_is_invalid_and_unknown_number_is_not_found(seeded: Database) -> None:
    clock = Clock()
    v = verifier(seeded, MemorySessionStore(ttl_seconds=60, clock=clock), None, clock)
    short = handle(v, new_session("s", "text", 0), "98765")
    assert short.facts.key is FactKey.INVALID_PHONE
    unknown = handle(v, new_session("s", "text", 0), "9000000001")
    assert unknown.facts.key is FactKey.UNKNOWN_PHONE
    assert not unknown.state.verified and unknown.state.phone is None


def test_otp_right_code_verifies(seeded: Database) -> None:
    clock, outbox = Clock(), Outbox()
    v = verifier(seeded, MemorySessionStore(ttl_seconds=60, clock=clock), outbox, clock)
    asked = handle(v, new_session("s", "text", 0), DEMO_PHONE)
    assert asked.state.stage is Stage.ASK_OTP
    assert outbox.sent[0][0] == DEMO_PHONE
    assert asked.facts.fields["masked_phone"] == "98XXXX3210"
    done = handle(v, asked.state, f"code hai {outbox.last_code}")
    assert done.state.verified


def test_code_is_kept_only_as_a_salted_hash(seeded: Database) -> None:
    clock, outbox = Clock(), Outbox()
    v = verifier(seeded, MemorySessionStore(ttl_seconds=60, clock=clock), outbox, clock)
    asked = handle(v, new_session("s", "text", 0), DEMO_PHONE)
    assert outbox.last_code not in asked.state.to_json()


def test_three_wrong_codes_lock_the_number_for_15_minutes(seeded: Database) -> None:
    clock, outbox = Clock(), Outbox()
    store = MemorySessionStore(ttl_seconds=3600, clock=clock)
    v = verifier(seeded, store, outbox, clock)
    state = handle(v, new_session("s", "text", 0), DEMO_PHONE).state
    wrong = f"{(int(outbox.last_code) + 1) % 10**6:06d}"
    first = handle(v, state, wrong)
    assert first.facts.key is FactKey.OTP_WRONG and first.facts.fields["attempts_left"] == "2"
    second = handle(v, first.state, wrong)
    third = handle(v, second.state, wrong)
    assert third.facts.key is FactKey.PHONE_LOCKED
    assert third.state.stage is Stage.ASK_PHONE and not third.state.verified
    # A new session (even another process sharing the store) meets the lock too.
    again = handle(v, new_session("s2", "text", 0), DEMO_PHONE)
    assert again.facts.key is FactKey.PHONE_LOCKED
    assert len(outbox.sent) == 1  # no new code goes out while locked
    clock.now += 15 * 60 + 1
    after = handle(v, new_session("s3", "text", 0), DEMO_PHONE)
    assert after.facts.key is FactKey.OTP_SENT


def test_expired_code_sends_a_new_one(seeded: Database) -> None:
    clock, outbox = Clock(), Outbox()
    v = verifier(seeded, MemorySessionStore(ttl_seconds=3600, clock=clock), outbox, clock)
    state = handle(v, new_session("s", "text", 0), DEMO_PHONE).state
    old = outbox.last_code
    clock.now += 6 * 60
    step = handle(v, state, old)
    assert step.facts.key is FactKey.OTP_EXPIRED
    assert len(outbox.sent) == 2
    assert handle(v, step.state, outbox.last_code).state.verified
