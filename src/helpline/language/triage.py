"""Which department a problem goes to and how urgent it is (rules in `triage.yaml`).

Business rules (issue: Hinglish understanding): Payments owns a recharge or payment that failed
or was deducted without the plan arriving; Billing owns charges, bills and value-added services.
HIGH: service fully down, lost or stolen SIM, money taken with nothing delivered, or a strongly
negative customer. MEDIUM: degraded service, billing disputes, rude staff. LOW: requests, porting
out, suggestions.
"""

from dataclasses import dataclass
from functools import cache

from helpline.language.patterns import PatternSet
from helpline.language.resources import expect_mapping, expect_number, expect_strings, load_yaml
from helpline.language.types import Department, Intent, Priority


@dataclass(frozen=True, slots=True)
class _Rules:
    departments: PatternSet  # in priority order
    by_intent: dict[Intent, Department]
    complaint_intents: frozenset[Intent]  # intents whose lines may still be complaints
    self_evident: frozenset[Department]  # a match alone makes a complaint ("paise kat gaye")
    evident: PatternSet  # staff misconduct: a complaint whatever the tone
    not_problems: PatternSet  # "koi dikkat nahi"
    contrasts: frozenset[str]  # "... lekin net slow hai" reopens a "no problem" line
    overrides: dict[Department, frozenset[Department]]  # intent department -> may become
    priorities: PatternSet
    strongly_negative: float


@cache
def _rules() -> _Rules:
    data = expect_mapping(load_yaml("triage.yaml"), "triage.yaml")
    departments = expect_mapping(data["departments"], "triage.yaml:departments")
    priorities = expect_mapping(data["priorities"], "triage.yaml:priorities")
    overrides = expect_mapping(data["overrides"], "triage.yaml:overrides")
    return _Rules(
        departments=PatternSet(
            ((str(Department(k)), expect_strings(v, k)) for k, v in departments.items()),
            "triage.yaml:departments",
        ),
        by_intent={
            Intent(k): Department(v)
            for k, v in expect_mapping(data["intent_departments"], "intent_departments").items()
        },
        complaint_intents=frozenset(
            Intent(i) for i in expect_strings(data["complaint_intents"], "complaint_intents")
        ),
        self_evident=frozenset(
            Department(d) for d in expect_strings(data["self_evident"], "self_evident")
        ),
        evident=PatternSet(
            [("evident", expect_strings(data["evident"], "evident"))], "triage.yaml:evident"
        ),
        not_problems=PatternSet(
            [("none", expect_strings(data["not_problems"], "not_problems"))],
            "triage.yaml:not_problems",
        ),
        contrasts=frozenset(expect_strings(data["contrasts"], "contrasts")),
        overrides={
            Department(k): frozenset(Department(d) for d in expect_strings(v, f"overrides:{k}"))
            for k, v in overrides.items()
        },
        priorities=PatternSet(
            ((str(k), expect_strings(v, k)) for k, v in priorities.items()),
            "triage.yaml:priorities",
        ),
        strongly_negative=expect_number(data["strongly_negative"], "strongly_negative"),
    )


def triage(
    normalized: str, intent: Intent, sentiment_score: float
) -> tuple[Department, Priority] | None:
    """Department and priority of a problem line, or None when the line is not a problem."""
    rules = _rules()
    department = rules.by_intent.get(intent)
    if department is None and intent not in rules.complaint_intents:
        return None
    if rules.not_problems.match(normalized) and rules.contrasts.isdisjoint(normalized.split()):
        return None
    matched = [Department(d) for d in rules.departments.match(normalized)]
    if department is not None:
        better = [d for d in matched if d in rules.overrides.get(department, frozenset())]
        if better:
            department = better[0]
    elif (
        intent in rules.complaint_intents
        and matched
        and (
            sentiment_score < 0
            or matched[0] in rules.self_evident
            or bool(rules.evident.match(normalized))
        )
    ):
        department = matched[0]
    else:
        return None
    return department, _priority(set(rules.priorities.match(normalized)), sentiment_score, rules)


def _priority(levels: set[str], sentiment_score: float, rules: _Rules) -> Priority:
    """Cues checked in order: urgent, very angry, degraded, fully down, request; else MEDIUM."""
    if "urgent" in levels or sentiment_score <= rules.strongly_negative:
        return Priority.HIGH
    if "degraded" in levels:
        return Priority.MEDIUM
    if "down" in levels:
        return Priority.HIGH
    if "request" in levels:
        return Priority.LOW
    return Priority.MEDIUM
