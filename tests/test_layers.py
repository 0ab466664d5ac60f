"""The layer rules of DESIGN.md, checked on every import statement under src/helpline.

Front ends call only the application layer; language is pure; the database is reached only
through store; nothing inside imports the application layer or a front end. Imports inside
functions count as much as those at the top of a module.
"""

import ast
import textwrap
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "helpline"
FRONT_ENDS = ("cli", "api", "web")
OUTER = ("app", *FRONT_ENDS)

# layer -> the layers it must not import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    **{front: ("store", "engine", "providers", "language") for front in FRONT_ENDS},
    "language": ("store", "engine", "providers", "complaints", *OUTER),
    "store": ("engine", "providers", "complaints", *OUTER),
    "providers": ("engine", "store", "complaints", *OUTER),
    "engine": OUTER,
    "complaints": ("engine", *OUTER),
    "audio": ("engine", "store", *OUTER),
}


def _module_name(root: Path, path: Path) -> list[str]:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _imported(tree: ast.AST, package: list[str]) -> list[tuple[int, str]]:
    """(line, dotted name) of every module an AST imports, relative imports resolved."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join(["helpline", *base, *([node.module] if node.module else [])])
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            # `from helpline import store` imports the layer itself
            found.extend((node.lineno, f"{name}.{alias.name}") for alias in node.names)
    return found


def violations(root: Path) -> list[str]:
    """Every import under `root` (a helpline package folder) that breaks a layer rule."""
    out: list[str] = []
    for path in sorted(root.rglob("*.py")):
        module = _module_name(root, path)
        if not module:
            continue
        layer = module[0]
        package = module if path.name == "__init__.py" else module[:-1]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        seen: set[tuple[int, str]] = set()
        for line, name in _imported(tree, package):
            parts = name.split(".")
            if len(parts) < 2 or parts[0] != "helpline" or (line, parts[1]) in seen:
                continue
            target = parts[1]
            seen.add((line, target))
            if target != layer and target in FORBIDDEN.get(layer, ()):
                where = path.relative_to(root)
                out.append(f"{where}:{line}: {layer}/ imports {target}/ ({name})")
    return out


def test_the_package_keeps_its_layer_rules() -> None:
    assert violations(SRC) == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "helpline"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


@pytest.mark.parametrize(
    ("name", "text", "layers"),
    [
        (
            "cli/account.py",
            "from helpline.store.customers import get_account\n",
            "cli/ imports store/",
        ),
        (
            "cli/chat.py",
            "def run():\n    from helpline.engine import build_agent\n",
            "cli/ imports engine/",
        ),
        ("api/routes.py", "import helpline.providers.llm\n", "api/ imports providers/"),
        ("web/page.py", "from helpline import language\n", "web/ imports language/"),
        ("language/x.py", "from helpline.store import db\n", "language/ imports store/"),
        ("store/x.py", "from ..engine import agent\n", "store/ imports engine/"),
        (
            "providers/llm/x.py",
            "from helpline.engine.agent import Agent\n",
            "providers/ imports engine/",
        ),
        ("engine/x.py", "from helpline.app import Helpline\n", "engine/ imports app/"),
    ],
)
def test_the_checker_finds_a_deliberate_violation(
    tmp_path: Path, name: str, text: str, layers: str
) -> None:
    root = _tree(tmp_path, {name: text})
    (found,) = violations(root)
    assert layers in found


def test_the_checker_allows_what_the_rules_allow(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "cli/x.py": "from helpline.app import Helpline\nimport helpline.app.models\n",
            "app/x.py": "from helpline.engine import build_agent\nfrom helpline.store import db\n",
            "engine/x.py": "from helpline.language import Utterance\nimport helpline.store.db\n",
            "store/x.py": "from . import models\nfrom helpline.errors import HelplineError\n",
        },
    )
    assert violations(root) == []
