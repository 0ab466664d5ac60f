"""Named NumPy arrays in one zip file, read without Python's parser.

NumPy's own `.npz` reader parses every array's header with `ast.literal_eval`. The caches kept in
this format (the intent models, the word templates) are read on background threads while a
Streamlit page may be compiling its script, and CPython 3.11 keeps one AST-construction depth
counter for the whole interpreter (python/cpython#106905): two threads building ASTs at once make
one of them fail with "AST constructor recursion depth mismatch", and the page shows a script
compilation error. Here each array is its raw bytes, with its dtype and shape in a JSON index.
"""

import json
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import numpy as np

_INDEX = "index.json"


def save_arrays(target: Path | IO[bytes], arrays: Mapping[str, np.ndarray[Any, Any]]) -> None:
    """Write `arrays` to `target`, a path or a binary file open for writing."""
    index: dict[str, dict[str, Any]] = {}
    with zipfile.ZipFile(target, "w") as archive:
        for name, array in arrays.items():
            data = np.ascontiguousarray(array)
            if data.dtype.hasobject:
                raise ValueError(f"array {name!r} holds Python objects")
            index[name] = {"dtype": data.dtype.str, "shape": list(data.shape)}
            archive.writestr(f"{name}.bin", data.tobytes())
        archive.writestr(_INDEX, json.dumps(index))


def load_arrays(path: Path) -> dict[str, np.ndarray[Any, Any]]:
    """The arrays save_arrays wrote, writable copies; ValueError, KeyError or BadZipFile when
    the file is not one."""
    with zipfile.ZipFile(path) as archive:
        index = json.loads(archive.read(_INDEX))
        if not isinstance(index, dict):
            raise ValueError(f"{path}: the index is not a mapping")
        return {
            name: np.frombuffer(archive.read(f"{name}.bin"), dtype=np.dtype(spec["dtype"]))
            .reshape(spec["shape"])
            .copy()
            for name, spec in index.items()
        }
