"""The conversation engine: sessions, verification, dialogue policy, actions, replies."""

from helpline.engine.agent import Agent, Turn
from helpline.engine.build import build_agent

__all__ = ["Agent", "Turn", "build_agent"]
