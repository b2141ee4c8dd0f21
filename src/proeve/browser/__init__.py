"""Proeve's pages."""

# The diff type registers itself with the diff tool when imported (as CMFDiffTool's own do).
from proeve.browser import criteria_diff  # noqa: F401
