"""POST @proeve-registration: a candidate creates their own login."""

from proeve.accounts import register_candidate
from proeve.services.base import ProeveService


class RegistrationPost(ProeveService):
    def handle(self, data):
        userid = register_candidate(
            self.context,
            school_id=data.get("school"),
            student_code=data.get("student_code"),
            email=data.get("email"),
            username=data.get("username"),
            password=data.get("password"),
        )
        self.request.response.setStatus(201)
        return {"userid": userid}
