"""The OpenAPI schema is valid and describes every field; the docs page runs under the CSP
from vendored files."""

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_the_schema_is_generated_and_valid(tmp_path):
    target = tmp_path / "schema.yaml"
    # --validate checks it against the OpenAPI 3 meta-schema; --fail-on-warn fails on any
    # warning (an unresolved field type, a missing serializer).
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/referrals/" in schema["paths"]
    assert "/api/v1/referrals/{uuid}/" in schema["paths"]
    flows = schema["components"]["securitySchemes"]["oauth2"]["flows"]
    assert flows["clientCredentials"]["tokenUrl"] == "/api/v1/oauth/token/"
    post = schema["paths"]["/api/v1/referrals/"]["post"]
    assert post["security"][0] == {"oauth2": ["referrals:write"]}
    assert post["requestBody"]["content"]["application/json"]["examples"]
    assert {"201", "400", "401", "403", "413", "429"} <= set(post["responses"])


def _properties(schema):
    for name, component in schema["components"]["schemas"].items():
        for field, spec in component.get("properties", {}).items():
            yield name, field, spec


def test_every_field_has_a_description(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    missing = [
        f"{name}.{field}"
        for name, field, spec in _properties(schema)
        if not spec.get("description")
    ]
    assert missing == []


def test_schema_and_docs_are_public_and_the_docs_keep_the_csp():
    anonymous = APIClient()
    assert anonymous.get("/api/v1/schema/").status_code == 200
    response = anonymous.get("/api/v1/docs/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    html = response.content.decode()
    assert "<script>" not in html  # every script is a file
    assert "cdn" not in html.lower()
    script = anonymous.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()
    for asset in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert f"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}" in html
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{asset}")
