"""POST @pause: {"reason": "...", "resume_date": "2027-03-01"} (study delay)."""

from proeve.process import text_of
from proeve.process.pause import pause
from proeve.process.pause import resume_date_of
from proeve.services.base import ProeveService


class PausePost(ProeveService):
    def handle(self, data):
        reason = text_of(data, "reason")
        resume_date = resume_date_of(text_of(data, "resume_date"))
        pause(self.context, reason, resume_date)
        return {"state": "paused", "reason": reason, "resume_date": data.get("resume_date")}
