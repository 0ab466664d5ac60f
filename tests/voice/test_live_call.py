"""Live calls end to end: espeak-ng audio streamed in frames -> Whisper while it is spoken -> the
text agent -> reply audio events; and the caller talking over a reply."""

import base64
import hashlib
import time
from collections.abc import Iterator

import numpy as np
import pytest
from speech_set import CLEAN, Utterance, render

from helpline.app import Helpline
from helpline.app.errors import InvalidInput
from helpline.app.live_models import LiveEvent
from helpline.app.live_voice import LiveCall
from helpline.audio.clip import AudioClip
from helpline.audio.decode import decode_audio
from helpline.audio.mulaw import encode_mulaw
from helpline.audio.resample import resample
from helpline.audio.vad import FRAME_SAMPLES, SpeechDetector
from helpline.engine.voice import VoiceAgent
from helpline.providers.stt.base import Listen
from helpline.providers.stt.streaming import Final, Partial, StreamingRecognizer
from helpline.store.conversations import interrupted_turns, session_turns
from helpline.store.db import Database

pytestmark = [pytest.mark.voice, pytest.mark.xdist_group("voice")]
DEMO_PHONE = "9876543210"
FRAME = 320  # 20 ms at 16 kHz


def spoken(text: str) -> np.ndarray:
    """A line as espeak-ng says it, 16 kHz int16."""
    key = f"live-{hashlib.sha1(text.encode()).hexdigest()[:10]}"
    path = render(Utterance(key, text, None, None, None, None), CLEAN[0])
    return decode_audio(path.read_bytes()).to_int16()


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * 16_000), np.int16)


def first_voiced_ms(pcm: np.ndarray) -> float:
    detector = SpeechDetector()
    for index, start in enumerate(range(0, len(pcm) - FRAME_SAMPLES + 1, FRAME_SAMPLES)):
        if detector.is_speech(pcm[start : start + FRAME_SAMPLES].tobytes()):
            return index * 30.0
    raise AssertionError("no speech in the clip")


@pytest.fixture
def voice(make_agent, whisper_stt, espeak_tts, speech_tools) -> VoiceAgent:
    return VoiceAgent(make_agent(), whisper_stt, espeak_tts, max_audio_seconds=30)


@pytest.fixture
def call(voice: VoiceAgent) -> Iterator[LiveCall]:
    session = voice.start(phone=DEMO_PHONE).session_id
    live = LiveCall(voice, session, encoding="pcm16", sample_rate=16_000)
    yield live
    live.close()


class Listener:
    """Feeds a call and keeps every event it sends."""

    def __init__(self, call: LiveCall) -> None:
        self.call = call
        self.events: list[LiveEvent] = []
        self.fed_ms = 0.0  # the call's audio timeline

    def feed(self, pcm: np.ndarray) -> None:
        for start in range(0, len(pcm), FRAME):
            frame = pcm[start : start + FRAME]
            self.call.feed(frame.astype("<i2").tobytes())
            self.fed_ms += len(frame) / 16
            self.events += self.call.next_events(0)

    def until(self, kind: str, *, after: int = 0, timeout: float = 30.0) -> LiveEvent:
        """The first event of this kind from index `after` on, waiting for it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.events[after:]:
                if event.type == kind:
                    return event
            self.events += self.call.next_events(0.1)
        raise AssertionError(f"no {kind!r} event; got {[e.type for e in self.events]}")

    def kinds(self, after: int = 0) -> list[str]:
        return [e.type for e in self.events[after:]]


def test_partials_come_before_the_end_and_the_final_reading_is_the_question(
    voice: VoiceAgent, whisper_stt
) -> None:
    pcm = spoken("please check my balance, mera balance kitna hai")
    judge = voice.listening(voice.start(phone=DEMO_PHONE).session_id).judge
    recognizer = StreamingRecognizer(
        lambda clip, listen, j: whisper_stt.hear(clip, listen=listen, judge=j),
        whisper_stt.glance,
    )
    results: list[Partial | Final] = []
    audio = np.concatenate([silence(0.5), pcm, silence(1.5)])
    for start in range(0, len(audio), FRAME):
        recognizer.push(audio[start : start + FRAME])
        results += recognizer.step(Listen.SPEECH, judge)
    partials = [r for r in results if isinstance(r, Partial)]
    finals = [r for r in results if isinstance(r, Final)]
    assert len(finals) == 1 and results[-1] is finals[0]
    final = finals[0]
    assert partials and all(p.at_ms < final.speech_end_ms for p in partials)
    assert any("balance" in p.text for p in partials)
    assert "balance" in final.transcript.text
    understood = voice.agent.understander(spoken=True).understand(final.transcript.text)
    assert understood.intent.value == "balance"


def test_a_live_call_answers_a_spoken_balance_question_with_reply_text_and_audio(
    call: LiveCall,
) -> None:
    listener = Listener(call)
    listener.feed(np.concatenate([silence(0.3), spoken("please check my balance"), silence(1.5)]))
    final = listener.until("final")
    assert "balance" in (final.text or "")
    reply = listener.until("reply")
    assert reply.turn is not None and reply.turn.intent == "balance" and reply.turn.verified
    assert "45.50" in (reply.text or "")  # the demo customer's balance, from the database
    listener.until("reply_end")
    audio = [e for e in listener.events if e.type == "audio"]
    assert audio and [e.seq for e in audio] == list(range(1, len(audio) + 1))
    for event in audio:
        samples = len(base64.b64decode(event.audio or "")) // 2
        assert samples / 16 == pytest.approx(event.duration_ms, abs=2)
    kinds = listener.kinds()
    assert kinds.index("speech_start") < kinds.index("speech_end") < kinds.index("final")
    assert kinds.index("reply") < kinds.index("audio") < kinds.index("reply_end")


def test_a_phone_line_in_mulaw_at_8khz_is_answered_in_mulaw_at_8khz(voice: VoiceAgent) -> None:
    session = voice.start(phone=DEMO_PHONE).session_id
    call = LiveCall(voice, session, encoding="mulaw", sample_rate=8_000)
    try:
        line = np.concatenate([silence(0.3), spoken("mera balance kitna hai"), silence(1.5)])
        phone = resample(AudioClip.from_int16(line, 16_000), 8_000).to_int16()
        for start in range(0, len(phone), 160):  # 20 ms of μ-law: 160 bytes
            call.feed(encode_mulaw(phone[start : start + 160]))
        listener = Listener(call)
        listener.until("reply_end")
        audio = [e for e in listener.events if e.type == "audio"]
        assert audio
        for event in audio:  # one byte per sample at 8 kHz
            assert len(base64.b64decode(event.audio or "")) / 8 == pytest.approx(
                event.duration_ms, abs=2
            )
    finally:
        call.close()


def answered(listener: Listener) -> int:
    """Ask a question and wait until its reply audio has been sent; the events seen so far."""
    listener.feed(np.concatenate([silence(0.3), spoken("please check my balance"), silence(1.0)]))
    listener.until("reply_end")
    return len(listener.events)


def test_speech_over_a_reply_pauses_it_within_200_ms_and_a_request_barges_in(
    call: LiveCall, seeded: Database
) -> None:
    listener = Listener(call)
    seen = answered(listener)
    # The reply (several seconds of audio) is playing: the caller talks over it.
    interruption = spoken("ruko ruko, mujhe recharge karna hai")
    onset = listener.fed_ms + first_voiced_ms(interruption)
    listener.feed(np.concatenate([interruption, silence(1.5)]))
    pause = listener.until("pause", after=seen)
    assert 0 <= pause.at_ms - onset <= 200
    barge = listener.until("barge_in", after=seen)
    assert barge.at_ms > pause.at_ms
    assert "resume" not in listener.kinds(seen)
    reply = listener.until("reply", after=seen)  # the interruption is answered as a turn
    assert reply.turn is not None and reply.turn.intent == "recharge"
    with seeded.sessions() as session:
        turns = session_turns(session, call.session_id)
        cut = interrupted_turns(session, call.session_id)
    assert cut == [turns[-2].id]  # the balance reply, not the recharge one
    assert "balance" in (turns[-2].intent or "")


def test_a_backchannel_over_a_reply_resumes_it_and_it_is_not_marked_interrupted(
    call: LiveCall, seeded: Database
) -> None:
    listener = Listener(call)
    seen = answered(listener)
    # "okay": the acknowledgement Whisper base hears right from espeak-ng's English voices.
    listener.feed(np.concatenate([spoken("okay"), silence(1.2)]))
    listener.until("pause", after=seen)
    listener.until("resume", after=seen)
    backchannel = listener.until("backchannel", after=seen)
    time.sleep(0.5)
    listener.events += call.next_events(0.2)
    kinds = listener.kinds(seen)
    assert "barge_in" not in kinds and "final" not in kinds and "reply" not in kinds, backchannel
    with seeded.sessions() as session:
        assert interrupted_turns(session, call.session_id) == []


def test_a_live_call_refuses_a_bad_encoding_or_an_unknown_session(seeded: Database) -> None:
    from helpline.config import Settings

    settings = Settings(database_url=str(seeded.engine.url), redis_url=None, otp="off")
    with Helpline(settings) as app:
        session = app.conversations.start().session_id
        for encoding, rate in (("mulaw", 16_000), ("pcm16", 8_000), ("opus", 48_000)):
            with pytest.raises(InvalidInput):
                app.conversations.live_call(session, encoding=encoding, sample_rate=rate)
        with pytest.raises(InvalidInput):
            app.conversations.live_call("no-such-session")
