"""What opens the database breaker: a wait that ran out, wherever the driver wrapped it; never an
error the database answered with (a lock wait, a cancelled statement) or a dropped connection."""

import pymysql
import pytest

from helpline.store.db_breaker import ran_out_of_time


def _raised_while_handling(cause: BaseException, error: BaseException) -> BaseException:
    """The error as a driver raises it inside its `except` for the socket's error."""
    try:
        try:
            raise cause
        except OSError:
            raise error  # noqa: B904 - chained implicitly, as PyMySQL does
    except Exception as raised:
        return raised


@pytest.mark.parametrize(
    ("error", "ran_out"),
    [
        (
            _raised_while_handling(
                TimeoutError("timed out"),
                pymysql.err.OperationalError(2013, "Lost connection to MySQL server (timed out)"),
            ),
            True,
        ),
        (
            _raised_while_handling(
                ConnectionResetError("reset by peer"),
                pymysql.err.OperationalError(2013, "Lost connection to MySQL server"),
            ),
            False,
        ),
        (pymysql.err.OperationalError(1205, "Lock wait timeout exceeded"), False),
        (pymysql.err.OperationalError(2003, "Can't connect (Connection refused)"), False),
    ],
    ids=["socket-timeout", "connection-reset", "lock-wait-timeout", "refused"],
)
def test_only_a_wait_that_ran_out_opens_the_breaker(error: BaseException, ran_out: bool) -> None:
    assert ran_out_of_time(error, (TimeoutError,)) is ran_out
