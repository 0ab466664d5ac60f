"""Audio in: every format browsers and phones send decodes to 16 kHz mono; bad input says why."""

import io
from pathlib import Path

import numpy as np
import pytest
from wav_kit import tone, wav_bytes

from helpline.audio.clip import SPEECH_RATE, AudioClip
from helpline.audio.decode import decode_audio
from helpline.audio.encode import encode, to_wav
from helpline.audio.vad import EndOfSpeech, first_utterance, frames
from helpline.audio.validate import load_speech
from helpline.errors import AudioError


def webm_or_m4a(clip: AudioClip, fmt: str) -> bytes:
    """Encode as the browser (WebM/Opus) or iPhone (M4A/AAC) would send it."""
    import av

    codec, rate = ("libopus", 48_000) if fmt == "webm" else ("aac", 44_100)
    from helpline.audio.resample import resample

    clip = resample(clip, rate)
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="webm" if fmt == "webm" else "mp4") as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(clip.samples.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["wav", "ogg", "mp3", "webm", "m4a"])
def test_every_upload_format_decodes_to_16k_mono_of_the_same_length(fmt: str) -> None:
    clip = tone(1.5)
    data = webm_or_m4a(clip, fmt) if fmt in ("webm", "m4a") else encode(clip, fmt)  # type: ignore[arg-type]
    decoded = decode_audio(data)
    assert decoded.sample_rate == SPEECH_RATE
    assert decoded.duration_s == pytest.approx(1.5, abs=0.12)
    assert float(np.max(np.abs(decoded.samples))) > 0.2


@pytest.mark.parametrize("rate", [8_000, 11_025, 44_100, 48_000])
def test_other_sample_rates_are_resampled(rate: int) -> None:
    clip = load_speech(wav_bytes(tone(1.0, rate).samples, rate), max_seconds=30)
    assert clip.sample_rate == SPEECH_RATE
    assert clip.duration_s == pytest.approx(1.0, abs=0.02)


def test_stereo_48k_becomes_mono() -> None:
    mono = tone(1.0, 48_000).samples
    stereo = np.stack([mono, mono], axis=1).reshape(-1)
    clip = load_speech(wav_bytes(stereo, 48_000, channels=2), max_seconds=30)
    assert clip.sample_rate == SPEECH_RATE and clip.samples.ndim == 1
    assert clip.duration_s == pytest.approx(1.0, abs=0.02)


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (np.random.default_rng(7).bytes(20_000), "not audio"),
        (PNG + b"\0" * 200, "not audio|no sound"),
        (wav_bytes(np.zeros(16_000 * 2), 16_000), "silent"),
        (wav_bytes(tone(0.1, 16_000).samples, 16_000), "too short"),
        (wav_bytes(np.zeros(0), 16_000), "no sound"),
    ],
    ids=["empty", "random-bytes", "png-renamed", "silence", "0.1s", "header-only"],
)
def test_unusable_audio_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(AudioError, match=reason):
        load_speech(data, max_seconds=30)


def test_ten_minutes_is_refused_before_decoding_it_all(tmp_path: Path) -> None:
    path = tmp_path / "long.wav"
    path.write_bytes(wav_bytes(np.zeros(16_000 * 600), 16_000))
    with pytest.raises(AudioError, match="limit is 30 s"):
        load_speech(path, max_seconds=30)


def test_a_missing_file_is_named() -> None:
    with pytest.raises(AudioError, match="no such audio file"):
        load_speech(Path("/nonexistent/x.wav"), max_seconds=30)


def test_wav_round_trip_keeps_the_samples() -> None:
    clip = tone(0.5, SPEECH_RATE)
    back = decode_audio(to_wav(clip))
    assert np.max(np.abs(back.samples - clip.samples)) < 1e-3


def test_end_of_speech_cuts_after_the_speaker_stops(espeak_tts) -> None:
    pytest.importorskip("webrtcvad")
    from helpline.audio.resample import resample

    speech = resample(espeak_tts.synthesize("Mera balance kitna hai"), SPEECH_RATE)
    stream = AudioClip.silence(0.6).concat(speech).concat(AudioClip.silence(2.0))
    segment = first_utterance(frames(stream), EndOfSpeech(silence_ms=600))
    assert segment is not None and segment.ended_by_silence
    # The speech, plus at most the 300 ms kept before it and some silence after it.
    assert speech.duration_s - 0.2 < segment.clip.duration_s < speech.duration_s + 0.3 + 0.6


def test_silence_alone_never_starts_an_utterance() -> None:
    pytest.importorskip("webrtcvad")
    detector = EndOfSpeech(silence_ms=600)
    assert first_utterance(frames(AudioClip.silence(3.0)), detector) is None
