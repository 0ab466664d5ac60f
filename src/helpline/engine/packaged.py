"""Reading the YAML data shipped inside the engine package, once per file."""

from functools import cache
from importlib.resources import files
from typing import Any

from helpline.yaml_text import parse_yaml


@cache
def load_yaml(relative: str) -> Any:
    """Parse a YAML file under helpline/engine/ (e.g. 'data/followups.yaml')."""
    resource = files("helpline.engine").joinpath(relative)
    return parse_yaml(resource.read_text(encoding="utf-8"))
