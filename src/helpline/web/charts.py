"""The dashboard's Plotly figures, each drawn from the application layer's typed results."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

import plotly.graph_objects as go

if TYPE_CHECKING:
    from helpline.app.models import ComplaintPublic, EmergingPublic, KpisPublic

PRIORITY_COLOURS = {"HIGH": "#d62728", "MEDIUM": "#ff7f0e", "LOW": "#2ca02c"}
SENTIMENT_COLOURS = {"negative": "#d62728", "neutral": "#7f7f7f", "positive": "#2ca02c"}
HEIGHT = 300


def _layout(figure: go.Figure, title: str) -> go.Figure:
    # Small margins and a legend under the plot keep charts readable 390 px wide.
    figure.update_layout(
        title={"text": title, "font": {"size": 15}},
        height=HEIGHT,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": -0.15},
    )
    return figure


def by_department(kpis: KpisPublic) -> go.Figure:
    items = sorted(kpis.by_department.items(), key=lambda kv: kv[1])
    figure = go.Figure(
        go.Bar(
            x=[n for _, n in items],
            y=[name for name, _ in items],
            orientation="h",
            marker_color="#1f77b4",
            text=[n for _, n in items],
            textposition="auto",
        )
    )
    return _layout(figure, "Complaints per department")


def priority_mix(kpis: KpisPublic) -> go.Figure:
    names = [p for p in PRIORITY_COLOURS if kpis.by_priority.get(p)]
    figure = go.Figure(
        go.Pie(
            labels=names,
            values=[kpis.by_priority[p] for p in names],
            hole=0.5,
            marker={"colors": [PRIORITY_COLOURS[p] for p in names]},
            sort=False,
        )
    )
    return _layout(figure, "Priority mix")


def sentiment_mix(kpis: KpisPublic) -> go.Figure:
    names = [s for s in SENTIMENT_COLOURS if kpis.sentiment.get(s)]
    figure = go.Figure(
        go.Pie(
            labels=names,
            values=[kpis.sentiment[s] for s in names],
            hole=0.5,
            marker={"colors": [SENTIMENT_COLOURS[s] for s in names]},
            sort=False,
        )
    )
    return _layout(figure, "Customer sentiment")


def daily_trend(kpis: KpisPublic, emerging: Sequence[EmergingPublic]) -> go.Figure:
    """Complaints created per day; the recent window where issues jumped is shaded and named."""
    days = [d.day for d in kpis.per_day]
    figure = go.Figure(
        go.Scatter(
            x=days,
            y=[d.created for d in kpis.per_day],
            mode="lines+markers",
            marker={"size": 4},
            name="created",
        )
    )
    if emerging and days:
        first = emerging[0]
        window = max(1, round(first.recent / first.recent_per_day)) if first.recent_per_day else 3
        end = max(days)
        figure.add_vrect(
            x0=end - timedelta(days=window - 1),
            x1=end + timedelta(days=1),
            fillcolor="#d62728",
            opacity=0.15,
            line_width=0,
        )
        flags = ", ".join(f"{e.name} ×{e.ratio:.1f}" for e in emerging[:3])
        figure.add_annotation(
            x=end, y=1, yref="paper", text=f"⚠ rising: {flags}", showarrow=False, xanchor="right"
        )
    return _layout(figure, "Complaints per day")


def resolution_hours(complaints: Sequence[ComplaintPublic]) -> list[float]:
    return [
        (c.resolved_at - c.created_at).total_seconds() / 3600
        for c in complaints
        if c.resolved_at is not None
    ]


def resolution_distribution(complaints: Sequence[ComplaintPublic]) -> go.Figure:
    """How long resolved tickets took, in hours (the table's tickets)."""
    figure = go.Figure(go.Histogram(x=resolution_hours(complaints), nbinsx=24))
    figure.update_xaxes(title_text="hours to resolve")
    figure.update_yaxes(title_text="tickets")
    return _layout(figure, "Resolution time")
