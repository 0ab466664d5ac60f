import pytest
from sqlalchemy import select

from helpline.errors import HelplineError, TicketNotFound
from helpline.store import seed as seeding
from helpline.store.complaints import (
    change_status,
    customer_ticket,
    customer_tickets,
    file_complaint,
    status_history,
)
from helpline.store.customers import get_customer_by_phone
from helpline.store.kpi_summary import rebuild_kpi_summary
from helpline.store.models import Complaint, ComplaintKpiCell, ComplaintKpiDuration


@pytest.fixture
def seeded(database):
    seeding.seed(database.engine, customers=5, complaints_per_customer=0)
    return database


def _customer(database, phone):
    with database.sessions() as session:
        return get_customer_by_phone(session, phone)


def _file(database, customer, kind="slow_data", priority="MEDIUM", text="net slow hai"):
    return file_complaint(
        database.sessions,
        user_id=customer.user_id,
        phone=customer.phone,
        complaint_type=kind,
        department="Network",
        priority=priority,
        description=text,
        entities=[{"kind": "days", "value": 3}],
    )


def test_new_complaint_gets_a_number_a_due_time_and_an_open_history_entry(seeded):
    rahul = _customer(seeded, "9876543210")
    ticket, created = _file(seeded, rahul, priority="HIGH")
    assert created and ticket.status == "open"
    assert (ticket.due_at - ticket.created_at).total_seconds() == 24 * 3600
    with seeded.sessions() as session:
        history = status_history(session, ticket.complaint_id)
    assert [(h.old_status, h.new_status) for h in history] == [(None, "open")]


def test_same_problem_twice_in_a_day_updates_the_open_ticket(seeded):
    rahul = _customer(seeded, "9876543210")
    first, _ = _file(seeded, rahul, priority="MEDIUM")
    second, created = _file(seeded, rahul, priority="HIGH", text="ab bilkul nahi chal raha")
    assert not created and second.complaint_id == first.complaint_id
    assert second.report_count == 2 and second.priority == "HIGH"
    with seeded.sessions() as session:
        assert len(session.scalars(select(Complaint)).all()) == 1


def test_a_report_repeated_in_the_same_words_is_counted_not_written_again(seeded):
    rahul = _customer(seeded, "9876543210")
    first, _ = _file(seeded, rahul)
    for _ in range(3):
        _file(seeded, rahul)
    last, _ = _file(seeded, rahul, text="ab bilkul nahi chal raha")
    _file(seeded, rahul, text="ab bilkul nahi chal raha")
    assert last.complaint_id == first.complaint_id
    with seeded.sessions() as session:
        ticket = session.get(Complaint, first.complaint_id)
        assert ticket.report_count == 6
        lines = ticket.description.split("\n")
        assert lines[0] == "net slow hai"
        assert len(lines) == 2 and lines[1].endswith("] ab bilkul nahi chal raha")
        assert ticket.entities == [{"kind": "days", "value": 3}]


def test_a_different_problem_opens_a_second_ticket(seeded):
    rahul = _customer(seeded, "9876543210")
    first, _ = _file(seeded, rahul)
    second, created = _file(seeded, rahul, kind="call_drop")
    assert created and second.complaint_id != first.complaint_id


def test_status_changes_record_who_and_when_and_set_resolved_at(seeded):
    rahul = _customer(seeded, "9876543210")
    ticket, _ = _file(seeded, rahul)
    change_status(seeded.sessions, ticket.complaint_id, "in_progress", changed_by="ops.neha")
    done = change_status(
        seeded.sessions, ticket.complaint_id, "resolved", changed_by="ops.neha", note="tower fixed"
    )
    assert done.resolved_at is not None
    with seeded.sessions() as session:
        history = status_history(session, ticket.complaint_id)
    assert [h.new_status for h in history] == ["open", "in_progress", "resolved"]
    assert history[-1].changed_by == "ops.neha" and history[-1].note == "tower fixed"


def test_closed_ticket_cannot_be_reopened_and_unknown_status_is_refused(seeded):
    rahul = _customer(seeded, "9876543210")
    ticket, _ = _file(seeded, rahul)
    change_status(seeded.sessions, ticket.complaint_id, "closed", changed_by="ops")
    with pytest.raises(HelplineError, match="cannot go from closed"):
        change_status(seeded.sessions, ticket.complaint_id, "open", changed_by="ops")
    with pytest.raises(HelplineError, match="unknown status"):
        change_status(seeded.sessions, ticket.complaint_id, "done", changed_by="ops")


def test_a_customer_cannot_see_another_customers_ticket(seeded):
    rahul = _customer(seeded, "9876543210")
    priya = _customer(seeded, "9812345670")
    ticket, _ = _file(seeded, rahul)
    with seeded.sessions() as session:
        assert (
            customer_ticket(session, rahul.user_id, ticket.complaint_id).complaint_id
            == ticket.complaint_id
        )
        with pytest.raises(TicketNotFound):
            customer_ticket(session, priya.user_id, ticket.complaint_id)
        assert customer_tickets(session, priya.user_id) == []


def _summary(database):
    """The KPI summary rows with something counted, as comparable tuples."""
    with database.engine.connect() as conn:
        return {
            table.name: sorted(
                tuple(row) for row in conn.execute(select(table)) if row.complaints != 0
            )
            for table in (ComplaintKpiCell.__table__, ComplaintKpiDuration.__table__)
        }


def test_filing_repeating_and_status_changes_keep_the_kpi_summary_equal_to_a_recount(seeded):
    rahul = _customer(seeded, "9876543210")
    first, _ = _file(seeded, rahul, priority="LOW")
    _file(seeded, rahul, priority="HIGH", text="ab bilkul nahi chal raha")  # raises the priority
    _file(seeded, rahul, priority="LOW", text="abhi bhi slow hai")  # a repeat that raises nothing
    other, _ = _file(seeded, rahul, kind="wrong_charge", priority="MEDIUM")
    change_status(seeded.sessions, first.complaint_id, "in_progress", changed_by="asha")
    change_status(seeded.sessions, first.complaint_id, "resolved", changed_by="asha")
    change_status(seeded.sessions, first.complaint_id, "open", changed_by="asha")  # reopened
    change_status(seeded.sessions, first.complaint_id, "closed", changed_by="asha")
    change_status(seeded.sessions, other.complaint_id, "resolved", changed_by="asha")
    kept = _summary(seeded)
    assert sum(r[5] for r in kept["complaint_kpi_cells"]) == 2
    assert sum(r[5] for r in kept["complaint_kpi_durations"]) == 2
    with seeded.engine.begin() as conn:
        rebuild_kpi_summary(conn)
    assert _summary(seeded) == kept
