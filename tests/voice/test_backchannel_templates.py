"""Speech over a reply matched against templates of the listed acknowledgements and stop words
(providers/stt/backchannel_reader.py), spoken by espeak-ng voices that made none of the
templates and are no voice of the labelled barge-in set."""

import pytest
from barge_in_set import DEVANAGARI_VOICES, ROMAN_VOICES, with_noise
from wav_kit import said

from helpline.audio.clip import AudioClip
from helpline.engine.interruption import hear_over_reply
from helpline.language.backchannel import backchannel_kind, template_phrases
from helpline.providers.stt.backchannel_reader import (
    LEAST_SCALE,
    BackchannelReader,
    backchannel_words,
    noise_scale,
)
from helpline.providers.stt.digit_features import features
from helpline.providers.stt.digit_templates import voices

pytestmark = pytest.mark.usefixtures("speech_tools")


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> BackchannelReader:
    return BackchannelReader(tmp_path_factory.mktemp("backchannels"))


def test_no_template_is_spoken_by_a_voice_of_the_barge_in_set() -> None:
    spoken = {voice for voice, _ in voices(backchannel_words())}
    assert not spoken & {*ROMAN_VOICES, *DEVANAGARI_VOICES}
    assert any(hindi for _, hindi in voices(backchannel_words()))


def test_the_template_phrases_come_from_the_lists_in_both_scripts() -> None:
    for kind, (roman, devanagari) in template_phrases().items():
        assert roman and devanagari
        for phrase in (*roman, *devanagari):
            assert backchannel_kind(phrase) is kind, phrase
            assert len(set(phrase.split())) == len(phrase.split()), phrase


@pytest.mark.parametrize(
    ("text", "voice"),
    [("haan ji", "en-gb-scotland+m6"), ("achha theek hai", "en-us-nyc+f5"), ("हाँ जी", "hi+m6")],
)
def test_an_acknowledgement_leads_towards_the_acknowledgements(
    reader: BackchannelReader, text: str, voice: str
) -> None:
    lead = reader.lead(said(text, voice))
    assert lead is not None and lead > 0, lead


@pytest.mark.parametrize(
    ("text", "voice"),
    [("ruko ruko", "en-gb-scotland+m6"), ("ek minute", "en-us-nyc+f5"), ("रुकिए", "hi+m6")],
)
def test_a_stop_word_leads_towards_the_stops(
    reader: BackchannelReader, text: str, voice: str
) -> None:
    lead = reader.lead(said(text, voice))
    assert lead is not None and lead < 0, lead


@pytest.mark.parametrize("voice", ["en-gb+m6", "en-us-nyc+f5"])
def test_a_request_that_fits_no_acknowledgement_has_no_lead_towards_them(
    reader: BackchannelReader, voice: str
) -> None:
    """Nearer the acknowledgements than the stops (+0.56 for en-gb+m6), but like neither."""
    lead = reader.lead(said("mera recharge fail ho gaya", voice))
    assert lead is not None and lead <= 0, lead


def test_too_little_sound_has_no_lead(reader: BackchannelReader) -> None:
    assert reader.lead(AudioClip.silence(0.05)) is None


@pytest.mark.voice
@pytest.mark.xdist_group("voice")
def test_speech_over_a_reply_is_read_with_the_templates_lead(whisper_stt) -> None:
    transcript, _ = hear_over_reply(whisper_stt, said("ruko", "en-gb-scotland+m6"))
    assert transcript.ack_lead is not None and transcript.ack_lead < 0, transcript


def test_the_lead_is_scaled_up_by_how_noisy_the_speech_is(reader: BackchannelReader) -> None:
    clean = said("ek minute", "en-us-nyc+f5")
    noisy = [with_noise(clean, seed=7, snr_db=snr) for snr in (25, 10)]
    scales = [noise_scale(features(c)) for c in (clean, *noisy)]
    assert scales[0] >= 0.8, scales  # clean speech is hardly scaled
    assert scales[0] > scales[1] > scales[2] >= LEAST_SCALE, scales
    lead = reader.lead(noisy[1])
    assert lead is not None and lead < 0, lead
