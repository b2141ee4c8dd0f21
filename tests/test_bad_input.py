"""Bad input gets a clear 4xx with a stable code, never a 500, and changes nothing.

Found from outside (issue 18, point 13): JSON nested thousands of levels deep (a
RecursionError in every JSON parser, plone.restapi's login plugin first), @login with a
list as login, a PvB PATCH with an object as assignment_uid, a CSV without a detectable
delimiter, @search with a depth or batch size that is no number.
"""

from pathlib import Path
from proeve.demo.users import DEMO_PASSWORD
from proeve.inputs import json_depth_exceeds
from proeve.inputs import MAX_JSON_DEPTH
import base64
import json
import pytest
import transaction


SPEC = Path(__file__).resolve().parents[1] / "src/proeve/openapi.json"
SCHOOL = "scholen/roc-de-vaart"
GROUP = f"{SCHOOL}/mei-2024-25451"
SANNE = f"{GROUP}/kandidaat-0001"
PVB = f"{SANNE}/pvb-demo"
SELECTION = "plone.app.querystring.operation.selection"
PATHS = {
    "{school}": "roc-de-vaart",
    "{group}": GROUP,
    "{candidate}": SANNE,
    "{pvb}": PVB,
    "{assignment}": "examenbank/eerste-monteur-installatie-woning",
}


def nested_list(depth):
    return "[" * depth + "]" * depth


def nested_object(depth):
    return '{"a":' * depth + "1" + "}" * depth


def proeve_writes():
    """(method, path) of every Proeve endpoint that takes a body (TUS chunks aside)."""
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    for path, item in spec["paths"].items():
        if "{upload}" in path:
            continue
        for method in item:
            if method in ("post", "patch", "put"):
                for name, value in PATHS.items():
                    path = path.replace(name, value)
                yield method.upper(), path.lstrip("/")


def nested_bodies(depth):
    return (nested_list(depth), nested_object(depth), f'{{"x": {nested_list(depth)}}}')


def modified(portal, path=PVB):
    transaction.begin()  # see what the server committed
    return portal.unrestrictedTraverse(path).modified()


def assert_refused(response, code):
    assert response.status_code == 400, response.text[:300]
    assert response.json()["error"]["code"] == code, response.text[:300]


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_deeply_nested_json_on_every_proeve_endpoint(functional_portal, request_factory, depth):
    """The nesting is refused before anybody parses the body; where the user lacks the
    permission (checked while traversing), that is said first."""
    headers = {"Content-Type": "application/json"}
    sessions = {"anonymous": request_factory(), "manager": request_factory(role="Manager")}
    before = modified(functional_portal)
    refused = set()
    for name, session in sessions.items():
        for method, path in proeve_writes():
            for body in (
                nested_list(depth),
                nested_object(depth),
                f'{{"x": {nested_list(depth)}}}',
            ):
                response = session.request(method, path, data=body, headers=headers)
                if response.status_code in (401, 403):
                    continue
                assert response.status_code == 400, (name, method, path, response.text[:300])
                assert response.json()["error"]["code"] == "body_too_deep", (name, path)
                refused.add((name, path))
    assert ("anonymous", "@proeve-activation") in refused
    assert len(refused) > 15
    assert modified(functional_portal) == before


def test_deeply_nested_json_on_plone_endpoints(functional_portal, request_factory):
    """plone.restapi's own services, and with another content type than JSON."""
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    body = nested_object(10_000)
    for method, path, content_type in (
        ("PATCH", PVB, "application/json"),
        ("POST", "@querystring-search", "application/json"),
        ("POST", "@querystring-search", "text/plain"),
        ("POST", f"{PVB}/@workflow/approve", "application/json"),
        ("POST", "@users", "application/json"),
        ("POST", f"{SANNE}/@copy", ""),
        ("POST", "@querystring-search", "application/octet-stream"),
        ("POST", "@proeve-activation", "image/png"),
    ):
        response = session.request(method, path, data=body, headers={"Content-Type": content_type})
        assert_refused(response, "body_too_deep")
    english = session.patch(
        PVB,
        data=body,
        headers={"Content-Type": "application/json", "Accept-Language": "en"},
    )
    assert "nested too deeply" in english.json()["error"]["message"]


def test_deeply_nested_json_on_a_classic_page(functional_portal, request_factory):
    """The login plugin reads JSON bodies on every URL: a page answers 400 too."""
    session = request_factory(api=False)
    response = session.post(
        "@@login",
        data=nested_list(10_000),
        headers={"Content-Type": "application/json", "Accept": "text/html"},
        allow_redirects=False,
    )
    assert response.status_code == 400


def test_moderate_nesting_and_brackets_in_text_still_pass(functional_portal, request_factory):
    """The limit is on nesting, not on brackets: a title full of them is fine."""
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    response = session.post(
        "@querystring-search",
        json={
            "query": [
                {
                    "i": "portal_type",
                    "o": "plone.app.querystring.operation.selection.any",
                    "v": ["PvB"],
                }
            ],
            "x": json.loads(nested_list(MAX_JSON_DEPTH - 2)),
            "t": "[[[[" * 500,
        },
    )
    assert response.status_code == 200, response.text[:300]


def test_json_depth():
    assert not json_depth_exceeds(b'{"a": "' + b"[" * 500 + b'"}', limit=10)
    assert not json_depth_exceeds(b'["\\"[[[[[[[[[[[[", ' + b"[]," * 500 + b"1]", limit=3)
    assert json_depth_exceeds(nested_list(11).encode(), limit=10)
    assert not json_depth_exceeds(nested_list(10).encode(), limit=10)


@pytest.mark.parametrize("field", ["login", "password"])
@pytest.mark.parametrize("bad", [["a"], {"x": 1}, 5, True])
def test_login_with_another_type_than_text(functional_portal, request_factory, field, bad):
    body = {"login": "docent-vaart", "password": DEMO_PASSWORD, field: bad}
    response = request_factory().post("@login", json=body)
    assert_refused(response, "invalid_field")
    assert response.json()["error"]["field"] == field
    assert "token" not in response.json()


@pytest.mark.parametrize("body", ["{bad", "[1, 2]", '"login"', ""])
def test_login_with_a_body_that_is_no_json_object(functional_portal, request_factory, body):
    response = request_factory().post(
        "@login", data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400, response.text[:300]
    assert response.json()["error"]["code"] in ("invalid_body", "missing_credentials")


@pytest.mark.parametrize("bad", [{"a": 1}, ["a"], {"token": ["a"]}])
@pytest.mark.parametrize("field", ["assignment_uid", "assessor_1"])
def test_pvb_patch_with_an_object_as_a_choice(functional_portal, request_factory, field, bad):
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    before = modified(functional_portal)
    response = session.patch(PVB, json={field: bad})
    assert_refused(response, "invalid_field")
    assert response.json()["error"]["field"] == field
    assert modified(functional_portal) == before


def candidates_in_group(portal):
    transaction.begin()
    return len(portal.unrestrictedTraverse(GROUP).objectIds())


@pytest.mark.parametrize(
    "data",
    [b"studentcode\n730001\n730002\n", b"Anna Akker\nBob Berg\n", b'"' + b"x" * 200_000 + b'"\n'],
)
def test_a_csv_without_detectable_columns(functional_portal, request_factory, data):
    """The REST import (base64 in JSON) and the wizard's form post (multipart, to the
    group's @import-candidates as the page sends it) answer the same 400."""
    before = candidates_in_group(functional_portal)
    api = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    response = api.post(
        f"{GROUP}/@import-candidates",
        json={"file": base64.b64encode(data).decode(), "filename": "k.csv"},
    )
    assert_refused(response, "unreadable")
    assert "scheid ze met" in response.json()["error"]["message"]
    wizard = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD), api=False)
    response = wizard.post(
        f"{GROUP}/@import-candidates",
        files={"file": ("k.csv", data, "text/csv")},
        data={"dry_run": "true"},
        headers={"Accept": "application/json"},
    )
    assert_refused(response, "unreadable")
    assert candidates_in_group(functional_portal) == before


@pytest.mark.parametrize(
    "query",
    [
        "path.depth=abc",
        "created.query=abc&created.range=min",
        "is_folderish=abc",
        "getObjPositionInParent=abc",
        'SearchableText="',
        "SearchableText=a+AND",
        "portal_type.operator=xyz&portal_type.query=PvB",
        "effectiveRange=abc",
        "SearchableText=a&SearchableText=b",
        "SearchableText.query=a",
    ],
)
def test_search_with_a_query_the_catalog_cannot_run(functional_portal, request_factory, query):
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    assert_refused(session.get(f"@search?{query}"), "invalid_query")


@pytest.mark.parametrize(
    "query", ["b_size=-1", "b_size=abc", "b_start=abc", "b_start=-5", "sort_limit=x"]
)
@pytest.mark.parametrize("path", ["@search", GROUP, f"{GROUP}/@search", "@users"])
def test_batching_parameters_that_are_no_counts(functional_portal, request_factory, path, query):
    """Every batched listing of plone.restapi (a folder, @search, @users) reads them."""
    session = request_factory(role="Manager")
    response = session.get(f"{path}?{query}")
    assert_refused(response, "invalid_parameter")
    assert response.json()["error"]["field"] == query.split("=")[0]


def test_batching_parameters_that_count_still_work(functional_portal, request_factory):
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    response = session.get("@search?b_size=2&b_start=0&sort_limit=10&path.depth=2")
    assert response.status_code == 200, response.text[:300]
    assert len(response.json()["items"]) == 2


PVB_QUERY = [{"i": "portal_type", "o": f"{SELECTION}.any", "v": ["PvB"]}]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": True}, "invalid_query"),
        ({"query": [True]}, "invalid_query"),
        ({"query": PVB_QUERY, "b_size": -1}, "invalid_parameter"),
        ({"query": PVB_QUERY, "b_start": "abc"}, "invalid_parameter"),
    ],
)
def test_querystring_search_with_a_bad_query(functional_portal, request_factory, body, code):
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    assert_refused(session.post("@querystring-search", json=body), code)
    assert_refused(
        session.get(f"{GROUP}/@querystring-search", params={"query": json.dumps(body)}), code
    )


def test_querystring_search_with_a_deep_query_parameter(functional_portal, request_factory):
    """GET @querystring-search parses its query parameter as JSON."""
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    response = session.get("@querystring-search", params={"query": nested_list(5_000)})
    assert_refused(response, "body_too_deep")


def test_user_patch_without_a_user_id_or_an_object(functional_portal, request_factory):
    session = request_factory(role="Manager")
    assert_refused(session.patch("@users", json={"email": "a@example.org"}), "user_id_missing")
    for body in ("{bad", "[1]"):
        response = session.patch(
            "@users/student-sanne", data=body, headers={"Content-Type": "application/json"}
        )
        assert_refused(response, "invalid_body")


def test_user_listing_with_a_limit_that_is_no_count(functional_portal, request_factory):
    session = request_factory(role="Manager")
    assert_refused(session.get("@users?limit=abc"), "invalid_parameter")


def test_querystring_search_with_the_query_twice(functional_portal, request_factory):
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    response = session.get("@querystring-search?query=a&query=b")
    assert_refused(response, "invalid_query")


# plone.restapi's own write services read bodies without checking their shape; the site's
# Manager reaches them all. A body of the wrong shape is a 400 that writes nothing.
PLONE_WRITES_OF_THE_WRONG_SHAPE = [
    ("PATCH", "", {"ordering": "x"}, "invalid_body"),
    ("PATCH", GROUP, {"ordering": 5}, "invalid_body"),
    ("PATCH", "", {"effective": 5}, "invalid_body"),
    ("PATCH", "@groups/Administrators", {"users": "x"}, "invalid_body"),
    ("PATCH", "@groups/Administrators", {"title": ["x"]}, "invalid_body"),
    ("PATCH", "@registry", {"no.such.record": 1}, "invalid_body"),
    ("PATCH", "@history", {"version": "x"}, "invalid_body"),
    ("POST", "@aliases", {"items": 5}, "invalid_body"),
    ("POST", "@lock", {"timeout": "x"}, "invalid_body"),
    ("POST", f"{GROUP}/@copy", {"source": {"a": 1}}, "invalid_body"),
    ("POST", f"{GROUP}/@move", {"source": [5]}, "invalid_body"),
]


@pytest.mark.parametrize(("method", "path", "body", "code"), PLONE_WRITES_OF_THE_WRONG_SHAPE)
def test_plone_writes_with_a_body_of_the_wrong_shape(
    functional_portal, request_factory, method, path, body, code
):
    from plone.app.testing import SITE_OWNER_NAME
    from plone.app.testing import SITE_OWNER_PASSWORD

    before = modified(functional_portal, GROUP)
    session = request_factory(basic_auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD))
    response = session.request(method, path, json=body)
    assert_refused(response, code)
    assert modified(functional_portal, GROUP) == before


def test_a_version_that_does_not_exist_is_not_found(functional_portal, request_factory):
    session = request_factory(basic_auth=("platformbeheer", DEMO_PASSWORD))
    response = session.get(f"{PVB}/@history/7")
    assert response.status_code == 404, response.text[:300]
    assert response.json()["error"]["code"] == "not_found"
