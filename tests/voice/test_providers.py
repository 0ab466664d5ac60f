"""Providers are chosen by name; a missing extra or tool is one clear line."""

import sys
from pathlib import Path

import pytest

from helpline.config import Settings
from helpline.errors import MissingExtra, ProviderUnavailable
from helpline.providers.stt import STT_PROVIDERS, build_stt
from helpline.providers.stt.base import STTProvider
from helpline.providers.stt.whisper_model import resolve_model_dir
from helpline.providers.tts import TTS_PROVIDERS, build_tts
from helpline.providers.tts.base import TTSProvider


def test_registries_name_the_offline_and_cloud_providers() -> None:
    assert STT_PROVIDERS.names() == ["google", "whisper"]
    assert TTS_PROVIDERS.names() == ["espeak", "gtts", "piper"]


def test_an_unknown_provider_lists_the_known_ones() -> None:
    with pytest.raises(ProviderUnavailable, match="choose one of: google, whisper"):
        build_stt(Settings(stt="vosk"))


def test_whisper_without_the_voice_extra_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "faster_whisper", None)  # as if not installed
    with pytest.raises(MissingExtra) as caught:
        build_stt(Settings(stt="whisper"))
    assert "helpline[voice]" in str(caught.value) and "\n" not in str(caught.value)


def test_gtts_without_the_cloud_extra_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gtts", None)
    with pytest.raises(MissingExtra, match=r"helpline\[cloud\]"):
        build_tts(Settings(tts="gtts"))


def test_espeak_is_the_default_voice_and_keeps_the_protocol(speech_tools) -> None:
    tts = build_tts(Settings())
    assert isinstance(tts, TTSProvider) and tts.name == "espeak"
    first = next(tts.stream("Namaste. Aapka balance ₹45.50 hai."))
    assert first.sample_rate > 0 and first.duration_s > 0.3


def test_a_model_directory_without_model_bin_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProviderUnavailable, match=r"no model\.bin"):
        resolve_model_dir(str(tmp_path))


def test_an_unknown_model_name_is_never_downloaded() -> None:
    with pytest.raises(ProviderUnavailable, match="never downloaded"):
        resolve_model_dir("large-v3")


@pytest.mark.voice
def test_the_packaged_model_is_joined_once_into_the_cache(tmp_path: Path) -> None:
    first = resolve_model_dir("base", cache_dir=tmp_path)
    model = first / "model.bin"
    assert model.stat().st_size > 100_000_000
    assert {p.name for p in first.iterdir()} >= {
        "config.json",
        "tokenizer.json",
        "vocabulary.txt",
        "model.bin",
    }
    stamp = model.stat().st_mtime_ns
    assert resolve_model_dir("base", cache_dir=tmp_path) == first
    assert model.stat().st_mtime_ns == stamp  # reused, not rebuilt
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".whisper-")]  # no leftovers


@pytest.mark.voice
@pytest.mark.xdist_group("voice")
def test_whisper_keeps_the_protocol(whisper_stt) -> None:
    assert isinstance(whisper_stt, STTProvider) and whisper_stt.name == "whisper"


@pytest.mark.voice
@pytest.mark.xdist_group("voice")
def test_the_short_window_hears_a_clear_question_as_the_full_window_does(
    whisper_stt, speech_tools
) -> None:
    from helpline.providers.stt.whisper import WhisperSTTProvider
    from helpline.providers.tts.espeak import run_espeak

    full = WhisperSTTProvider(language=whisper_stt.language, min_window_s=30)
    short = WhisperSTTProvider(language=whisper_stt.language, min_window_s=15)
    clip = run_espeak("Please check my balance. What is my current plan?", voice="en-us", speed=160)
    assert full.transcribe(clip).text == short.transcribe(clip).text
    assert "balance" in short.transcribe(clip).text


@pytest.mark.voice
@pytest.mark.xdist_group("voice")
def test_speech_longer_than_the_window_is_heard_to_its_end(whisper_stt, speech_tools) -> None:
    from helpline.providers.tts.espeak import run_espeak

    # Over 15 s of speech: longer than the shortest window, so the window grows to hold it all.
    said = (
        "My internet is not working since yesterday morning. I restarted my phone two times "
        "and checked the network settings again. The signal shows full bars, but no website "
        "opens and no message goes out. My neighbours have the same problem with their phones. "
        "Please send an engineer."
    )
    clip = run_espeak(said, voice="en-us", speed=150)
    assert clip.duration_s > 17
    heard = whisper_stt.transcribe(clip)
    assert heard.text.split()[-2:] == ["an", "engineer"], heard.raw_text
