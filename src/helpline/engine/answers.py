"""Reading a short answer from the question the agent asked: a bare "299" after "which plan?".

The language layer sees one line alone, and a lone number could be anything (a ticket, a
count, an amount); only the open recharge question says it is a price.
"""

import re
from dataclasses import replace

from helpline.engine.packaged import load_yaml
from helpline.engine.session import SessionState
from helpline.language import Entity, EntityKind, Utterance

_PLAN_KINDS = frozenset({EntityKind.AMOUNT, EntityKind.PLAN, EntityKind.DATA_MB, EntityKind.DAYS})
_FILLERS = frozenset(str(w) for w in load_yaml("data/turn_cues.yaml")["price_fillers"])
# Plan prices run from tens to a few thousand rupees; 6+ digits is an OTP, a phone or an id.
_PRICE = re.compile(r"(?<![\d.])\d{2,5}(?![\d.])")


def with_price_answer(state: SessionState, u: Utterance) -> Utterance:
    """The line with a bare number read as an amount, when a recharge question is open and the
    line is only that number and filler words; otherwise the line unchanged."""
    if state.pending is None or any(e.kind in _PLAN_KINDS for e in u.entities):
        return u
    words = (u.normalized or "").split()
    numbers = [w for w in words if w.isdigit()]
    if len(numbers) != 1 or any(w not in _FILLERS for w in words if not w.isdigit()):
        return u
    found = [m for m in _PRICE.finditer(u.text) if m.group(0) == numbers[0]]
    if len(found) != 1:
        return u
    match = found[0]
    amount = Entity(EntityKind.AMOUNT, int(match.group(0)), match.start(), match.end())
    return replace(u, entities=(*u.entities, amount))
