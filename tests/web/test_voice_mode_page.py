"""Voice mode on the customer page (Streamlit's AppTest): turning it on draws the voice panel
with this session's socket and token, and typing and recording still work beside it."""

import json
import socket
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest
from web_kit import log_in_customer, messages, say

from helpline.app import Helpline
from helpline.app.tokens import TokenSigner, load_secret

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
