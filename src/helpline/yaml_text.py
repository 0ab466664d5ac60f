"""Parsing helpline's own YAML data files, with libyaml when PyYAML was built with it."""

from typing import Any

import yaml

# libyaml's parser reads the data files about ten times faster than the pure-Python one (a
# quarter of a second of every start-up); both build the same plain values, and neither runs
# tags.
SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """The plain values (dicts, lists, strings, numbers) of one YAML document."""
    return yaml.load(text, Loader=SafeLoader)
