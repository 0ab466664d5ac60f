"""Complaints for staff: pages, one ticket with history, the status lifecycle."""

import pytest

from helpline.app import Helpline
from helpline.app.errors import InvalidInput, InvalidTransition, TicketNotFound
from helpline.app.models import ComplaintPage


def test_pages_cover_every_match_once(helpline: Helpline) -> None:
    first = helpline.complaints.list(department="network", limit=5)
    assert first.total > 5 and len(first.items) == 5
    assert all(c.department == "Network" for c in first.items)
    ids: list[int] = []
    for offset in range(0, first.total, 5):
        ids += [
            c.complaint_id
            for c in helpline.complaints.list(department="Network", limit=5, offset=offset).items
        ]
    assert len(ids) == len(set(ids)) == first.total
    assert ComplaintPage.model_validate_json(first.model_dump_json()) == first


@pytest.mark.parametrize(
    ("filters", "choices"),
    [
        ({"department": "Netwrk"}, "Network, Billing"),
        ({"status": "pending"}, "open, in_progress"),
        ({"priority": "urgent"}, "HIGH, MEDIUM, LOW"),
    ],
)
def test_an_unknown_filter_is_refused_with_the_choices(
    helpline: Helpline, filters: dict[str, str], choices: str
) -> None:
    with pytest.raises(Exception, match=choices) as caught:
        helpline.complaints.list(**filters)
    assert "unknown" in str(caught.value)


def test_a_ticket_moves_through_its_lifecycle_and_keeps_its_history(helpline: Helpline) -> None:
    opened = helpline.complaints.list(status="open", limit=1).items[0].complaint_id
    for status in ("in_progress", "resolved", "open", "resolved", "closed"):
        detail = helpline.complaints.change_status(opened, status, actor="ops.test")
        assert detail.complaint.status == status
    assert [h.new_status for h in detail.history][-5:] == [
        "in_progress",
        "resolved",
        "open",
        "resolved",
        "closed",
    ]
    assert detail.next_statuses == []
    with pytest.raises(InvalidTransition, match="closed"):
        helpline.complaints.change_status(opened, "open", actor="ops.test")


def test_bad_status_changes_are_clear_errors(helpline: Helpline) -> None:
    with pytest.raises(TicketNotFound):
        helpline.complaints.get(10**9)
    some = helpline.complaints.list(limit=1).items[0].complaint_id
    with pytest.raises(InvalidInput, match="unknown status"):
        helpline.complaints.change_status(some, "done", actor="ops.test")
    with pytest.raises(InvalidInput):
        helpline.complaints.list(limit=0)
