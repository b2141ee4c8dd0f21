"""plone.restapi's @search and @querystring-search, with a query that cannot be run
answered as the client's error.

A value the catalog cannot read (a depth or a date that is no number or date, an unknown
index option, a search text that does not parse) fails in plone.restapi's query parsing
or in the catalog itself as a QueryParsingError, ValueError, TypeError, a lookup error or
the text index's ParseError (and @querystring-search's query of another JSON type than a
list of criteria as a TypeError): a 400 invalid_query here, with the technical text as
detail.
"""

from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.exceptions import QueryParsingError
from plone.restapi.search.utils import unflatten_dotted_dict
from plone.restapi.services.querystringsearch.get import QuerystringSearchGet
from plone.restapi.services.querystringsearch.get import QuerystringSearchPost
from plone.restapi.services.search.get import SearchGet
from Products.ZCTextIndex.ParseTree import ParseError
from proeve import _
from proeve.inputs import check_counts
from proeve.process import BadRequest
from proeve.process import ProcessError
from urllib.parse import unquote
import json


INVALID_QUERY = _(
    "error_invalid_query",
    default="Deze zoekvraag is niet uit te voeren; controleer de parameters.",
)
QUERY_ERRORS = (QueryParsingError, ParseError, ValueError, TypeError, LookupError)


class CheckedQuery:
    """A search service whose query errors are the client's."""

    def reply(self):
        try:
            return super().reply()
        except QUERY_ERRORS as exc:
            # The parsers' and the catalog's own words help; a lookup error's are internals.
            details = {} if isinstance(exc, LookupError) else {"detail": str(exc)}
            raise BadRequest(ProcessError("invalid_query", INVALID_QUERY, **details)) from exc


class CheckedSearchGet(CheckedQuery, SearchGet):
    """plone.restapi cleans the search text as a string (given twice it is a list, with
    an option such as SearchableText.query a dict)."""

    def reply(self):
        query = unflatten_dotted_dict(self.request.form.copy())
        if not isinstance(query.get("SearchableText", ""), str):
            raise BadRequest(ProcessError("invalid_query", INVALID_QUERY, field="SearchableText"))
        return super().reply()


class CheckedQuerystringSearchPost(CheckedQuery, QuerystringSearchPost):
    """The batching of @querystring-search comes from the body: counts there too."""

    def reply(self):
        try:
            data = json_body(self.request)
        except DeserializationError:
            data = {}  # plone.restapi answers it
        check_counts(data)
        return super().reply()


class CheckedQuerystringSearchGet(CheckedQuery, QuerystringSearchGet):
    """The same, with the body given as the query parameter "query"."""

    def reply(self):
        raw = self.request.form.get("query", "{}")
        if not isinstance(raw, str):  # given twice, or as query:list
            raise BadRequest(ProcessError("invalid_query", INVALID_QUERY))
        try:
            data = json.loads(unquote(raw))
        except ValueError:
            data = {}  # plone.restapi answers it
        check_counts(data if isinstance(data, dict) else {})
        return super().reply()
