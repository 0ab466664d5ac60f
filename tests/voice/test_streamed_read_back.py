"""The caller's answer to a number read back, heard on a live stream: an answer said in two parts
with a pause at the comma is one answer, and a no in its second part is never lost. The voices
are none of the spoken test set's."""

import numpy as np
import numpy.typing as npt
import pytest
from wav_kit import said

from helpline.audio.clip import SPEECH_RATE, AudioClip
from helpline.audio.resample import resample
from helpline.engine.voice import Outcome, VoiceAgent, VoiceTurn, hear
from helpline.providers.stt.base import Judge, Listen, Transcript
from helpline.providers.stt.streaming import QUICK_END_MS, Final, StreamingRecognizer
from helpline.providers.stt.streaming_vad import Endpointer

pytestmark = [pytest.mark.voice, pytest.mark.xdist_group("voice")]
DEMO_PHONE = "9876543210"
FRAME = 320  # 20 ms, as a browser sends it


@pytest.fixture
def voice(make_agent, whisper_stt, speech_tools) -> VoiceAgent:
    return VoiceAgent(make_agent(), whisper_stt, None, max_audio_seconds=30)


def spoken(text: str, voice: str) -> npt.NDArray[np.int16]:
    """A line said slowly (145 words a minute, the set's unhurried speaker), 16 kHz int16."""
    return resample(said(text, voice, speed=145), SPEECH_RATE).to_int16()


def longest_pause_ms(pcm: npt.NDArray[np.int16]) -> float:
    """The longest silence inside the speech, as the live endpointer measures it."""
    endpointer, longest, previous = Endpointer(), 0.0, 0.0
    for start in range(0, len(pcm), FRAME):
        endpointer.push(pcm[start : start + FRAME])
        if endpointer.silence_ms < previous:  # speech resumed after `previous` ms of silence
            longest = max(longest, previous)
        previous = endpointer.silence_ms
    return longest


def answered(voice: VoiceAgent, session_id: str, pcm: npt.NDArray[np.int16]) -> list[VoiceTurn]:
    """The turns a live call takes for a reply streamed while the number waits for its yes:
    frames pushed as they would arrive, with the call's timeline (Whisper is waited for)."""
    listening = voice.listening(session_id)
    assert listening.listen is Listen.ANSWER

    def read(clip: AudioClip, listen: Listen, judge: Judge) -> Transcript:
        return hear(voice.stt, clip, listen, judge)

    recognizer = StreamingRecognizer(read)
    audio = np.concatenate(
        [np.zeros(SPEECH_RATE // 2, np.int16), pcm, np.zeros(SPEECH_RATE * 2, np.int16)]
    )
    turns = []
    for start in range(0, len(audio), FRAME):
        recognizer.push(audio[start : start + FRAME])
        for result in recognizer.step(listening.listen, listening.judge):
            if isinstance(result, Final):
                turns.append(voice.reply_to(session_id, result.transcript, listening))
                listening = voice.listening(session_id)
    return turns


@pytest.mark.parametrize("speaker", ["en-gb-scotland+m6", "en-gb-x-rp"])
def test_a_yes_with_a_pause_at_its_comma_is_one_answer_that_verifies(
    voice: VoiceAgent, speaker: str
) -> None:
    pcm = spoken("yes, correct", speaker)
    assert longest_pause_ms(pcm) >= QUICK_END_MS  # long enough to end a question
    session_id = voice.start().session_id
    voice.read_back.hold(session_id, DEMO_PHONE)
    turns = answered(voice, session_id, pcm)
    assert [t.outcome for t in turns] == [Outcome.ANSWERED], [t.transcript for t in turns]
    assert turns[0].turn is not None and turns[0].turn.verified


def test_a_yes_taken_back_after_a_pause_rejects_the_number(voice: VoiceAgent) -> None:
    speaker = "en-gb-scotland+m6"
    pcm = np.concatenate([spoken("yes", speaker), spoken("no, it is wrong", speaker)])
    assert longest_pause_ms(pcm) >= QUICK_END_MS
    session_id = voice.start().session_id
    voice.read_back.hold(session_id, DEMO_PHONE)
    turns = answered(voice, session_id, pcm)
    assert turns and all(t.outcome is not Outcome.ANSWERED for t in turns), [
        t.transcript for t in turns
    ]
    assert voice.read_back.pending(session_id) is None  # asked for the number again
    assert not voice.agent.turn(session_id, "mera balance kitna hai").verified
