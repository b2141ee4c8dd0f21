"""Whether a site is a demo site: decided once, when the site is created.

Demo data (logins with a published password, demo schools and PvBs) goes only into a site
created as a demo. Every later step that would add demo data (``make run``, ``run-cluster``,
an upgrade) asks :func:`is_demo_site`; a site created before this mark existed counts as
not a demo site. The mark lives in an annotation of the site, not in the registry, so that
no one can turn a production site into a demo site through the web.
"""

from zope.annotation.interfaces import IAnnotations


DEMO_SITE_KEY = "proeve.demo_site"


def mark_site(portal, demo):
    """Record, at the creation of the site, whether it is a demo site."""
    IAnnotations(portal)[DEMO_SITE_KEY] = bool(demo)


def is_demo_site(portal):
    return IAnnotations(portal).get(DEMO_SITE_KEY, False) is True
