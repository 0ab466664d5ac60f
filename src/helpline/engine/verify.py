"""Who is calling: the 10-digit number, that it is a customer, and (when on) a one-time code.

Nothing about an account leaves this module before the session is verified; the only thing
said about a number is whether it can be used.
"""

import hashlib
import hmac
import logging
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session, sessionmaker

from helpline.engine.facts import FactKey, Facts, facts
from helpline.engine.session import OtpChallenge, SessionState, Stage
from helpline.engine.session_store import SessionStore
from helpline.errors import InvalidPhone
from helpline.language import EntityKind, Utterance
from helpline.phone import find_phone, mask_phone, normalize_phone
from helpline.providers.otp import OtpSender
from helpline.store.customers import customer_exists, get_customer_by_phone

log = logging.getLogger(__name__)

MAX_OTP_FAILURES = 3
LOCK_SECONDS = 15 * 60  # three wrong codes lock the number for 15 minutes
OTP_TTL_SECONDS = 5 * 60
_DIGITS = re.compile(r"\d")
_CODE = re.compile(r"(?<!\d)(\d(?:\s?\d){5})(?!\d)")


@dataclass(frozen=True, slots=True)
class VerifyStep:
    """The session after one verification step and what to tell the caller."""

    state: SessionState
    facts: Facts
    verified_now: bool = False


def phone_in(text: str, utterance: Utterance | None) -> str | None:
    """The first valid mobile number the caller said, if any (helpline.phone's one rule)."""
    if utterance is not None:
        for entity in utterance.entities:
            if entity.kind is EntityKind.PHONE:
                try:
                    return normalize_phone(str(entity.value))
                except InvalidPhone:
                    continue
    return find_phone(text)


def _hash(code: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


class Verifier:
    """Runs the login steps of a session until it is verified."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        store: SessionStore,
        otp_sender: OtpSender | None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._db = sessions
        self._store = store
        self._sender = otp_sender  # None: HELPLINE_OTP=off, the number alone verifies
        self._clock = clock

    def handle(self, state: SessionState, text: str, utterance: Utterance | None) -> VerifyStep:
        phone = phone_in(text, utterance)
        if state.stage is Stage.ASK_OTP and state.phone and phone is None:
            return self._check_code(state, text)
        if phone is None:
            key = FactKey.INVALID_PHONE if _DIGITS.search(text) else FactKey.NEED_VERIFICATION
            return VerifyStep(state, facts(key))
        return self._take_phone(state, phone)

    def _take_phone(self, state: SessionState, phone: str) -> VerifyStep:
        extra = {"session_id": state.session_id, "phone": mask_phone(phone)}
        locked = self._store.locked_for(f"otp:{phone}")
        if locked:
            log.info("locked number tried", extra=extra)
            fresh = replace(state, stage=Stage.ASK_PHONE, phone=None, otp=None)
            return VerifyStep(fresh, facts(FactKey.PHONE_LOCKED, minutes=(locked + 59) // 60))
        with self._db() as session:
            known = customer_exists(session, phone)
        if not known:
            log.info("unknown number", extra=extra)
            return VerifyStep(replace(state, phone=None), facts(FactKey.UNKNOWN_PHONE))
        if self._sender is None:
            return self._verified(replace(state, phone=phone))
        return self._send_code(replace(state, phone=phone), FactKey.OTP_SENT)

    def _send_code(self, state: SessionState, key: FactKey) -> VerifyStep:
        assert state.phone is not None
        code = f"{secrets.randbelow(10**6):06d}"
        salt = secrets.token_hex(8)
        challenge = OtpChallenge(_hash(code, salt), salt, self._clock() + OTP_TTL_SECONDS)
        assert self._sender is not None
        self._sender.send(state.phone, code)
        log.info(
            "otp sent", extra={"session_id": state.session_id, "phone": mask_phone(state.phone)}
        )
        fresh = replace(state, stage=Stage.ASK_OTP, otp=challenge)
        return VerifyStep(fresh, facts(key, masked_phone=mask_phone(state.phone)))

    def _check_code(self, state: SessionState, text: str) -> VerifyStep:
        assert state.phone is not None and state.otp is not None
        match = _CODE.search(text)
        if match is None:
            return VerifyStep(state, facts(FactKey.OTP_ASK))
        if state.otp.expires_at <= self._clock():
            return self._send_code(state, FactKey.OTP_EXPIRED)
        code = match.group(1).replace(" ", "")
        if hmac.compare_digest(_hash(code, state.otp.salt), state.otp.code_hash):
            self._store.clear_failures(f"otp:{state.phone}")
            return self._verified(state)
        return self._wrong_code(state)

    def _wrong_code(self, state: SessionState) -> VerifyStep:
        assert state.phone is not None
        key = f"otp:{state.phone}"
        failures = self._store.add_failure(key, LOCK_SECONDS)
        extra = {
            "session_id": state.session_id,
            "phone": mask_phone(state.phone),
            "failures": failures,
        }
        if failures >= MAX_OTP_FAILURES:
            self._store.lock(key, LOCK_SECONDS)
            self._store.clear_failures(key)
            log.warning("number locked after wrong codes", extra=extra)
            fresh = replace(state, stage=Stage.ASK_PHONE, phone=None, otp=None)
            return VerifyStep(fresh, facts(FactKey.PHONE_LOCKED, minutes=LOCK_SECONDS // 60))
        log.info("wrong otp", extra=extra)
        left = MAX_OTP_FAILURES - failures
        return VerifyStep(state, facts(FactKey.OTP_WRONG, attempts_left=left))

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
