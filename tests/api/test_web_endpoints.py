"""The endpoints the web app needs over the API: how a customer verifies, a customer's own ticket,
the complaint filters' choices and a conversation's transcript for staff, with their auth rules."""

from api_kit import DEMO_PHONE, ClientFactory, open_session, say, staff_headers
from engine_kit import OTHER_PHONE
from fastapi.testclient import TestClient
from sqlalchemy import select

from helpline.store.db import Database
from helpline.store.models import AuditLog

NETWORK = "3 din se network nahi hai"


def test_verification_says_whether_a_code_follows_the_number(make_client: ClientFactory) -> None:
    assert make_client().get("/v1/verification").json() == {"one_time_code": False}
    assert make_client(otp="on").get("/v1/verification").json() == {"one_time_code": True}


def test_a_customer_reads_the_ticket_their_session_filed(client: TestClient) -> None:
    sid, auth = open_session(client)
    say(client, sid, auth, DEMO_PHONE)
    filed = say(client, sid, auth, NETWORK)["complaint_id"]
    answer = client.get(f"/v1/sessions/{sid}/complaints/{filed}", headers=auth)
    assert answer.status_code == 200, answer.text
    ticket = answer.json()
    assert (ticket["complaint_id"], ticket["phone"]) == (filed, DEMO_PHONE)
    assert ticket["due_at"] and ticket["department"] == "Network"


def test_a_customer_cannot_read_another_customers_ticket(client: TestClient) -> None:
    sid, auth = open_session(client)
    say(client, sid, auth, OTHER_PHONE)
    theirs = say(client, sid, auth, NETWORK)["complaint_id"]
    mine, my_auth = open_session(client)
    say(client, mine, my_auth, DEMO_PHONE)
    # Another customer's ticket and one that does not exist look the same: 404.
    for number in (theirs, 2**31 - 1):
        answer = client.get(f"/v1/sessions/{mine}/complaints/{number}", headers=my_auth)
        assert answer.status_code == 404, number
    # Nor with their own session id and a token of another session.
    assert client.get(f"/v1/sessions/{sid}/complaints/{theirs}", headers=my_auth).status_code == 403


def test_an_unverified_session_sees_no_ticket(client: TestClient) -> None:
    sid, auth = open_session(client)
    say(client, sid, auth, DEMO_PHONE)
    filed = say(client, sid, auth, NETWORK)["complaint_id"]
    fresh, fresh_auth = open_session(client)
    answer = client.get(f"/v1/sessions/{fresh}/complaints/{filed}", headers=fresh_auth)
    assert answer.status_code == 404


def test_a_customer_ticket_needs_the_sessions_token(client: TestClient) -> None:
    sid, _ = open_session(client)
    assert client.get(f"/v1/sessions/{sid}/complaints/1").status_code == 401
    staff = staff_headers(client, "manager")
    assert client.get(f"/v1/sessions/{sid}/complaints/1", headers=staff).status_code == 403


def test_filter_choices_are_for_staff(client: TestClient, seeded: Database) -> None:
    _, customer = open_session(client)
    assert client.get("/v1/complaints/filters").status_code == 401
    assert client.get("/v1/complaints/filters", headers=customer).status_code == 403
    answer = client.get("/v1/complaints/filters", headers=staff_headers(client, "agent"))
    assert answer.status_code == 200
    choices = answer.json()
    assert "Network" in choices["departments"] and "open" in choices["statuses"]
    assert choices["priorities"] == ["HIGH", "MEDIUM", "LOW"] and choices["circles"]
    with seeded.sessions() as session:
        actions = session.scalars(select(AuditLog.action).where(AuditLog.actor == "agent"))
        assert "complaint.filters" in list(actions)


def test_staff_read_a_conversations_transcript_after_it_ended(client: TestClient) -> None:
    sid, auth = open_session(client)
    say(client, sid, auth, DEMO_PHONE)
    say(client, sid, auth, "mujhe agent se baat karni hai")
    assert client.delete(f"/v1/sessions/{sid}", headers=auth).status_code == 204
    answer = client.get(f"/v1/transcripts/{sid}", headers=staff_headers(client, "agent"))
    assert answer.status_code == 200
    lines = answer.json()["lines"]
    assert [line["user"] for line in lines][-1] == "mujhe agent se baat karni hai"


def test_a_transcript_is_not_for_customers(client: TestClient) -> None:
    sid, auth = open_session(client)
    say(client, sid, auth, DEMO_PHONE)
    assert client.get(f"/v1/transcripts/{sid}", headers=auth).status_code == 403
    assert client.get(f"/v1/transcripts/{sid}").status_code == 401
    staff = staff_headers(client, "agent")
    assert client.get("/v1/transcripts/bad%20id", headers=staff).status_code == 422
