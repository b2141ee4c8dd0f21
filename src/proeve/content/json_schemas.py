"""JSON fields' schemas, checked once per process rather than at every validation.

`jsonschema.validate` checks the schema itself before it checks the value. For the scores of
an assessment form, which every score PATCH validates, that check was 3 of the 5 ms the
validation took in process (benchmarks/README.md, "Issue 22, goal 1: the score PATCH").
"""

from functools import lru_cache
from jsonschema import exceptions
from jsonschema.validators import validator_for
import json


@lru_cache(maxsize=32)
def _validator(schema_text):
    schema = json.loads(schema_text)
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def first_error(value, schema):
    """The error `jsonschema.validate(value, schema)` would raise (its best match), or None."""
    validator = _validator(json.dumps(schema, sort_keys=True))
    return exceptions.best_match(validator.iter_errors(value))
