"""The admin site for beheerders: the directory only, never family content.

Login goes through Spil's own login (with its lockout and 2FA); the policy in
`core.access` decides who gets in.
"""

from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult, get_date_max

from . import access
from .models import AuditEvent
from .redirects import safe_next_url


class SpilAdminSite(admin.AdminSite):
    site_header = _("Spil — beheer")
    site_title = _("Spil beheer")
    index_title = _("Beheer van organisaties, teams en gebruikers")
    final_catch_all_view = False

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not access.can(user, access.Capability.MANAGE_DIRECTORY):
            return False
        return not settings.SPIL_REQUIRE_2FA or bool(getattr(user, "is_verified", lambda: False)())

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        """Anonymous visitors go to Spil's login; others without the right get a 404."""
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        return guarded

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        next_url = safe_next_url(request, reverse("admin:index"))
        query = urlencode({REDIRECT_FIELD_NAME: next_url})
        return redirect(f"{reverse(settings.LOGIN_URL)}?{query}")


class DirectoryPermissions:
    """Whoever may manage the directory may edit these models; nobody else sees them."""

    def _allowed(self, request: HttpRequest) -> bool:
        return access.can(request.user, access.Capability.MANAGE_DIRECTORY)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Inlines pass the parent object; model admins do not.
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)


class DirectoryAdmin(DirectoryPermissions, admin.ModelAdmin):
    pass


class DirectoryInline(DirectoryPermissions, admin.TabularInline):
    extra = 0


class AuditEventAdmin(DirectoryAdmin):
    """Read-only; shows codes and keys, which is all the trail holds."""

    list_display = ["occurred_at", "action", "actor", "organisation", "object_type"]
    list_filter = ["action"]
    list_select_related = ["actor", "organisation"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TaskResultAdmin(DirectoryAdmin):
    """The background tasks (docs/adr/0031): what ran, what waits, what failed — the
    beheerder opens the list filtered on "FAILED". Read-only; the exception's class is
    shown, never its text or traceback (a task's error may carry an address)."""

    list_display = [
        "enqueued_at",
        "task_name",
        "status",
        "attempt",
        "run_after_shown",
        "finished_at",
        "exception_class_path",
    ]
    list_filter = ["status", "queue_name"]
    ordering = ["-enqueued_at"]
    fields = (
        "task_path",
        "status",
        "queue_name",
        "priority",
        "enqueued_at",
        "started_at",
        "finished_at",
        "exception_class_path",
    )
    readonly_fields = fields

    @admin.display(description=_("poging"))
    def attempt(self, obj: DBTaskResult) -> int:
        kwargs = (obj.args_kwargs or {}).get("kwargs") or {}
        return int(kwargs.get("attempt", 1)) if isinstance(kwargs, dict) else 1

    @admin.display(description=_("niet voor"))
    def run_after_shown(self, obj: DBTaskResult) -> Any:
        return None if obj.run_after == get_date_max() else obj.run_after

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


site = SpilAdminSite(name="admin")
site.register(AuditEvent, AuditEventAdmin)
site.register(DBTaskResult, TaskResultAdmin)
