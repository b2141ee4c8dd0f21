"""The work processes of an assignment with their criteria: one field that checks them and
says in Dutch which work process or criterion is wrong, on the form and over REST.

The value is a list of work processes, each {"core_task"?, "code", "title", "criteria"}, and
each criterion {"id", "text", "crucial"?}."""

from plone.schema import JSONField
from plone.schema.jsonfield import IJSONField
from proeve import _
from proeve.content.validation import FieldError
from zope.interface import implementer
import json
import jsonschema


# Work processes with their criteria, grouped by core task.
WORK_PROCESSES_SCHEMA = json.dumps(
    {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["code", "title", "criteria"],
            "additionalProperties": False,
            "properties": {
                "core_task": {"type": "string", "maxLength": 40},
                "code": {"type": "string", "minLength": 1, "maxLength": 40},
                "title": {"type": "string", "minLength": 1, "maxLength": 300},
                "criteria": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["id", "text"],
                        "additionalProperties": False,
                        "properties": {
                            "id": {"type": "string", "minLength": 1, "maxLength": 40},
                            "text": {"type": "string", "minLength": 1, "maxLength": 2000},
                            "crucial": {"type": "boolean"},
                        },
                    },
                },
            },
        },
    }
)

PROCESS_KEYS = {"core_task", "code", "title", "criteria"}
CRITERION_KEYS = {"id", "text", "crucial"}
LIMITS = {"core_task": 40, "code": 40, "title": 300, "id": 40, "text": 2000}


def refuse(msgid, default, **mapping):
    raise FieldError(_(msgid, default=default, mapping=mapping))


def text_of(item, key):
    value = item.get(key, "")
    return value.strip() if isinstance(value, str) else None


def check_length(item, key, where):
    value = item.get(key)
    if isinstance(value, str) and len(value) > LIMITS[key]:
        refuse(
            "error_wp_too_long",
            default="${where}: ${field} is langer dan ${limit} tekens.",
            where=where,
            field=key,
            limit=LIMITS[key],
        )


def check_criterion(criterion, number, process_code, seen):
    place = f"{number} van werkproces {process_code}"
    if not isinstance(criterion, dict) or set(criterion) - CRITERION_KEYS:
        refuse(
            "error_criterion_shape",
            default="Criterium ${place} heeft niet de vorm {id, text, crucial}.",
            place=place,
        )
    code = text_of(criterion, "id")
    if not code:
        refuse(
            "error_criterion_no_code", default="Criterium ${place} heeft geen code.", place=place
        )
    if not text_of(criterion, "text"):
        refuse(
            "error_criterion_no_text", default="Criterium ${id} heeft geen omschrijving.", id=code
        )
    if not isinstance(criterion.get("crucial", False), bool):
        refuse(
            "error_criterion_crucial",
            default="Criterium ${id}: cruciaal is ja of nee (true of false).",
            id=code,
        )
    for key in ("id", "text"):
        check_length(criterion, key, f"Criterium {code}")
    if code in seen:
        refuse(
            "error_duplicate_criterion", default="Criterium ${id} staat er twee keer in.", id=code
        )
    seen.add(code)


def check_process(process, number, seen_processes, seen_criteria):
    if not isinstance(process, dict) or set(process) - PROCESS_KEYS:
        refuse(
            "error_wp_shape",
            default="Werkproces ${number} heeft niet de vorm {core_task, code, title, criteria}.",
            number=number,
        )
    code = text_of(process, "code")
    if not code:
        refuse("error_wp_no_code", default="Werkproces ${number} heeft geen code.", number=number)
    if code in seen_processes:
        refuse("error_wp_duplicate", default="Werkproces ${code} staat er twee keer in.", code=code)
    seen_processes.add(code)
    if not text_of(process, "title"):
        refuse("error_wp_no_title", default="Werkproces ${code} heeft geen titel.", code=code)
    if text_of(process, "core_task") is None:
        refuse("error_wp_core_task", default="Werkproces ${code}: de kerntaak is tekst.", code=code)
    for key in ("core_task", "code", "title"):
        check_length(process, key, f"Werkproces {code}")
    criteria = process.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        refuse("error_wp_no_criteria", default="Werkproces ${code} heeft geen criteria.", code=code)
    for index, criterion in enumerate(criteria, start=1):
        check_criterion(criterion, index, code, seen_criteria)


def check_work_processes(value):
    """Raise a FieldError naming the first work process or criterion that is wrong."""
    if not isinstance(value, list):
        refuse(
            "error_wp_not_list",
            default='De werkprocessen zijn een lijst: [{"code": ..., "title": ..., '
            '"criteria": [...]}].',
        )
    seen_processes, seen_criteria = set(), set()
    for index, process in enumerate(value, start=1):
        check_process(process, index, seen_processes, seen_criteria)


def parse_work_processes(text):
    """The posted text (JSON) as a list; a FieldError that says where it breaks off."""
    if not (text or "").strip():
        return []
    try:
        return json.loads(text)
    except ValueError as exc:
        refuse(
            "error_wp_json",
            default="De werkprocessen zijn niet te lezen (regel ${line}, teken ${column}). "
            "Controleer haakjes en aanhalingstekens.",
            line=getattr(exc, "lineno", "?"),
            column=getattr(exc, "colno", "?"),
        )


class IWorkProcessesField(IJSONField):
    """Work processes with their criteria (Proeve's editor is their widget)."""


@implementer(IWorkProcessesField)
class WorkProcesses(JSONField):
    def __init__(self, **kw):
        kw.setdefault("schema", WORK_PROCESSES_SCHEMA)
        super().__init__(**kw)

    def _validate(self, value):
        super(JSONField, self)._validate(value)
        check_work_processes(value)
        # What the checks above let through, the schema still refuses (in one message).
        try:
            jsonschema.validate(value, self.json_schema)
        except jsonschema.ValidationError:
            refuse(
                "error_wp_invalid",
                default="De werkprocessen hebben niet de afgesproken vorm "
                "(zie de API-documentatie).",
            )

    def fromUnicode(self, value):
        parsed = parse_work_processes(value)
        self.validate(parsed)
        return parsed


def work_processes_field(**kw):
    return WorkProcesses(
        title=_("label_work_processes", default="Werkprocessen en beoordelingscriteria"),
        description=_(
            "help_work_processes",
            default="Per werkproces een code, een titel en de criteria; vink aan welke criteria "
            "cruciaal zijn. De kerntaak alleen als de kwalificatie die indeelt.",
        ),
        default=[],
        required=False,
        **kw,
    )
