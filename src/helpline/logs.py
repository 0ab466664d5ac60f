"""Structured logging with the standard library: JSON or key=value lines, phone numbers masked."""

import json
import logging
import re
import sys
from typing import Any

_PHONE = re.compile(r"(?<!\d)(\+?91[\s-]?|0)?([6-9]\d{1})\d{4}(\d{4})(?!\d)")
_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", None, None)))


def mask_phones(text: str) -> str:
    """Replace every Indian mobile number in text by its masked form."""
    return _PHONE.sub(lambda m: f"{m.group(2)}XXXX{m.group(3)}", text)


class _Formatter(logging.Formatter):
    def __init__(self, *, as_json: bool) -> None:
        super().__init__()
        self.as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
        extra = {k: v for k, v in vars(record).items() if k not in _RESERVED}
        fields: dict[str, Any] = {
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
            **extra,
        }
        if record.exc_info:
            fields["exc"] = self.formatException(record.exc_info)
        if self.as_json:
            line = json.dumps(fields, default=str, ensure_ascii=False)
        else:
            line = " ".join(f"{k}={v}" for k, v in fields.items())
        return mask_phones(line)


def configure_logging(level: str = "INFO", *, as_json: bool = False) -> None:
    """Send helpline's logs to stderr in one structured format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter(as_json=as_json))
    root = logging.getLogger("helpline")
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    root.propagate = False
