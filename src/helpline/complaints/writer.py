"""LLM prose for a summary, accepted only when every number in it is one of the real figures."""

import json
import logging
import re
from collections.abc import Iterable
from typing import Any

from helpline.complaints.summary import Emerging, Figures, Issue, Timeline
from helpline.providers.llm import ChatMessage, LLMError, LLMProvider, Prompt

log = logging.getLogger(__name__)

SYSTEM = (
    "You write a short brief on customer complaints for a telecom operator's managers, in plain "
    "English. Use only the figures in the data; never invent or compute a new number, and write "
    "every number exactly as the data gives it. Answer in exactly this form:\n"
    "EXECUTIVE: <3 or 4 sentences>\n"
    "RECOMMENDATIONS:\n- <action>\n- <action>\n(at most 5 actions)"
)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def payload(
    figures: Figures, issues: tuple[Issue, ...], timeline: Timeline, emerging: tuple[Emerging, ...]
) -> dict[str, Any]:
    """What the LLM sees: the figures and groups, never a customer's number or name."""
    return {
        "figures": figures.model_dump(mode="json"),
        "top_issues": [
            i.model_dump(mode="json", exclude={"examples", "words"}) for i in issues[:8]
        ],
        "timeline": timeline.model_dump(mode="json"),
        "emerging": [e.model_dump(mode="json") for e in emerging],
        "targets_hours": {"HIGH": 24, "MEDIUM": 72, "LOW": 168},
    }


def llm_prose(
    llm: LLMProvider, data: dict[str, Any], *, timeout_s: float
) -> tuple[str, tuple[str, ...]] | None:
    """(executive, recommendations) from the LLM, or None when it fails or is not grounded."""
    prompt = Prompt(
        system=SYSTEM,
        messages=(ChatMessage("user", json.dumps(data, ensure_ascii=False)),),
        temperature=0.2,
        max_tokens=500,
    )
    try:
        text = llm.complete(prompt, timeout_s=timeout_s)
    except LLMError as exc:
        log.warning("summary LLM failed, using templates: %s", exc)
        return None
    parsed = parse(text)
    if parsed is None:
        log.warning("summary LLM answered out of form, using templates")
        return None
    executive, actions = parsed
    unsupported = ungrounded(" ".join([executive, *actions]), allowed_numbers(data))
    if unsupported:
        log.warning("summary LLM used numbers not in the figures %s, using templates", unsupported)
        return None
    return executive, actions


def parse(text: str) -> tuple[str, tuple[str, ...]] | None:
    head, sep, tail = text.partition("RECOMMENDATIONS:")
    executive = head.replace("EXECUTIVE:", "", 1).strip()
    actions = tuple(
        line.strip().lstrip("-*• ").strip() for line in tail.splitlines() if line.strip()
    )
    if not sep or not executive or not actions:
        return None
    return executive, actions[:5]


def allowed_numbers(data: Any) -> set[float]:
    """Every number in the data, with the roundings a writer may fairly use (1 decimal, whole)."""
    out: set[float] = set()
    for value in _leaves(data):
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            out |= {float(value), round(float(value), 1), float(round(value))}
            if isinstance(value, float) and value >= 48:  # hours may be told as days
                out |= {round(value / 24, 1), float(round(value / 24))}
        elif isinstance(value, str):
            out |= {_as_number(n) for n in _NUMBER.findall(value)}
    return out


def ungrounded(text: str, allowed: set[float]) -> list[str]:
    return [n for n in _NUMBER.findall(text) if _as_number(n) not in allowed]


def _as_number(token: str) -> float:
    return float(token.replace(",", ""))


def _leaves(data: Any) -> Iterable[Any]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _leaves(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from _leaves(value)
    else:
        yield data
