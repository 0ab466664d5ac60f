"""A yes or a no to a number read back, heard by template matching (providers/stt/
answer_reader.py) with espeak-ng voices that made none of the templates."""

from pathlib import Path

import pytest
from speech_eval import confirmation_judge
from wav_kit import said

from helpline.engine.voice_phone import heard_answer
from helpline.language import Intent, get_understander
from helpline.providers.stt.answer_reader import AnswerReader
from helpline.providers.stt.base import NO, YES, Listen

pytestmark = pytest.mark.usefixtures("speech_tools")


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> AnswerReader:
    return AnswerReader(tmp_path_factory.mktemp("answers"))


@pytest.mark.parametrize(
    ("text", "voice", "answer"),
    [
        ("ji haan, bilkul sahi", "en-gb-scotland+m6", YES),
        ("yes, that is right", "en-us-nyc+f5", YES),
        ("हाँ जी, बिल्कुल", "hi+m6", YES),
        ("nahi, galat hai", "en-gb-scotland+m6", NO),
        ("नहीं जी", "hi+m6", NO),
    ],
)
def test_a_yes_or_a_no_is_heard_from_a_voice_no_template_has(
    reader: AnswerReader, text: str, voice: str, answer: str
) -> None:
    assert reader.answer(said(text, voice)) == answer


def test_answer_templates_are_cached(tmp_path: Path) -> None:
    AnswerReader(tmp_path).answer(said("haan", "en-gb"))
    assert len(list(tmp_path.glob("answer-templates-*.zip"))) == 1


@pytest.mark.voice
@pytest.mark.xdist_group("voice")
def test_whisper_hears_a_spoken_yes_while_a_number_waits_for_one(whisper_stt) -> None:
    understander = get_understander()
    heard = whisper_stt.hear(
        said("haan ji, bilkul sahi hai", "en-gb-scotland+m6"),
        listen=Listen.ANSWER,
        judge=confirmation_judge(understander),
    )
    assert heard.answer == YES, heard
    answer = heard_answer(heard, understander.understand(heard.text))
    assert understander.understand(answer).intent is Intent.AFFIRM, heard


@pytest.mark.voice
@pytest.mark.xdist_group("voice")
@pytest.mark.parametrize(
    "text", ["mera balance kitna hai", "agent se baat karao", "mujhe recharge karna hai"]
)
def test_a_request_heard_clearly_is_never_taken_for_a_yes(whisper_stt, text: str) -> None:
    # The matcher alone may hear yes words in any speech; a yes would confirm a number the
    # caller did not confirm, so Whisper's sure reading of another request stands.
    understander = get_understander()
    heard = whisper_stt.hear(
        said(text, "en-gb-scotland+m6"),
        listen=Listen.ANSWER,
        judge=confirmation_judge(understander),
    )
    answer = heard_answer(heard, understander.understand(heard.text))
    assert understander.understand(answer).intent is not Intent.AFFIRM, heard
