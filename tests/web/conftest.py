"""Web fixtures: a seeded demo database with the demo staff, served by the Streamlit pages under
Streamlit's own test harness (AppTest), which runs a page script in this process."""

import shutil
from collections.abc import Callable, Iterator

import pytest
import streamlit as st
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from web_kit import CUSTOMER, DASHBOARD, page

from helpline.app import Helpline
from helpline.config import Settings
from helpline.store.db import Database


@pytest.fixture
def web_url(seeded: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The seeded demo operator (with the demo staff) as the pages' configured database."""
    url = seeded.engine.url.render_as_string(hide_password=False)
    with Helpline(Settings(database_url=url)) as helpline:
        helpline.staff.ensure_demo()
    monkeypatch.setenv("HELPLINE_DATABASE_URL", url)
    monkeypatch.setenv("HELPLINE_OTP", "off")
    monkeypatch.delenv("HELPLINE_API_URL", raising=False)
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()


@pytest.fixture
def helpline(web_url: str) -> Iterator[Helpline]:
    """The application on the same database, to check what the pages wrote."""
    with Helpline(Settings(database_url=web_url)) as app:
        yield app


@pytest.fixture
def customer(web_url: str) -> Callable[[], AppTest]:
    return lambda: page(CUSTOMER)


@pytest.fixture
def dashboard(web_url: str) -> Callable[[], AppTest]:
    return lambda: page(DASHBOARD)


@pytest.fixture(scope="session")
def speech_tools() -> None:
    if shutil.which("espeak-ng") is None or shutil.which("sox") is None:
        pytest.fail("espeak-ng and sox are needed: run `make system-deps`")


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[bytes, str]]]:
    """What download buttons hand the browser: Streamlit's media store, listened to."""
    kept: list[tuple[bytes, str]] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):  # type: ignore[no-untyped-def]
        if isinstance(path_or_data, bytes):
            kept.append((path_or_data, mimetype))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    yield kept
