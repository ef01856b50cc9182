"""The admin site's pages for organisations, staff and their memberships (administrators only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from livingwell.accounts.forms import AdminSignInForm
from livingwell.accounts.models import Membership, Organisation, User

# The admin site's own sign-in page is throttled as the staff page is; signals audit both, and
# the two-step check (accounts/middleware.py) stops an administrator at the code before any admin page.
admin.site.login_form = AdminSignInForm


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(User)
class StaffAdmin(UserAdmin):
    inlines = [MembershipInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fixed = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fixed
        # An administrator's own permissions come from the Administrators group; they may not make
        # anyone (themselves included) a superuser or hand out model permissions one by one.
        return [*fixed, "is_superuser", "user_permissions"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "ods_code"]
    list_filter = ["kind"]
