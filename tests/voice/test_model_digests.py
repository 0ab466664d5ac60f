"""The speech models installed from PyPI are checked by SHA-256 before use: a changed copy of a
side file is refused with a clear ProviderUnavailable."""

import shutil
from pathlib import Path

import pytest

from helpline.errors import ProviderUnavailable
from helpline.providers.stt.whisper_model import resolve_model_dir
from helpline.providers.tts.piper import packaged_voice, verify_voice

pytestmark = [pytest.mark.voice, pytest.mark.xdist_group("voice")]


def _tamper(path: Path) -> None:
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0x01  # one bit: same size, different bytes
    path.write_bytes(bytes(content))


def test_a_changed_side_file_of_the_joined_whisper_model_is_refused(tmp_path: Path) -> None:
    model_dir = resolve_model_dir("base", cache_dir=tmp_path)
    assert (model_dir / ".verified.json").is_file()
    _tamper(model_dir / "tokenizer.json")
    with pytest.raises(ProviderUnavailable, match=r"tokenizer\.json does not match its SHA-256"):
        resolve_model_dir("base", cache_dir=tmp_path)


def test_a_changed_copy_of_the_piper_voice_config_is_refused(tmp_path: Path) -> None:
    packaged = packaged_voice(cache_dir=tmp_path)
    assert (tmp_path / "piper-voice.verified.json").is_file()
    copy = tmp_path / "voice"
    shutil.copytree(packaged.parent, copy)
    verify_voice(copy)
    _tamper(copy / f"{packaged.name}.json")
    with pytest.raises(ProviderUnavailable, match=r"onnx\.json does not match its SHA-256"):
        verify_voice(copy)
