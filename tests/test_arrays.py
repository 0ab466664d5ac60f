"""The cache files' arrays: saved and read back as they were, and read without building an AST,
which another thread (a Streamlit page compiling its script) may be doing at the same moment."""

import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from helpline.arrays import load_arrays, save_arrays


def _arrays() -> dict[str, np.ndarray]:
    return {
        "labels": np.array(["नौ", "nine", "zero"]),
        "english": np.array([False, True, True]),
        "lengths": np.array([3, 1, 2]),
        "frames": np.arange(12, dtype=np.float32).reshape(6, 2),
        "empty": np.zeros((0, 4)),
    }


def test_arrays_come_back_as_they_were_saved(tmp_path: Path) -> None:
    path = tmp_path / "cache.zip"
    save_arrays(path, _arrays())
    read = load_arrays(path)
    assert read.keys() == _arrays().keys()
    for name, array in _arrays().items():
        assert read[name].dtype == array.dtype and np.array_equal(read[name], array), name
    read["frames"][0, 0] = 99.0  # writable, as numpy's own reader gives them


def test_python_objects_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Python objects"):
        save_arrays(tmp_path / "cache.zip", {"bad": np.array([{"a": 1}], dtype=object)})


def test_reading_builds_no_ast(tmp_path: Path) -> None:
    path = tmp_path / "cache.zip"
    save_arrays(path, _arrays())
    reader = threading.get_ident()
    reading = threading.Event()
    compiled: list[object] = []

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event == "compile" and reading.is_set() and threading.get_ident() == reader:
            compiled.append(args[1])

    sys.addaudithook(hook)  # audit hooks stay for the process: this one records only while set
    reading.set()
    read = load_arrays(path)
    reading.clear()
    assert read and compiled == []
