"""The manager dashboard under AppTest: staff login, filters moving the KPI figures, status changes
that follow the lifecycle, the CSV export, the summary and the hand-off queue."""

import csv
import io
from collections.abc import Callable

from streamlit.testing.v1 import AppTest
from web_kit import log_in_staff, metric

from helpline.app import Helpline

Page = Callable[[], AppTest]


def test_a_wrong_password_is_refused(dashboard: Page) -> None:
    at = log_in_staff(dashboard(), password="not-the-password")
    assert at.error and "wrong username or password" in at.error[0].value
    assert not at.metric


def test_filters_change_the_kpi_figures(dashboard: Page, helpline: Helpline) -> None:
    at = log_in_staff(dashboard())
    everything = helpline.analytics.kpis()
    assert metric(at, "Open tickets") == str(everything.open)
    assert metric(at, "SLA breaches") == str(everything.resolution.breaching)

    at.selectbox(key="f_department").select("Network")
    at.selectbox(key="f_priority").select("HIGH")
    at.run()
    analytics = helpline.analytics
    network = analytics.kpis(analytics.scope(department="Network", priority="HIGH"))
    assert network.open != everything.open
    assert network.resolution.median_hours is not None
    assert metric(at, "Open tickets") == str(network.open)
    assert metric(at, "SLA breaches") == str(network.resolution.breaching)
    assert metric(at, "Median resolution") == f"{network.resolution.median_hours:.1f} h"

    at.selectbox(key="f_period").select("Last 7 days")
    at.run()
    assert not at.exception, at.exception
    assert "Network" in at.caption[0].value  # the scope line names the filters


def test_a_status_change_follows_the_lifecycle_and_shows_its_history(
    dashboard: Page, helpline: Helpline
) -> None:
    at = log_in_staff(dashboard())
    at.selectbox(key="f_status").select("open")
    at.run()
    ticket = at.selectbox(key="ticket_choice").value
    assert at.selectbox(key="next_status").options == ["closed", "in_progress", "resolved"]

    at.selectbox(key="next_status").select("in_progress")
    at.text_input(key="status_note").input("tower team sent")
    next(b for b in at.button if b.label == "Apply").click()
    at.run()
    assert not at.exception, at.exception
    assert f"#{ticket} is now in_progress" in at.success[0].value

    detail = helpline.complaints.get(ticket)
    assert detail.complaint.status == "in_progress"
    assert detail.history[-1].changed_by == "manager"
    assert detail.history[-1].note == "tower team sent"
    # The "open" filter no longer lists it; with any status its history shows the change.
    assert ticket not in at.dataframe[0].value["Ticket"].tolist()
    at.selectbox(key="f_status").select("All")
    at.run()
    at.selectbox(key="ticket_choice").select(ticket)
    at.run()
    history = at.dataframe[1].value
    assert history["To"].tolist()[-1] == "in_progress"
    assert history["Note"].tolist()[-1] == "tower team sent"


def test_the_csv_export_holds_the_rows_of_the_filtered_table(
    dashboard: Page, downloads: list[tuple[bytes, str]]
) -> None:
    at = log_in_staff(dashboard())
    at.selectbox(key="f_department").select("Network")
    at.selectbox(key="f_status").select("closed")
    downloads.clear()
    at.run()
    table = at.dataframe[0].value
    (data,) = [d for d, mime in downloads if mime.startswith("text/csv")]
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == len(table) > 0
    assert [int(r["Ticket"]) for r in rows] == table["Ticket"].tolist()
    assert {r["Department"] for r in rows} == {"Network"}
    assert {r["Status"] for r in rows} == {"closed"}


def test_generate_summary_shows_the_summary_top_issues_and_recommendations(
    dashboard: Page,
) -> None:
    at = log_in_staff(dashboard())
    assert not any("Executive summary" in m.value for m in at.markdown)
    at.button(key="generate_summary").click()
    at.run()
    assert not at.exception, at.exception
    shown = "\n".join(m.value for m in at.markdown)
    for heading in ("Executive summary", "Top issues", "Recommendations", "Timeline"):
        assert heading in shown
    issues = next(d.value for d in at.dataframe if "Issue" in d.value.columns)
    assert len(issues) > 0 and issues["Complaints"].iloc[0] > 0


def test_the_handoff_queue_shows_each_conversation(dashboard: Page, helpline: Helpline) -> None:
    turn = helpline.conversations.start(phone="9876543210")
    turn = helpline.conversations.text_turn(turn.session_id, "mujhe agent se baat karni hai")
    assert turn.handoff
    at = log_in_staff(dashboard())
    shown = "\n".join(m.value for m in at.markdown)
    assert "mujhe agent se baat karni hai" in shown
