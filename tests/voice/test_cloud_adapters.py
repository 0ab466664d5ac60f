"""Cloud speech adapters against their wire format: Google Web Speech (a local fake server) and
gTTS (the request it would send; gTTS has no setting for its host)."""

import json
import urllib.parse

import pytest
from fake_google_speech import FakeGoogleSpeech

from helpline.providers.stt import build_stt
from helpline.providers.stt.google import GoogleSTTProvider
from helpline.providers.tts.gtts import GTTSProvider

pytest.importorskip("speech_recognition")


@pytest.fixture(scope="module")
def spoken(espeak_tts) -> bytes:
    from helpline.audio.encode import to_wav

    return to_wav(espeak_tts.synthesize("Mera balance kitna hai"))


def test_google_sends_16k_flac_in_en_in_and_returns_the_normalised_transcript(
    spoken: bytes,
) -> None:
    with FakeGoogleSpeech(transcript="Mera balance kitna hai", confidence=0.9) as fake:
        stt = GoogleSTTProvider(endpoint=fake.endpoint)
        transcript = stt.transcribe(spoken)
    assert transcript.text == "mera balance kitna hai"
    assert transcript.confidence == pytest.approx(0.9)
    (seen,) = fake.requests
    assert seen.query["lang"] == ["en-IN"] and seen.query["client"] == ["chromium"]
    assert seen.content_type == "audio/x-flac; rate=16000"
    assert seen.body[:4] == b"fLaC"


def test_google_language_is_configurable(spoken: bytes) -> None:
    with FakeGoogleSpeech() as fake:
        GoogleSTTProvider(endpoint=fake.endpoint, language="hi-IN").transcribe(spoken)
    assert fake.requests[0].query["lang"] == ["hi-IN"]


def test_google_spoken_digits_come_back_as_a_phone_number(spoken: bytes) -> None:
    with FakeGoogleSpeech(transcript="mera number 98765 43210 hai") as fake:
        transcript = GoogleSTTProvider(endpoint=fake.endpoint).transcribe(spoken)
    assert "9876543210" in transcript.text


@pytest.mark.parametrize(
    ("answer", "status"), [(None, 200), ("x", 500)], ids=["nothing-recognised", "server-error"]
)
def test_google_failures_become_not_understood(
    spoken: bytes, answer: str | None, status: int
) -> None:
    with FakeGoogleSpeech(transcript=answer, status=status) as fake:
        transcript = GoogleSTTProvider(endpoint=fake.endpoint).transcribe(spoken)
    assert not transcript.understood and transcript.confidence == 0.0


def test_google_unreachable_becomes_not_understood(spoken: bytes) -> None:
    stt = GoogleSTTProvider(endpoint="http://127.0.0.1:9/recognize", timeout_s=1)
    assert not stt.transcribe(spoken).understood


def test_google_is_chosen_by_name_with_the_configured_language() -> None:
    from helpline.config import Settings

    stt = build_stt(Settings(stt="google", google_stt_language="hi-IN"))
    assert isinstance(stt, GoogleSTTProvider) and stt.language == "hi-IN"


def test_gtts_asks_google_co_in_for_hindi_with_devanagari_text() -> None:
    pytest.importorskip("gtts")
    tts = GTTSProvider()
    (request,) = tts.request("Aapka balance ₹45.50 hai")._prepare_requests()
    assert urllib.parse.urlparse(request.url).netloc == "translate.google.co.in"
    # batchexecute wire format: f.req=[[["jQ1olc", "<json: [text, lang, speed, ...]>", ...]]]
    outer = json.loads(urllib.parse.unquote(request.body).removeprefix("f.req=").rstrip("&"))
    text, lang = json.loads(outer[0][0][1])[:2]
    assert lang == "hi"
    assert text == "आपका balance 45 रुपये 50 पैसे है"
