"""The served OpenAPI document and the real routes describe the same API."""

from __future__ import annotations

import re


def _real_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((path, method.lower()))
    return routes


def test_every_route_is_documented_and_every_documented_route_exists(app, client):
    document = client.get("/openapi.json").json
    assert document["openapi"].startswith("3.1")
    documented = {
        (path, method)
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "put", "post", "delete", "patch"}
    }
    assert documented == _real_routes(app)


def test_every_documented_error_status_uses_the_error_schema(client):
    document = client.get("/openapi.json").json
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (path, method, status)
