"""The session after a turn: one pure function of the session, the decision and its outcome.

Everything a later line may refer to is kept here: the topic and plans of the last answer (for
"aur 449 me?", "isse sasta?"), the open question, the ticket and hand-off of this session (for
"kab tak theek hoga", a second request for a person) and the reply language.
"""

from dataclasses import replace

from helpline.engine.actions.base import Outcome
from helpline.engine.policy import Decision
from helpline.engine.session import SessionState


def next_state(state: SessionState, decision: Decision, outcome: Outcome) -> SessionState:
    """The session once `decision` was carried out with `outcome`."""
    topic, plans = (
        (outcome.topic, outcome.plans) if outcome.topic is not None else (state.topic, state.plans)
    )
    if outcome.topic == "plan_detail" and state.topic == "plan_detail" and state.plans:
        # one plan after another ("399 me kya hai", "aur 449 me?"): the one before is kept
        # second, for "dono me kya fark hai"; the latest stays first for "uska price?"
        before = [p for p in state.plans if p not in plans[:1]]
        plans = (*plans[:1], *before[:1])
    pending = state.pending if outcome.keep_pending else outcome.pending
    if pending is not None and pending.offered and outcome.keep_pending and not decision.reask:
        pending = None  # an offer lapses unless it was just asked again
    return replace(
        state,
        pending=pending,
        topic=topic,
        plans=plans,
        negative_streak=decision.negative_streak,
        language=decision.language or state.language,
        ticket=outcome.complaint_id or outcome.ticket_read or state.ticket,
        ticket_type=outcome.ticket_type or state.ticket_type,
        handoff=outcome.handoff_id if outcome.handoff_id is not None else state.handoff,
        diagnosed=state.diagnosed or outcome.diagnosed,
    )
