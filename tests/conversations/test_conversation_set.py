"""The conversation set itself: big enough, every class of behaviour present, well formed."""

from conversation_kit import SETUP_KEYS, TURN_KEYS, load_set

CLASSES = {
    "plan_facts",
    "consent",
    "context",
    "tickets",
    "diagnose",
    "outside",
    "fallbacks",
    "two_asks",
    "language",
    "recharge_rules",
}
DEMO_CUSTOMERS = {"9876543210", "9812345670", "9988776655"}


def test_the_set_has_150_conversations_covering_every_class() -> None:
    conversations = load_set()
    assert len(conversations) >= 150
    assert {c.cls for c in conversations} >= CLASSES
    assert len({c.id for c in conversations}) == len(conversations), "names repeat"


def test_every_turn_uses_known_checks_and_demo_customers() -> None:
    for c in load_set():
        assert c.customer in DEMO_CUSTOMERS, c.id
        assert set(c.setup) <= SETUP_KEYS, c.id
        assert c.turns, c.id
        for step in c.turns:
            assert "say" in step, c.id
            assert set(step) <= TURN_KEYS, f"{c.id}: {set(step) - TURN_KEYS}"
            assert len(step) > 1, f"{c.id}: a turn that checks nothing"


def test_the_engine_handles_at_least_95_percent_of_the_turns(tmp_path) -> None:
    from conversation_kit import run
    from engine_kit import seeded_template

    template = seeded_template(tmp_path)
    results = []
    for i, conversation in enumerate(load_set()):
        workdir = tmp_path / str(i)
        workdir.mkdir()
        results += list(run(conversation, template, workdir))
    failed = [f"{r.conversation} {r.number}: {r.failures}" for r in results if not r.passed]
    assert len(failed) <= 0.05 * len(results), "\n".join(failed)
