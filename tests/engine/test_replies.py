"""Template replies: every fact key renders, short, warm, addressed only as the data allows."""

import re

import pytest

from helpline.engine.facts import FactKey, Facts, facts
from helpline.engine.replies import Address, ReplyRequest, TemplateWriter
from helpline.engine.replies.templates import tidy

WRITER = TemplateWriter()
SENTENCE_END = re.compile(r"[.?!](?:\s|$)")
SAMPLE = {
    "minutes": "15",
    "seconds": "30",
    "masked_phone": "98XXXX3210",
    "attempts_left": "2",
    "name": "Rahul",
    "data_left": "2.5 GB",
    "main_balance": "₹45.50",
    "days_left": "15",
    "expiry": "10 Dec 2026",
    "plan_name": "Smart 249",
    "price": "₹249",
    "validity": "28",
    "plan_data": "1.5 GB/day",
    "count": "2",
    "budget": "₹300",
    "need": "2 GB",
    "days": "56",
    "asked": "₹250",
    "issue": "slow internet",
    "fix": "Phone restart kijiye.",
    "ticket": "41",
    "eta": "3 din",
    "due_date": "28 Nov 2026",
    "status": "open",
    "age": "2 din pehle",
    "reference": "7",
    "sms": "100",
    "offer": "2 GB extra",
    "benefit": "OTT app subscription 28 din free",
    "calls": "Unlimited",
    "expiry_after": "7 Jan 2027",
    "talktime": "81.75",
    "pack_data": "1.5 GB",
    "pack_expiry": "5 Dec 2026",
    "expired_on": "1 Dec 2026",
    "answer": "DND ke liye 1909 par call kijiye.",
    "which": "cheaper",
    "date": "12 Nov 2026",
    "amount": "₹249",
    "description": "Recharge: Smart 249",
}
ITEM = {
    "date": "12 Nov 2026",
    "amount": "₹249",
    "description": "Recharge",
    "status": "open",
    "plan_name": "Smart 199",
    "price": "₹199",
    "offer": "2 GB extra",
    "validity": "28",
    "plan_data": "1 GB/day",
    "ticket": "12",
    "issue": "call drop",
}


def sample(key: FactKey) -> Facts:
    template = WRITER.templates[key]
    values = {name: SAMPLE[name] for name in template.fields}
    return facts(key, (ITEM, ITEM) if template.item else (), **values)


def render(*items: Facts, honorific: str = "", session: str = "s", turn: int = 0) -> str:
    return WRITER.write(ReplyRequest(items, Address(honorific), "", (), session, turn)).text


@pytest.mark.parametrize("key", list(FactKey), ids=lambda k: k.value)
@pytest.mark.parametrize("honorific", ["sir", "madam", ""])
def test_every_variant_renders_in_at_most_three_sentences(key: FactKey, honorific: str) -> None:
    for turn in range(len(WRITER.templates[key].variants) * 4):
        text = render(sample(key), honorific=honorific, turn=turn)
        assert "{" not in text and "  " not in text
        assert len(SENTENCE_END.findall(text)) <= 3, text
        assert not text.startswith((",", " ")), text


def test_unknown_gender_gets_neither_sir_nor_madam() -> None:
    for turn in range(6):
        text = render(sample(FactKey.BALANCE), honorific="", turn=turn).lower()
        assert "sir" not in text and "madam" not in text


def test_known_gender_gets_the_matching_honorific() -> None:
    assert "madam" in render(sample(FactKey.BALANCE), honorific="madam").lower()
    assert Address.for_gender("M").honorific == "sir"
    assert Address.for_gender("F").honorific == "madam"
    assert Address.for_gender(None).honorific == ""


def test_ticket_status_reads_in_words() -> None:
    text = render(sample(FactKey.TICKET_STATUS))
    assert "abhi open hai" in text


def test_an_answer_followed_by_the_open_question_has_one_closing() -> None:
    text = render(sample(FactKey.BALANCE), sample(FactKey.RECHARGE_REASK), honorific="sir")
    assert "madad" not in text  # the balance's "anything else?" gives way to the question
    assert text.endswith("confirm karein?")


def test_variants_differ_between_turns_and_repeat_for_the_same_turn() -> None:
    texts = {render(sample(FactKey.BALANCE), turn=t) for t in range(10)}
    assert len(texts) == 2
    assert render(sample(FactKey.BALANCE), turn=3) == render(sample(FactKey.BALANCE), turn=3)


def test_facts_missing_a_field_are_refused() -> None:
    with pytest.raises(KeyError):
        render(facts(FactKey.BALANCE, data_left="1 GB"))


def test_a_one_day_pack_reads_one_day_in_english() -> None:
    assert (
        tidy("Booster at ₹19 gives 1.5 GB for 1 days.") == "Booster at ₹19 gives 1.5 GB for 1 day."
    )
    assert tidy("valid for 11 days") == "Valid for 11 days"
    assert tidy("It is valid for 1 more days.") == "It is valid for 1 more day."
    assert tidy("valid for 21 more days") == "Valid for 21 more days"
