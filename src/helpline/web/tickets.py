"""The dashboard's complaint table: the filtered tickets, their CSV export, and status changes
that follow the lifecycle with each ticket's history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from helpline.web.errors import attempt

if TYPE_CHECKING:
    from helpline.app.models import ComplaintPublic
    from helpline.app.people_models import StaffPublic
    from helpline.web.backend import Backend

COLUMNS = {
    "complaint_id": "Ticket",
    "created_at": "Created",
    "department": "Department",
    "complaint_type": "Type",
    "priority": "Priority",
    "status": "Status",
    "due_at": "Due",
    "resolved_at": "Resolved",
    "report_count": "Reports",
    "phone": "Phone",
    "description": "Description",
}


def table(complaints: Sequence[ComplaintPublic]) -> pd.DataFrame:
    """The rows the page shows and the CSV holds, in the same order."""
    rows = [{title: getattr(c, field) for field, title in COLUMNS.items()} for c in complaints]
    frame = pd.DataFrame(rows, columns=list(COLUMNS.values()))
    for column in ("Created", "Due", "Resolved"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def csv_bytes(frame: pd.DataFrame) -> bytes:
    # UTF-8 with a byte-order mark so spreadsheet programs keep Devanagari descriptions intact.
    text: str = frame.to_csv(index=False, date_format="%Y-%m-%dT%H:%M:%SZ")
    return text.encode("utf-8-sig")


def show_table(complaints: Sequence[ComplaintPublic], total: int) -> None:
    frame = table(complaints)
    shown = f"{len(frame)} of {total}" if total > len(frame) else f"{total}"
    st.caption(f"{shown} tickets in the filters, newest first")
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=360,
        column_config={"Ticket": st.column_config.NumberColumn(format="%d")},
    )
    st.download_button(
        "⬇️ Export CSV",
        data=csv_bytes(frame),
        file_name="complaints.csv",
        mime="text/csv",
        key="export_csv",
    )


def status_panel(api: Backend, complaints: Sequence[ComplaintPublic], staff: StaffPublic) -> None:
    """Pick a ticket of the table, see its history, move it where the lifecycle allows."""
    st.subheader("Change a ticket's status")
    rows = complaints
    if not rows:
        st.info("No tickets in these filters.")
        return
    labels = {c.complaint_id: f"#{c.complaint_id} · {c.department} · {c.status}" for c in rows}
    chosen = st.selectbox(
        "Ticket", list(labels), format_func=labels.__getitem__, key="ticket_choice"
    )
    detail = attempt(lambda: api.ticket(chosen), doing="read the ticket")
    if detail is None:
        return
    c = detail.complaint
    st.markdown(f"**{c.complaint_type}** · {c.priority} · now **{c.status}**  \n{c.description}")
    history = pd.DataFrame(
        [
            {
                "When": h.changed_at,
                "From": h.old_status or "—",
                "To": h.new_status,
                "By": h.changed_by,
                "Note": h.note or "",
            }
            for h in detail.history
        ]
    )
    st.dataframe(history, hide_index=True, width="stretch")
    if not detail.next_statuses:
        st.caption("This ticket is closed: its lifecycle ends here.")
        return
    with st.form(f"status_form_{c.complaint_id}", border=False):
        wanted = st.selectbox("Move to", detail.next_statuses, key="next_status")
        note = st.text_input("Note (optional)", max_chars=200, key="status_note")
        apply = st.form_submit_button("Apply", type="primary")
    if apply:
        with st.spinner("Saving…"):
            done = attempt(
                lambda: api.change_status(
                    c.complaint_id, wanted, actor=staff.username, note=note.strip() or None
                ),
                doing="change the status",
            )
        if done is not None:
            st.session_state["status_message"] = (
                f"Ticket #{c.complaint_id} is now {done.complaint.status}."
            )
            st.rerun()
