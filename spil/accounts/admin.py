from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spil.core.admin import DirectoryAdmin, DirectoryInline, site

from . import services
from .forms import UserChangeAdminForm, UserCreationAdminForm
from .models import Membership, MembershipRequest, Organisation, Team, User


def _is_self(request: HttpRequest, obj: Any) -> bool:
    return obj is not None and obj.pk == request.user.pk


class MembershipInline(DirectoryInline):
    """Roles in effect. Read-only here: a new or different role is asked for below and
    approved by a second beheerder (ADR 0007); a role can be taken away, not one's own."""

    model = Membership
    fields = ["organisation", "team", "role"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not _is_self(request, obj)


class MembershipRequestInline(DirectoryInline):
    """Ask for a role for someone else; it applies after a second beheerder approves."""

    model = MembershipRequest
    fk_name = "user"
    fields = ["organisation", "team", "role", "status", "requested_by"]
    readonly_fields = ["status", "requested_by"]
    autocomplete_fields = ["organisation", "team"]
    verbose_name_plural = _("rollen aanvragen (een tweede beheerder keurt goed)")

    def get_queryset(self, request: HttpRequest) -> QuerySet[MembershipRequest]:
        return super().get_queryset(request).filter(status=MembershipRequest.Status.PENDING)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_add_permission(request, obj) and not _is_self(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        actor = request.user

        class RequestForm(formset.form):  # type: ignore[name-defined]
            def _post_clean(self) -> None:
                # The model's own checks (not for oneself, no duplicate) need the asker.
                self.instance.requested_by = actor
                super()._post_clean()

        formset.form = RequestForm
        return formset


class UserAdmin(DirectoryAdmin, DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["full_name"]
    list_display = ["full_name", "email", "is_active"]
    search_fields = ["full_name", "email"]
    list_filter = ["is_active", "memberships__role"]
    inlines = [MembershipInline, MembershipRequestInline]
    actions = ["reset_two_factor"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "phone", "password"]}),
        (_("Status"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "usable_password", "password1", "password2"],
            },
        )
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        # Family accounts are the coach's (invitations in the portal), not the directory's.
        return super().get_queryset(request).filter(is_family_account=False)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The address of an existing account is where its 2FA and password links go: a
        # beheerder who could change it could take the account over. It stays as it is;
        # a new address means a new account (the old one made inactive).
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "email"] if obj is not None else fields

    @admin.action(description=_("Tweestapsverificatie herstellen (nieuwe link per e-mail)"))
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """Removes the user's authenticator; the user sets up a new one with the link
        mailed to their own address. Audited as auth.2fa_reset."""
        done = 0
        for user in queryset:
            try:
                services.totp_reset(user=user, actor=request.user)  # type: ignore[arg-type]
            except ValidationError as error:
                for text in error.messages:
                    self.message_user(request, text, messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                gettext(
                    "Tweestapsverificatie hersteld voor %(n)d gebruiker(s); zij krijgen een "
                    "link per e-mail."
                )
                % {"n": done},
            )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Roles change only through the services, which refuse one's own account and
        write every change to the audit trail."""
        if formset.model is MembershipRequest:
            for new in formset.save(commit=False):
                services.membership_request(
                    user=form.instance,
                    organisation=new.organisation,
                    team=new.team,
                    role=new.role,
                    actor=request.user,  # type: ignore[arg-type]
                )
            return
        if formset.model is Membership:
            formset.save(commit=False)  # nothing is added or changed here (read-only)
            for gone in formset.deleted_objects:
                services.membership_remove(membership=gone, actor=request.user)  # type: ignore[arg-type]
            return
        super().save_formset(request, form, formset, change)


class TeamInline(DirectoryInline):
    model = Team


class OrganisationAdmin(DirectoryAdmin):
    list_display = ["name", "kind", "municipality", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    inlines = [TeamInline]


class TeamAdmin(DirectoryAdmin):
    list_display = ["name", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "organisation__name"]


class MembershipRequestAdmin(DirectoryAdmin):
    """Pending role requests; a beheerder who did not ask for it approves or rejects."""

    list_display = ["user", "role", "organisation", "team", "status", "requested_by", "created_at"]
    list_filter = ["status", "role"]
    list_select_related = ["user", "organisation", "team", "requested_by"]
    search_fields = ["user__full_name", "organisation__name"]
    readonly_fields = [
        "user",
        "organisation",
        "team",
        "role",
        "status",
        "requested_by",
        "decided_by",
        "decided_at",
    ]
    actions = ["approve", "reject"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # roles are asked for on the user's page

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _decide(
        self, request: HttpRequest, queryset: QuerySet[MembershipRequest], how: Any
    ) -> None:
        done = 0
        for item in queryset.select_related("user", "organisation", "team"):
            try:
                how(membership_request=item, actor=request.user)
            except ValidationError as error:
                for text in error.messages:
                    self.message_user(request, f"{item}: {text}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, gettext("%(n)d aanvraag/aanvragen verwerkt.") % {"n": done})

    @admin.action(description=_("Geselecteerde rolaanvragen goedkeuren"))
    def approve(self, request: HttpRequest, queryset: QuerySet[MembershipRequest]) -> None:
        self._decide(request, queryset, services.membership_request_approve)

    @admin.action(description=_("Geselecteerde rolaanvragen afwijzen"))
    def reject(self, request: HttpRequest, queryset: QuerySet[MembershipRequest]) -> None:
        self._decide(request, queryset, services.membership_request_reject)


site.register(User, UserAdmin)
site.register(MembershipRequest, MembershipRequestAdmin)
site.register(Organisation, OrganisationAdmin)
site.register(Team, TeamAdmin)
