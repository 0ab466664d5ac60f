"""Voice mode on the customer page (Streamlit's AppTest): turning it on draws the voice panel
with this session's socket and token, typing and recording still work beside it, and what the
panel reports back from the browser is checked before it joins the chat."""

import json
import socket
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest
from web_kit import log_in_customer, messages, say

from helpline.app import Helpline
from helpline.app.tokens import TokenSigner, load_secret
from helpline.web.voice_mode import LONGEST, read_exchanges

pytestmark = [pytest.mark.voice, pytest.mark.xdist_group("voice")]


def test_voice_mode_draws_the_panel_for_this_session_and_typing_still_works(
    customer: Callable[[], AppTest], helpline: Helpline
) -> None:
    at = log_in_customer(customer())
    at.toggle[0].set_value(True).run()
    assert not at.exception, at.exception
    (panel,) = at.get("component_instance")
    args = json.loads(panel.proto.json_args)
    session_id = at.session_state["customer_chat"].session_id
    assert args["path"] == f"/v1/sessions/{session_id}/voice"
    claims = TokenSigner(load_secret(helpline.settings)).verify(args["token"])
    assert (claims.kind, claims.subject) == ("customer", session_id)
    with socket.create_connection(("127.0.0.1", args["port"]), timeout=5):
        pass  # the page's voice server is listening where the panel will connect
    say(at, "mera balance kitna hai")
    assert "45.50" in messages(at)[-1][1]
    assert len(at.audio_input) == 1  # the push-to-talk recorder stays


def test_the_panels_report_is_read_defensively_since_the_browser_sends_it() -> None:
    report = {
        "exchanges": [
            {"id": "p-1", "heard": "mera balance", "reply": "₹45.50 bacha hai"},
            {"id": "p-2", "heard": 7, "reply": "not a transcript"},
            "not an exchange",
            {"id": "p-3", "heard": "x" * 5000, "reply": ""},
        ]
    }
    read = read_exchanges(report)
    assert [e.id for e in read] == ["p-1", "p-3"]
    assert len(read[1].heard) == LONGEST
    assert read_exchanges(None) == [] and read_exchanges({"exchanges": "nope"}) == []
