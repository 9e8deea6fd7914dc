"""schemathesis against the live schema (issue 17): every operation, with a real client
token holding every scope, a bounded number of generated cases per operation, each sent
twice — as generated (unknown uuids: 404s, bad input) and with the path naming a family
the client may read and its own step. The app runs in-process (WSGI), on the test
database, so it runs on SQLite and on PostgreSQL alike.

Passes when no response is a server error and every response conforms to the schema
(status code documented, content type, body)."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from spil.api.scopes import Scope
from spil.api.throttles import ClientRateThrottle
from spil.plans.tests.factories import PlanWorld

from .conftest import fetch_token

pytestmark = pytest.mark.django_db

EXAMPLES = 12  # generated cases per operation (each sent twice)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def in_process():
    """The app called through WSGI inside the test's transaction: as Django's own test
    client does, the request signals must not close the test's database connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(make_client, monkeypatch):
    """A client of the GGZ with every scope, consented in a family whose agreed plan has
    a step of the GGZ."""
    monkeypatch.setattr(ClientRateThrottle, "rate", "100000/minute", raising=False)
    world = PlanWorld()
    plan = world.start_plan()
    step = world.step(world.goal(plan), owner=world.ggz_involvement)
    world.agree(plan)
    world.share_with(world.ggz, ["plan", "contacten"])
    client, secret = make_client(world.ggz, " ".join(s.value for s in Scope))
    response = fetch_token(client, secret)
    assert response.status_code == 200
    return response.json()["access_token"], {
        "uuid": str(world.family.uuid),
        "step_uuid": str(step.uuid),
    }


def test_schemathesis_finds_no_server_error_and_no_schema_violation(token, in_process):
    access_token, real = token
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    headers = {"Authorization": f"Bearer {access_token}"}
    operations, cases, failures = 0, 0, []

    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), data=st.data())
        def run(case, data):
            nonlocal cases
            variants = [case]
            if case.path_parameters:
                variant = case.derive()
                variant.path_parameters.update(
                    {k: real[k] for k in case.path_parameters if k in real}
                )
                variants.append(variant)
            for variant in variants:
                cases += 1
                response = variant.call(headers=headers)
                try:
                    variant.validate_response(response, checks=CHECKS, headers=headers)
                except Exception as error:
                    failures.append(
                        f"{variant.method} {variant.formatted_path} → {response.status_code}: "
                        f"{str(error)[:400]}"
                    )

        run()

    print(f"schemathesis: {operations} operations, {cases} cases, {len(failures)} failures")
    assert operations >= 15
    assert not failures, "\n".join(failures[:20])
