"""The work processes of an assignment with their criteria: one field that checks them and
says in Dutch which work process or criterion is wrong, on the form and over REST.

The value is a list of work processes, each {"core_task"?, "code", "title", "criteria"}, and
each criterion {"id", "text", "crucial"?}."""

from plone.schema import JSONField
from plone.schema.jsonfield import IJSONField
from proeve import _
from proeve.content.json_schemas import first_error
from proeve.content.validation import FieldError
from zope.interface import implementer
import json


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


def refuse(message):
    raise FieldError(message)


def text_of(item, key):
    value = item.get(key, "")
    return value.strip() if isinstance(value, str) else None


def too_long(item, keys):
    """The first of keys whose text is longer than its limit, with the limit."""
    for key in keys:
        value = item.get(key)
        if isinstance(value, str) and len(value) > LIMITS[key]:
            return {"field": key, "limit": LIMITS[key]}
    return None


def check_criterion(criterion, number, process_code, seen):
    place = {"number": number, "process": process_code}
    if not isinstance(criterion, dict) or set(criterion) - CRITERION_KEYS:
        refuse(
            _(
                "error_criterion_shape",
                default="Criterium ${number} van werkproces ${process} heeft niet de vorm "
                "{id, text, crucial}.",
                mapping=place,
            )
        )
    code = text_of(criterion, "id")
    if not code:
        refuse(
            _(
                "error_criterion_no_code",
                default="Criterium ${number} van werkproces ${process} heeft geen code.",
                mapping=place,
            )
        )
    if not text_of(criterion, "text"):
        refuse(
            _(
                "error_criterion_no_text",
                default="Criterium ${id} heeft geen omschrijving.",
                mapping={"id": code},
            )
        )
    if not isinstance(criterion.get("crucial", False), bool):
        refuse(
            _(
                "error_criterion_crucial",
                default="Criterium ${id}: cruciaal is ja of nee (true of false).",
                mapping={"id": code},
            )
        )
    long = too_long(criterion, ("id", "text"))
    if long:
        refuse(
            _(
                "error_criterion_too_long",
                default="Criterium ${id}: ${field} is langer dan ${limit} tekens.",
                mapping={"id": code, **long},
            )
        )
    if code in seen:
        refuse(
            _(
                "error_duplicate_criterion",
                default="Criterium ${id} staat er twee keer in.",
                mapping={"id": code},
            )
        )
    seen.add(code)


def check_process(process, number, seen_processes, seen_criteria):
    if not isinstance(process, dict) or set(process) - PROCESS_KEYS:
        refuse(
            _(
                "error_wp_shape",
                default="Werkproces ${number} heeft niet de vorm "
                "{core_task, code, title, criteria}.",
                mapping={"number": number},
            )
        )
    code = text_of(process, "code")
    if not code:
        refuse(
            _(
                "error_wp_no_code",
                default="Werkproces ${number} heeft geen code.",
                mapping={"number": number},
            )
        )
    if code in seen_processes:
        refuse(
            _(
                "error_wp_duplicate",
                default="Werkproces ${code} staat er twee keer in.",
                mapping={"code": code},
            )
        )
    seen_processes.add(code)
    if not text_of(process, "title"):
        refuse(
            _(
                "error_wp_no_title",
                default="Werkproces ${code} heeft geen titel.",
                mapping={"code": code},
            )
        )
    if text_of(process, "core_task") is None:
        refuse(
            _(
                "error_wp_core_task",
                default="Werkproces ${code}: de kerntaak is tekst.",
                mapping={"code": code},
            )
        )
    long = too_long(process, ("core_task", "code", "title"))
    if long:
        refuse(
            _(
                "error_wp_too_long",
                default="Werkproces ${code}: ${field} is langer dan ${limit} tekens.",
                mapping={"code": code, **long},
            )
        )
    criteria = process.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        refuse(
            _(
                "error_wp_no_criteria",
                default="Werkproces ${code} heeft geen criteria.",
                mapping={"code": code},
            )
        )
    for index, criterion in enumerate(criteria, start=1):
        check_criterion(criterion, index, code, seen_criteria)


def check_work_processes(value):
    """Raise a FieldError naming the first work process or criterion that is wrong."""
    if not isinstance(value, list):
        refuse(
            _(
                "error_wp_not_list",
                default='De werkprocessen zijn een lijst: [{"code": ..., "title": ..., '
                '"criteria": [...]}].',
            )
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
            _(
                "error_wp_json",
                default="De werkprocessen zijn niet te lezen (regel ${line}, teken ${column}). "
                "Controleer haakjes en aanhalingstekens.",
                mapping={"line": getattr(exc, "lineno", "?"), "column": getattr(exc, "colno", "?")},
            )
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
        if first_error(value, self.json_schema) is not None:
            refuse(
                _(
                    "error_wp_invalid",
                    default="De werkprocessen hebben niet de afgesproken vorm "
                    "(zie de API-documentatie).",
                )
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
