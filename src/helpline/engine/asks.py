"""A line with several asks ("signal weak hai, aur 199 wala pack bhi daal do"): which of its
parts get an answer of their own, and in what order.

The whole line is decided first (its intent is its most salient part's); each other part adds
an answer when it asks for something different that the agent can do in the same turn. A part
that opens a question (a recharge to confirm, a plan offered) goes last, so that the reply ends
with the one question the customer answers next.
"""

from helpline.engine.policy import Act, Decision, Policy
from helpline.engine.session import SessionState
from helpline.language import Utterance
from helpline.language.types import Wish

# Acts a second ask of the same line may add.
SECOND_ASKS = frozenset(
    {
        Act.BALANCE,
        Act.PLAN_INFO,
        Act.VALIDITY,
        Act.TRANSACTIONS,
        Act.OFFERS,
        Act.COMPLAINT,
        Act.TICKET_STATUS,
        Act.HANDOFF,
        Act.RECHARGE_SELECT,
        Act.PLAN_DETAIL,
    }
)
_ASKS_LAST = frozenset({Act.RECHARGE_SELECT, Act.RECOMMEND, Act.PLAN_DETAIL})
# Acts that already cover another: a plan's confirmation states what a question about it asks.
_COVERS = {
    Act.RECHARGE_SELECT: frozenset({Act.PLAN_DETAIL}),
    Act.VALIDITY: frozenset({Act.PLAN_INFO}),
    Act.PLAN_INFO: frozenset({Act.VALIDITY}),
    Act.HANDOFF: frozenset({Act.TICKET_STATUS}),
}

# What a caller being handed to a person may still be told first ("agent se baat karni hai
# lekin pehle balance batao"): their own account, read at once.
_BEFORE_HANDOFF = frozenset({Act.BALANCE, Act.PLAN_INFO, Act.VALIDITY, Act.TRANSACTIONS})


# A second ask the classifier is unsure of is more likely a misreading than a request.
MIN_CONFIDENCE = 0.6


def _wanted(part: Utterance, decision: Decision, taken: set[Act]) -> bool:
    if decision.act not in SECOND_ASKS or decision.act in taken:
        return False
    if part.confidence < MIN_CONFIDENCE:
        return False
    if any(decision.act in _COVERS.get(act, ()) for act in taken):
        return False
    if decision.act is Act.COMPLAINT:  # a second ask files only a problem it can name
        return part.cues.problem is not None
    if decision.act is Act.TICKET_STATUS:
        return part.cues.asks_status
    if decision.act is Act.RECHARGE_SELECT:  # asking is not buying: "859 wala aur 666 compare"
        return part.cues.wish is Wish.BUY
    return True


def decide_all(
    policy: Policy, state: SessionState, u: Utterance
) -> list[tuple[Utterance, Decision]]:
    """The decisions for a line, each with the ask it answers; the first is the whole line's."""
    first = policy.decide(state, u)
    chosen = [(u, first)]
    if first.act in (Act.RECHARGE_CONFIRMED, Act.RECHARGE_CANCEL, Act.OTHER_NUMBER):
        return chosen
    handoff = first.act is Act.HANDOFF
    taken = {first.act}
    for part in u.parts:
        decision = policy.decide_one(state, part)
        if handoff and decision.act not in _BEFORE_HANDOFF:
            continue
        if _wanted(part, decision, taken):
            chosen.append((part, decision))
            taken.add(decision.act)
    if len(chosen) > 1 and sum(d.act is Act.COMPLAINT for _, d in chosen) > 1:
        chosen = [chosen[0], *[(p, d) for p, d in chosen[1:] if d.act is not Act.COMPLAINT]]
    # Stable: the account first, the hand-off or the question the customer answers next last.
    chosen.sort(key=lambda pair: pair[1].act in _ASKS_LAST or pair[1].act is Act.HANDOFF)
    return chosen
