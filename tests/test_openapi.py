"""docs/openapi.json describes exactly the REST services Proeve registers."""

from pathlib import Path
from xml.etree import ElementTree
import json


ROOT = Path(__file__).resolve().parents[1]
SERVICES = ROOT / "src/proeve/services"
PLONE = "{http://namespaces.plone.org/plone}"


# Plone's own endpoints (DELETE, @copy, @move, @sharing), narrowed for Proeve's records:
# docs/api.md describes them; openapi.json describes the endpoints Proeve adds.
PLONE_ENDPOINTS = "plone_endpoints"


def registered():
    found = set()
    for zcml in SERVICES.glob("*/configure.zcml"):
        if zcml.parent.name == PLONE_ENDPOINTS:
            continue
        for service in ElementTree.parse(zcml).getroot().iter(f"{PLONE}service"):
            # Without a name: plone.restapi's own content endpoint, made stricter for one
            # type (docs/api.md), not an endpoint of Proeve's.
            if service.get("name"):
                found.add((service.get("name"), service.get("method").lower()))
    return found


def documented():
    spec = json.loads((ROOT / "src/proeve/openapi.json").read_text(encoding="utf-8"))
    assert spec["openapi"].startswith("3.1")
    found = set()
    for path, operations in spec["paths"].items():
        # The service is the last @-segment (/{pvb}/@tus-upload/{upload} is @tus-upload).
        name = [segment for segment in path.split("/") if segment.startswith("@")][-1]
        for method in operations:
            if method != "parameters":  # shared by the operations of a path
                found.add((name, method))
    return found


def test_openapi_lists_every_service_and_nothing_else():
    assert registered() == documented()


def test_every_service_folder_is_registered():
    folders = {p.name for p in SERVICES.iterdir() if p.is_dir() and p.name != "__pycache__"}
    included = ElementTree.parse(SERVICES / "configure.zcml").getroot()
    names = {
        i.get("package").lstrip(".")
        for i in included.iter("{http://namespaces.zope.org/zope}include")
    }
    assert folders == names


def test_the_site_serves_the_document(request_factory):
    response = request_factory(role="Anonymous").get("@openapi")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.1")
    assert spec["servers"][0]["url"].endswith("/++api++")
    assert "/{pvb}/@approve" in spec["paths"]
