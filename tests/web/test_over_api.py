"""The web pages over the HTTP API (HELPLINE_API_URL): a real `helpline serve` on a seeded SQLite
copy, the pages under AppTest with no database of their own. The customer's and the manager's
flows of the in-process tests, visitors' tokens kept apart, and a clear line when the API is down.
"""

import csv
import io
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import streamlit as st
from engine_kit import copy_database
from streamlit.testing.v1 import AppTest
from test_voice_input import audio_elements, spoken
from web_kit import (
    CUSTOMER,
    DASHBOARD,
    DEMO_PHONE,
    log_in_customer,
    log_in_staff,
    messages,
    metric,
    page,
    say,
)
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from helpline.app import Helpline
from helpline.app.errors import (
    AuthenticationFailed,
    InvalidInput,
    InvalidTransition,
    TicketNotFound,
)
from helpline.config import Settings
from helpline.web.api_client import ApiClient, ApiUnavailable
from helpline.web.http_backend import HttpBackend
from server_kit import free_port, start_api, stop, wait_ready

SECRET = "a-secret-for-the-web-over-api-tests"
CODE = re.compile(r"verification code (\d{6})")
Page = Callable[[], AppTest]


@dataclass
class Api:
    url: str
    database_url: str
    log: Path


def serve(folder: Path, seeded_file: Path, **settings: str) -> Iterator[Api]:
    """`helpline serve` on its own copy of the seeded database, until the generator is closed."""
    database = copy_database(seeded_file, folder)
    url = database.engine.url.render_as_string(hide_password=False)
    database.dispose()
    with Helpline(Settings(database_url=url)) as helpline:
        helpline.staff.ensure_demo()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        "HELPLINE_DATABASE_URL": url,
        "HELPLINE_OTP": "off",
        "HELPLINE_LLM": "template",
        "HELPLINE_API_SECRET": SECRET,
        "HELPLINE_RATE_LIMIT": "off",
        "HELPLINE_OUTBOX_PATH": str(folder / "outbox.db"),
        **settings,
    }
    env.pop("HELPLINE_REDIS_URL", None)
    env.pop("HELPLINE_API_URL", None)
    server = start_api(env, folder / "serve.log")
    api = Api(server.url, url, server.log)
    try:
        wait_ready(server)
        yield api
    finally:
        stop(server.process)


@pytest.fixture(scope="module")
def api(seeded_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One API server for this file's tests; each test checks what it changed, not totals."""
    yield from serve(tmp_path_factory.mktemp("over_api"), seeded_file)


def pages_over(url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HELPLINE_API_URL", url)
    # A database the pages must never open: over the API they hold none of their own.
    monkeypatch.setenv("HELPLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'absent' / 'none.db'}")
    st.cache_resource.clear()


@pytest.fixture
def over_api(api: Api, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Api]:
    pages_over(api.url, monkeypatch, tmp_path)
    yield api
    st.cache_resource.clear()
    assert not (tmp_path / "absent").exists()


@pytest.fixture
def helpline(api: Api) -> Iterator[Helpline]:
    """The application on the API's database, to check what the pages did through it."""
    with Helpline(Settings(database_url=api.database_url)) as app:
        yield app


def test_a_customer_logs_in_asks_the_balance_and_recharges_once_over_the_api(
    over_api: Api, helpline: Helpline
) -> None:
    before = helpline.accounts.customer(DEMO_PHONE, transactions=100).transactions
    at = log_in_customer(page(CUSTOMER))
    assert "Rahul" in messages(at)[0][1]

    say(at, "mera balance kitna hai")
    role, reply = messages(at)[-1]
    assert role == "assistant" and "45.50" in reply

    say(at, "199 wala recharge kar do")
    assert "confirm" in messages(at)[-1][1].lower()
    say(at, "haan")
    assert "recharge" in messages(at)[-1][1].lower()
    after = helpline.accounts.customer(DEMO_PHONE, transactions=100).transactions
    assert len(after) == len(before) + 1
    assert after[0].amount == 199 and after[0].status == "success"
    at.run()  # a rerun of the page sends nothing again
    assert len(helpline.accounts.customer(DEMO_PHONE, transactions=100).transactions) == len(after)


def test_a_complaint_over_the_api_shows_its_ticket_and_due_time(
    over_api: Api, helpline: Helpline
) -> None:
    at = say(log_in_customer(page(CUSTOMER)), "3 din se network nahi hai")
    (card,) = at.success
    number = int(re.search(r"#(\d+)", card.value).group(1))
    ticket = helpline.complaints.get(number).complaint
    assert ticket.phone == DEMO_PHONE and ticket.department == "Network"
    assert "IST" in card.value and ticket.priority in card.value
    assert not at.error  # the customer's own ticket was read with the customer's token


@pytest.mark.voice
@pytest.mark.xdist_group("voice")
def test_a_recorded_question_over_the_api_is_heard_and_answered_with_audio(
    over_api: Api, speech_tools: None
) -> None:
    at = log_in_customer(page(CUSTOMER))
    at.audio_input[0].upload("question.wav", spoken("please check my balance"))
    at.run()
    assert not at.exception, at.exception
    user = at.chat_message[-2]
    assert "balance" in user.caption[0].value.lower()  # what the API heard
    assert "45.50" in messages(at)[-1][1]
    (audio,) = audio_elements(at)
    assert audio.proto.autoplay  # the spoken reply, decoded from the API's base64 WAV


def test_a_recording_that_is_not_audio_over_the_api_is_explained(over_api: Api) -> None:
    at = log_in_customer(page(CUSTOMER))
    at.file_uploader[0].upload("broken.wav", b"RIFF....not audio at all", "audio/wav")
    at.run()
    assert not at.exception, at.exception
    assert any("type your question" in w.value for w in at.warning)
    assert "45.50" in messages(say(at, "mera balance kitna hai"))[-1][1]


def test_logging_out_ends_the_session_on_the_api(over_api: Api) -> None:
    at = log_in_customer(page(CUSTOMER))
    at.sidebar.button[0].click()
    at.run()
    assert not at.exception, at.exception
    assert not at.chat_input and at.text_input and not at.error


def test_filters_change_the_kpi_figures_over_the_api(over_api: Api, helpline: Helpline) -> None:
    at = log_in_staff(page(DASHBOARD))
    assert metric(at, "Open tickets") == str(helpline.analytics.kpis().open)
    at.selectbox(key="f_department").select("Network")
    at.selectbox(key="f_priority").select("HIGH")
    at.run()
    analytics = helpline.analytics
    network = analytics.kpis(analytics.scope(department="Network", priority="HIGH"))
    assert metric(at, "Open tickets") == str(network.open)
    assert metric(at, "SLA breaches") == str(network.resolution.breaching)
    assert metric(at, "Median resolution") == f"{network.resolution.median_hours:.1f} h"
    assert "Network" in at.caption[0].value


def test_a_status_change_over_the_api_is_recorded_as_the_logged_in_staff(
    over_api: Api, helpline: Helpline
) -> None:
    manager = log_in_staff(page(DASHBOARD))
    # Another visitor logging in as the agent must not lend the manager's page their token.
    log_in_staff(page(DASHBOARD), username="agent")
    manager.selectbox(key="f_status").select("open")
    manager.run()
    ticket = manager.selectbox(key="ticket_choice").value
    manager.selectbox(key="next_status").select("in_progress")
    manager.text_input(key="status_note").input("tower team sent")
    next(b for b in manager.button if b.label == "Apply").click()
    manager.run()
    assert not manager.exception, manager.exception
    assert f"#{ticket} is now in_progress" in manager.success[0].value
    last = helpline.complaints.get(ticket).history[-1]
    assert (last.new_status, last.changed_by, last.note) == (
        "in_progress",
        "manager",
        "tower team sent",
    )


def test_the_csv_export_over_the_api_holds_the_filtered_rows(
    over_api: Api,
    helpline: Helpline,
    downloads: list[tuple[bytes, str]],
) -> None:
    at = log_in_staff(page(DASHBOARD))
    at.selectbox(key="f_department").select("Network")
    at.selectbox(key="f_status").select("closed")
    downloads.clear()
    at.run()
    (data,) = [d for d, mime in downloads if mime.startswith("text/csv")]
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    expected = helpline.complaints.list(department="Network", status="closed", limit=500)
    assert [int(r["Ticket"]) for r in rows] == [c.complaint_id for c in expected.items]
    assert len(rows) == expected.total > 0


def test_the_handoff_queue_over_the_api_shows_the_transcript(
    over_api: Api, helpline: Helpline
) -> None:
    talk = helpline.conversations
    turn = talk.text_turn(talk.start(phone=DEMO_PHONE).session_id, "mujhe agent se baat karni hai")
    assert turn.handoff
    at = log_in_staff(page(DASHBOARD))
    assert "mujhe agent se baat karni hai" in "\n".join(m.value for m in at.markdown)


def test_a_wrong_staff_password_over_the_api_is_refused(over_api: Api) -> None:
    at = log_in_staff(page(DASHBOARD), password="not-the-password")
    assert at.error and "wrong username or password" in at.error[0].value
    assert not at.metric


def test_an_api_that_is_down_gives_one_clear_line_on_both_pages(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    where = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    pages_over(where, monkeypatch, tmp_path)
    for path in (CUSTOMER, DASHBOARD):
        at = page(path)
        (error,) = at.error
        assert f"cannot reach the helpline API at {where}" in error.value
        assert "helpline serve" in error.value and not at.text_input


def test_the_backend_maps_api_refusals_to_the_application_errors(api: Api) -> None:
    client = ApiClient(api.url)
    other = HttpBackend(client)
    customer = HttpBackend(client)
    turn = customer.text_turn(customer.start(DEMO_PHONE).session_id, "3 din se network nahi hai")
    assert turn.complaint_id is not None
    assert customer.ticket(turn.complaint_id).complaint.due_at is not None
    with pytest.raises(AuthenticationFailed):
        other.ticket(turn.complaint_id)  # neither this visitor's chat nor staff
    other.login("agent", "helpline-demo")
    detail = other.ticket(turn.complaint_id)
    assert detail.history and detail.next_statuses  # staff see the whole ticket
    other.change_status(turn.complaint_id, "closed", actor="agent", note="fixed")
    with pytest.raises(InvalidTransition, match="cannot move to open"):
        other.change_status(turn.complaint_id, "open", actor="agent", note=None)
    with pytest.raises(InvalidInput, match="status"):
        other.change_status(turn.complaint_id, "someday", actor="agent", note=None)
    with pytest.raises(TicketNotFound):
        other.ticket(2**31 - 1)
    with pytest.raises(AuthenticationFailed, match="wrong username or password"):
        other.login("agent", "wrong")
    client.close()


def test_the_backend_reports_an_unreachable_api_with_its_address() -> None:
    where = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ApiUnavailable, match=f"cannot reach the helpline API at {where}"):
        HttpBackend(ApiClient(where))


def test_the_one_time_code_is_asked_for_over_the_api(
    seeded_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = serve(
        tmp_path,
        seeded_file,
        HELPLINE_OTP="on",
        HELPLINE_OTP_SENDER="console",
        HELPLINE_OTP_MIN_SECONDS_BETWEEN_SENDS="0",
    )
    api = next(server)
    try:
        pages_over(api.url, monkeypatch, tmp_path)
        at = log_in_customer(page(CUSTOMER))
        assert not at.chat_input and at.info  # the code form, not the chat
        (code,) = CODE.findall(api.log.read_text(errors="replace"))
        at.text_input[-1].input("000000" if code != "000000" else "111111")
        at.button[-1].click()
        at.run()
        assert at.error and not at.chat_input
        at.text_input[-1].input(code)
        at.button[-1].click()
        at.run()
        assert at.chat_input
    finally:
        server.close()
        st.cache_resource.clear()


def test_a_rate_limited_turn_over_the_api_says_when_to_try_again(
    seeded_file: Path, tmp_path: Path
) -> None:
    server = serve(
        tmp_path, seeded_file, HELPLINE_RATE_LIMIT="on", HELPLINE_RATE_LIMIT_PER_SESSION="2"
    )
    api = next(server)
    try:
        customer = HttpBackend(ApiClient(api.url))
        session = customer.start(DEMO_PHONE).session_id  # the session's first message
        customer.text_turn(session, "mera balance kitna hai")
        with pytest.raises(InvalidInput, match=r"too many messages.*\(try again in \d+ s\)"):
            customer.text_turn(session, "aur validity?")
    finally:
        server.close()


def test_voice_mode_over_the_api_opens_the_api_socket_with_the_session_token(api: Api) -> None:
    customer = HttpBackend(ApiClient(api.url))
    sid = customer.start(DEMO_PHONE).session_id
    link = customer.voice_link(sid)
    assert link.base_url == api.url.replace("http://", "ws://")
    # An unknown encoding is refused only after the token passed (a bad token closes with 4401).
    url = f"{link.base_url}{link.path(sid)}?token={link.token}&encoding=opus"
    with connect(url) as socket, pytest.raises(ConnectionClosed) as closed:
        while True:
            socket.recv(timeout=30)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4422
    customer.end(sid)
    with pytest.raises(AuthenticationFailed):
        customer.voice_link(sid)
