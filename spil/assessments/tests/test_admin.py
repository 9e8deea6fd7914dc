"""The beheerder keeps instruments as data; family content never reaches the admin."""

import pytest

from spil.assessments.models import Instrument

pytestmark = pytest.mark.django_db


def _formset(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def test_beheerder_adds_an_instrument_with_scale_labels_and_domains(client, administrator):
    client.force_login(administrator)
    assert client.get("/beheer/assessments/instrument/").status_code == 200
    response = client.post(
        "/beheer/assessments/instrument/add/",
        {
            "name": "Gezinsscan",
            "code": "gezinsscan",
            "description": "",
            "scale_min": "0",
            "scale_max": "3",
            "higher_is_better": "on",
            "is_active": "on",
            **_formset("scale_labels", [{"value": "0", "label": "zorgelijk"}]),
            **_formset(
                "domains",
                [
                    {"order": "1", "code": "wonen", "label": "Wonen"},
                    {"order": "2", "code": "geld", "label": "Geld"},
                ],
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    instrument = Instrument.objects.get(code="gezinsscan")
    assert list(instrument.domains.values_list("label", flat=True)) == ["Wonen", "Geld"]
    assert instrument.scale_labels.get().label == "zorgelijk"


def test_a_scale_upside_down_is_refused(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/beheer/assessments/instrument/add/",
        {
            "name": "Omgekeerd",
            "code": "omgekeerd",
            "scale_min": "5",
            "scale_max": "1",
            **_formset("scale_labels", []),
            **_formset("domains", []),
        },
    )
    assert response.status_code == 200
    assert not Instrument.objects.filter(code="omgekeerd").exists()


def test_level_descriptions_per_organisation(client, administrator):
    client.force_login(administrator)
    assert client.get("/beheer/assessments/leveldescription/add/").status_code == 200


@pytest.mark.parametrize("path", ["measurement", "score", "safetyconcern", "escalation"])
def test_family_content_is_not_in_the_admin(client, administrator, path):
    client.force_login(administrator)
    assert client.get(f"/beheer/assessments/{path}/").status_code == 404


@pytest.mark.parametrize("fixture", ["coach", "professional", "policy_officer"])
def test_others_do_not_find_the_instruments(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get("/beheer/assessments/instrument/").status_code == 404
