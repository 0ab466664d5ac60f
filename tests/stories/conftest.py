from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_kit import copy_database, seed_into

from helpline.store.db import Database


@pytest.fixture
def story_database(
    request: pytest.FixtureRequest, seeded_file: Path, tmp_path: Path
) -> Iterator[Database]:
    """The demo operator on the backend the story runs on: a SQLite copy, or a fresh MariaDB."""
    backend = request.param
    if backend == "sqlite":
        database = copy_database(seeded_file, tmp_path)
        yield database
        database.dispose()
        return
    url = request.getfixturevalue("mysql_url")
    database = request.getfixturevalue("database_at")(url)  # migrated; disposed by the fixture
    seed_into(database)
    yield database
