"""Carrying out a decision: reads and writes through the store, producing the reply's facts."""

from collections.abc import Callable
from dataclasses import replace

from helpline.engine.actions import (
    account,
    complaints,
    conversation,
    plans,
    recharge,
    recommend,
)
from helpline.engine.actions.base import Context, Outcome
from helpline.engine.facts import FactKey
from helpline.engine.policy import Act

Handler = Callable[[Context], Outcome]

HANDLERS: dict[Act, Handler] = {
    Act.BALANCE: account.balance,
    Act.PLAN_INFO: account.plan_info,
    Act.VALIDITY: account.validity,
    Act.TRANSACTIONS: account.transactions,
    Act.OFFERS: plans.offers,
    Act.OTHER_PLANS: plans.other_plans,
    Act.RECOMMEND: recommend.recommend,
    Act.COMPARE: recommend.compare,
    Act.COMPLAINT_DETAIL: complaints.add_detail,
    Act.HANDOFF_WAIT: conversation.handoff_wait,
    Act.SERVICE: conversation.service,
    Act.HELP: conversation.say(FactKey.HELP),
    Act.BACKCHANNEL: conversation.say(FactKey.BACKCHANNEL),
    Act.FEEDBACK_THANKS: conversation.say(FactKey.FEEDBACK_THANKS),
    Act.PLAN_DETAIL: plans.plan_detail,
    Act.RECHARGE_SELECT: recharge.select,
    Act.RECHARGE_CONFIRMED: lambda ctx: recharge.execute(ctx, ctx.decision.plan_id),
    Act.RECHARGE_CANCEL: recharge.cancel,
    Act.RECHARGE_REASK: recharge.reask,
    Act.COMPLAINT: complaints.complain,
    Act.TICKET_STATUS: complaints.ticket_status,
    Act.TICKET_CLOSE: complaints.close_ticket,
    Act.HANDOFF: conversation.handoff,
    Act.GREET: conversation.greet,
    Act.THANK: conversation.say(FactKey.THANKS),
    Act.GOODBYE: conversation.goodbye,
    Act.OUT_OF_SCOPE: conversation.say(FactKey.OUT_OF_SCOPE),
    Act.VENT: conversation.say(FactKey.COMPLAINT_UNCLEAR),
    Act.AFFIRM_IDLE: conversation.say(FactKey.AFFIRM_IDLE),
    Act.DENY_IDLE: conversation.say(FactKey.DENY_IDLE),
    Act.OTHER_NUMBER: conversation.other_number,
    Act.LANGUAGE: conversation.switch_language,
}


def run(ctx: Context) -> Outcome:
    """Carry out the decision; add a hand-off or the open question's re-ask when called for."""
    outcome = HANDLERS[ctx.decision.act](ctx)
    if ctx.decision.handoff_reason and ctx.decision.act is not Act.HANDOFF:
        handed = conversation.handoff(ctx)
        return replace(
            outcome,
            facts=(*outcome.facts, *handed.facts),
            handoff_id=handed.handoff_id,
            keep_pending=False,
            pending=None,
        )
    if ctx.decision.reask and outcome.keep_pending:
        tail = recharge.reask_tail(ctx)
        if tail is not None:
            return replace(outcome, facts=(*outcome.facts, tail))
    return outcome


__all__ = ["Context", "Outcome", "run"]
