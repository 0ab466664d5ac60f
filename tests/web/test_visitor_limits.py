"""One-time codes sent from the web app are limited per visitor, not for the whole server."""

from collections.abc import Iterator

import pytest
from streamlit.runtime.context import ContextProxy
from web_kit import DEMO_PHONE

from helpline.app import Helpline
from helpline.config import Settings
from helpline.store.db import Database
from helpline.web.backend import InProcessBackend

OTHER_PHONE = "9812345670"  # another demo customer
SENT = "code bheja gaya"


@pytest.fixture
def web_app(seeded: Database) -> Iterator[InProcessBackend]:
    settings = Settings(
        database_url=seeded.engine.url.render_as_string(hide_password=False),
        otp="on",
        otp_sends_per_client_per_hour=1,
    )
    with Helpline(settings) as helpline:
        yield InProcessBackend(helpline)


def _from(monkeypatch: pytest.MonkeyPatch, address: str | None) -> None:
    """The page runs for a browser at this address (Streamlit reads it from the request)."""
    monkeypatch.setattr(ContextProxy, "ip_address", property(lambda _: address))


def test_each_visitor_has_their_own_quota_of_codes(
    web_app: InProcessBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    _from(monkeypatch, "203.0.113.7")
    assert SENT in web_app.start(DEMO_PHONE).reply
    _from(monkeypatch, "198.51.100.23")
    assert SENT in web_app.start(OTHER_PHONE).reply  # another visitor: not the first one's quota


def test_one_visitor_is_held_to_the_quota(
    web_app: InProcessBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    _from(monkeypatch, "203.0.113.7")
    assert SENT in web_app.start(DEMO_PHONE).reply
    assert SENT not in web_app.start(OTHER_PHONE).reply
