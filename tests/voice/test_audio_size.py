"""An upload too large to be within the time limit is refused by its size, before it is read."""

import time
import tracemalloc
from pathlib import Path

import pytest
from wav_kit import tone, wav_bytes

from helpline.audio.decode import decode_audio
from helpline.audio.validate import load_speech
from helpline.errors import AudioError

GIGABYTE = 1 << 30


def _wav(seconds: float) -> bytes:
    clip = tone(seconds)
    return wav_bytes(clip.samples, clip.sample_rate)


def _huge_wav(path: Path) -> Path:
    """A 1 GB WAV file that costs nothing on disk: a real header, then a sparse hole."""
    path.write_bytes(_wav(1.0))
    with path.open("r+b") as handle:
        handle.truncate(GIGABYTE)
    return path


def test_a_1_gb_file_is_refused_by_its_size_fast_and_unread(tmp_path: Path) -> None:
    path = _huge_wav(tmp_path / "huge.wav")
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(AudioError, match="too large"):
        load_speech(path, max_seconds=30)
    took = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert took < 0.5, took
    assert peak < 10 * (1 << 20), peak


def test_large_bytes_are_refused_before_decoding(tmp_path: Path) -> None:
    data = bytearray(_wav(1.0))
    data.extend(bytes(64 << 20))
    started = time.monotonic()
    with pytest.raises(AudioError, match="too large"):
        decode_audio(memoryview(data), max_seconds=30)
    assert time.monotonic() - started < 0.5


def test_a_recording_within_the_limit_still_decodes(tmp_path: Path) -> None:
    path = tmp_path / "ok.wav"
    path.write_bytes(_wav(2.0))
    assert load_speech(path, max_seconds=30).duration_s == pytest.approx(2.0, abs=0.05)
