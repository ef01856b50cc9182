"""Administrators create and revoke API tokens here. The secret is shown once, on creation."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from livingwell.accounts.rules import current_user
from livingwell.api import services
from livingwell.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["organisation"]
    fields = ["organisation", "name", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        fixed = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
        # A token's organisation never changes: issue a new one instead.
        return [*fixed, "organisation"] if obj is not None else fixed

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        token, raw = services.issue_token(
            request, organisation=obj.organisation, name=obj.name, by=current_user(request)
        )
        obj.pk = token.pk
        obj.refresh_from_db()
        messages.warning(
            request,
            f"The token for {token.name} is {raw} — copy it now into the partner's system. It will not be shown again.",
        )

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False  # revoke instead, so the audit trail keeps pointing at something

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            services.revoke_token(request, token)
        self.message_user(request, f"Revoked {queryset.count()} token(s).", messages.SUCCESS)
