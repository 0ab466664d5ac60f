"""What helpline's log lines may carry: no crash on any field name, no phone, name or message."""

import io
import json
import logging
import sys
import uuid
from collections.abc import Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helpline.logs import configure_logging, mask_phones


@pytest.fixture
def lines(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """helpline's log lines, parsed; a logging error (printed to stderr) fails the test."""
    monkeypatch.setattr(logging, "raiseExceptions", True)
    stream, errors = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", errors)
    configure_logging("DEBUG", as_json=True)
    logging.getLogger("helpline").handlers[0].setStream(stream)  # type: ignore[attr-defined]

    def read() -> list[dict[str, object]]:
        assert "Logging error" not in errors.getvalue(), errors.getvalue()
        return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]

    yield read
    root = logging.getLogger("helpline")
    root.handlers.clear()
    root.propagate = True
    root.setLevel(logging.NOTSET)


def test_a_reserved_name_in_extra_is_renamed_not_raised(lines) -> None:
    log = logging.getLogger("helpline.test.reserved")
    log.info("filed", extra={"created": True, "message": "x", "name": "n", "ticket": 7})
    (line,) = lines()
    assert line["created_"] is True and line["ticket"] == 7
    assert line["event"] == "filed"


def test_log_extra_renames_only_clashing_keys() -> None:
    from helpline.logs import log_extra

    assert log_extra(created=1, ticket=2) == {"created_": 1, "ticket": 2}


def test_customer_text_is_logged_only_as_its_length_above_debug(lines) -> None:
    log = logging.getLogger("helpline.test.text")
    said = "mera naam Rahul Sharma hai, number 9876543210"
    log.info("heard", extra={"raw_text": said, "customer_name": "Rahul Sharma"})
    log.debug("heard", extra={"raw_text": said})
    info, debug = lines()
    assert info["raw_text"] == f"<{len(said)} chars>"
    assert info["customer_name"] == "R. S."
    assert "Rahul" not in json.dumps(info)
    assert "9876543210" not in json.dumps(debug) and "98XXXX3210" in debug["raw_text"]


_MOBILE = st.from_regex(r"[6-9][0-9]{9}", fullmatch=True)


@st.composite
def session_ids(draw: st.DrawFn) -> str:
    """uuid4().hex, often with a 10-digit run starting 6-9 inside it (1.5 % of real ids)."""
    hexid = uuid.UUID(int=draw(st.integers(0, 2**128 - 1)), version=4).hex
    if draw(st.booleans()):
        run, at = draw(_MOBILE), draw(st.integers(0, 22))
        hexid = hexid[:at] + run + hexid[at + 10 :]
    return hexid


@settings(max_examples=300)
@given(session_ids())
def test_masking_never_touches_a_session_id(hexid: str) -> None:
    for line in (hexid, f"session_id={hexid} phone=98XXXX3210", json.dumps({"id": hexid})):
        assert mask_phones(line) == line


@given(st.uuids(version=4))
# "-9193-4015-9904-" reads as +91 93401 59904 when the hyphens around it are not seen as joins.
@example(uuid.UUID("7ffaa81d-9193-4015-9904-de829d84ee4c"))
def test_masking_never_touches_a_random_uuid(value: uuid.UUID) -> None:
    assert mask_phones(f"session {value.hex} {value}") == f"session {value.hex} {value}"


@given(_MOBILE, st.sampled_from(["", "+91 ", "+91-", "0", "91"]), st.sampled_from([" ", ": ", "="]))
def test_masking_hides_every_real_number_in_text(number: str, prefix: str, sep: str) -> None:
    masked = mask_phones(f"caller{sep}{prefix}{number} said hi")
    assert number not in masked and f"{number[:2]}XXXX{number[-4:]}" in masked


def test_echo_and_errors_never_carry_sql_parameters(tmp_path) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from helpline.config import Settings
    from helpline.store.db import open_database

    database = open_database(Settings(database_url=f"sqlite:///{tmp_path / 'p.db'}"))
    with database.engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (name TEXT PRIMARY KEY)"))
        conn.execute(text("INSERT INTO t VALUES (:n)"), {"n": "Rahul Sharma"})
    with pytest.raises(IntegrityError) as failed, database.engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (:n)"), {"n": "Rahul Sharma"})
    assert "Rahul" not in str(failed.value)
    database.dispose()
