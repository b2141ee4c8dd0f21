"""JSON errors with a stable machine-readable code and a translated message."""

from zope.i18n import translate


def error(request, status, code, message, field=None):
    request.response.setStatus(status)
    body = {"type": "BadRequest" if status == 400 else "Error", "code": code}
    body["message"] = translate(message, context=request)
    if field:
        body["field"] = field
    return {"error": body}
