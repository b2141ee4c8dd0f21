"""The catalog's path index: a query limited to the whole site is no query on the path.

plone.restapi's @search adds path=<context> to every query. At the site root that path
holds every object, and the path index answers it with a set of every object in the
catalog (about 150,000 at 50,000 PvBs), which the catalog then intersects with what the
other indexes found: the cost of "my PvBs" grew with the site. Everything in the catalog
lies below the site, so such a path is dropped from the query before it is planned, as long
as another index still restricts it (a query of nothing but the path is left alone).

This is ZCatalog's own hook for rewriting a query: Catalog.make_query hands the query to
every index that provides ITransposeQuery. The site's "path" index is a `SitePathIndex`
(installed by the profile and upgrade step 1013, its data kept); it indexes exactly as
ExtendedPathIndex does and keeps its meta_type, so Plone's catalog.xml leaves it alone.
"""

from Acquisition import aq_base
from Products.CMFCore.utils import getToolByName
from Products.ExtendedPathIndex.ExtendedPathIndex import ExtendedPathIndex
from Products.PluginIndexes.interfaces import ITransposeQuery
from Products.ZCatalog.query import IndexQuery
from zope.interface import implementer


INDEX_ID = "path"


@implementer(ITransposeQuery)
class SitePathIndex(ExtendedPathIndex):
    """ExtendedPathIndex that drops a whole-site path from a query other indexes restrict."""

    def getIndexNames(self):
        """The query names this index rewrites: its own (ITransposeQuery)."""
        return (self.getId(),)

    def make_query(self, query):
        """The query without a path that covers the whole site (ITransposeQuery)."""
        name = self.getId()
        if name not in query:
            return query
        catalog_indexes = self.aq_parent.indexes
        if not any(key in catalog_indexes for key in query if key != name):
            return query
        record = IndexQuery(query, name, self.query_options, self.operators, self.useOperator)
        if record.keys is not None and everything(self, record):
            query = {key: value for key, value in query.items() if key != name}
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


def install_site_path_index(portal, index_class=SitePathIndex):
    """Make the catalog's path index an `index_class`, keeping what it has indexed."""
    catalog = getToolByName(portal, "portal_catalog")._catalog
    old = catalog.indexes.get(INDEX_ID)
    if old is None or type(aq_base(old)) is index_class:
        return
    old = aq_base(old)
    old._p_activate()
    new = index_class.__new__(index_class)
    new.__dict__.update({k: v for k, v in old.__dict__.items() if not k.startswith("_v_")})
    # Catalog.indexes is a plain dict: a new one marks the catalog changed.
    catalog.indexes = dict(catalog.indexes, **{INDEX_ID: new})


def remove_site_path_index(portal):
    """Back to ExtendedPathIndex (on uninstall), so the catalog does not depend on Proeve."""
    install_site_path_index(portal, ExtendedPathIndex)
