"""The barge-in set's replay (barge_in_replay.py): readings answered from a recording, phrases
spotted as the judge asks for them, with the per-token cost as it is now."""

import pytest
from barge_in_replay import ReplayRecogniser
from wav_kit import tone

from helpline.audio.clip import SPEECH_RATE
from helpline.audio.encode import to_wav
from helpline.engine.interruption import worth_spotting
from helpline.providers.stt import whisper_keywords
from helpline.providers.stt.whisper_keywords import Spot

CLIP = tone(0.6, SPEECH_RATE)


def _recording(text: str, *, encoded: bool = True) -> dict[str, object]:
    transcript = {
        "text": text,
        "language": "en",
        "confidence": 0.2,
        "duration_s": CLIP.duration_s,
        "raw_text": text,
        "alternatives": [],
    }
    scores = [
        {"group": "ack", "phrase": "haan", "ratio": 5.0, "tokens": 2},
        {"group": "ack", "phrase": "haan ji", "ratio": 7.5, "tokens": 4},
        {"group": "stop", "phrase": "ruko", "ratio": 4.0, "tokens": 2},
        {"group": "stop", "phrase": "ruk", "ratio": 9.0, "tokens": 1},
    ]
    final = {"transcript": transcript, "encoded": encoded, "scores": scores}
    partials = {str(len(CLIP.samples)): transcript}
    clips = {"c": {"partials": partials, "finals": {str(len(CLIP.samples)): final}}}
    return {"format": 1, "prompt": "p", "clips": clips}


def _replayed(text: str, phrases: dict[str, tuple[str, ...]], *, encoded: bool = True):
    stt = ReplayRecogniser(_recording(text, encoded=encoded))
    stt.key = "c"
    return stt.hear_spotting(
        to_wav(CLIP), phrases, judge=lambda t: 1.0, spot=worth_spotting, all_if_silent=True
    )


def test_only_the_phrases_asked_for_are_spotted() -> None:
    _, spots = _replayed("real cow", {"ack": ("haan", "haan ji"), "stop": ("ruko",)})
    assert spots == {"ack": Spot("haan ji", 3.5), "stop": Spot("ruko", 2.0)}
    _, spots = _replayed("real cow", {"ack": ("haan",), "stop": ("ruko", "ruk")})
    assert spots == {"ack": Spot("haan", 3.0), "stop": Spot("ruk", 8.0)}


def test_the_per_token_cost_is_applied_on_replay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whisper_keywords, "NATS_PER_TOKEN", 0.0)
    _, spots = _replayed("real cow", {"ack": ("haan",), "stop": ("ruko",)})
    assert spots == {"ack": Spot("haan", 5.0), "stop": Spot("ruko", 4.0)}


def test_a_reading_not_worth_spotting_or_not_encoded_has_no_spots() -> None:
    transcript, spots = _replayed("haan ji", {"ack": ("haan",), "stop": ("ruko",)})
    assert transcript.text == "haan ji" and spots == {}
    _, spots = _replayed("real cow", {"ack": ("haan",), "stop": ("ruko",)}, encoded=False)
    assert spots == {}


def test_a_reading_the_recording_lacks_is_an_error() -> None:
    stt = ReplayRecogniser(_recording("haan"))
    stt.key = "c"
    assert stt.transcribe_clip(CLIP).text == "haan"
    with pytest.raises(KeyError):
        stt.transcribe_clip(tone(0.9, SPEECH_RATE))
