"""Geschiedenis compares two versions of an assignment field by field (Products.CMFDiffTool,
@@history?one=..&two=..). Its generic field diff cannot compare the work processes, a list
of dicts (a TypeError, so an error page or "no changes"). Proeve's compound diff, registered
with the diff tool and named for the versioned types in diff_tool.xml, compares them as
lines instead: one per work process and one per criterion, so the compare view shows which
criterion changed and how."""

from Products.CMFDiffTool.CMFDiffTool import registerDiffType
from Products.CMFDiffTool.dexteritydiff import DexterityCompoundDiff
from Products.CMFDiffTool.FieldDiff import FieldDiff
from proeve import _
from proeve.content.criteria import IWorkProcessesField
from zope.globalrequest import getRequest
from zope.i18n import translate


def process_line(process):
    message = _(
        "diff_work_process",
        default="Werkproces ${code}: ${title}",
        mapping={"code": process.get("code", ""), "title": process.get("title", "")},
    )
    core_task = process.get("core_task")
    line = translate(message, context=getRequest())
    return f"{core_task} · {line}" if core_task else line


def criterion_line(criterion):
    mapping = {"id": criterion.get("id", ""), "text": criterion.get("text", "")}
    if criterion.get("crucial"):
        message = _("diff_criterion_crucial", default="${id} (cruciaal): ${text}", mapping=mapping)
    else:
        message = _("diff_criterion", default="${id}: ${text}", mapping=mapping)
    return translate(message, context=getRequest())


def work_process_lines(value):
    """The work processes as lines of text, in their order."""
    lines = []
    for process in value or []:
        lines.append(process_line(process))
        lines.extend(criterion_line(c) for c in process.get("criteria") or [])
    return lines


class WorkProcessesDiff(FieldDiff):
    """The work processes compared line by line."""

    meta_type = "Proeve work processes diff"

    def _parseField(self, value, filename=None):
        return work_process_lines(value)


class AssignmentCompoundDiff(DexterityCompoundDiff):
    """Dexterity's compound diff, with the work processes compared line by line."""

    meta_type = "Compound Diff for Proeve assignments"

    def _get_diff_type(self, field):
        if IWorkProcessesField.providedBy(field):
            return WorkProcessesDiff
        return super()._get_diff_type(field)


registerDiffType(AssignmentCompoundDiff)
