"""The dashboard's reading parts: the executive summary on request, and the hand-off queue with
each conversation's transcript."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from helpline.web.errors import attempt

if TYPE_CHECKING:
    from helpline.app.models import SummaryPublic
    from helpline.web.backend import Backend
    from helpline.web.state import Filters

SUMMARY = "dashboard_summary"


def summary_section(api: Backend, filters: Filters) -> None:
    """ "Generate summary" for the filters; the result stays until the filters change."""
    held = st.session_state.get(SUMMARY)
    if st.button("📝 Generate summary", type="primary", key="generate_summary"):
        with st.spinner("Reading the complaints and writing the summary…"):
            made = attempt(lambda: api.summary(filters), doing="write the summary")
        held = (filters, made) if made is not None else None
        st.session_state[SUMMARY] = held
    if held is None or held[0] != filters:
        st.caption("A summary of the complaints in the current filters, written on request.")
        return
    show_summary(held[1])


def show_summary(summary: SummaryPublic) -> None:
    st.markdown(f"#### Executive summary · {summary.scope}")
    st.write(summary.executive)
    st.markdown("#### Top issues")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Issue": i.label,
                    "Department": i.department,
                    "Complaints": i.count,
                    "Share %": i.share,
                    "Open": i.open,
                    "Typical hours": i.typical_hours,
                }
                for i in summary.top_issues
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    st.markdown("#### Recommendations")
    st.markdown("\n".join(f"- {r}" for r in summary.recommendations) or "None.")
    t = summary.timeline
    st.markdown("#### Timeline of open tickets")
    lines = [
        f"- {t.open} open: {t.within_24h} due within 24 h, {t.within_3d} within 3 days, "
        f"{t.within_7d} within 7 days, {t.later} later",
        f"- {t.overdue} overdue",
    ]
    if t.clear_by is not None:
        lines.append(f"- all clear by {t.clear_by:%d %b %Y} at this pace")
    st.markdown("\n".join(lines))
    st.caption(f"Written by the {summary.writer} writer at {summary.generated_at:%d %b %Y %H:%M}.")


def handoff_section(api: Backend) -> None:
    """Conversations waiting for a human, oldest first, each with what was said."""
    with st.spinner("Loading the hand-off queue…"):
        page = attempt(api.handoffs, doing="read the hand-off queue")
    if page is None:
        return
    if not page.items:
        st.info("No conversation is waiting for a human.")
        return
    st.caption(f"{page.total} waiting, oldest first")
    for h in page.items:
        title = f"#{h.handoff_id} · {h.phone or 'unknown caller'} · {h.reason}"
        with st.expander(f"{title} · {h.created_at:%d %b %H:%M}"):
            if not h.session_id:
                st.caption("No transcript was kept for this hand-off.")
                continue
            show_transcript(api, h.session_id)


def show_transcript(api: Backend, session_id: str) -> None:
    transcript = attempt(lambda: api.transcript(session_id), doing="read the transcript")
    for line in transcript.lines if transcript else []:
        st.markdown(f"🙂 **Customer:** {line.user}  \n🎧 **Agent:** {line.reply}")
