"""Hinglish text to meaning. Pure: no I/O beyond reading the package's own data, no database."""

from helpline.language.types import (
    Department,
    Entity,
    EntityKind,
    Intent,
    Priority,
    Sentiment,
    Utterance,
)

__all__ = [
    "Department",
    "Entity",
    "EntityKind",
    "Intent",
    "Priority",
    "Sentiment",
    "Utterance",
]
