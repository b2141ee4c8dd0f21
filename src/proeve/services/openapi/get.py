"""GET @openapi: the OpenAPI document (src/proeve/openapi.json), with this site as server."""

from pathlib import Path
from plone.restapi.services import Service
import json


DOCUMENT = Path(__file__).resolve().parents[2] / "openapi.json"


class OpenAPIGet(Service):
    def reply(self):
        spec = json.loads(DOCUMENT.read_text(encoding="utf-8"))
        spec["servers"] = [{"url": f"{self.context.absolute_url()}/++api++"}]
        return spec
