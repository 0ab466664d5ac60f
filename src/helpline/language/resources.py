"""Reading the YAML files shipped in `helpline/language/data`, with checks at load time."""

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

from helpline.yaml_text import parse_yaml


class LanguageDataError(ValueError):
    """A data file of the language layer is malformed; the message names the file and the entry."""


@cache
def load_yaml(relative: str) -> Any:
    """Parse one data file (path relative to the package's `data` folder); cached per process."""
    node = resources.files("helpline.language").joinpath("data", *relative.split("/"))
    try:
        return parse_yaml(node.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LanguageDataError(f"{relative}: {exc}") from exc


def list_data(folder: str) -> list[str]:
    """Relative paths of the YAML files in a data sub-folder, sorted."""
    node = resources.files("helpline.language").joinpath("data", folder)
    return sorted(
        f"{folder}/{child.name}" for child in node.iterdir() if child.name.endswith(".yaml")
    )


def expect_mapping(value: Any, where: str) -> Mapping[str, Any]:
    """Return `value` if it is a mapping with string keys, else raise LanguageDataError."""
    if not isinstance(value, Mapping):
        raise LanguageDataError(f"{where}: expected a mapping, got {type(value).__name__}")
    for key in value:
        if not isinstance(key, str | int | float):
            raise LanguageDataError(f"{where}: key {key!r} is not a string")
    return value


def expect_strings(value: Any, where: str) -> list[str]:
    """Return `value` as a list of non-empty strings, else raise LanguageDataError."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise LanguageDataError(f"{where}: expected a list, got {type(value).__name__}")
    out: list[str] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise LanguageDataError(f"{where}: {item!r} is not a string")
        text = str(item).strip()
        if not text:
            raise LanguageDataError(f"{where}: empty string")
        out.append(text)
    return out


def expect_number(value: Any, where: str) -> float:
    """Return `value` as a float, else raise LanguageDataError."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise LanguageDataError(f"{where}: {value!r} is not a number")
    try:
        return float(value)
    except ValueError as exc:
        raise LanguageDataError(f"{where}: {value!r} is not a number") from exc
