"""Speech to text: one Protocol, implementations chosen by HELPLINE_STT through the registry.

Vendor modules are imported only when chosen, so the core runs without the `voice` extra; the
value types (NumPy through AudioClip) and the settings are imported on first use (PEP 562).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from helpline.providers.registry import Registry

if TYPE_CHECKING:
    from helpline.config import Settings
    from helpline.providers.stt.base import SpeechInput, STTProvider, Transcript

STT_PROVIDERS: "Registry[STTProvider]" = Registry(
    "stt",
    {
        "whisper": "helpline.providers.stt.whisper:from_settings",
        "google": "helpline.providers.stt.google:from_settings",
    },
)


def build_stt(settings: "Settings | None" = None, name: str | None = None) -> "STTProvider":
    """The speech-to-text provider named by settings.stt (or name)."""
    from helpline.config import get_settings

    settings = settings or get_settings()
    return STT_PROVIDERS.create(name or settings.stt, settings=settings)


_BASE = ("STTProvider", "SpeechInput", "Transcript")

__all__ = ["STT_PROVIDERS", "STTProvider", "SpeechInput", "Transcript", "build_stt"]


def __getattr__(name: str) -> Any:
    if name not in _BASE:
        raise AttributeError(f"module 'helpline.providers.stt' has no attribute '{name}'")
    value = getattr(import_module("helpline.providers.stt.base"), name)
    globals()[name] = value
    return value
