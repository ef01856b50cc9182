"""The admin site's pages for organisations, staff and their memberships (administrators only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from livingwell.accounts.forms import AdminSignInForm
from livingwell.accounts.models import Membership, Organisation, User
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record

# The admin site's own sign-in page is throttled as the staff page is; signals audit both, and
# the two-step check (accounts/middleware.py) stops an administrator at the code before any admin page.
admin.site.login_form = AdminSignInForm


def _own_record(request: HttpRequest, obj: Any) -> bool:
    """Say whether an administrator (not a superuser) is looking at their own staff record."""
    return obj is not None and obj.pk == request.user.pk and not request.user.is_superuser


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1

    # Roles are what the access matrix reads, so nobody hands one to themselves: another
    # administrator (or a superuser) changes an administrator's own memberships.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _own_record(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _own_record(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _own_record(request, obj) and super().has_delete_permission(request, obj)


@admin.register(User)
class StaffAdmin(UserAdmin):
    inlines = [MembershipInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fixed = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fixed
        # An administrator's own permissions come from the Administrators group; they may not make
        # anyone (themselves included) a superuser or hand out model permissions one by one.
        own = ["groups", "is_staff", "is_active"] if _own_record(request, obj) else []
        return [*fixed, "is_superuser", "user_permissions", *own]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Save the memberships and write each added, changed or ended role to the audit."""
        super().save_formset(request, form, formset, change)
        if formset.model is not Membership:
            return
        # Recorded against the staff member: an ended membership has no row (nor id) left to name.
        staff = form.instance
        added = [_role(m) for m in formset.new_objects]
        changed = [{**_role(m), "fields": fields} for m, fields in formset.changed_objects]
        ended = [_role(m) for m in formset.deleted_objects]
        if added or changed or ended:
            record(
                request,
                AuditAction.UPDATE,
                staff,
                detail={"memberships": {"added": added, "changed": changed, "ended": ended}},
            )


def _role(membership: Membership) -> dict[str, Any]:
    return {"organisation": membership.organisation_id, "role": membership.role}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "ods_code"]
    list_filter = ["kind"]
