"""Who may act on a customer session: the holder of its own token, while the session lives.
The API's HTTP routes, its voice socket and the web app's voice server all check it here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpline.app.errors import AuthenticationFailed, Forbidden, SessionEnded
from helpline.app.tokens import TokenSigner

if TYPE_CHECKING:
    from helpline.app import Helpline


def check_customer(helpline: Helpline, signer: TokenSigner, session_id: str, token: str) -> None:
    """Raise unless `token` is a genuine customer token of this live session."""
    check_customer_token(signer, session_id, token)
    if not helpline.conversations.is_live(session_id):
        raise SessionEnded


def check_customer_token(signer: TokenSigner, session_id: str, token: str) -> None:
    """Raise unless `token` is a genuine, unexpired customer token of this session; whether the
    session still lives is for the caller to check (a turn reads the session anyway)."""
    if not token:
        raise AuthenticationFailed("missing session token")
    claims = signer.verify(token)
    if claims.kind != "customer":
        raise Forbidden("a customer session token is needed")
    if claims.subject != session_id:
        raise Forbidden("this token belongs to another session")


def bearer(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer …` header, or ''."""
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""
