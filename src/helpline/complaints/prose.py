"""The offline prose of a summary: sentences from analytics.yaml filled with the real figures."""

from helpline.complaints.resources import analytics_data, template
from helpline.complaints.summary import Emerging, Figures, Issue

TOP_IN_SUMMARY = 3
MAX_RECOMMENDATIONS = 5
TARGET_OK_PCT = 80.0  # below this share of tickets within target, staffing is recommended
NEGATIVE_ALERT_PCT = 50.0


def hours_text(hours: float) -> str:
    """'5.5 hours' below two days, '3.2 days' above."""
    return f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.1f} days"


def issue_label(issue: Issue) -> str:
    label = issue.key.replace("_", " ") if not issue.key.startswith("text:") else issue.name
    return f"{label} ({issue.name})" if label != issue.name else label


def executive(figures: Figures, issues: tuple[Issue, ...], emerging: tuple[Emerging, ...]) -> str:
    """Three or four sentences: volume, top issues, speed against target, mood or outbreak."""
    if figures.total == 0:
        return template("empty").format(scope=_capital(figures.scope))
    parts = [
        template("overview").format(
            total=figures.total,
            scope=_capital(figures.scope),
            open=figures.open,
            resolved=figures.resolved,
        )
    ]
    top = issues[:TOP_IN_SUMMARY]
    if top:
        first = top[0]
        others = ", ".join(f"{issue_label(i)} ({i.share:g}%)" for i in top[1:])
        name = "top" if others else "top_alone"
        parts.append(
            template(name).format(
                name=issue_label(first), count=first.count, share=f"{first.share:g}", others=others
            )
        )
    if figures.median_hours is not None and figures.p90_hours is not None:
        parts.append(
            template("resolution").format(
                median=hours_text(figures.median_hours),
                p90=hours_text(figures.p90_hours),
                within=f"{figures.within_target_pct:g}",
            )
        )
    else:
        parts.append(template("resolution_none"))
    if emerging:
        parts.append(_emerging_sentence(emerging[0]))
    elif figures.sentiment_pct:
        parts.append(
            template("sentiment").format(
                **{s: f"{figures.sentiment_pct.get(s, 0.0):g}" for s in _SENTIMENTS}
            )
        )
    return " ".join(parts)


_SENTIMENTS = ("negative", "neutral", "positive")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _emerging_sentence(issue: Emerging) -> str:
    return template("emerging").format(
        name=_emerging_name(issue),
        recent=f"{issue.recent_per_day:.1f}",
        baseline=f"{issue.baseline_per_day:.1f}",
        ratio=f"{issue.ratio:.1f}",
    )


def _emerging_name(issue: Emerging) -> str:
    what = f" ({issue.top_type.replace('_', ' ')})" if issue.top_type else ""
    return f"{issue.name} {issue.kind}{what}"


def recommendations(
    figures: Figures, issues: tuple[Issue, ...], emerging: tuple[Emerging, ...]
) -> tuple[str, ...]:
    """Actions for management, most urgent first, each carrying the figure behind it."""
    data = analytics_data()
    out: list[str] = []
    for rising in emerging[:2]:
        out.append(
            template("recommend_emerging").format(
                name=_emerging_name(rising),
                recent=f"{rising.recent_per_day:.1f}",
                baseline=f"{rising.baseline_per_day:.1f}",
            )
        )
    if figures.breaching:
        out.append(template("recommend_breaching").format(breaching=figures.breaching))
    for issue in issues[:2]:
        action = data["recommend_by_type"].get(issue.key) or data["recommend_by_department"].get(
            issue.department, data["recommend_default"]
        )
        out.append(
            template("recommend_top").format(
                action=action, name=issue_label(issue), count=issue.count, share=f"{issue.share:g}"
            )
        )
    pct = figures.within_target_pct
    if pct is not None and pct < TARGET_OK_PCT and figures.open_by_department:
        department, open_count = next(iter(figures.open_by_department.items()))
        out.append(
            template("recommend_target").format(
                within=f"{pct:g}", department=department, open=open_count
            )
        )
    if figures.repeat_complainers:
        out.append(template("recommend_repeat").format(repeat=figures.repeat_complainers))
    negative = figures.sentiment_pct.get("negative", 0.0)
    if negative > NEGATIVE_ALERT_PCT:
        out.append(template("recommend_negative").format(negative=f"{negative:g}"))
    return tuple(out[:MAX_RECOMMENDATIONS])
