"""Text to speech: one Protocol, implementations chosen by HELPLINE_TTS through the registry.

Vendor modules are imported only when chosen, so the core runs without the `voice` extra; the
value types (NumPy through AudioClip) and the settings are imported on first use (PEP 562).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from helpline.providers.registry import Registry

if TYPE_CHECKING:
    from helpline.config import Settings
    from helpline.providers.tts.base import TTSProvider, join_clips, sentences

TTS_PROVIDERS: "Registry[TTSProvider]" = Registry(
    "tts",
    {
        "espeak": "helpline.providers.tts.espeak:from_settings",
        "gtts": "helpline.providers.tts.gtts:from_settings",
        "piper": "helpline.providers.tts.piper:from_settings",
    },
)


def build_tts(settings: "Settings | None" = None, name: str | None = None) -> "TTSProvider":
    """The text-to-speech provider named by settings.tts (or name)."""
    from helpline.config import get_settings

    settings = settings or get_settings()
    return TTS_PROVIDERS.create(name or settings.tts, settings=settings)


_BASE = ("TTSProvider", "join_clips", "sentences")

__all__ = ["TTS_PROVIDERS", "TTSProvider", "build_tts", "join_clips", "sentences"]


def __getattr__(name: str) -> Any:
    if name not in _BASE:
        raise AttributeError(f"module 'helpline.providers.tts' has no attribute '{name}'")
    value = getattr(import_module("helpline.providers.tts.base"), name)
    globals()[name] = value
    return value
