"""The carer's front door: the safety question first, then the carer's form (source B2)."""

from __future__ import annotations

import uuid

from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from livingwell.access import public_views as front_door
from livingwell.access.forms import SafetyForm
from livingwell.access.models import Introduction
from livingwell.access.services import PersonDetails
from livingwell.carers import services
from livingwell.carers.forms import CarerIntroductionForm
from livingwell.people.codes import ContactMethod

# The self-introduction's safety question, asked of the person the carer looks after.
SAFETY_QUESTION = "Is the person you look after in danger right now, or thinking about ending their life?"


class CarerSafetyForm(SafetyForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["at_risk_now"].label = SAFETY_QUESTION
        self.fields["at_risk_now"].error_messages["required"] = "Select yes if they are in danger right now"


@require_http_methods(["GET", "POST"])
def safety(request: HttpRequest) -> HttpResponse:
    form = CarerSafetyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["at_risk_now"] == "yes":
            return redirect("carers:help_now")
        return redirect(f"{reverse('carers:introduce')}?at_risk=no")
    return render(request, "carers/safety.jinja", {"form": form}, status=400 if form.errors else 200)


def help_now(request: HttpRequest) -> HttpResponse:
    return render(
        request, "carers/help_now.jinja", {"continue_url": f"{reverse('carers:introduce')}?at_risk=yes"}
    )


def _person_details(data: dict[str, object]) -> PersonDetails:
    """The person's details as the carer gave them; their consent to share is theirs to give, so none."""
    phone, email = str(data["phone"]), str(data["email"])
    # The hub reaches them the way their details allow; it asks them how they prefer when it calls.
    preferred = ContactMethod.PHONE if phone else ContactMethod.EMAIL if email else ContactMethod.LETTER
    return PersonDetails(
        given_name=str(data["given_name"]).strip(),
        family_name=str(data["family_name"]).strip(),
        date_of_birth=data["date_of_birth"],  # type: ignore[arg-type]
        nhs_number=str(data["nhs_number"]),
        postcode=str(data["postcode"]),
        email=email,
        phone=phone,
        preferred_contact=preferred,
    )


def _ask(data: dict[str, object]) -> services.CarerIntroduction:
    return services.CarerIntroduction(
        carer=services.CarerDetails(
            given_name=str(data["carer_given_name"]).strip(),
            family_name=str(data["carer_family_name"]).strip(),
            date_of_birth=data["carer_date_of_birth"],  # type: ignore[arg-type]
            email=str(data["carer_email"]),
            phone=str(data["carer_phone"]),
            preferred_contact=str(data["carer_preferred_contact"]),
            consents=data["carer_consents"] == "yes",
        ),
        person=_person_details(data),
        relationship=str(data["relationship"]),
        person_knows=str(data["person_knows"]),
        submission_key=str(data["submission_key"]),
        at_risk_now=data["at_risk_now"] == "yes",
        whats_going_on=str(data["whats_going_on"]),
        life_areas=list(data["life_areas"]),  # type: ignore[call-overload]
    )


@require_http_methods(["GET", "POST"])
def introduce(request: HttpRequest) -> HttpResponse:
    """The carer's form: sent twice, it makes one introduction; flooded, it asks the sender to wait."""
    wait = 0
    if request.method == "POST":
        form = CarerIntroductionForm(request.POST)
        key = front_door._submission_key(request.POST.get("submission_key", ""))
        existing = (
            Introduction.objects.filter(submission_key=key).only("submission_key").first() if key else None
        )
        if existing is not None:
            return redirect("carers:sent", key=existing.submission_key)
        # The same limit as the self-introduction: a flood from one place is one flood.
        wait = front_door._wait_before_reading(request)
        if not wait and form.is_valid():
            introduction, _ = services.introduce_by_carer(request, _ask(form.cleaned_data))
            # Only now, after the commit, is the carer told it has been received.
            return redirect("carers:sent", key=introduction.submission_key)
        if wait:
            # Not read yet, so not judged: shown as typed, with how long to wait (as the front door does).
            form._errors = ErrorDict()  # type: ignore[attr-defined]
        status = 429 if wait else 400
    else:
        at_risk = "yes" if request.GET.get("at_risk") == "yes" else "no"
        form = CarerIntroductionForm(initial={"submission_key": uuid.uuid4(), "at_risk_now": at_risk})
        status = 200
    context = {
        "form": form,
        "at_risk": form["at_risk_now"].value() == "yes",
        "wait_seconds": wait,
        **front_door._opening_context(),
    }
    response = render(request, "carers/introduce.jinja", context, status=status)
    if wait:
        response["Retry-After"] = str(wait)
    return response


def sent(request: HttpRequest, key: str) -> HttpResponse:
    try:
        uuid.UUID(key)
    except ValueError:
        raise Http404("No such introduction") from None
    introduction = (
        Introduction.objects.filter(submission_key=key, carers__isnull=False)
        .only("reference", "at_risk_now")
        .first()
    )
    if introduction is None:
        raise Http404("No such introduction")
    context = {"introduction": introduction, **front_door._opening_context()}
    return render(request, "carers/sent.jinja", context)
