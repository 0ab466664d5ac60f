"""The pieces of a live call that need no recogniser: local agreement, the playback clock,
where the endpointer finds speech in real audio, and the audio the final reading is given."""

import numpy as np
import pytest
from speech_set import CLEAN, Utterance, render

from helpline.audio.clip import AudioClip
from helpline.audio.decode import decode_audio
from helpline.engine.live_call_playback import Playback
from helpline.providers.stt.base import WHOLE_NUMBER, Judge, Listen, Transcript
from helpline.providers.stt.streaming import (
    TAIL_PAD_MS,
    Final,
    LocalAgreement,
    Read,
    StreamingRecognizer,
)
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


def streamed(
    read: Read, audio: np.ndarray, listen: Listen, judge: Judge, *, eager: bool = False
) -> list[Final]:
    """The utterances a stream ends, fed in 20 ms frames as a browser sends them."""
    recognizer = StreamingRecognizer(read)
    finals = []
    for start in range(0, len(audio), 320):
        recognizer.push(audio[start : start + 320])
        results = recognizer.step(listen, judge, eager=eager)
        finals += [r for r in results if isinstance(r, Final)]
    return finals


def final_reading_audio(pcm: np.ndarray, listen: Listen, *, eager: bool = False) -> AudioClip:
    """The audio a stream's final reading of one utterance is given."""
    read: list[AudioClip] = []

    def reading(clip: AudioClip, _listen: Listen, _judge: Judge) -> Transcript:
        read.append(clip)
        return Transcript("mera balance kitna hai", "en", 0.9, clip.duration_s)

    audio = np.concatenate([np.zeros(8_000, np.int16), pcm, np.zeros(24_000, np.int16)])
    finals = streamed(reading, audio, listen, lambda _: 1.0, eager=eager)
    assert len(finals) == 1 and len(read) == 1
    return read[0]


def test_the_final_reading_gets_the_cut_utterance_with_silence_added_except_over_a_reply(
    speech_tools: None,
) -> None:
    path = render(
        Utterance("stream-pad", "mera balance kitna hai", None, None, None, None), CLEAN[0]
    )
    pcm = decode_audio(path.read_bytes()).to_int16()
    cut = final_reading_audio(pcm, Listen.OVER_REPLY).samples
    # The utterance itself, from just before its first word to the pause after its last.
    assert 0.8 * len(pcm) < len(cut) < len(pcm) + 16_000
    # Speech over a reply, whatever the turn listens for, is read as cut too.
    assert np.array_equal(final_reading_audio(pcm, Listen.SPEECH, eager=True).samples, cut)
    pad = 16 * TAIL_PAD_MS
    for listen in (Listen.SPEECH, Listen.ANSWER):
        padded = final_reading_audio(pcm, listen).samples
        assert len(padded) == len(cut) + pad
        assert np.array_equal(padded[: len(cut)], cut) and not padded[len(cut) :].any()
    # A number is read after a longer pause, then padded the same.
    number = final_reading_audio(pcm, Listen.NUMBER).samples
    assert len(number) > len(cut) + pad and not number[-pad:].any()


def test_trailing_digital_silence_is_taken_off_and_nothing_else() -> None:
    voiced = np.array([0.0, 0.1, -0.2, 0.0, 0.3], np.float32)
    padded = AudioClip(np.concatenate([voiced, np.zeros(100, np.float32)]), 16_000)
    assert np.array_equal(padded.without_trailing_zeros().samples, voiced)
    whole = AudioClip(voiced, 16_000)
    assert whole.without_trailing_zeros() is whole
    assert len(AudioClip.silence(0.1).without_trailing_zeros().samples) == 0


@pytest.mark.parametrize("forced", [False, True])
def test_ten_digits_forced_on_a_number_wait_for_the_caller_to_go_on_after_a_pause(
    speech_tools: None, forced: bool
) -> None:
    path = render(
        Utterance("stream-digits", "nine, eight, one, two", None, None, None, None), CLEAN[0]
    )
    part = decode_audio(path.read_bytes()).to_int16()
    # The clip ends in 0.41 s of silence: with 0.2 s more, the caller pauses about 0.6 s.
    pause, lead = np.zeros(3_200, np.int16), np.zeros(8_000, np.int16)
    audio = np.concatenate([lead, part, pause, part, np.zeros(32_000, np.int16)])

    def reading(clip: AudioClip, _listen: Listen, _judge: Judge) -> Transcript:
        return Transcript("9812981298", "en", 0.5, clip.duration_s, digits_forced=forced)

    finals = streamed(reading, audio, Listen.NUMBER, lambda _: WHOLE_NUMBER)
    # Whisper's own whole number ends the turn in the pause; the templates' waits, and the
    # number is read once more over both parts.
    assert len(finals) == (1 if forced else 2)
