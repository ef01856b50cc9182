"""The public page: you said, we did."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from livingwell.together import public


@require_GET
def you_said_we_did(request: HttpRequest) -> HttpResponse:
    return render(
        request, "together/you_said_we_did.jinja", {"answered": public.answered(), "totals": public.totals()}
    )
