"""Goals on the person's support plan: set in their words outside any episode, and dated when achieved.

Here, in `outcomes`, because goals are its one goal model; the plan's page (people) links here. Who
may add or mark a plan's goal is who may work on the plan (people.rules.WORK_ON_PLAN).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from livingwell.accounts.rules import current_user
from livingwell.outcomes import services
from livingwell.outcomes.models import BigOutcome, Goal
from livingwell.people.rules import Permission, get_person_for_user


class PlanGoalForm(forms.Form):
    description = forms.CharField(
        label="The goal, in their own words",
        max_length=300,
        error_messages={
            "required": "Enter the goal",
            "max_length": "The goal must be 300 characters or fewer",
        },
    )
    big_outcome = forms.ChoiceField(
        label="Which big outcome does it serve?",
        choices=BigOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the big outcome it serves"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_plan_goal(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request, pk, perm=Permission.WORK_ON_PLAN, purpose="plan")
    form = PlanGoalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.add_plan_goal(request, person_id=person.pk, **form.cleaned_data)
        messages.success(request, "Goal added to the plan.")
        return redirect("people:plan", pk=person.pk)
    return render(
        request,
        "outcomes/plan_goal_form.jinja",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def plan_goal_achieved(request: HttpRequest, pk: int, goal: int) -> HttpResponse:
    person = get_person_for_user(request, pk, perm=Permission.WORK_ON_PLAN, purpose="plan")
    found = Goal.objects.filter(pk=goal, person=person).first()
    if found is None:
        raise Http404("This person has no such goal.")
    done = services.mark_goal_achieved(request, found, by=current_user(request))
    messages.success(request, "Marked as achieved." if done else "That goal was already achieved.")
    return redirect("people:plan", pk=person.pk)
