"""One application object a command opened, handed to the server it starts in the same process.

`helpline web` checks the database before it serves (a missing schema is one line in the
terminal, not an error page); the web app's first visitor then needs the same object. Building it
twice would put a second database check and engine set-up on the path to the first page.
"""

from threading import Lock

from helpline.app.core import Helpline

_lock = Lock()
_held: dict[str, Helpline] = {}


def _key(helpline: Helpline) -> str:
    return helpline.settings.database_url.get_secret_value()


def hold(helpline: Helpline) -> None:
    """Keep `helpline` for the first caller of `take` with the same database in this process."""
    with _lock:
        _held[_key(helpline)] = helpline


def take(database_url: str) -> Helpline | None:
    """The held application on `database_url`, once (the taker owns and closes it); else None."""
    with _lock:
        return _held.pop(database_url, None)
