"""Package metadata of the Proeve add-on (tool settings live in pyproject.toml)."""

from pathlib import Path
from setuptools import find_packages
from setuptools import setup


version = "1.0.0"

long_description = Path("README.md").read_text(encoding="utf-8")

setup(
    name="proeve",
    version=version,
    description="Digital exam environment for the Proeve van Bekwaamheid (PvB), built on Plone",
    long_description=long_description,
    long_description_content_type="text/markdown",
    classifiers=[
        "Environment :: Web Environment",
        "Framework :: Plone",
        "Framework :: Plone :: 6.2",
        "Framework :: Plone :: Addon",
        "Programming Language :: Python",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
        "Natural Language :: Dutch",
    ],
    keywords="Plone exam PvB MBO",
    license="GPL-2.0-only",
    packages=find_packages("src"),
    package_dir={"": "src"},
    include_package_data=True,
    zip_safe=False,
    python_requires=">=3.11",
    install_requires=[
        "Products.CMFPlone==6.2.2",
        "plone.classicui",
        "plone.api",
        "plone.restapi",
        "plone.app.versioningbehavior",
        "Products.CMFEditions",
        "collective.workspace==4.0.0",
        "openpyxl",
        "Zope[wsgi]",
        "waitress",
        # School sign-on (OpenID Connect): discovery, JWKS and ID token checks.
        "Authlib",
        "joserfc",
    ],
    extras_require={
        "relstorage": [
            "RelStorage",
            "psycopg2-binary",
        ],
        "test": [
            "plone.app.testing",
            "plone.testing",
            "pytest",
            "pytest-plone",
            "requests",
            "playwright",
            "axe-playwright-python",
            "ruff",
            "tuspy",
            "i18ndude",
            "schemathesis",
            # A real OpenID Connect provider on loopback for the sign-on tests.
            "oidc-provider-mock",
            "locust",
        ],
    },
    entry_points="""
    [z3c.autoinclude.plugin]
    target = plone

    [zc.buildout]
    zope-conf = proeve.buildout:ZopeConf
    """,
)
