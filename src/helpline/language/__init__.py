"""Hinglish text to meaning. Pure: no I/O beyond reading the package's own data, no database.

from helpline.language import get_understander, normalize
utterance = get_understander().understand("mera balance kitna hai")

Names are imported on first use (PEP 562): the engine imports the value types from here, and
a command that only needs `Utterance` must not pay for the classifier and its data.
"""

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from helpline.language.normalize import normalize
    from helpline.language.types import (
        Department,
        Entity,
        EntityKind,
        Intent,
        Priority,
        Sentiment,
        Utterance,
    )
    from helpline.language.understand import Understander, get_understander

_WHERE = {
    "Department": "helpline.language.types",
    "Entity": "helpline.language.types",
    "EntityKind": "helpline.language.types",
    "Intent": "helpline.language.types",
    "Priority": "helpline.language.types",
    "Sentiment": "helpline.language.types",
    "Utterance": "helpline.language.types",
    "normalize": "helpline.language.normalize",
    "Understander": "helpline.language.understand",
    "get_understander": "helpline.language.understand",
}

__all__ = [
    "Department",
    "Entity",
    "EntityKind",
    "Intent",
    "Priority",
    "Sentiment",
    "Understander",
    "Utterance",
    "get_understander",
    "normalize",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'helpline.language' has no attribute '{name}'")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


class _Package(ModuleType):
    """Keeps `helpline.language.normalize` the function even after its submodule is imported.

    Importing a submodule binds its name on the package; `normalize` is both a submodule and
    the public function, and the function must win whichever is imported first.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "normalize" and isinstance(value, ModuleType):
            value = value.normalize
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
