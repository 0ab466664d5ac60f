"""Voice fixtures: one Whisper model and one espeak voice per test session (per xdist worker;
the heavy tests share the "voice" xdist group so a single worker loads the model once)."""

import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from engine_kit import AgentFactory, Outbox, agent_factory  # noqa: E402

from helpline.config import get_settings  # noqa: E402
from helpline.store.db import Database  # noqa: E402


def _need_espeak() -> None:
    if shutil.which("espeak-ng") is None or shutil.which("sox") is None:
        pytest.fail("espeak-ng and sox are needed: run `make system-deps`")


@pytest.fixture(scope="session")
def whisper_stt():  # -> WhisperSTTProvider
    """The shipped Whisper base model, joined into the usual cache folder once and reused."""
    from helpline.providers.stt.whisper import from_settings

    return from_settings(settings=get_settings())


@pytest.fixture(scope="session")
def espeak_tts():  # -> EspeakTTSProvider
    _need_espeak()
    from helpline.providers.tts.espeak import EspeakTTSProvider

    return EspeakTTSProvider()


@pytest.fixture(scope="session")
def speech_tools() -> None:
    _need_espeak()


@pytest.fixture
def make_agent(seeded: Database) -> AgentFactory:
    return agent_factory(seeded, Outbox())
