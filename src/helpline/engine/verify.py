"""Who is calling: the 10-digit number, that it is a customer, and (when on) a one-time code.

Nothing about an account leaves this module before the session is verified; the only thing
said about a number is whether it can be used.
"""

import hashlib
import hmac
import logging
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session, sessionmaker

from helpline.engine.facts import FactKey, Facts, facts
from helpline.engine.otp_guard import CodeTry, DbOtpGuard, OtpGuard, OtpLimits
from helpline.engine.session import OtpChallenge, SessionState, Stage
from helpline.language import Utterance
from helpline.phone import mask_phone
from helpline.providers.otp import OtpSender
from helpline.store.customers import customer_exists, get_customer_by_phone

log = logging.getLogger(__name__)

OTP_TTL_SECONDS = 5 * 60
_SAY_SECONDS_BELOW = 120  # a shorter wait is told in seconds, a longer one in minutes


@dataclass(frozen=True, slots=True)
class VerifyStep:
    """The session after one verification step and what to tell the caller."""

    state: SessionState
    facts: Facts
    verified_now: bool = False


def _hash(code: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def _minutes(seconds: int) -> int:
    return max(math.ceil(seconds / 60), 1)


class Verifier:
    """Runs the login steps of a session until it is verified.

    Wrong codes, locks and codes sent are counted per number by the guard, shared by every
    session and process; without one, the database keeps them with the default limits.
    """

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        otp_sender: OtpSender | None,
        guard: OtpGuard | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._db = sessions
        self._sender = otp_sender  # None: HELPLINE_OTP=off, the number alone verifies
        self._guard = guard or DbOtpGuard(sessions, limits=OtpLimits(), clock=clock)
        self._clock = clock

    def forget(self, phone: str) -> None:
        """Drop the number's code counters and locks (its personal data is being erased)."""
        self._guard.forget(phone)

    def handle(
        self, state: SessionState, utterance: Utterance, *, asks: bool = False
    ) -> VerifyStep:
        """One login step. `asks`: the line is a request (kept for later), so its numbers are
        the request's ("2 din se net nahi"), not a mistyped mobile number."""
        cues = utterance.cues
        phone = cues.phone
        if state.stage is Stage.ASK_OTP and state.phone and phone is None:
            return self._check_code(state, cues.otp_code)
        if phone is None:
            key = FactKey.INVALID_PHONE if cues.digits and not asks else FactKey.NEED_VERIFICATION
            return VerifyStep(state, facts(key))
        return self._take_phone(state, phone)

    def _take_phone(self, state: SessionState, phone: str) -> VerifyStep:
        extra = {"session_id": state.session_id, "phone": mask_phone(phone)}
        # A lock bars the tries of one-time codes; with codes off there is nothing it guards, and
        # a Redis outage that hides the locks must not turn every new caller away.
        locked = self._guard.locked_for(phone) if self._sender is not None else 0
        if locked:
            log.info("locked number tried", extra=extra)
            return self._locked(state, locked)
        with self._db() as session:
            known = customer_exists(session, phone)
        if not known:
            log.info("unknown number", extra=extra)
            return VerifyStep(replace(state, phone=None), facts(FactKey.UNKNOWN_PHONE))
        if self._sender is None:
            return self._verified(replace(state, phone=phone))
        # A refused send leaves the session as it was: a code it already holds still works.
        return self._send_code(state, replace(state, phone=phone), FactKey.OTP_SENT)

    def _send_code(self, before: SessionState, state: SessionState, key: FactKey) -> VerifyStep:
        assert state.phone is not None and self._sender is not None
        extra = {"session_id": state.session_id, "phone": mask_phone(state.phone)}
        wait = self._guard.take_send(state.phone, state.client)
        if wait:
            log.warning("otp send refused", extra={**extra, "wait_seconds": wait})
            if wait < _SAY_SECONDS_BELOW:
                return VerifyStep(before, facts(FactKey.OTP_TOO_SOON, seconds=wait))
            return VerifyStep(before, facts(FactKey.OTP_SEND_LIMIT, minutes=_minutes(wait)))
        code = f"{secrets.randbelow(10**6):06d}"
        salt = secrets.token_hex(8)
        challenge = OtpChallenge(_hash(code, salt), salt, self._clock() + OTP_TTL_SECONDS)
        self._sender.send(state.phone, code)
        log.info("otp sent", extra=extra)
        fresh = replace(state, stage=Stage.ASK_OTP, otp=challenge)
        return VerifyStep(fresh, facts(key, masked_phone=mask_phone(state.phone)))

    def _check_code(self, state: SessionState, code: str | None) -> VerifyStep:
        assert state.phone is not None and state.otp is not None
        if code is None:
            return VerifyStep(state, facts(FactKey.OTP_ASK))
        # Checked at every code, not only when the number was given: another session may have
        # locked the number while this one was waiting for its SMS.
        locked = self._guard.locked_for(state.phone)
        if locked:
            return self._locked(state, locked)
        if state.otp.expires_at <= self._clock():
            return self._send_code(state, state, FactKey.OTP_EXPIRED)
        attempt = self._guard.begin_try(state.phone)
        if not attempt.allowed:
            return self._locked(state, attempt.locked_seconds)
        if hmac.compare_digest(_hash(code, state.otp.salt), state.otp.code_hash):
            self._guard.succeeded(state.phone)
            return self._verified(state)
        return self._wrong_code(state, attempt)

    def _wrong_code(self, state: SessionState, attempt: CodeTry) -> VerifyStep:
        assert state.phone is not None
        extra = {
            "session_id": state.session_id,
            "phone": mask_phone(state.phone),
            "failures": attempt.number,
        }
        locked = self._guard.failed(state.phone, attempt)
        if locked:
            log.warning("number locked after wrong codes", extra=extra)
            return self._locked(state, locked)
        log.info("wrong otp", extra=extra)
        left = self._guard.limits.max_wrong_codes - attempt.number
        return VerifyStep(state, facts(FactKey.OTP_WRONG, attempts_left=left))

    def _locked(self, state: SessionState, seconds: int) -> VerifyStep:
        fresh = replace(state, stage=Stage.ASK_PHONE, phone=None, otp=None)
        return VerifyStep(fresh, facts(FactKey.PHONE_LOCKED, minutes=_minutes(seconds)))

    def _verified(self, state: SessionState) -> VerifyStep:
        assert state.phone is not None
        with self._db() as session:
            customer = get_customer_by_phone(session, state.phone)
        log.info(
            "session verified",
            extra={"session_id": state.session_id, "phone": mask_phone(state.phone)},
        )
        fresh = replace(state, stage=Stage.VERIFIED, otp=None)
        first_name = customer.name.split()[0] if customer.name else ""
        return VerifyStep(fresh, facts(FactKey.VERIFIED, name=first_name), verified_now=True)
