"""The JSON fields check their values against their schema as jsonschema does, but check the
schema itself once per process, not at every validation (every score PATCH validates)."""

from jsonschema.validators import Draft202012Validator
from proeve.content import json_schemas
from proeve.content.parts import IAssessmentFormSchema
from zope.schema.interfaces import ValidationError
import jsonschema
import pytest


SCORES = IAssessmentFormSchema["scores"]

VALUES = [
    {},
    {"wp1.1": {"result": "satisfied"}},
    {"wp1.1": {"result": None, "justification": "later"}},
    {"wp1.1": {"result": "excellent"}},
    {"wp1.1": {"justification": "no result"}},
    {"wp1.1": {"result": "satisfied", "extra": 1}},
    {"wp1.1": "satisfied"},
    ["not", "an", "object"],
]


@pytest.mark.parametrize("value", VALUES)
def test_the_same_answer_as_jsonschema(value):
    try:
        jsonschema.validate(value, SCORES.json_schema)
        expected = None
    except jsonschema.ValidationError as error:
        expected = error.message
    found = json_schemas.first_error(value, SCORES.json_schema)
    assert (found.message if found is not None else None) == expected


def test_the_scores_field_refuses_what_the_schema_refuses_with_its_message():
    with pytest.raises(ValidationError) as refused:
        SCORES.validate({"wp1.1": {"result": "excellent"}})
    expected = "'excellent' is not one of ['satisfied', 'unsatisfactory', None]"
    assert refused.value.args[0] == expected
    SCORES.validate({"wp1.1": {"result": "satisfied"}})  # no error


def test_a_schema_is_checked_once_not_at_every_validation(monkeypatch):
    checked = []
    original = Draft202012Validator.check_schema.__func__

    def check_schema(cls, schema, *args, **kwargs):
        checked.append(1)
        return original(cls, schema, *args, **kwargs)

    monkeypatch.setattr(Draft202012Validator, "check_schema", classmethod(check_schema))
    json_schemas._validator.cache_clear()
    for _ in range(3):
        SCORES.validate({"wp1.1": {"result": "satisfied"}})
    with pytest.raises(ValidationError):
        SCORES.validate({"wp1.1": {"result": "excellent"}})
    assert len(checked) == 1
