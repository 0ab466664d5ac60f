"""Voice mode end to end in Debian's Chromium with a fake microphone: `helpline web` on a seeded
database, the customer logs in, turns voice mode on and asks for the balance out loud; the page
shows what was heard and the agent's answer and plays it, and talking over the answer stops it."""

import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from browser_kit import CHROMIUM, FLAGS, LAPTOP
from test_browser import SHOTS, server
from test_voice_input import spoken
from web_kit import DEMO_PHONE

from helpline.audio.decode import decode_audio

pytestmark = [pytest.mark.browser, pytest.mark.voice, pytest.mark.xdist_group("voice")]
__all__ = ["server"]  # the `helpline web` fixture, shared with the other browser test

RATE = 16000
QUESTION = "please check my balance"
# Silence before the question covers the microphone and the socket opening.
LEAD_S = 2.0
# Chromium loops the file. The spoken balance answer lasts about 13 s: a longer silence after
# the question lets it play to the end; a shorter one makes the next loop talk over it.
QUIET_AFTER_S = 25.0
TALK_OVER_AFTER_S = 6.0
# The target for barge-in: the reply goes quiet within 200 ms of the caller speaking.
STOP_WITHIN_MS = 200

Browser = Callable[[float], Any]  # seconds of silence after the question -> a browser context


def fake_microphone(path: Path, trail_s: float) -> Path:
    """A WAV for --use-file-for-fake-audio-capture: the question between silences."""
    question = decode_audio(spoken(QUESTION), sample_rate=RATE).to_int16()
    lead = np.zeros(int(LEAD_S * RATE), np.int16)
    pcm = np.concatenate([lead, question, np.zeros(int(trail_s * RATE), np.int16)])
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())
    return path


@pytest.fixture
def chromium_with_microphone(tmp_path: Path) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is needed: run `make system-deps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        contexts: list[Any] = []

        def launch(trail_s: float) -> Any:
            wav = fake_microphone(tmp_path / "question.wav", trail_s)
            microphone = [
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-audio-capture={wav}",
            ]
            context = p.chromium.launch_persistent_context(
                user_data_dir=str(tmp_path / "chromium-profile"),  # fresh for every test
                executable_path=CHROMIUM,
                headless=True,
                args=[*FLAGS, *microphone],
                viewport=LAPTOP,
            )
            contexts.append(context)
            return context

        try:
            yield launch
        finally:
            for context in contexts:
                context.close()


def start_talking(page: Any, url: str) -> Any:  # -> the voice panel's FrameLocator
    page.goto(url)
    page.get_by_label("Mobile number").fill(DEMO_PHONE)
    page.get_by_role("button", name="Continue").click()
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
    page.get_by_text("Voice mode: talk in real time").click()
    panel = page.frame_locator('iframe[src*="voice_mode"]')
    # The first voice mode of the server loads the speech model first.
    panel.get_by_role("button", name="Start talking").click(timeout=120_000)
    return panel


def check_heard_and_answered(panel: Any) -> None:
    heard = panel.locator(".line.you").first
    heard.wait_for(timeout=60_000)
    assert "balance" in heard.inner_text().lower()
    answer = panel.locator(".line.agent").first
    answer.wait_for(timeout=30_000)
    assert "45.50" in answer.inner_text()


def test_a_spoken_balance_question_in_voice_mode_is_heard_answered_and_played(
    server: tuple[str, float], chromium_with_microphone: Browser
) -> None:
    url, _ready = server
    page = chromium_with_microphone(QUIET_AFTER_S).new_page()
    panel = start_talking(page, url)
    check_heard_and_answered(panel)
    # The chat history keeps the exchange, as it keeps typed and recorded ones.
    history = page.get_by_test_id("stChatMessage")
    history.filter(has_text="45.50").first.wait_for(timeout=30_000)
    assert "balance" in page.get_by_text("Heard:").last.inner_text().lower()
    # The reply's audio played to its end, and the page told the server so.
    panel.locator('body[data-played="yes"]').wait_for(timeout=30_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "customer-voice-mode.png"))
    panel.get_by_role("button", name="Stop").click()
    panel.get_by_text("Voice mode stopped").wait_for(timeout=10_000)


def test_talking_over_the_reply_in_voice_mode_stops_it_within_200_ms(
    server: tuple[str, float], chromium_with_microphone: Browser
) -> None:
    url, _ready = server
    page = chromium_with_microphone(TALK_OVER_AFTER_S).new_page()
    panel = start_talking(page, url)
    check_heard_and_answered(panel)
    # The looped question comes back while the answer plays: a real interruption.
    stopped = panel.locator("body[data-stop-ms]")
    stopped.wait_for(state="attached", timeout=30_000)
    stop_ms = float(stopped.get_attribute("data-stop-ms"))
    print(f"\nvoice mode: reply silenced {stop_ms:.0f} ms after the caller spoke over it")
    assert stop_ms <= STOP_WITHIN_MS
    # The interruption is heard as the next question and answered in turn.
    voice_lines = page.get_by_test_id("stChatMessage").filter(has_text="(voice mode)")
    voice_lines.nth(1).wait_for(timeout=60_000)
