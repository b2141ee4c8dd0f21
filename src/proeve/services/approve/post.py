"""POST @approve: sign the PvB's current content (its SHA-256 must be sent along)."""

from proeve.process import text_of
from proeve.process.approvals import approve
from proeve.services.base import ProeveService


class ApprovePost(ProeveService):
    def handle(self, data):
        approval = approve(
            self.context, text_of(data, "content_hash"), role=text_of(data, "role") or None
        )
        self.request.response.setStatus(201)
        return {"approval": dict(approval)}
