"""Every third-party package src/helpline imports is declared in pyproject.toml, in the
dependencies or an extra, not merely brought by another package; an optional one loaded with
`require("module", extra=...)` is declared in that very extra."""

import ast
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "helpline"
CORE = "dependencies"

# Import names whose distribution is called something else (PEP 503 normalised); any other
# import is looked for under its own name, `_` read as `-`.
DISTRIBUTION = {
    "argon2": "argon2-cffi",
    "google": "google-genai",  # google.genai
    "piper": "piper-tts",
    "sklearn": "scikit-learn",
    "speech_recognition": "speechrecognition",
    "webrtcvad": "webrtcvad-wheels",
    "yaml": "pyyaml",
}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(pyproject: dict) -> dict[str, set[str]]:
    """Distribution -> where pyproject declares it ("dependencies" or the extras' names)."""
    project = pyproject["project"]
    groups = {CORE: project["dependencies"], **project.get("optional-dependencies", {})}
    found: dict[str, set[str]] = {}
    for group, requirements in groups.items():
        for requirement in requirements:
            name = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
            assert name, requirement
            found.setdefault(_normalise(name.group()), set()).add(group)
    return found


def imported(root: Path) -> list[tuple[str, str, str | None]]:
    """(where, top-level module, the extra a `require` names) for every third-party import."""
    found: list[tuple[str, str, str | None]] = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = str(path.relative_to(root.parent))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.extend((f"{where}:{node.lineno}", a.name, None) for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.append((f"{where}:{node.lineno}", node.module, None))
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "require"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                extra = next((k.value for k in node.keywords if k.arg == "extra"), None)
                name = extra.value if isinstance(extra, ast.Constant) else None
                found.append((f"{where}:{node.lineno}", str(node.args[0].value), name))
    own = {"helpline", "__future__", *sys.stdlib_module_names}
    return [(w, m.split(".")[0], e) for w, m, e in found if m.split(".")[0] not in own]


def undeclared(root: Path, pyproject: dict) -> list[str]:
    """Imports under `root` whose distribution pyproject does not declare where it must."""
    groups = declared(pyproject)
    problems: list[str] = []
    for where, module, extra in imported(root):
        distribution = DISTRIBUTION.get(module, _normalise(module))
        declared_in = groups.get(distribution, set()) - {"dev"}  # dev is for tests only
        if not declared_in:
            problems.append(f"{where}: {module} ({distribution}) is not declared")
        elif extra is not None and extra not in declared_in:
            problems.append(f"{where}: {module} is required from [{extra}] but is not in it")
    return problems


def test_every_imported_package_is_declared() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert undeclared(SRC, pyproject) == []


PYPROJECT = {
    "project": {
        "dependencies": ["PyYAML>=6,<7", "fastapi>=0.115,<1"],
        "optional-dependencies": {"voice": ["faster-whisper>=1.1,<2"], "dev": ["jsonschema"]},
    }
}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("from starlette.types import ASGIApp\n", "starlette (starlette) is not declared"),
        ("def f():\n    import ctranslate2\n", "ctranslate2 (ctranslate2) is not declared"),
        ("import jsonschema\n", "jsonschema (jsonschema) is not declared"),
        ("x = require('av', extra='voice', what='decoding')\n", "av (av) is not declared"),
        ("x = require('yaml', extra='voice', what='x')\n", "yaml is required from [voice]"),
    ],
)
def test_the_checker_finds_an_undeclared_import(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "helpline").mkdir()
    (tmp_path / "helpline" / "x.py").write_text(text)
    (found,) = undeclared(tmp_path / "helpline", PYPROJECT)
    assert problem in found


def test_the_checker_reads_import_names_as_their_distributions(tmp_path: Path) -> None:
    (tmp_path / "helpline").mkdir()
    (tmp_path / "helpline" / "x.py").write_text(
        "import os, json\nimport yaml\nfrom fastapi import FastAPI\nfrom . import y\n"
        "from helpline.errors import require\nw = require('faster_whisper', extra='voice')\n"
    )
    assert undeclared(tmp_path / "helpline", PYPROJECT) == []
