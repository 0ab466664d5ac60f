"""The conversation engine: sessions, verification, dialogue policy, actions, replies.

Names are imported on first use (PEP 562), so importing a submodule (the session store, the
metrics) does not pull in the whole engine, the database layer and the reply writers.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from helpline.engine.agent import Agent, Turn
    from helpline.engine.build import build_agent

_WHERE = {
    "Agent": "helpline.engine.agent",
    "Turn": "helpline.engine.agent",
    "build_agent": "helpline.engine.build",
}

__all__ = ["Agent", "Turn", "build_agent"]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'helpline.engine' has no attribute '{name}'")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
