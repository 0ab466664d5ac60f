"""Bearer tokens: a customer's for one conversation, a staff member's for a short shift of work.

A token is `v1.<payload>.<signature>`: the payload is base64url JSON, the signature an HMAC-SHA256
over it with HELPLINE_API_SECRET. Nothing is stored per token, so any process holding the secret
checks any token. Without HELPLINE_API_SECRET a random secret is made once and kept in
cache_dir/api-secret, which every process on this machine shares.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from helpline.app.errors import AuthenticationFailed
from helpline.config import Settings

VERSION = "v1"
SECRET_FILE = "api-secret"
# A customer token is also bound to its live session; this only caps a forgotten one's life.
CUSTOMER_TOKEN_HOURS = 12


@dataclass(frozen=True, slots=True)
class Claims:
    kind: Literal["customer", "staff"]
    subject: str  # a session id, or a staff id
    expires_at: int  # Unix seconds
    role: str | None = None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_secret(settings: Settings) -> bytes:
    """HELPLINE_API_SECRET, or the machine's shared random secret (created on first use)."""
    if settings.api_secret is not None and settings.api_secret.get_secret_value():
        return settings.api_secret.get_secret_value().encode()
    path = Path(settings.cache_dir).expanduser() / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: when two processes start at once, one writes and the other reads its secret.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            text = path.read_text(encoding="ascii").strip()
            if text:
                return text.encode()
            time.sleep(0.01)  # the other process is still writing it
        raise RuntimeError(f"{path} is empty: delete it or set HELPLINE_API_SECRET") from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip().encode()


class TokenSigner:
    def __init__(self, secret: bytes, *, clock: Any = time.time) -> None:
        self._secret = secret
        self._clock = clock

    def _sign(self, body: str) -> str:
        mac = hmac.new(self._secret, f"{VERSION}.{body}".encode(), hashlib.sha256)
        return _b64(mac.digest())

    def issue(self, claims: Claims) -> str:
        payload = {"k": claims.kind, "s": claims.subject, "e": claims.expires_at}
        if claims.role is not None:
            payload["r"] = claims.role
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        return f"{VERSION}.{body}.{self._sign(body)}"

    def customer(self, session_id: str) -> str:
        expires = int(self._clock()) + CUSTOMER_TOKEN_HOURS * 3600
        return self.issue(Claims("customer", session_id, expires))

    def staff(self, staff_id: int, role: str, minutes: int) -> str:
        return self.issue(Claims("staff", str(staff_id), int(self._clock()) + minutes * 60, role))

    def verify(self, token: str) -> Claims:
        """The claims of a genuine, unexpired token; AuthenticationFailed otherwise."""
        parts = token.split(".")
        if len(parts) != 3 or parts[0] != VERSION:
            raise AuthenticationFailed("malformed token")
        body, signature = parts[1], parts[2]
        if not hmac.compare_digest(self._sign(body), signature):
            raise AuthenticationFailed("invalid token signature")
        try:
            data = json.loads(_unb64(body))
            claims = Claims(data["k"], str(data["s"]), int(data["e"]), data.get("r"))
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise AuthenticationFailed("malformed token") from None
        if claims.expires_at <= self._clock():
            raise AuthenticationFailed("the token has expired")
        return claims
