"""Hinglish text to meaning. Pure: no I/O beyond reading the package's own data, no database.

from helpline.language import get_understander, normalize
utterance = get_understander().understand("mera balance kitna hai")
"""

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
