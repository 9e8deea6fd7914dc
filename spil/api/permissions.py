"""A view names the scope it needs (`required_scope`); a token without it gets 403.
A staff session may read (GET/HEAD/OPTIONS) and never write."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request


class HasScope(BasePermission):
    message = _("Deze koppeling heeft niet de scope die hiervoor nodig is.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        client = getattr(request, "api_client", None)
        if client is None:
            if request.method not in SAFE_METHODS:
                self.message = _("Met een sessie mag u alleen lezen; gebruik een token.")
                return False
            return True
        required = getattr(view, "required_scope", None)
        if required is None:
            return False
        return bool(request.auth) and request.auth.allow_scopes([str(required)])
