"""Customer text as the database can keep it: no NUL or other C0 control characters."""

import re
from typing import Any

# PostgreSQL refuses NUL in text and JSON; the other C0 controls only corrupt what a manager
# reads. Newline and tab are kept: customers write them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def clean_text(text: str) -> str:
    """text without C0 control characters other than newline and tab."""
    return _CONTROL.sub("", text)


def clean_json(value: Any) -> Any:
    """A JSON value (lists, dicts, strings) with every string and key cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return [clean_json(v) for v in value]
    if isinstance(value, dict):
        return {clean_json(k): clean_json(v) for k, v in value.items()}
    return value
