"""Staff endpoints: log-in, roles, complaints, hand-offs, analytics, erasure, and the audit log."""

import csv
import io
import time

import pytest
from api_kit import DEMO_PHONE, SECRET, open_session, say, staff_headers
from fastapi.testclient import TestClient
from sqlalchemy import select

from helpline.api.security import Claims, TokenSigner
from helpline.store.db import Database
from helpline.store.models import AuditLog, Conversation


def audit_actions(seeded: Database, actor: str) -> list[str]:
    with seeded.sessions() as session:
        return list(session.scalars(select(AuditLog.action).where(AuditLog.actor == actor)))


def test_a_wrong_password_is_401(client: TestClient) -> None:
    answer = client.post("/v1/auth/token", json={"username": "agent", "password": "wrong-one"})
    assert answer.status_code == 401


def test_a_staff_token_names_its_account(client: TestClient) -> None:
    me = client.get("/v1/auth/me", headers=staff_headers(client, "agent")).json()
    assert (me["username"], me["role"]) == ("agent", "agent")


def test_staff_endpoints_refuse_customer_tokens_and_no_token(client: TestClient) -> None:
    _, customer = open_session(client)
    assert client.get("/v1/complaints", headers=customer).status_code == 403
    assert client.get("/v1/complaints").status_code == 401


def test_an_expired_or_forged_staff_token_is_401(client: TestClient) -> None:
    old = TokenSigner(SECRET.encode()).issue(Claims("staff", "1", int(time.time()) - 5, "manager"))
    forged = TokenSigner(b"guess").staff(1, "manager", 15)
    for token in (old, forged, "v1.garbage", "not-a-token"):
        answer = client.get("/v1/complaints", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401, token


def test_an_agent_cannot_erase_data_or_change_roles(client: TestClient) -> None:
    agent = staff_headers(client, "agent")
    erase = client.delete(f"/v1/customers/{DEMO_PHONE}/personal-data", headers=agent)
    assert erase.status_code == 403
    promote = client.patch("/v1/staff/agent", json={"role": "manager"}, headers=agent)
    assert promote.status_code == 403
    add = client.post(
        "/v1/staff",
        json={"username": "eve", "password": "long-enough", "role": "manager"},
        headers=agent,
    )
    assert add.status_code == 403


def test_a_manager_adds_staff_and_changes_a_role(client: TestClient, seeded: Database) -> None:
    manager = staff_headers(client, "manager")
    added = client.post(
        "/v1/staff", json={"username": "asha", "password": "long-enough"}, headers=manager
    )
    assert added.status_code == 201 and added.json()["role"] == "agent"
    again = client.post(
        "/v1/staff", json={"username": "asha", "password": "long-enough"}, headers=manager
    )
    assert again.status_code == 409
    promoted = client.patch("/v1/staff/asha", json={"role": "manager"}, headers=manager)
    assert promoted.json()["role"] == "manager"
    assert {"staff_add", "staff.update"} <= set(audit_actions(seeded, "manager"))


def test_a_deactivated_account_loses_its_token_at_once(client: TestClient) -> None:
    agent = staff_headers(client, "agent")
    manager = staff_headers(client, "manager")
    client.patch("/v1/staff/agent", json={"is_active": False}, headers=manager)
    assert client.get("/v1/auth/me", headers=agent).status_code == 401


def test_complaints_filter_page_and_export(client: TestClient) -> None:
    agent = staff_headers(client, "agent")
    page = client.get("/v1/complaints", params={"limit": 5}, headers=agent).json()
    assert len(page["items"]) == 5 and page["total"] > 5
    high = client.get("/v1/complaints", params={"priority": "HIGH"}, headers=agent).json()
    assert high["items"] and {c["priority"] for c in high["items"]} == {"HIGH"}
    phone = high["items"][0]["phone"]
    mine = client.get("/v1/complaints", params={"phone": phone}, headers=agent).json()
    assert mine["total"] >= 1 and {c["phone"] for c in mine["items"]} == {phone}
    exported = client.get("/v1/complaints/export", params={"priority": "HIGH"}, headers=agent)
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == high["total"]


@pytest.mark.parametrize(
    ("params", "word"),
    [
        ({"department": "Nowhere"}, "department"),
        ({"since": "2026-13-01"}, "since"),
        ({"limit": 0}, "limit"),
        ({"phone": "12"}, "mobile number"),
    ],
)
def test_bad_filters_are_422(client: TestClient, params: dict[str, object], word: str) -> None:
    answer = client.get("/v1/complaints", params=params, headers=staff_headers(client, "agent"))
    assert answer.status_code == 422
    assert word in answer.text.lower()


def test_status_changes_follow_the_lifecycle(client: TestClient, seeded: Database) -> None:
    agent = staff_headers(client, "agent")
    opened = client.get("/v1/complaints", params={"status": "open"}, headers=agent).json()
    cid = opened["items"][0]["complaint_id"]
    same = client.patch(f"/v1/complaints/{cid}", json={"status": "open"}, headers=agent)
    assert same.status_code == 409 and "allowed" in same.json()["detail"]
    moved = client.patch(
        f"/v1/complaints/{cid}",
        json={"status": "in_progress", "note": "called back"},
        headers=agent,
    )
    assert moved.status_code == 200
    last = moved.json()["history"][-1]
    assert (last["new_status"], last["changed_by"]) == ("in_progress", "agent")
    assert client.get(f"/v1/complaints/{cid}", headers=agent).json()["complaint"]["status"] == (
        "in_progress"
    )
    assert client.get("/v1/complaints/999999", headers=agent).status_code == 404
    assert "complaint.in_progress" in audit_actions(seeded, "agent")
    client.patch(f"/v1/complaints/{cid}", json={"status": "closed"}, headers=agent)
    reopen = client.patch(f"/v1/complaints/{cid}", json={"status": "open"}, headers=agent)
    assert reopen.status_code == 409 and "final" in reopen.json()["detail"]


def test_a_handoff_is_queued_taken_and_closed(client: TestClient, seeded: Database) -> None:
    sid, customer = open_session(client)
    say(client, sid, customer, DEMO_PHONE)
    assert say(client, sid, customer, "agent se baat karao")["handoff"] is True
    agent = staff_headers(client, "agent")
    queue = client.get("/v1/handoffs", headers=agent).json()
    waiting = [h for h in queue["items"] if h["session_id"] == sid]
    assert waiting and any(line["customer"] for line in waiting[0]["transcript"])
    hid = waiting[0]["handoff_id"]
    assert client.post(f"/v1/handoffs/{hid}/take", headers=agent).json()["status"] == "taken"
    assert client.post(f"/v1/handoffs/{hid}/take", headers=agent).status_code == 409
    assert client.post(f"/v1/handoffs/{hid}/close", headers=agent).json()["status"] == "closed"
    assert client.get("/v1/handoffs/999999", headers=agent).status_code == 404
    assert {"handoff.taken", "handoff.closed"} <= set(audit_actions(seeded, "agent"))


def test_analytics_for_staff(client: TestClient) -> None:
    agent = staff_headers(client, "agent")
    kpis = client.get("/v1/analytics/kpis", headers=agent)
    assert kpis.status_code == 200 and kpis.json()["total"] > 0
    assert client.get("/v1/analytics/emerging", headers=agent).status_code == 200
    summary = client.get("/v1/analytics/summary", params={"priority": "HIGH"}, headers=agent)
    assert summary.status_code == 200 and summary.json()["executive"]


def test_a_manager_erases_a_customer(client: TestClient, seeded: Database) -> None:
    sid, customer = open_session(client)
    say(client, sid, customer, DEMO_PHONE)
    manager = staff_headers(client, "manager")
    answer = client.delete(f"/v1/customers/{DEMO_PHONE}/personal-data", headers=manager)
    assert answer.status_code == 200, answer.text
    assert answer.json()["actor"] == "manager"
    with seeded.sessions() as session:
        left = session.scalars(select(Conversation).where(Conversation.phone == DEMO_PHONE))
        assert list(left) == []
    assert "erase" in " ".join(audit_actions(seeded, "manager"))
    unknown = client.delete("/v1/customers/9000000001/personal-data", headers=manager)
    assert unknown.status_code == 404
