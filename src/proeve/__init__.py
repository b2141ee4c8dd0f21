"""Proeve: the digital exam environment for the Proeve van Bekwaamheid."""

from zope.i18nmessageid import MessageFactory


_ = MessageFactory("proeve")

PROFILE_ID = "proeve:default"
