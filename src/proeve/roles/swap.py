"""A PAS plugin of the site's user folder given a subclass of its class, in place: the same
object, id, settings and place among the plugins (how Proeve changes Plone's plugins)."""

from Acquisition import aq_base


def swap_plugin_class(portal, plugin_id, old, new):
    users = aq_base(portal.acl_users)
    plugin = aq_base(getattr(users, plugin_id, None))
    if plugin is not None and type(plugin) is old:
        plugin.__class__ = new
        plugin._p_changed = True
        # A reference to a persistent object names its class too: the folder's record is
        # written again, or a loaded folder makes the plugin of the old class.
        users._p_changed = True
