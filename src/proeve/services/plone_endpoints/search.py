"""plone.restapi's @search, with a query that cannot be run answered as the client's error.

A value the catalog cannot read (a depth or a date that is no number or date, an unknown
index option, a search text that does not parse) fails in plone.restapi's query parsing
or in the catalog itself as a QueryParsingError, ValueError, TypeError, a lookup error or
the text index's ParseError: a 400 invalid_query here, with the technical text as detail.
"""

from plone.restapi.exceptions import QueryParsingError
from plone.restapi.services.search.get import SearchGet
from Products.ZCTextIndex.ParseTree import ParseError
from proeve import _
from proeve.process import BadRequest
from proeve.process import ProcessError


INVALID_QUERY = _(
    "error_invalid_query",
    default="Deze zoekvraag is niet uit te voeren; controleer de parameters.",
)
QUERY_ERRORS = (QueryParsingError, ParseError, ValueError, TypeError, LookupError)


class CheckedSearchGet(SearchGet):
    def reply(self):
        try:
            return super().reply()
        except QUERY_ERRORS as exc:
            # The parsers' and the catalog's own words help; a lookup error's are internals.
            details = {} if isinstance(exc, LookupError) else {"detail": str(exc)}
            raise BadRequest(ProcessError("invalid_query", INVALID_QUERY, **details)) from exc
