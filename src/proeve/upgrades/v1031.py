"""1030 → 1031: the object buttons copy and rename ask Copy or Move (actions.xml), which
their conditions asked after View and Add portal content (issue 22, goal 3)."""

from Products.CMFCore.utils import getToolByName


def copy_and_rename(setup_tool):
    buttons = getToolByName(setup_tool, "portal_actions").object_buttons
    for name in ("copy", "rename"):
        buttons[name].permissions = ("Copy or Move",)
