"""Checking what a front end printed against the application model it claims to be."""

import json
from typing import TypeVar

from jsonschema import Draft202012Validator
from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def check_printed(model: type[M], text: str, *, every_field: bool = True) -> M:
    """The printed JSON is valid against the model's JSON schema (the one the API documents),
    parses as the model, and has no key the model lacks; with `every_field`, it has all the
    model's fields (the JSON lines that leave out empty fields pass `every_field=False`)."""
    printed = json.loads(text)
    schema = model.model_json_schema(mode="serialization")
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(printed)
    ]
    assert not errors, f"{model.__name__} schema: {errors}"
    parsed = model.model_validate_json(text)
    declared = {name for name, f in model.model_fields.items() if not f.exclude}
    assert set(printed) <= declared, (
        f"keys {model.__name__} does not have: {set(printed) - declared}"
    )
    if every_field:
        assert set(printed) == declared, f"missing: {declared - set(printed)}"
    return parsed
