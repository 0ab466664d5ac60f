"""Keyword spotting on Whisper's scores (providers/stt/whisper_keywords.py) with the shipped
model, on words Whisper base hears well in espeak-ng's English voice: the spotter must find
the phrase said, and hear_spotting must read the utterance exactly as hear() does."""

import pytest
from wav_kit import tone

from helpline.audio.clip import SPEECH_RATE
from helpline.audio.encode import to_wav
from helpline.engine.interruption import barge_in_reading, spotting_groups

pytestmark = [pytest.mark.voice, pytest.mark.xdist_group("voice")]


def _spoken(espeak_tts, text: str) -> bytes:
    return to_wav(espeak_tts.synthesize(text))


@pytest.mark.parametrize(("text", "group"), [("okay", "ack"), ("stop", "stop")])
def test_the_spotter_finds_the_group_of_the_phrase_said(
    whisper_stt, espeak_tts, speech_tools: None, text: str, group: str
) -> None:
    transcript, spots = whisper_stt.hear_spotting(
        _spoken(espeak_tts, text), spotting_groups(), judge=barge_in_reading
    )
    assert set(spots) == {"ack", "stop"}
    other = "stop" if group == "ack" else "ack"
    assert spots[group].score > spots[other].score + 2, (transcript.text, spots)


def test_spotting_reads_the_utterance_as_hear_does(
    whisper_stt, espeak_tts, speech_tools: None
) -> None:
    audio = _spoken(espeak_tts, "hold on")
    heard = whisper_stt.hear(audio, judge=barge_in_reading)
    transcript, _ = whisper_stt.hear_spotting(audio, spotting_groups(), judge=barge_in_reading)
    assert transcript == heard


def test_a_reading_not_worth_spotting_is_not_spotted(
    whisper_stt, espeak_tts, speech_tools: None
) -> None:
    _, spots = whisper_stt.hear_spotting(
        _spoken(espeak_tts, "okay"), spotting_groups(), judge=barge_in_reading, spot=lambda t: False
    )
    assert spots == {}


def test_audio_whispers_detector_hears_no_speech_in_is_spotted_only_when_asked(
    whisper_stt, speech_tools: None
) -> None:
    # A steady tone: no speech to Whisper's voice-activity filter, which also drops short words
    # the call's own detector heard ("arre", "bas bas").
    audio = to_wav(tone(0.8, SPEECH_RATE))
    _, unasked = whisper_stt.hear_spotting(audio, spotting_groups(), judge=barge_in_reading)
    _, asked = whisper_stt.hear_spotting(
        audio, spotting_groups(), judge=barge_in_reading, all_if_silent=True
    )
    assert unasked == {}
    assert set(asked) == {"ack", "stop"}
