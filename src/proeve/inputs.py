"""Request input that no parser may see: JSON nested deeper than any request needs, and
batching parameters that are no counts.

Python's JSON decoder recurses once per level; a body like ``[[[[…]]]]`` a few thousand
levels deep ends in a RecursionError (a 500) wherever it is parsed: in plone.restapi's JSON
login plugin while the user is identified, in every service that calls ``json_body``, in
Proeve's own services. So the nesting is measured once, at the start of the request, before
anything parses the body; a body nested too deeply is emptied (nothing after it reads it)
and refused with a 400 once the request is traversed, on every channel.

``b_size``, ``b_start``, ``sort_limit`` and ``limit`` of the query string are read by
plone.restapi's batching of every listing (a folder, @search, @users, …) and by Plone's own
batches; a negative size fails in an assertion, a word in ``int()``. Both are refused here,
once (and in the body of @querystring-search, by its service).
"""

from itertools import accumulate
from proeve import _
from proeve.evidence.limits import JSON_BODY_LIMIT
from proeve.process import BadRequest
from proeve.process import ProcessError
from urllib.parse import unquote_to_bytes
import io
import re


# Far more than a PvB, a candidate or a query of plone.restapi nests (a handful of levels);
# far less than the decoder's recursion allows.
MAX_JSON_DEPTH = 100

BODY_TOO_DEEP = ProcessError(
    "body_too_deep",
    _(
        "error_body_too_deep",
        default="De inhoud is te diep genest (hoogstens ${max} niveaus); er is niets gewijzigd.",
        mapping={"max": MAX_JSON_DEPTH},
    ),
)
REFUSAL = "proeve.body_too_deep"
# Query parameters that count: whole numbers of 0 or more.
COUNTS = ("b_size", "b_start", "sort_limit", "limit")

# Bodies that are never read as JSON: forms (parsed by Zope) and the chunks of a TUS
# upload. Any other body may be: plone.restapi's json_body reads it whatever its type.
NOT_JSON = (
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "application/x-url-encoded",
    "application/offset+octet-stream",
)
JSON_CONTAINER = re.compile(rb"\s*[\[{]")
# A JSON string, escapes included: brackets inside one do not nest.
JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
BRACKETS = b"[]{}"
NOT_BRACKETS = bytes(b for b in range(256) if b not in BRACKETS)
STEP = [0] * 256
STEP[ord("[")] = STEP[ord("{")] = 1
STEP[ord("]")] = STEP[ord("}")] = -1


def json_depth_exceeds(body, limit=MAX_JSON_DEPTH):
    """Whether JSON text (bytes) opens more than ``limit`` arrays/objects inside each other.
    Linear in the body's size and done in C for all but the counting of brackets."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    brackets = JSON_STRING.sub(b"", body).translate(None, NOT_BRACKETS)
    return max(accumulate(map(STEP.__getitem__, brackets)), default=0) > limit


def may_be_json(environ):
    if environ.get("REQUEST_METHOD", "GET").upper() in ("GET", "HEAD"):
        return False
    content_type = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
    return content_type not in NOT_JSON


def check_json_depth(event):
    """IPubStart: measure the nesting of the body and of the query string (which
    plone.restapi's GET @querystring-search parses as JSON) before anything parses them."""
    request = event.request
    environ = request.environ
    query = unquote_to_bytes(environ.get("QUERY_STRING") or "")
    if json_depth_exceeds(query):
        environ["QUERY_STRING"] = ""
        request.other[REFUSAL] = True
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return
    if not 0 < length <= JSON_BODY_LIMIT or not may_be_json(environ):
        return
    stdin = request.stdin
    body = stdin.read(length)
    stdin.seek(0)
    if not JSON_CONTAINER.match(body) or not json_depth_exceeds(body):
        return
    request.stdin = io.BytesIO()
    environ["CONTENT_LENGTH"] = "0"
    request.other[REFUSAL] = True


def refuse_after_traversal(event):
    """IPubAfterTraversal: the refusal decided at the start, as a 400 with its code; a
    batching parameter that is no count."""
    request = event.request
    if request.other.get(REFUSAL):
        raise BadRequest(BODY_TOO_DEEP)
    check_counts(request.form)


def check_counts(parameters):
    """Refuse (a 400 invalid_parameter) a batching parameter that is no count."""
    for name in COUNTS:
        value = parameters.get(name)
        if value is not None and not is_count(value):
            raise BadRequest(
                ProcessError(
                    "invalid_parameter",
                    _(
                        "error_not_a_count",
                        default="${name} moet een geheel getal van 0 of meer zijn.",
                        mapping={"name": name},
                    ),
                    field=name,
                )
            )


def is_count(value):
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value >= 0
    return isinstance(value, str) and value.strip().isdigit() and value.strip().isascii()
