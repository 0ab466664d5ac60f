"""Reading the account before filing a network or data complaint.

"Net nahi chal raha" from a customer whose plan has expired, or whose data is used up, is not
a fault an engineer can fix: the reply says what the account shows and offers the recharge
that fixes it (data boosters for used-up data). A problem that the account does not explain
(calls failing on an active plan) is filed as usual.
"""

from dataclasses import replace
from decimal import Decimal

from helpline.engine.actions.base import Context, Outcome, said
from helpline.engine.actions.triage import ProblemKind
from helpline.engine.facts import FactKey, Facts, facts, format_data, format_date, plan_fields
from helpline.language.types import Department

# Below this much data left, "internet nahi chal raha" is the data running out, not the network.
NO_DATA_MB = Decimal(10)
BOOSTERS = 2  # data packs offered when the data is used up
# Problem types a used-up data quota explains; calls and SIM faults it does not.
DATA_PROBLEMS = frozenset({"slow_data", "no_network", None})


def diagnose(ctx: Context, kind: ProblemKind | None) -> Outcome | None:
    """The account's explanation of a network problem, or None when it explains nothing."""
    u, c = ctx.utterance, ctx.customer
    department = u.department
    network = department is Department.NETWORK or (
        kind is not None and kind.department == "Network"
    )
    if not network or c.plan is None:
        return None
    expires = c.plan_expires_at
    if expires is None or expires <= ctx.now:
        fact = facts(
            FactKey.DIAGNOSE_EXPIRED,
            **plan_fields(c.plan),
            expired_on=format_date(expires) if expires else "",
        )
        return _diagnosed(ctx, fact)
    problem = kind.complaint_type if kind is not None else None
    if c.balance_mb < NO_DATA_MB and problem in DATA_PROBLEMS:
        packs = sorted(
            (p for p in ctx.catalogue.plans() if p.category == "data_pack"),
            key=lambda p: (p.price, p.plan_id),
        )[:BOOSTERS]
        items = [plan_fields(p) for p in packs]
        fact = facts(FactKey.DIAGNOSE_NO_DATA, items, data_left=format_data(c.balance_mb))
        return _diagnosed(ctx, fact)
    return None


def _diagnosed(ctx: Context, fact: Facts) -> Outcome:
    return replace(said(ctx, fact, topic="diagnosed"), diagnosed=True)
