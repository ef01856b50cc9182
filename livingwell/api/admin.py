"""Administrators create and revoke API tokens here. The secret is shown once, on creation.

The secret goes on a page rendered once, in the response to the form that created the token, with
``Cache-Control: no-store``: never in a message, because Django's messages live in a cookie or the
session until read, and a cookie travels with every request and sits in the browser's store.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

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
        # Held on this request only, for response_add below; gone when the response is sent.
        request._issued_api_token = raw  # type: ignore[attr-defined]

    def response_add(
        self, request: HttpRequest, obj: ApiToken, post_url_continue: str | None = None
    ) -> HttpResponse:
        """Show the new secret on a page of its own that no cache keeps."""
        raw = getattr(request, "_issued_api_token", None)
        if raw is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Copy the token for {obj.name}",
            "token": obj,
            "secret": raw,
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "admin/api/apitoken/issued.html", context)
        add_never_cache_headers(response)  # no-store: the back button or a proxy must not keep it
        return response

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False  # revoke instead, so the audit trail keeps pointing at something

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            services.revoke_token(request, token)
        self.message_user(request, f"Revoked {queryset.count()} token(s).", messages.SUCCESS)
