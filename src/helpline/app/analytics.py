"""Complaint analytics for managers: KPIs, the executive summary, emerging issues."""

from dataclasses import asdict
from datetime import date

from helpline.app.convert import utc
from helpline.app.core import Context
from helpline.app.models import (
    DayCountPublic,
    EmergingList,
    EmergingPublic,
    KpisPublic,
    ResolutionPublic,
    SessionsPublic,
    SummaryPublic,
)
from helpline.app.scope import parse_scope
from helpline.complaints.filters import ComplaintFilter
from helpline.complaints.kpis import Kpis


class Analytics:
    def __init__(self, context: Context) -> None:
        self._context = context

    def scope(
        self,
        *,
        department: str | None = None,
        status: str | None = None,
        priority: str | None = None,
        circle: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
    ) -> ComplaintFilter:
        """The filter the other methods take, checked: a bad value raises with the choices."""
        return parse_scope(
            self._context,
            department=department,
            status=status,
            priority=priority,
            circle=circle,
            since=since,
            until=until,
        )

    def kpis(self, scope: ComplaintFilter | None = None, *, sessions: bool = True) -> KpisPublic:
        """Counts, resolution times, sentiment and session rates of the complaints in scope."""
        from helpline.complaints.kpis import compute_kpis

        database = self._context.ready_database()
        return kpis_public(compute_kpis(database, scope, sessions=sessions))

    def summary(self, scope: ComplaintFilter | None = None) -> SummaryPublic:
        """The executive summary: top issues, sentiment, recommendations, resolution timeline."""
        from helpline.complaints.brief import summarize
        from helpline.complaints.cache import make_cache
        from helpline.complaints.prose import issue_label

        settings = self._context.settings
        database = self._context.ready_database()
        result = summarize(database, scope, settings=settings, cache=make_cache(settings))
        data = result.model_dump()
        data["generated_at"] = utc(result.generated_at)  # stored naive UTC; the model says so
        data["top_issues"] = [
            {**dumped, "label": issue_label(issue)}
            for dumped, issue in zip(data["top_issues"], result.top_issues, strict=True)
        ]
        return SummaryPublic.model_validate(data)

    def emerging(self, scope: ComplaintFilter | None = None) -> EmergingList:
        """Departments and circles whose complaints jumped in the last days, biggest first."""
        from helpline.complaints.emerging import detect_emerging

        database = self._context.ready_database()
        found = detect_emerging(database, scope)
        return EmergingList(
            scope=(scope or ComplaintFilter()).describe(),
            items=[
                EmergingPublic(**{f: getattr(e, f) for f in EmergingPublic.model_fields})
                for e in found
            ],
        )


def kpis_public(k: Kpis) -> KpisPublic:
    r = k.resolution
    s = k.sessions
    return KpisPublic(
        scope=k.scope,
        total=k.total,
        open=k.open,
        by_status=k.by_status,
        by_priority=k.by_priority,
        by_department=k.by_department,
        per_day=[DayCountPublic(day=d.day, created=d.created) for d in k.per_day],
        resolution=ResolutionPublic(**asdict(r), within_target_share=r.within_target_share),
        sentiment=k.sentiment,
        complainers=k.complainers,
        repeat_complainers=k.repeat_complainers,
        sessions=None
        if s is None
        else SessionsPublic(
            **asdict(s), handoff_rate=s.handoff_rate, self_service_rate=s.self_service_rate
        ),
    )
