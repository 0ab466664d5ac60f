"""The analytics' language data (analytics.yaml), loaded once and checked on load."""

from functools import cache
from importlib import resources
from typing import Any

from helpline.yaml_text import parse_yaml

_KEYS = (
    "stopwords",
    "untyped",
    "cluster_distance",
    "recommend_by_type",
    "recommend_by_department",
    "recommend_default",
    "templates",
)
_TEMPLATES = (
    "overview",
    "top",
    "top_alone",
    "resolution",
    "resolution_none",
    "breaching",
    "breaching_none",
    "sentiment",
    "emerging",
    "empty",
    "recommend_breaching",
    "recommend_target",
    "recommend_repeat",
    "recommend_negative",
    "recommend_emerging",
    "recommend_top",
)


@cache
def analytics_data() -> dict[str, Any]:
    """The parsed file; a missing section or template fails here, at first use."""
    text = resources.files("helpline.complaints").joinpath("analytics.yaml").read_text("utf-8")
    data: dict[str, Any] = parse_yaml(text)
    missing = [k for k in _KEYS if k not in data]
    missing += [f"templates.{t}" for t in _TEMPLATES if t not in data.get("templates", {})]
    if missing:
        raise ValueError(f"complaints/analytics.yaml lacks {', '.join(missing)}")
    return data


def template(name: str) -> str:
    return str(analytics_data()["templates"][name])
