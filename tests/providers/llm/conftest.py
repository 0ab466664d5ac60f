from collections.abc import Iterator

import pytest
from llm_fake_server import FakeLLMServer


@pytest.fixture
def fake_llm() -> Iterator[FakeLLMServer]:
    server = FakeLLMServer()
    yield server
    server.close()
