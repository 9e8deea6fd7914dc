"""Issue 13 §7: a Content-Security-Policy everywhere, and no copy of a family page kept by a
browser, proxy or shared computer."""

from django.urls import reverse

from spil.core.access import family_access
from spil.plans import services as plan_services


def _directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_a_family_page_is_never_stored_and_allows_only_own_scripts(client, world):
    client.force_login(world.coach)
    response = client.get(reverse("families:overview", kwargs={"uuid": world.family.uuid}))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    directives = _directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()  # no inline script to allow


def test_the_login_page_has_the_policy_too(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert _directives(response)["default-src"] == ["'self'"]


def test_the_printable_plan_styles_itself_with_a_nonce_not_unsafe_inline(client, world):
    plan_services.plan_start(access=family_access(world.coach, world.family))
    client.force_login(world.coach)
    response = client.get(reverse("plans:print", kwargs={"uuid": world.family.uuid}))
    assert response.status_code == 200
    (nonce,) = [s for s in _directives(response)["style-src"] if s.startswith("'nonce-")]
    assert f'<style nonce="{nonce[7:-1]}">' in response.content.decode()
