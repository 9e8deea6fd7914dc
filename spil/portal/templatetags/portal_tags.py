"""Template tags of the portal: the coach's unread messages in the portal's header."""

from django import template

from spil.core.access import FamilyAccess

from .. import selectors

register = template.Library()


@register.simple_tag
def unread_from_coach(access: FamilyAccess | None) -> int:
    """How many of the coach's messages in the member's thread nobody of the family read
    yet (one query; 0 without a member's access)."""
    if access is None or not access.subject.is_family_member or not access.parts:
        return 0
    return selectors.unread_from_coach(access)
