"""Issue 20 point 7: the member's language flag makes the portal offer the other version
(English, or plain Dutch); nothing is forced, and a coach's preview shows no offer."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dutch_again():
    """The locale middleware activates the chosen language in this thread: back to Dutch
    after each test, so the next test is not read in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


ENGLISH_OFFER = "Read it in English"
DUTCH_OFFER = "Lees het in het Nederlands"


def _home(client):
    return client.get(reverse("portal:home")).content.decode()


def test_a_member_flagged_english_is_offered_english(parent_client, world):
    world.parent.portal_language = "en"
    world.parent.save()
    body = _home(parent_client)
    assert ENGLISH_OFFER in body and 'lang="en"' in body
    assert DUTCH_OFFER not in body
    # Chosen: the offer goes; the switch is Django's own.
    response = parent_client.post(
        reverse("set_language"), {"language": "en", "next": reverse("portal:home")}
    )
    assert response.status_code == 302
    assert ENGLISH_OFFER not in _home(parent_client)


def test_a_member_of_before_gets_plain_dutch_and_no_offer(parent_client, world):
    assert world.parent.portal_language == "nl"
    body = _home(parent_client)
    assert ENGLISH_OFFER not in body and DUTCH_OFFER not in body


def test_a_dutch_member_reading_english_is_offered_plain_dutch(parent_client, world):
    parent_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = _home(parent_client)
    assert DUTCH_OFFER in body and ENGLISH_OFFER not in body
