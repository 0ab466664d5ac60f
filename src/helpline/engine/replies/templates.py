"""The offline writer: curated Hinglish templates (replies/templates.yaml) filled from the facts."""

import re
import string
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from helpline.engine.facts import FactKey, Facts
from helpline.engine.packaged import load_yaml
from helpline.engine.replies.base import Address, Reply, ReplyRequest

_BUILTIN = frozenset({"sir", "Sir", "items"})
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:?!)])")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)")
_REPEATED_COMMA = re.compile(r",(\s*,)+")
_LEADING_PUNCT = re.compile(r"^[\s,;:.]+")
_AFTER_STOP_PUNCT = re.compile(r"([.?!])\s*[,;:]\s*")
_SENTENCE_START = re.compile(r"(^|[.?!]\s+)([a-z])")
# A reply part that opens with the honorific, joined after a clause ("verify ho gaya; Sir, ..."),
# goes on in lower case: it is no longer the start of a sentence.
_HONORIFIC_AFTER_CLAUSE = re.compile(r"(;\s+)(Sir|Madam|Ji)\b")
# English templates say "{validity} days", "{days_left} more days"; one of them reads "1 day".
_ONE_DAYS = re.compile(r"\b1 (more )?days\b")


@dataclass(frozen=True, slots=True)
class Template:
    key: FactKey
    purpose: str
    fields: frozenset[str]
    variants: tuple[str, ...]
    item: str | None
    join: str
    # English wording for a customer who writes English; empty: the Hinglish one is said.
    english: tuple[str, ...] = ()
    english_item: str | None = None
    english_join: str | None = None


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _template(key: FactKey, spec: dict[str, Any]) -> Template:
    fields = frozenset(spec.get("fields", []))
    variants = tuple(spec["say"])
    if not variants:
        raise ValueError(f"template {key}: no variants")
    for text in variants:
        unknown = placeholders(text) - fields - _BUILTIN
        if unknown:
            raise ValueError(f"template {key}: {sorted(unknown)} not among its fields")
    return Template(
        key, spec["purpose"], fields, variants, spec.get("item"), spec.get("join", ", ")
    )


def _with_english(template: Template, spec: list[str] | dict[str, Any]) -> Template:
    """The template with its English wording, checked like the Hinglish one."""
    entry: dict[str, Any] = spec if isinstance(spec, dict) else {"say": spec}
    variants = tuple(entry["say"])
    for text in variants:
        unknown = placeholders(text) - template.fields - _BUILTIN
        if unknown:
            raise ValueError(f"English template {template.key}: {sorted(unknown)} not its fields")
    return replace(
        template,
        english=variants,
        english_item=entry.get("item", template.item),
        english_join=entry.get("join", template.join),
    )


@dataclass(frozen=True, slots=True)
class TemplateSet:
    templates: dict[FactKey, Template]
    vocabulary: dict[str, dict[str, str]]
    closings: tuple[str, ...]
    english_vocabulary: dict[str, dict[str, str]] = field(default_factory=dict)


def load_templates(
    data: dict[str, Any] | None = None, english: dict[str, Any] | None = None
) -> TemplateSet:
    """Templates by key, checked: every fact key has one and uses only its declared fields."""
    spec = data if data is not None else load_yaml("replies/templates.yaml")
    en = english if english is not None else load_yaml("replies/templates_en.yaml")
    templates = {FactKey(k): _template(FactKey(k), v) for k, v in spec["templates"].items()}
    missing = [k.value for k in FactKey if k not in templates]
    if missing:
        raise ValueError(f"no templates for: {', '.join(missing)}")
    for name, entry in (en.get("templates") or {}).items():
        key = FactKey(name)
        templates[key] = _with_english(templates[key], entry)
    closings = (*spec.get("closings", ()), *en.get("closings", ()))
    return TemplateSet(
        templates, spec.get("vocabulary", {}), tuple(closings), en.get("vocabulary", {})
    )


def tidy(text: str) -> str:
    """Close the gaps an empty value leaves ("Ji , aapka" -> "Ji, aapka") and capitalise."""
    text = " ".join(text.split())
    text = _EMPTY_BRACKETS.sub("", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _REPEATED_COMMA.sub(",", text)
    text = _AFTER_STOP_PUNCT.sub(r"\1 ", text)
    text = _LEADING_PUNCT.sub("", text)
    text = " ".join(text.split())
    text = _HONORIFIC_AFTER_CLAUSE.sub(lambda m: m.group(1) + m.group(2).lower(), text)
    text = _ONE_DAYS.sub(lambda m: f"1 {m.group(1) or ''}day", text)
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


class TemplateWriter:
    """Fills templates; the variant is chosen from the session and turn, so replays match."""

    name = "template"

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        loaded = load_templates(data)
        self.templates = loaded.templates
        self._vocabulary = loaded.vocabulary
        self._english_vocabulary = loaded.english_vocabulary
        self._closings = loaded.closings

    def purpose(self, key: FactKey) -> str:
        return self.templates[key].purpose

    def write(self, request: ReplyRequest) -> Reply:
        parts = [self.render(f, request) for f in request.facts]
        # Only the last part may end with "anything else?": one closing question per reply.
        for n, part in enumerate(parts[:-1]):
            for closing in self._closings:
                part = part.replace(closing, "")
            parts[n] = part
        return Reply(tidy(" ".join(p for p in parts if p)), self.name)

    def render(self, fact: Facts, request: ReplyRequest) -> str:
        template = self.templates[fact.key]
        missing = template.fields - set(fact.fields)
        if missing:
            raise KeyError(f"facts for {fact.key} lack {sorted(missing)}")
        seed = zlib.crc32(f"{request.session_id}:{request.turn}:{fact.key}".encode())
        english = request.language == "english" and bool(template.english)
        variants = template.english if english else template.variants
        variant = variants[seed % len(variants)]
        vocabulary = self._english_vocabulary if english else self._vocabulary
        values = {**self._words(fact.fields, vocabulary), **_address(request.address)}
        item = template.english_item if english else template.item
        if item is not None:
            join = (template.english_join if english else None) or template.join
            values["items"] = join.join(
                item.format_map(self._words(i, vocabulary)) for i in fact.items
            )
        return variant.format_map(values)

    def _words(
        self, values: Mapping[str, str], vocabulary: dict[str, dict[str, str]]
    ) -> dict[str, str]:
        out = dict(values)
        for name, words in vocabulary.items():
            if name in out:
                out[name] = words.get(out[name], out[name])
        return out


def _address(address: Address) -> dict[str, str]:
    return {"sir": address.honorific, "Sir": address.honorific.capitalize()}
