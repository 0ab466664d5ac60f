"""Every reply the template writer can produce is spoken by espeak-ng, and English comes back."""

from collections.abc import Iterator

import pytest
from speech_eval import wer

from helpline.engine.replies.templates import load_templates

# Values shaped like the engine's formatted facts (engine/facts.py): ₹ amounts, "2.5 GB", dates.
SAMPLE_FACTS = {
    "name": "Rahul Sharma",
    "data_left": "2.5 GB",
    "main_balance": "₹45.50",
    "days_left": "15",
    "expiry": "15 Jan 2026",
    "due_date": "16 Jan 2026",
    "price": "₹299",
    "plan_name": "Smart 299",
    "plan_data": "2 GB/day",
    "validity": "28",
    "masked_phone": "98XXXX3210",
    "ticket": "1234",
    "reference": "77",
    "minutes": "15",
    "attempts_left": "2",
    "eta": "24 ghante",
    "status": "abhi open hai",
    "issue": "network",
    "age": "2 din pehle",
    "count": "3",
    "date": "12 Jan 2026",
    "amount": "₹199",
    "description": "recharge",
    "offer": "2 GB extra",
    "budget": "₹300",
    "need": "zyada data",
    "asked": "Smart 999",
    "fix": "network reset",
    "days": "3",
    "sir": "sir",
    "Sir": "Sir",
}


class _Facts(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "Rahul"


def filled_replies() -> Iterator[tuple[str, str]]:
    for key, template in load_templates().templates.items():
        item = template.item.format_map(_Facts(SAMPLE_FACTS)) if template.item else ""
        values = _Facts(SAMPLE_FACTS, items=template.join.join([item, item]) if item else "")
        for n, variant in enumerate(template.variants):
            yield f"{key.value}#{n}", variant.format_map(values)


REPLIES = list(filled_replies())


@pytest.mark.parametrize(("key", "reply"), REPLIES, ids=[k for k, _ in REPLIES])
def test_every_template_reply_is_synthesised(espeak_tts, key: str, reply: str) -> None:
    clips = list(espeak_tts.stream(reply))
    assert clips, key
    seconds = sum(c.duration_s for c in clips)
    # At least ~0.04 s per character: nothing was silently dropped.
    assert seconds > 0.04 * len(reply), (key, seconds, reply)


ENGLISH_REPLY = (
    "Your recharge was successful. Your new plan gives you two gigabytes of data every day "
    "and it is valid for twenty eight days. Is there anything else I can help you with?"
)


@pytest.mark.voice
@pytest.mark.xdist_group("voice")
def test_an_english_reply_survives_speech_and_recognition(espeak_tts, whisper_stt) -> None:
    from helpline.providers.tts.base import join_clips

    heard = whisper_stt.transcribe(join_clips(list(espeak_tts.stream(ENGLISH_REPLY))))
    assert wer(ENGLISH_REPLY, heard.raw_text) <= 0.25, heard.raw_text
