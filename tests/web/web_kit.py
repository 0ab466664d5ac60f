"""Helpers for driving the web pages with Streamlit's AppTest."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

WEB = Path(__file__).resolve().parents[2] / "src" / "helpline" / "web"
CUSTOMER = WEB / "pages" / "customer.py"
DASHBOARD = WEB / "pages" / "dashboard.py"
DEMO_PHONE = "9876543210"
TIMEOUT = 120  # a voice turn loads the Whisper model first


def page(path: Path) -> AppTest:
    at = AppTest.from_file(str(path), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def log_in_customer(at: AppTest, phone: str = DEMO_PHONE) -> AppTest:
    at.text_input[0].input(phone)
    at.button[0].click()
    at.run()
    assert not at.exception, at.exception
    return at


def say(at: AppTest, text: str) -> AppTest:
    at.chat_input[0].set_value(text)
    at.run()
    assert not at.exception, at.exception
    return at


def messages(at: AppTest) -> list[tuple[str, str]]:
    """(role, text) of every chat line on the page."""
    return [(m.name, " ".join(x.value for x in m.markdown)) for m in at.chat_message]


def log_in_staff(
    at: AppTest, username: str = "manager", password: str = "helpline-demo"
) -> AppTest:
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click()
    at.run()
    assert not at.exception, at.exception
    return at


def metric(at: AppTest, label: str) -> str:
    (found,) = [m.value for m in at.metric if m.label == label]
    return found
