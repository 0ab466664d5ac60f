"""An application object on the seeded demo database of each test."""

from collections.abc import Callable, Iterator

import pytest

from helpline.app import Helpline
from helpline.config import Settings
from helpline.store.db import Database


def settings_for(url: str) -> Settings:
    return Settings(database_url=url, redis_url=None, otp="off", llm="template")


@pytest.fixture
def helpline(seeded: Database) -> Iterator[Helpline]:
    app = Helpline(settings_for(str(seeded.engine.url)))
    yield app
    app.close()


@pytest.fixture
def helpline_at() -> Iterator[Callable[[str], Helpline]]:
    """Build an application object on any database URL; closed at the end of the test."""
    made: list[Helpline] = []

    def build(url: str) -> Helpline:
        made.append(Helpline(settings_for(url)))
        return made[-1]

    yield build
    for app in made:
        app.close()
