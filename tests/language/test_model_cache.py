"""The fitted intent model kept on disk: a hit predicts exactly as a fresh fit, and a stale,
corrupt or truncated file is never trusted but refitted and replaced."""

import json
import logging
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
import yaml

import helpline
from helpline.arrays import load_arrays, save_arrays
from helpline.language import normalize
from helpline.language.classifier import LinearModel, train
from helpline.language.intents import detector_for, intent_detector, training_set
from helpline.language.model_cache import cache_key, load_model, save_model

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(helpline.__file__).resolve().parent / "language"


def _dev_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted((ROOT / "tests" / "data" / "nlu" / "intents").glob("*.yaml")):
        lines.extend(str(text) for text in yaml.safe_load(path.read_text())["examples"][:25])
    return [normalize(line) for line in lines]


@pytest.fixture(scope="module")
def fitted() -> LinearModel:
    return train(*training_set())


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory: pytest.TempPathFactory, fitted: LinearModel) -> Path:
    folder = tmp_path_factory.mktemp("warm")
    save_model(folder / "intent-model-typed.zip", cache_key("typed"), fitted)
    return folder


def test_a_cache_hit_predicts_exactly_as_a_fresh_fit(fitted: LinearModel, tmp_path: Path) -> None:
    path = tmp_path / "model.zip"
    save_model(path, "k" * 64, fitted)
    loaded = load_model(path, "k" * 64)
    assert loaded is not None
    lines = _dev_lines()
    assert len(lines) >= 300
    assert loaded.labels == fitted.labels
    assert np.array_equal(loaded.logits_many(lines), fitted.logits_many(lines))
    assert detector_for(loaded).detect_many(lines) == detector_for(fitted).detect_many(lines)
    assert [detector_for(loaded).detect(line) for line in lines[:50]] == [
        detector_for(fitted).detect(line) for line in lines[:50]
    ]


def test_a_different_key_misses(fitted: LinearModel, tmp_path: Path) -> None:
    path = tmp_path / "model.zip"
    save_model(path, cache_key("typed"), fitted)
    assert load_model(path, cache_key("heard")) is None
    assert load_model(path, cache_key("typed")) is not None


def test_the_key_changes_with_any_byte_of_the_language_data(tmp_path: Path) -> None:
    copy = tmp_path / "language"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache_key("typed", copy)
    assert before == cache_key("typed")
    balance = copy / "data" / "intents" / "balance.yaml"
    balance.write_text(balance.read_text() + "\n# one more comment\n")
    assert cache_key("typed", copy) != before


def _corrupt(path: Path, how: str) -> None:
    content = path.read_bytes()
    if how == "random bytes":
        path.write_bytes(np.random.default_rng(7).bytes(len(content)))
    elif how == "truncated":
        path.write_bytes(content[: len(content) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    else:  # a well-formed file whose arrays do not match its vocabulary
        arrays = load_arrays(path)
        arrays["weights"] = arrays["weights"][:-1]
        save_arrays(path, arrays)


@pytest.mark.parametrize("how", ["random bytes", "truncated", "empty", "wrong shapes"])
def test_a_corrupt_cache_file_is_refitted_and_replaced(
    how: str, warm_cache: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "intent-model-typed.zip"
    shutil.copyfile(warm_cache / "intent-model-typed.zip", path)
    _corrupt(path, how)
    assert load_model(path, cache_key("typed")) is None
    with caplog.at_level(logging.INFO, logger="helpline.language"):
        detector = intent_detector(cache_dir=tmp_path)
    assert any("fitting again" in r.getMessage() for r in caplog.records)
    assert detector.detect("mera balance kitna hai")[0].value == "balance"
    replaced = load_model(path, cache_key("typed"))
    assert replaced is not None
    assert replaced.vocabulary == detector.model.vocabulary


def test_a_stale_cache_file_is_refitted_and_replaced(fitted: LinearModel, tmp_path: Path) -> None:
    path = tmp_path / "intent-model-typed.zip"
    save_model(path, "0" * 64, fitted)
    intent_detector(cache_dir=tmp_path)
    meta = json.loads(bytes(load_arrays(path)["meta"]).decode())
    assert meta["key"] == cache_key("typed")


def test_no_cache_file_holds_a_pickle(warm_cache: Path) -> None:
    path = warm_cache / "intent-model-typed.zip"
    with zipfile.ZipFile(path) as archive:
        assert all(n.endswith(".bin") or n == "index.json" for n in archive.namelist())
    assert all(array.dtype != object for array in load_arrays(path).values())


def test_an_unwritable_cache_folder_still_gives_a_model(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    detector = intent_detector(cache_dir=blocker / "cache")
    assert detector.detect("mera balance kitna hai")[0].value == "balance"


_PROBE = """
import sys
import zipfile
from pathlib import Path
from helpline.language import get_understander
utterance = get_understander(cache_dir=Path(sys.argv[1])).understand("mera balance kitna hai")
print(utterance.intent.value)
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] == "sklearn")) or "-")
"""


def test_loading_from_the_cache_does_not_import_scikit_learn(warm_cache: Path) -> None:
    path = warm_cache / "intent-model-typed.zip"
    before = path.stat().st_mtime_ns
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PACKAGE.parents[1]), *sys.path])}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(warm_cache)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert done.stdout.split("\n")[:2] == ["balance", "-"]
    assert path.stat().st_mtime_ns == before  # loaded, not refitted and rewritten
