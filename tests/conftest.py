"""pytest wiring of the plone.app.testing layers (through pytest-plone)."""

from proeve.testing import PROEVE_FUNCTIONAL_TESTING
from proeve.testing import PROEVE_INTEGRATION_TESTING
from pytest_plone import fixtures_factory
import os


# Compile the .po catalogs so translated strings can be asserted.
os.environ.setdefault("zope_i18n_compile_mo_files", "true")

pytest_plugins = ["pytest_plone"]

globals().update(
    fixtures_factory(
        (
            (PROEVE_INTEGRATION_TESTING, "integration"),
            (PROEVE_FUNCTIONAL_TESTING, "functional"),
        )
    )
)
