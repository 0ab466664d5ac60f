"""Structured logging with the standard library: JSON or key=value lines, personal data masked."""

import json
import logging
import sys
from collections.abc import Mapping
from typing import Any

from helpline.phone import mask_phones_in

_RESERVED = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
}
# Fields that may carry what a customer said: above DEBUG only their length is written.
_CUSTOMER_TEXT = frozenset(
    {"text", "line", "raw_text", "user_input", "message_text", "description", "transcript"}
)
# Fields that carry a person's name: only the initials are written.
_NAMES = frozenset({"name", "customer_name", "first_name"})
# SQLAlchemy's statement logger: echo goes through our handler (stderr), never its stdout one.
_SQL_LOGGER = "sqlalchemy.engine"


def mask_phones(text: str) -> str:
    """Replace every Indian mobile number in text by its masked form."""
    return mask_phones_in(text)


def mask_name(name: str) -> str:
    """'Rahul Sharma' -> 'R. S.': enough to tell two callers apart, not to identify one."""
    return " ".join(f"{part[0]}." for part in str(name).split() if part)


def log_extra(**fields: Any) -> dict[str, Any]:
    """`extra` for a log call; a name logging keeps for itself gets a trailing underscore."""
    return {(f"{k}_" if k in _RESERVED else k): v for k, v in fields.items()}


class _SafeLogger(logging.Logger):
    """A logger for which a clashing `extra` key is renamed instead of raising mid-turn."""

    def makeRecord(
        self,
        name: str,
        level: int,
        fn: str,
        lno: int,
        msg: object,
        args: Any,
        exc_info: Any,
        func: str | None = None,
        extra: Mapping[str, object] | None = None,
        sinfo: str | None = None,
    ) -> logging.LogRecord:
        safe = log_extra(**extra) if extra else None
        return super().makeRecord(name, level, fn, lno, msg, args, exc_info, func, safe, sinfo)


def _redact(key: str, value: Any, level: int) -> Any:
    if key in _CUSTOMER_TEXT and level > logging.DEBUG and isinstance(value, str):
        return f"<{len(value)} chars>"
    if key in _NAMES and isinstance(value, str):
        return mask_name(value)
    return value


class _Formatter(logging.Formatter):
    def __init__(self, *, as_json: bool) -> None:
        super().__init__()
        self.as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
        extra = {
            k: _redact(k, v, record.levelno) for k, v in vars(record).items() if k not in _RESERVED
        }
        try:
            event = record.getMessage()
        except (TypeError, ValueError):
            # A message whose %-arguments do not fit is still written, not lost.
            event = f"{record.msg} {record.args!r}"
        fields: dict[str, Any] = {
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": event,
            **extra,
        }
        if record.exc_info:
            fields["exc"] = self.formatException(record.exc_info)
        if self.as_json:
            line = json.dumps(fields, default=str, ensure_ascii=False)
        else:
            line = " ".join(f"{k}={v}" for k, v in fields.items())
        return mask_phones(line)


def _make_safe(logger: logging.Logger) -> None:
    if type(logger) is logging.Logger:
        # Same state, one overridden method: loggers made at import time become safe too.
        logger.__class__ = _SafeLogger


def configure_logging(level: str = "INFO", *, as_json: bool = False) -> None:
    """Send helpline's logs to stderr in one structured format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter(as_json=as_json))
    if logging.getLoggerClass() is logging.Logger:
        logging.setLoggerClass(_SafeLogger)
    for name in list(logging.root.manager.loggerDict):
        if name == "helpline" or name.startswith("helpline."):
            _make_safe(logging.getLogger(name))
    root = logging.getLogger("helpline")
    _make_safe(root)
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    root.propagate = False


def enable_sql_echo() -> None:
    """Write every SQL statement through helpline's handler: stderr, numbers masked.

    SQLAlchemy's own `echo=True` adds a handler on stdout, where `chat --json` writes replies.
    """
    handlers = list(logging.getLogger("helpline").handlers)
    if not handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_Formatter(as_json=False))
        handlers = [handler]
    sql = logging.getLogger(_SQL_LOGGER)
    sql.handlers[:] = handlers
    sql.setLevel(logging.INFO)
    sql.propagate = False
