"""The pieces of a live call that need no recogniser: local agreement, the playback clock, and
where the endpointer finds speech in real audio."""

import numpy as np
import pytest
from speech_set import CLEAN, Utterance, render

from helpline.audio.decode import decode_audio
from helpline.engine.live_call_playback import Playback
from helpline.providers.stt.streaming import LocalAgreement
from helpline.providers.stt.streaming_vad import Activity, Endpointer


def test_words_two_successive_readings_agree_on_are_committed_and_stay() -> None:
    agreement = LocalAgreement()
    assert agreement.update("please check") == ("", "please check")
    assert agreement.update("please check my") == ("please check", "my")
    assert agreement.update("please check my balance") == ("please check my", "balance")
    # A later reading that rewrites committed words does not change what was shown as firm.
    committed, tentative = agreement.update("these check my balance")
    assert committed == "please check my"
    assert tentative == "these check my balance"


def test_playback_ends_when_the_audio_sent_has_played_and_a_pause_delays_the_end() -> None:
    playback = Playback()
    assert not playback.playing(0)
    playback.sent(1_000, 1_500)
    playback.sent(1_200, 1_000)  # queued behind the first sentence
    assert playback.playing(3_400) and not playback.playing(3_500)
    playback.pause(2_000)
    assert playback.played_ms(2_500) == pytest.approx(1_000)
    playback.resume(2_600)  # paused for 600 ms
    assert playback.playing(4_000) and not playback.playing(4_100)
    playback.stop()
    assert not playback.playing(2_700)


def test_the_endpointer_starts_within_min_speech_of_the_first_word_and_pauses_after_it(
    speech_tools: None,
) -> None:
    path = render(
        Utterance("stream-vad", "mera balance kitna hai", None, None, None, None), CLEAN[0]
    )
    pcm = decode_audio(path.read_bytes()).to_int16()
    lead = np.zeros(16_000, np.int16)
    endpointer = Endpointer()
    changes = []
    audio = np.concatenate([lead, pcm, np.zeros(16_000, np.int16)])
    for start in range(0, len(audio), 320):  # 20 ms frames, as a browser sends them
        changes += endpointer.push(audio[start : start + 320])
    kinds = [c.activity for c in changes]
    assert kinds[0] is Activity.START and Activity.PAUSE in kinds
    # The onset is the first voiced 30 ms frame: espeak starts speaking within 0.3 s.
    assert 1_000 - 30 <= changes[0].at_ms <= 1_000 + 300
    assert endpointer.position_ms >= 2_000 + 1_000 * len(pcm) / 16_000 - 30
    assert endpointer.silence_ms >= 900
    assert endpointer.speech_ms > 600 and endpointer.level_dbfs > -40
