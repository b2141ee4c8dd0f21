"""The exam process: approvals, people, vaststelling, assessment and result.

Every rule here is checked by the server; workflow guards call into this package.
"""


class ProcessError(Exception):
    """A refused step: a stable code, a translatable message and an HTTP status."""

    def __init__(self, code, message, status=400, **details):
        super().__init__(code)
        self.code = code
        self.message = message
        self.status = status
        self.details = details
