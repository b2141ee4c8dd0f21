"""1009 → 1010: files kept from refused forms leave the database.

plone.formwidget.namedfile kept the file of every refused form as bytes in the site's
annotations, to be removed by a later form; Proeve's file forms no longer keep files
(proeve.evidence.widget), so nothing would remove them. Up to 537 MB each.
"""

from plone.formwidget.namedfile.utils import FILE_UPLOAD_MAP_KEY
from zope.annotation.interfaces import IAnnotations
from zope.component.hooks import getSite
import logging


logger = logging.getLogger("proeve.upgrades")


def drop_kept_uploads(setup_tool):
    annotations = IAnnotations(getSite())
    kept = annotations.get(FILE_UPLOAD_MAP_KEY)
    if kept is None:
        return
    count = len(kept)
    del annotations[FILE_UPLOAD_MAP_KEY]
    logger.info("%d files kept from refused forms removed (pack the database to free them)", count)
