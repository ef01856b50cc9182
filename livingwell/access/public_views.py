"""The public front door: plain-English pages, the safety question first, then the form."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from livingwell import ratelimit
from livingwell.access import services
from livingwell.access.forms import SafetyForm, SelfIntroductionForm, person_details
from livingwell.access.models import Introduction
from livingwell.access.waiting import response_hours
from livingwell.audit.services import client_address
from livingwell.codes import Source
from livingwell.lib import clocks
from livingwell.lib.addresses import limit_key_for_address
from livingwell.lib.ages import age_on

# The accessibility statement's dates, changed by whoever changes the statement: the regulations
# ask for the date it was prepared and last reviewed, which is not the day the page is read.
ACCESSIBILITY_STATEMENT_PREPARED = dt.date(2026, 12, 3)
ACCESSIBILITY_STATEMENT_REVIEWED = dt.date(2026, 12, 3)
# The Living Well Network is an adult service: someone younger is pointed to help for young people.
ADULT_AGE = 18


@dataclass(frozen=True)
class HubPhone:
    text: str  # as people read and dial it, e.g. 020 7946 0321
    tel: str  # the tel: link


def hub_phone() -> HubPhone | None:
    """Return the hub's public phone number, or None when it has none (then no page says "call us")."""
    if not settings.HUB_PHONE:
        return None
    number = phonenumbers.parse(settings.HUB_PHONE, "GB")
    text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return HubPhone(
        text=text, tel="tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    )


def _opening_context() -> dict[str, object]:
    now = timezone.now()
    hours = settings.HUB_OPENING_HOURS
    return {
        "hub_open": clocks.is_open(now, hours),
        "next_opening": clocks.next_opening(now, hours),
        "opening_hours": hours,
        "hub_phone": hub_phone(),
    }


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "access/start.jinja", _opening_context())


def urgent_help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "access/urgent_help.jinja")


def accessibility(request: HttpRequest) -> HttpResponse:
    context = {
        "hub_phone": hub_phone(),
        "prepared": ACCESSIBILITY_STATEMENT_PREPARED,
        "reviewed": ACCESSIBILITY_STATEMENT_REVIEWED,
    }
    return render(request, "access/accessibility.jinja", context)


@require_http_methods(["GET", "POST"])
def safety(request: HttpRequest) -> HttpResponse:
    form = SafetyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["at_risk_now"] == "yes":
            return redirect("access:help_now")
        return redirect(f"{_details_url()}?at_risk=no")
    return render(request, "access/safety.jinja", {"form": form}, status=400 if form.errors else 200)


def help_now(request: HttpRequest) -> HttpResponse:
    return render(request, "access/help_now.jinja", {"continue_url": f"{_details_url()}?at_risk=yes"})


def _details_url() -> str:
    return reverse("access:self_introduction")


def _wait_before_reading(request: HttpRequest) -> int:
    """Return the seconds this address must still wait to send a form (0: read it now, and count it).

    Up to the hourly rate there is no wait. Beyond it each form from the address must come a little
    later than the one before (a back-off, at most SELF_INTRODUCTION_BACKOFF_MAX_SECONDS), so a flood
    of junk from a hostel or library slows down without closing the form to the next person there.
    A refused try is not counted and does not lengthen the wait.
    """
    where = limit_key_for_address(client_address(request))
    wait_key = f"self-intro:wait:{where}"
    wait = ratelimit.wait_left(wait_key)
    if wait:
        return wait
    sent = ratelimit.hit(f"self-intro:count:{where}", 3600)
    over = sent - settings.SELF_INTRODUCTION_RATE_PER_HOUR
    ratelimit.hold(
        wait_key,
        ratelimit.backoff_seconds(
            over,
            first=settings.SELF_INTRODUCTION_BACKOFF_SECONDS,
            most=settings.SELF_INTRODUCTION_BACKOFF_MAX_SECONDS,
        ),
    )
    return 0


def _ask_to_wait(request: HttpRequest, form: SelfIntroductionForm, wait: int) -> HttpResponse:
    """Show the form again as typed, unjudged, with how long to wait before sending it."""
    # Not read yet, so not judged: Django's own "cleaned, no errors" state shows what was typed
    # without marking any of it as a mistake (the stubs do not declare the attribute).
    form._errors = ErrorDict()  # type: ignore[attr-defined]
    context = {
        "form": form,
        "at_risk": form["at_risk_now"].value() == "yes",
        "wait_seconds": wait,
        **_opening_context(),
    }
    response = render(request, "access/self_introduction.jinja", context, status=429)
    response["Retry-After"] = str(wait)
    return response


def _submission_key(text: str) -> str:
    """Return the key as the form would clean it, or "" (PostgreSQL refuses to compare a NUL)."""
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return ""


@require_http_methods(["GET", "POST"])
def self_introduction(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SelfIntroductionForm(request.POST)
        # A resubmission of a form already recorded goes straight to its confirmation, and does
        # not count against the rate limit.
        key = _submission_key(request.POST.get("submission_key", ""))
        existing = (
            Introduction.objects.filter(submission_key=key).only("submission_key").first() if key else None
        )
        if existing is not None:
            return redirect("access:sent", key=existing.submission_key)
        wait = _wait_before_reading(request)
        if wait:
            return _ask_to_wait(request, form, wait)
        if form.is_valid():
            data = form.cleaned_data
            ask = services.IntroductionRequest(
                person=person_details(
                    data,
                    consent_share_alliance=data["consent_share_alliance"] == "yes",
                    consent_share_gp=data["consent_share_gp"] == "yes",
                ),
                source=Source.SELF,
                submission_key=str(data["submission_key"]),
                at_risk_now=data["at_risk_now"] == "yes",
                whats_going_on=data["whats_going_on"],
                life_areas=data["life_areas"],
            )
            introduction, _ = services.introduce(request, ask)
            # Only now, after the commit, is the person told it has been received.
            return redirect("access:sent", key=introduction.submission_key)
        status = 400
    else:
        at_risk = "yes" if request.GET.get("at_risk") == "yes" else "no"
        form = SelfIntroductionForm(initial={"submission_key": uuid.uuid4(), "at_risk_now": at_risk})
        status = 200
    context = {"form": form, "at_risk": form["at_risk_now"].value() == "yes", **_opening_context()}
    return render(request, "access/self_introduction.jinja", context, status=status)


def sent(request: HttpRequest, key: str) -> HttpResponse:
    try:
        uuid.UUID(key)
    except ValueError:
        raise Http404("No such introduction") from None
    introduction = (
        Introduction.objects.filter(submission_key=key)
        .select_related("person")
        .only("reference", "at_risk_now", "urgency", "received_at", "person__date_of_birth")
        .first()
    )
    if introduction is None:
        raise Http404("No such introduction")
    # Their age on the day the form arrived (London), as the hub's page shows it.
    age = age_on(introduction.person.date_of_birth, timezone.localdate(introduction.received_at))
    context = {
        "introduction": introduction,
        # The hub's standard for this introduction's urgency (crisis when at risk now).
        "response_hours": response_hours()[introduction.urgency],
        "under_18": age < ADULT_AGE,
        "borough_name": settings.BOROUGH_NAME,
        **_opening_context(),
    }
    return render(request, "access/sent.jinja", context)
