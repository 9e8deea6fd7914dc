from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from spil.core.admin import DirectoryAdmin, DirectoryInline, site

from .forms import UserChangeAdminForm, UserCreationAdminForm
from .models import Membership, Organisation, Team, User


class MembershipInline(DirectoryInline):
    model = Membership
    autocomplete_fields = ["organisation", "team"]


class UserAdmin(DirectoryAdmin, DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["full_name"]
    list_display = ["full_name", "email", "is_active"]
    search_fields = ["full_name", "email"]
    list_filter = ["is_active", "memberships__role"]
    inlines = [MembershipInline]
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


site.register(User, UserAdmin)
site.register(Organisation, OrganisationAdmin)
site.register(Team, TeamAdmin)
