"""The fitted intent model on disk: a later process loads it in milliseconds instead of fitting it
again (about a second and a half of CPU on two cores, and scikit-learn's import on top).

One file per model (raw NumPy arrays in a zip, `helpline.arrays`) holds the idf, weights and
bias, and a JSON text (as bytes) with the labels, the vocabulary in column order, the format and
the key. Nothing in the file is pickled: a cache file can hold numbers and text, never code.

The key is a SHA-256 over the format, the library versions that shape a fit and every file the
fit reads (the language data and the language layer's own source). A file whose key differs,
or that is truncated or malformed in any way, is ignored (logged) and the caller refits.
"""

import hashlib
import json
import logging
import os
import tempfile
import zipfile
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from helpline.arrays import load_arrays, save_arrays
from helpline.language.classifier import Floats, LinearModel

log = logging.getLogger(__name__)

# Bump when the file layout or the meaning of a stored array changes.
FORMAT = 2
# A fit depends on these libraries' numerics (scikit-learn's solver, NumPy and SciPy's BLAS
# paths) and on helpline's own release.
_LIBRARIES = ("numpy", "scipy", "scikit-learn", "helpline")
_ARRAYS = ("idf", "weights", "bias", "meta")


def cache_key(variant: str, package: Traversable | None = None) -> str:
    """SHA-256 (hex) of everything a fit of `variant` depends on: the format, the libraries'
    versions and every data and source file of `package` (default: this language layer)."""
    digest = hashlib.sha256(f"helpline intent model format {FORMAT}\n{variant}\n".encode())
    for name in _LIBRARIES:
        digest.update(f"{name}=={_version(name)}\n".encode())
    package = package or resources.files("helpline.language")
    for relative, node in sorted(_files(package, ""), key=lambda item: item[0]):
        if relative.endswith((".py", ".yaml", ".yml", ".tsv", ".json", ".txt")):
            content = node.read_bytes()
            digest.update(f"{relative}\0{len(content)}\0".encode())
            digest.update(content)
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _files(node: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    out: list[tuple[str, Traversable]] = []
    for child in node.iterdir():
        relative = f"{prefix}{child.name}"
        if child.is_dir():
            if child.name != "__pycache__":
                out.extend(_files(child, f"{relative}/"))
        else:
            out.append((relative, child))
    return out


def load_model(path: Path, key: str) -> LinearModel | None:
    """The model stored at `path` under `key`, or None when it is missing, stale or broken."""
    if not path.is_file():
        return None
    try:
        stored = load_arrays(path)
        arrays = {name: stored[name] for name in _ARRAYS}
        model = _model(arrays, key)
    except (OSError, ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile) as exc:
        log.info("intent model cache %s is unreadable (%s); fitting again", path, exc)
        return None
    if model is None:
        log.info("intent model cache %s is stale or malformed; fitting again", path)
    return model


def _model(arrays: dict[str, Any], key: str) -> LinearModel | None:
    meta = json.loads(bytes(np.asarray(arrays["meta"], dtype=np.uint8)).decode("utf-8"))
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("key") != key:
        return None
    labels, words = _strings(meta.get("labels")), _strings(meta.get("vocabulary"))
    if labels is None or words is None or len(set(words)) != len(words):
        return None
    idf, weights, bias = (_floats(arrays[name]) for name in ("idf", "weights", "bias"))
    if idf is None or weights is None or bias is None:
        return None
    if idf.shape != (len(words),) or bias.shape != (len(labels),):
        return None
    if weights.shape != (len(words), len(labels)):
        return None
    vocabulary = {word: column for column, word in enumerate(words)}
    return LinearModel(tuple(labels), vocabulary, idf, np.ascontiguousarray(weights), bias)


def _strings(value: Any) -> list[str] | None:
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    return None


def _floats(value: Any) -> Floats | None:
    array = np.asarray(value)
    if array.dtype != np.float64 or not np.isfinite(array).all():
        return None
    return array


def save_model(path: Path, key: str, model: LinearModel) -> None:
    """Store `model` at `path` atomically (a temporary file renamed into place); a cache that
    cannot be written is logged and skipped: the model in memory is still good."""
    words = [""] * len(model.vocabulary)
    for word, column in model.vocabulary.items():
        words[column] = word
    meta = {"format": FORMAT, "key": key, "labels": list(model.labels), "vocabulary": words}
    encoded = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), np.uint8)
    arrays: dict[str, Floats | npt.NDArray[np.uint8]] = {
        "idf": model.idf,
        "weights": model.weights,
        "bias": model.bias,
        "meta": encoded,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        log.warning("cannot write the intent model cache in %s: %s", path.parent, exc)
        return
    try:
        with os.fdopen(handle, "wb") as out:
            save_arrays(out, arrays)
        os.replace(temporary, path)
    except OSError as exc:
        log.warning("cannot write the intent model cache %s: %s", path, exc)
        Path(temporary).unlink(missing_ok=True)
