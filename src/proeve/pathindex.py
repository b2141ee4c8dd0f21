"""A catalog query limited to the whole site is no query on the path.

plone.restapi's @search adds path=<context> to every query. At the site root that path
holds every object, and the path index answers it with a set of every object in the
catalog (about 150,000 at 50,000 PvBs), which the catalog then intersects with what the
other indexes found: the cost of "my PvBs" grew with the site. Everything in the catalog
lies below the site, so such a path is dropped from the query before it is planned, as long
as another index still restricts it (a query of nothing but the path is left alone).

(An earlier version answered inside the path index with what the other indexes had found;
that only worked when the catalog's query plan asked the path index last.)
"""

from Products.ExtendedPathIndex.ExtendedPathIndex import ExtendedPathIndex
from Products.ZCatalog.query import IndexQuery


def make_query(self, query):
    """Catalog.make_query, without a path that covers the whole site."""
    query = self._old_make_query(query)
    index = self.indexes.get("path")
    if "path" not in query or not isinstance(index, ExtendedPathIndex):
        return query
    if not any(key in self.indexes for key in query if key != "path"):
        return query
    index = self.getIndex("path")
    record = IndexQuery(query, "path", index.query_options, index.operators, index.useOperator)
    if record.keys is not None and everything(index, record):
        query = {key: value for key, value in query.items() if key != "path"}
    return query


def everything(index, record):
    """Whether the path query matches every object the index holds."""
    if record.get("level", 0) != 0 or getattr(record, "depth", -1) != -1:
        return False
    if record.get("navtree", 0) or not record.keys:
        return False
    # The index sits at <site>/portal_catalog/<index>: a path is "everything" if it is
    # the site or above it.
    site = [p for p in index.getPhysicalPath() if p][:-2]
    for path in record.keys:
        if not isinstance(path, str):
            return False
        steps = [p for p in path.split("/") if p]
        if len(steps) > len(site) or steps != site[: len(steps)]:
            return False
    return True
