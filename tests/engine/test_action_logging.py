"""Every engine action answers with helpline's logging on, at DEBUG and at INFO."""

import logging
from collections.abc import Iterator

import pytest
from engine_kit import DEMO_PHONE, AgentFactory

from helpline.engine import actions
from helpline.engine.actions.base import Context, Outcome
from helpline.engine.policy import Act
from helpline.logs import configure_logging

# (what the customer says, the act it must reach); one verified conversation in this order.
SCRIPT: list[tuple[str, Act | None]] = [
    ("namaste", Act.GREET),
    ("mera balance kitna hai", Act.BALANCE),
    ("mera current plan kya hai", Act.PLAN_INFO),
    ("aur validity?", Act.VALIDITY),
    ("last transaction dikhao", Act.TRANSACTIONS),
    ("koi offer chal raha hai kya", Act.OFFERS),
    ("mere liye koi accha plan suggest karo", Act.RECOMMEND),
    ("uska price?", Act.PLAN_DETAIL),
    ("299 aur 349 me kya fark hai", Act.COMPARE),
    ("koi aur plan dikhao", Act.OTHER_PLANS),
    ("english me baat karo", Act.LANGUAGE),
    ("recharge karna hai", Act.RECHARGE_SELECT),
    ("haan", Act.RECHARGE_REASK),
    ("2GB wala", Act.RECHARGE_SELECT),
    ("haan", Act.RECHARGE_CONFIRMED),
    ("199 wala recharge karo", Act.RECHARGE_SELECT),
    ("pehle mera balance batao", Act.BALANCE),
    ("nahi rehne do", Act.RECHARGE_CANCEL),
    ("mera internet bahut slow hai", Act.COMPLAINT),
    ("internet abhi bhi slow chal raha hai", Act.COMPLAINT),
    ("kal shaam se", Act.COMPLAINT_DETAIL),
    ("meri complaint ka status batao", Act.TICKET_STATUS),
    ("ab internet theek ho gaya, complaint band kar do", Act.TICKET_CLOSE),
    ("aaj cricket match kaun jeetega", Act.OUT_OF_SCOPE),
    ("tum logon ne pareshan kar rakha hai", Act.VENT),
    ("haan ji", Act.AFFIRM_IDLE),
    ("nahi", Act.DENY_IDLE),
    ("help", Act.HELP),
    ("hmm", Act.BACKCHANNEL),
    ("DND chalu karna hai", Act.SERVICE),
    ("aapki service acchi hai, feedback hai", Act.FEEDBACK_THANKS),
    ("9812345670 ka balance batao", Act.OTHER_NUMBER),
    ("thank you so much", Act.THANK),
    ("mujhe kisi customer care executive se baat karni hai", Act.HANDOFF),
    ("kitna time lagega", Act.HANDOFF_WAIT),
    ("ok bye", Act.GOODBYE),
]


@pytest.fixture
def acts_run(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Act]]:
    """Record which act each turn ran, calling the real handler."""
    seen: list[Act] = []
    for act, handler in list(actions.HANDLERS.items()):

        def recorded(ctx: Context, _act: Act = act, _handler=handler) -> Outcome:
            seen.append(_act)
            return _handler(ctx)

        monkeypatch.setitem(actions.HANDLERS, act, recorded)
    yield seen


@pytest.fixture
def strict_logging(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(logging, "raiseExceptions", True)
    yield
    logger = logging.getLogger("helpline")
    logger.handlers.clear()
    logger.propagate = True
    logger.setLevel(logging.NOTSET)


@pytest.mark.parametrize("level", ["DEBUG", "INFO"])
@pytest.mark.usefixtures("strict_logging")
def test_every_action_replies_and_logs_cleanly(
    level: str,
    make_agent: AgentFactory,
    acts_run: list[Act],
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging(level, as_json=True)
    agent = make_agent()
    session = agent.start(phone=DEMO_PHONE).session_id
    for line, act in SCRIPT:
        before = len(acts_run)
        turn = agent.turn(session, line)
        assert turn.reply.strip(), line
        assert "system mein thodi dikkat" not in turn.reply, (line, turn.reply)
        assert act in acts_run[before:], (line, acts_run[before:], turn.reply)
    err = capsys.readouterr().err
    assert "Logging error" not in err
    assert "Traceback" not in err
    assert "complaint filed" in err
    # Every act in the table was driven through its real handler.
    assert set(actions.HANDLERS) <= set(acts_run)
