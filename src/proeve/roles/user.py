"""The user object of a logged-in person: PlonePAS's, finding its user folder directly.

Every permission check that a person's global roles do not answer asks the local role
plugins, and PlonePAS's user finds them through its user folder, which it looks up as the
attribute ``acl_users`` by acquisition. On a Plone 6 site that lookup first asks the site's
Dexterity schema and behaviours for a field of that name (some 10-20 µs), for each check: a
group page of a school admin made about 45 such checks, each with that lookup. The user
folder that made the user is its acquisition parent (PluggableAuthService wraps every user
it returns in itself); ProeveUser asks that first.

The site's ``user_factory`` plugin is of ProeveUserFactory's class (install_user_factory, at
install and by upgrade 1030): the same object, id and place among the plugins.
"""

from AccessControl.class_init import InitializeClass
from Acquisition import aq_inner
from Acquisition import aq_parent
from Products.PlonePAS.plugins.ufactory import PloneUser
from Products.PlonePAS.plugins.ufactory import PloneUserFactory
from Products.PluggableAuthService.interfaces.authservice import IPluggableAuthService
from proeve.roles.swap import swap_plugin_class


class ProeveUser(PloneUser):
    def _getPAS(self):
        folder = aq_parent(aq_inner(self))
        if IPluggableAuthService.providedBy(folder):
            return folder
        return super()._getPAS()


InitializeClass(ProeveUser)


class ProeveUserFactory(PloneUserFactory):
    """PlonePAS's user factory plugin, making ProeveUser."""

    def createUser(self, user_id, name):
        return ProeveUser(user_id, name)


InitializeClass(ProeveUserFactory)

# PlonePAS's user factory in acl_users (its setup handler names it so).
PLUGIN_ID = "user_factory"


def install_user_factory(portal):
    swap_plugin_class(portal, PLUGIN_ID, PloneUserFactory, ProeveUserFactory)


def remove_user_factory(portal):
    swap_plugin_class(portal, PLUGIN_ID, ProeveUserFactory, PloneUserFactory)
