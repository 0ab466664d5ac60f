"""Voice on the customer page: a recorded WAV and an uploaded file are heard and answered in text
and audio; a recording that cannot be used says so, and typing still works."""

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from web_kit import log_in_customer, messages, say

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "voice"))
from speech_set import CLEAN, Utterance, render

pytestmark = [pytest.mark.voice, pytest.mark.xdist_group("voice")]
Page = Callable[[], AppTest]


def spoken(text: str) -> bytes:
    """The line as espeak-ng says it, as a WAV file (cached with the spoken test set)."""
    key = f"web-{hashlib.sha1(text.encode()).hexdigest()[:10]}"
    return render(Utterance(key, text, None, None, None, None), CLEAN[0]).read_bytes()


def audio_elements(at: AppTest) -> list:
    return list(at.get("audio"))


def test_a_recorded_question_is_heard_and_answered_in_text_and_audio(
    customer: Page, speech_tools: None
) -> None:
    at = log_in_customer(customer())
    at.audio_input[0].upload("question.wav", spoken("please check my balance"))
    at.run()
    assert not at.exception, at.exception
    user = at.chat_message[-2]
    assert user.name == "user" and "Heard:" in user.caption[0].value
    assert "balance" in user.caption[0].value.lower()
    assert "45.50" in messages(at)[-1][1]
    (audio,) = audio_elements(at)
    assert audio.proto.autoplay  # the reply plays by itself
    # The next run (say, typing) neither repeats the turn nor plays the old reply again.
    say(at, "aur validity?")
    assert sum(1 for role, _ in messages(at) if role == "user") == 2
    assert not any(a.proto.autoplay for a in audio_elements(at))


def test_an_uploaded_recording_is_answered(customer: Page, speech_tools: None) -> None:
    at = log_in_customer(customer())
    at.file_uploader[0].upload("q.wav", spoken("please check my balance"), "audio/wav")
    at.run()
    assert not at.exception, at.exception
    assert messages(at)[-2] == ("user", "📎 q.wav")
    assert "45.50" in messages(at)[-1][1]


def test_a_recording_that_is_not_audio_is_explained_and_typing_still_works(
    customer: Page, speech_tools: None
) -> None:
    at = log_in_customer(customer())
    at.file_uploader[0].upload("broken.wav", b"RIFF....not audio at all", "audio/wav")
    at.run()
    assert not at.exception, at.exception
    assert any("type your question" in w.value for w in at.warning)
    say(at, "mera balance kitna hai")
    assert "45.50" in messages(at)[-1][1]
