"""The web app's entry point: both pages reachable from one navigation, the chat first."""

from streamlit.testing.v1 import AppTest
from web_kit import TIMEOUT, WEB


def test_the_app_opens_on_the_chat_and_reaches_the_dashboard(web_url: str) -> None:
    at = AppTest.from_file(str(WEB / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    assert "Customer support" in at.title[0].value
    at.switch_page(str(WEB / "pages" / "dashboard.py"))
    at.run()
    assert not at.exception, at.exception
    assert "Manager dashboard" in at.title[0].value
