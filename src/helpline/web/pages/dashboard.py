"""The manager dashboard: staff login, complaint filters, KPI cards, charts, the complaint table
with status changes and CSV export, the hand-off queue and the executive summary."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import streamlit as st

from helpline.web import charts
from helpline.web.backend import Backend, backend
from helpline.web.errors import attempt
from helpline.web.reports import handoff_section, summary_section
from helpline.web.state import Filters
from helpline.web.tickets import show_table, status_panel

if TYPE_CHECKING:
    from helpline.app.models import ComplaintPublic, FilterChoices, KpisPublic
    from helpline.app.people_models import StaffPublic

STAFF = "dashboard_staff"
ANY = "All"
PERIODS = {"All time": None, "Last 7 days": 7, "Last 30 days": 30, "Last 90 days": 90}
CUSTOM = "Custom range"
# Streamlit stacks columns one per row on a phone; two per row keeps the KPI cards and filters
# on one screen 390 px wide.
PHONE_CSS = """<style>
@media (max-width: 640px) {
  div[data-testid="stHorizontalBlock"] { flex-wrap: wrap; gap: 0.5rem; }
  div[data-testid="stColumn"] { min-width: calc(50% - 0.5rem) !important;
                                flex: 1 1 calc(50% - 0.5rem) !important; }
}
</style>"""


def login(api: Backend) -> None:
    st.write("Staff only. Log in with your helpline account.")
    with st.form("staff_login", border=False):
        username = st.text_input("Username", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        sent = st.form_submit_button("Log in", type="primary")
    if sent:
        with st.spinner("Checking…"):
            staff = attempt(lambda: api.login(username, password), doing="log in")
        if staff is not None:
            st.session_state[STAFF] = staff
            st.rerun()
    st.caption("Demo: manager / helpline-demo")


def _pick(label: str, options: list[str], key: str) -> str | None:
    chosen = st.selectbox(label, [ANY, *options], key=key)
    return None if chosen == ANY else chosen


def filters(choices: FilterChoices) -> Filters:
    """The filter widgets; three to a row on a laptop, one above another on a phone."""
    with st.expander("🔎 Filters", expanded=True):
        row = st.columns(3)
        with row[0]:
            department = _pick("Department", choices.departments, "f_department")
        with row[1]:
            status = _pick("Status", choices.statuses, "f_status")
        with row[2]:
            priority = _pick("Priority", choices.priorities, "f_priority")
        row = st.columns(3)
        with row[0]:
            circle = _pick("Circle", choices.circles, "f_circle")
        with row[1]:
            period = st.selectbox("Period", [*PERIODS, CUSTOM], key="f_period")
        with row[2]:
            since, until = _period(period)
    return Filters(department, status, priority, circle, since, until)


def _period(period: str) -> tuple[date | None, date | None]:
    today = date.today()
    if period != CUSTOM:
        days = PERIODS[period]
        return (None, None) if days is None else (today - timedelta(days=days - 1), today)
    picked = st.date_input(
        "From – to", value=(today - timedelta(days=29), today), max_value=today, key="f_dates"
    )
    if isinstance(picked, tuple) and len(picked) == 2:
        return picked[0], picked[1]
    return (picked[0], picked[0]) if isinstance(picked, tuple) and picked else (None, None)


def _hours(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} h"


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def kpi_cards(k: KpisPublic) -> None:
    r, s = k.resolution, k.sessions
    negative = k.sentiment.get("negative", 0) / max(1, sum(k.sentiment.values()))
    cards = [
        ("Open tickets", f"{k.open}", f"of {k.total} in scope"),
        ("Median resolution", _hours(r.median_hours), f"{r.resolved} resolved"),
        ("p90 resolution", _hours(r.p90_hours), "9 in 10 resolved within this"),
        ("Within target", _share(r.within_target_share), "HIGH 24 h … LOW 7 days"),
        ("SLA breaches", f"{r.breaching}", "open and past their due time"),
        ("Negative sentiment", f"{negative:.0%}", "share of customer lines"),
        ("Hand-off rate", _share(s.handoff_rate if s else None), "conversations to a human"),
        ("Self-service", _share(s.self_service_rate if s else None), "solved with no ticket"),
    ]
    for start in (0, 4):
        row = cards[start : start + 4]
        for column, (label, value, help_text) in zip(st.columns(4), row, strict=True):
            column.metric(label, value, help=help_text, border=True)


def overview(api: Backend, scope: Filters, k: KpisPublic, rows: list[ComplaintPublic]) -> None:
    emerging = attempt(lambda: api.emerging(scope), doing="look for emerging issues")
    flagged = emerging.items if emerging else []
    left, right = st.columns(2)
    left.plotly_chart(charts.by_department(k), width="stretch", key="c_department")
    right.plotly_chart(charts.priority_mix(k), width="stretch", key="c_priority")
    st.plotly_chart(charts.daily_trend(k, flagged), width="stretch", key="c_trend")
    left, right = st.columns(2)
    left.plotly_chart(charts.resolution_distribution(rows), width="stretch", key="c_res")
    right.plotly_chart(charts.sentiment_mix(k), width="stretch", key="c_sentiment")
    for e in flagged:
        st.warning(
            f"Rising {e.kind} **{e.name}**: {e.recent_per_day:.1f} complaints a day lately against "
            f"{e.baseline_per_day:.1f} before (×{e.ratio:.1f}), mostly {e.top_type or 'mixed'}.",
            icon="📈",
        )


def board(api: Backend, staff: StaffPublic) -> None:
    choices = attempt(api.choices, doing="read the filter choices")
    if choices is None:
        return
    scope = filters(choices)
    with st.spinner("Counting complaints…"):
        k = attempt(lambda: api.kpis(scope), doing="compute the KPIs")
        found = attempt(lambda: api.complaints(scope), doing="list the complaints")
    if k is None or found is None:
        return
    rows, total = found
    st.caption(f"Scope: {k.scope}")
    kpi_cards(k)
    message = st.session_state.pop("status_message", None)
    if message:
        st.success(message, icon="✅")
    tabs = st.tabs(["📈 Overview", "🎫 Complaints", "🙋 Hand-offs", "📝 Summary"])
    with tabs[0]:
        overview(api, scope, k, rows)
    with tabs[1]:
        show_table(rows, total)
        status_panel(api, rows, staff)
    with tabs[2]:
        handoff_section(api)
    with tabs[3]:
        summary_section(api, scope)


def main() -> None:
    st.markdown(PHONE_CSS, unsafe_allow_html=True)
    st.title("📊 Manager dashboard")
    api = attempt(backend, doing="open the helpline")
    if api is None:
        return
    staff: StaffPublic | None = st.session_state.get(STAFF)
    if staff is None:
        login(api)
        return
    with st.sidebar:
        st.caption(f"Logged in as {staff.full_name} ({staff.role})")
        if st.button("Log out", width="stretch", key="staff_logout"):
            del st.session_state[STAFF]
            st.rerun()
    board(api, staff)


main()
