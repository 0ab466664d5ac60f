"""Turns that fetch nothing: greetings, thanks, goodbyes, off-topic lines, hand-offs, refusals."""

import logging
from collections.abc import Callable

from sqlalchemy.orm import Session

from helpline.engine.actions.base import Context, Outcome, said
from helpline.engine.facts import FactKey, facts
from helpline.engine.packaged import load_yaml
from helpline.phone import mask_phone
from helpline.store.conversations import create_handoff, session_turns

log = logging.getLogger(__name__)
SERVICES: dict[str, dict[str, str]] = load_yaml("data/services.yaml")


def first_name(ctx: Context) -> str:
    return ctx.customer.name.split()[0] if ctx.customer.name else ""


def greet(ctx: Context) -> Outcome:
    return said(ctx, facts(FactKey.HELLO_AGAIN, name=first_name(ctx)))


def say(key: FactKey) -> Callable[[Context], Outcome]:
    """An action that only says something (thanks, off-topic, ...), leaving any question open."""

    def run(ctx: Context) -> Outcome:
        return said(ctx, facts(key))

    return run


def goodbye(ctx: Context) -> Outcome:
    return Outcome((facts(FactKey.GOODBYE, name=first_name(ctx)),))


def other_number(ctx: Context) -> Outcome:
    """Account questions about another number are refused without looking that number up."""
    log.info("refused another number", extra={"session_id": ctx.state.session_id})
    return said(ctx, facts(FactKey.OTHER_NUMBER))


def transcript(ctx: Context) -> list[dict[str, str]]:
    """The whole conversation so far, oldest first, ending with the line being answered."""
    session: Session
    with ctx.db() as session:
        turns = session_turns(session, ctx.state.session_id)
        lines = [
            {
                "at": t.timestamp.isoformat(timespec="seconds"),
                "customer": t.user_input,
                "agent": t.bot_response,
            }
            for t in turns
        ]
    return [*lines, {"at": ctx.now.isoformat(timespec="seconds"), "customer": ctx.utterance.text}]


def handoff(ctx: Context, reason: str | None = None) -> Outcome:
    """Queue the conversation, with its transcript, for a human agent."""
    why = reason or ctx.decision.handoff_reason or "customer_asked"
    handoff_id = create_handoff(
        ctx.db,
        user_id=ctx.customer.user_id,
        phone=ctx.customer.phone,
        session_id=ctx.state.session_id,
        reason=why,
        transcript=transcript(ctx),
    )
    log.info(
        "handed off",
        extra={
            "session_id": ctx.state.session_id,
            "reason": why,
            "phone": mask_phone(ctx.customer.phone),
        },
    )
    key = {"customer_asked": FactKey.HANDOFF, "churn_risk": FactKey.HANDOFF_RETENTION}.get(
        why, FactKey.HANDOFF_UPSET
    )
    return Outcome((facts(key, reference=str(handoff_id)),), topic="handoff", handoff_id=handoff_id)


def handoff_wait(ctx: Context) -> Outcome:
    """Asked again, or asked how long: the hand-off already queued, never a second one."""
    if ctx.state.handoff is None:
        return handoff(ctx, "customer_asked")
    return Outcome(
        (facts(FactKey.HANDOFF_WAIT, reference=str(ctx.state.handoff)),), topic="handoff"
    )


def switch_language(ctx: Context) -> Outcome:
    """The customer asked for another language: said in it, and the session keeps it."""
    return said(ctx, facts(FactKey.LANGUAGE_SWITCHED))


def service(ctx: Context) -> Outcome:
    """A telecom request the agent does not carry out: what the customer can do, from the
    operator's data (data/services.yaml)."""
    request = ctx.decision.request or ctx.utterance.cues.request
    answers = SERVICES.get(request.value if request else "", {})
    language = ctx.decision.language or ctx.state.language  # this line's, when it tells
    answer = answers.get(language) or answers.get("hinglish")
    if answer is None:
        return said(ctx, facts(FactKey.OUT_OF_SCOPE))
    return said(ctx, facts(FactKey.SERVICE, answer=_mid_sentence(answer)), topic="service")


def _mid_sentence(answer: str) -> str:
    """The answer follows the address ("Sir, mobile data ..."): its first word goes on in lower
    case unless it is an acronym ("DND", "UPC", "eSIM") or "I". Said with no address, the
    writer capitalises the start of the reply again."""
    first = answer.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        return answer[0].lower() + answer[1:]
    return answer
