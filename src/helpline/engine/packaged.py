"""Reading the YAML data shipped inside the engine package, once per file."""

from functools import cache
from importlib.resources import files
from typing import Any

import yaml


@cache
def load_yaml(relative: str) -> Any:
    """Parse a YAML file under helpline/engine/ (e.g. 'data/followups.yaml')."""
    resource = files("helpline.engine").joinpath(relative)
    return yaml.safe_load(resource.read_text(encoding="utf-8"))
