"""The hub's pages: the queue, an introduction and the work on it. Thin: logic is in services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from livingwell.access import queue, services, submitted, waiting
from livingwell.access.came_back import has_come_back
from livingwell.access.codes import IntroductionStatus
from livingwell.access.forms import (
    ApplySubmittedForm,
    ContactAttemptForm,
    ConversationForm,
    DecisionForm,
    QueueFilterForm,
    ResponseStandardsForm,
    VersionForm,
)
from livingwell.access.models import Introduction, MatchOutcome, ResponseStandard, RiskLevel
from livingwell.access.referrer_rules import is_referrer
from livingwell.access.rules import Permission, get_introduction_for_user
from livingwell.access.waiting import wait_for
from livingwell.accounts.models import User
from livingwell.accounts.rules import (
    can,
    current_user,
    is_administrator,
    is_commissioner,
    is_hub_staff,
    is_partner_practitioner,
)
from livingwell.audit.services import record_list, shown
from livingwell.codes import LifeArea, Urgency
from livingwell.network import loop
from livingwell.people.matching import likely_matches


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each member of staff to where their work is."""
    user = request.user
    if is_hub_staff(user):
        return redirect("access:queue")
    if is_partner_practitioner(user):
        return redirect("network:inbox")
    if is_commissioner(user):
        return redirect("insight:hub_dashboard")
    if is_referrer(user):
        return redirect("access:referrer_introductions")
    if is_administrator(user):
        return redirect("admin:index")
    raise PermissionDenied


def _require(request: HttpRequest, perm: Permission, obj: Any = None) -> None:
    if not can(request.user, perm, obj):
        raise PermissionDenied


@login_required
def queue_page(request: HttpRequest) -> HttpResponse:
    _require(request, Permission.VIEW_QUEUE)
    filters = QueueFilterForm(request.GET or None)
    # A nonsense value in one box drops only that box: is_valid() leaves the good ones cleaned.
    filters.is_valid()
    chosen: dict[str, Any] = dict(getattr(filters, "cleaned_data", {}))
    text = str(chosen.pop("q", "") or "").strip()
    now = timezone.now()
    hours = queue.response_hours()
    # Page links keep everything else that was asked for (filters, search), only the page changes.
    kept = request.GET.copy()
    kept.pop("page", None)

    def link(number: int) -> str:
        kept["page"] = str(number)
        return "?" + kept.urlencode()

    found = None
    found_rows: list[Introduction] = []
    search = queue.parse_search(text) if text else None
    if search is not None:
        # The search reaches beyond the queue (a caller may be in conversation, or closed), so
        # it is allowed only to those who may open any introduction, and each row is checked too.
        _require(request, Permission.VIEW_INTRODUCTION)
        results = queue.search(search)
        if search.kind == "reference":
            matches = [i for i in results[:2] if can(request.user, Permission.VIEW_INTRODUCTION, i)]
            if len(matches) == 1:
                # The introduction's own page checks access again and records the look.
                return redirect("access:introduction", matches[0].reference)
        found = queue.page_of(results, request.GET.get("page"))
        found_rows = [i for i in found if can(request.user, Permission.VIEW_INTRODUCTION, i)]
        record_list(
            request,
            "access.queue_search",
            [i.person_id for i in found_rows],
            detail={"search": search.kind, "page": found.number},
        )
    waiting = queue.filtered(queue.awaiting_first_contact(), now=now, hours=hours, **chosen)
    page = queue.page_of(waiting, None if found is not None else request.GET.get("page"))
    mine = queue.in_conversation_with(current_user(request))
    entries = queue.entries(list(page), now=now, hours=hours) if found is None else []
    my_entries = queue.entries(mine, now=now, hours=hours) if found is None else []
    # Nobody silently dropped: those every service declined, and onward introductions past a
    # service's standard (waiting for its answer, or accepted and not yet seen), come first.
    returned = list(queue.came_back_first()[:100]) if found is None else []
    stalled = (
        loop.stalled(
            loop.open_onward().filter(introduction__isnull=False).select_related("person", "introduction"),
            now=now,
        )
        if found is None
        else []
    )
    if found is None:
        # One audit record for the page, naming everyone on it.
        record_list(
            request,
            "access.queue",
            [e.introduction.person_id for e in [*entries, *my_entries]]
            + [i.person_id for i in returned]
            + [item.person_id for item, _ in stalled],
        )
    shown_page = found if found is not None else page
    context = {
        "filters": filters,
        "search": search,
        "search_text": text,
        "found": found_rows,
        "entries": entries,
        "page": shown_page,
        "page_items": queue.page_items(shown_page, link) if shown_page.paginator.num_pages > 1 else [],
        "previous_url": link(shown_page.number - 1) if shown_page.has_previous() else None,
        "next_url": link(shown_page.number + 1) if shown_page.has_next() else None,
        "total_waiting": page.paginator.count,
        "counts": queue.counts_by_urgency(),
        "urgencies": Urgency,
        "mine": my_entries,
        "hours": hours,
        "came_back": returned,
        "stalled": stalled,
    }
    return render(request, "access/queue.jinja", context)


@login_required
def introduction_page(request: HttpRequest, reference: str) -> HttpResponse:
    introduction = get_introduction_for_user(request, reference)
    return _introduction_page(request, introduction)


def _introduction_page(
    request: HttpRequest, introduction: Introduction, apply_form: ApplySubmittedForm | None = None
) -> HttpResponse:
    contacts = list(introduction.contacts.select_related("by"))
    conversation = getattr(introduction, "conversation", None)
    onward = list(loop.with_steps(introduction.onward.all()))
    steps = [(item, loop.step_of(item)) for item in onward]
    returned = bool(onward) and has_come_back(introduction)
    wait = wait_for(introduction)
    can_work = can(request.user, Permission.WORK_INTRODUCTION, introduction)
    sent = submitted.sent_with(introduction)
    comparison = submitted.comparison(sent, introduction.person) if sent else []
    if (
        apply_form is None
        and can_work
        and submitted.can_apply(sent)
        and any(r.applicable for r in comparison)
    ):
        apply_form = _apply_form(comparison)
    context = {
        "introduction": introduction,
        "person": introduction.person,
        "contacts": contacts,
        "conversation": conversation,
        "onward": onward,
        "steps": steps,
        "came_back": returned,
        "life_areas": dict(LifeArea.choices),
        "life_area_labels": [LifeArea(a).label for a in introduction.life_areas if a in LifeArea.values],
        "waited": wait.text,
        "first_contact_at": wait.first_contact_at,
        "breached": wait.breached,
        "standard_hours": wait.standard_hours,
        "can_work": can_work,
        "can_reallocate": can(request.user, Permission.REALLOCATE_INTRODUCTION),
        "hub_staff": User.objects.filter(memberships__role__in=["hub_worker", "hub_lead"])
        .distinct()
        .order_by("username"),
        "matches": shown(
            request,
            "people.possible_matches",
            likely_matches(introduction.person),
            detail={"introduction": introduction.pk},
        ),
        "submitted": sent,
        # A new record is what was sent, so the table only matters for a match or once they differ.
        "comparison": comparison
        if sent and (sent.match == MatchOutcome.MATCHED or any(r.differs for r in comparison))
        else [],
        "applied_labels": [submitted.LABELS[name].lower() for name in sent.applied_fields] if sent else [],
        "apply_form": apply_form,
        "version_form": VersionForm(initial={"version": introduction.version}),
        "timeline": _timeline(introduction, contacts, conversation, onward),
    }
    status = 400 if apply_form is not None and apply_form.errors else 200
    return render(request, "access/introduction.jinja", context, status=status)


def _apply_form(comparison: list[submitted.Row], data: Any = None) -> ApplySubmittedForm:
    choices = [(row.name, f"{row.label}: {row.sent}") for row in comparison if row.applicable]
    return ApplySubmittedForm(data, choices=choices)


@login_required
@require_POST
def apply_submitted(request: HttpRequest, reference: str) -> HttpResponse:
    """Apply what the person confirmed of the details sent with their introduction."""
    introduction = get_introduction_for_user(request, reference, perm=Permission.WORK_INTRODUCTION)
    sent = submitted.sent_with(introduction)
    if sent is None or not submitted.can_apply(sent):
        messages.error(request, "There is nothing to apply from this introduction.")
        return redirect("access:introduction", reference=reference)
    form = _apply_form(submitted.comparison(sent, introduction.person), request.POST)
    if not form.is_valid():
        return _introduction_page(request, introduction, apply_form=form)
    try:
        changed = submitted.apply(
            request, introduction, by=current_user(request), fields=form.cleaned_data["fields_to_apply"]
        )
    except submitted.NothingToApply as problem:
        messages.error(request, str(problem))
    else:
        labels = ", ".join(submitted.LABELS[name].lower() for name in changed) or "nothing (already the same)"
        messages.success(request, f"Record updated: {labels}.")
    return redirect("access:introduction", reference=reference)


def _timeline(
    introduction: Introduction, contacts: list[Any], conversation: Any, onward: list[Any]
) -> list[tuple[Any, str]]:
    events: list[tuple[Any, str]] = [
        (introduction.received_at, f"Introduction received ({introduction.get_source_display()})")
    ]
    events += [
        (
            c.at,
            f"{c.get_method_display()}: {c.get_outcome_display()} – {c.by.get_full_name() or c.by.username}"
            # The note is what the next worker needs ("asked to call after 3pm"), so it is shown.
            + (f". Note: {c.note}" if c.note else ""),
        )
        for c in contacts
    ]
    if conversation:
        events.append((conversation.recorded_at, "Conversation recorded"))
    events += [
        (o.made_at, f"Introduced to {o.service.name}: {o.get_status_display().lower()}") for o in onward
    ]
    if introduction.decided_at and introduction.status in {
        IntroductionStatus.SIGNPOSTED,
        IntroductionStatus.CLOSED,
    }:
        events.append((introduction.decided_at, introduction.get_status_display()))
    return sorted(events, key=lambda e: e[0])


@login_required
@require_POST
def allocate(request: HttpRequest, reference: str) -> HttpResponse:
    introduction = get_introduction_for_user(request, reference, perm=Permission.ALLOCATE_INTRODUCTION)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Reload the page and try again.")
        return redirect("access:introduction", reference=reference)
    try:
        services.allocate(
            request, introduction, to=current_user(request), version=form.cleaned_data["version"]
        )
    except services.IntroductionConflict as conflict:
        messages.error(request, str(conflict))
    else:
        messages.success(request, f"{introduction.reference} is now yours.")
    return redirect("access:introduction", reference=reference)


@login_required
@require_POST
def reallocate(request: HttpRequest, reference: str) -> HttpResponse:
    introduction = get_introduction_for_user(request, reference, perm=Permission.REALLOCATE_INTRODUCTION)
    form = VersionForm(request.POST)
    target_id = request.POST.get("to", "")
    target = (
        User.objects.filter(pk=target_id, memberships__role__in=["hub_worker", "hub_lead"]).first()
        if target_id.isdigit()
        else None
    )
    if not form.is_valid() or (target_id and target is None):
        messages.error(request, "Choose a member of the hub team.")
        return redirect("access:introduction", reference=reference)
    try:
        services.reallocate(request, introduction, to=target, version=form.cleaned_data["version"])
    except services.IntroductionConflict as conflict:
        messages.error(request, str(conflict))
    else:
        messages.success(request, "Allocation changed.")
    return redirect("access:introduction", reference=reference)


@login_required
@require_http_methods(["GET", "POST"])
def contact_attempt(request: HttpRequest, reference: str) -> HttpResponse:
    introduction = get_introduction_for_user(request, reference, perm=Permission.WORK_INTRODUCTION)
    form = ContactAttemptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_contact_attempt(
            request, introduction, by=current_user(request), at=timezone.now(), **form.cleaned_data
        )
        messages.success(request, "Contact attempt recorded.")
        return redirect("access:introduction", reference=reference)
    return render(
        request,
        "access/contact_attempt.jinja",
        {"form": form, "introduction": introduction},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, reference: str) -> HttpResponse:
    introduction = get_introduction_for_user(request, reference, perm=Permission.WORK_INTRODUCTION)
    existing = getattr(introduction, "conversation", None)
    initial: dict[str, Any] = {
        "consent_share_alliance": "yes" if introduction.person.consent_share_alliance else "no"
    }
    if existing:
        initial.update(
            strengths=existing.strengths,
            what_matters=existing.what_matters,
            risk_level=existing.risk_level,
            risk_level_reason=existing.risk_level_reason,
            risk_summary=existing.risk_summary,
        )
        initial.update({f"need_{k}": v for k, v in existing.needs.items()})
    urgent = introduction.at_risk_now or introduction.urgency == Urgency.CRISIS
    # Boxes already filled in stay open too, so nothing recorded is tucked away.
    named = [*introduction.life_areas, *(existing.needs if existing else {})]
    spoken = waiting.first_contact_at(introduction) is not None  # the one waiting clock
    form = ConversationForm(
        request.POST or None, initial=initial, urgent=urgent, named_areas=named, spoken=spoken
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        below_high = data["risk_level"] != RiskLevel.HIGH
        notes = services.ConversationNotes(
            needs=form.needs(),
            strengths=data["strengths"],
            what_matters=data["what_matters"],
            risk_summary=data["risk_summary"],
            risk_level=data["risk_level"],
            # A reason is asked for only where the level is below high; none is kept for high.
            risk_level_reason=data.get("risk_level_reason", "") if below_high else "",
            consent_share_alliance=data["consent_share_alliance"] == "yes",
            spoke_by=data.get("spoke_by", ""),
        )
        services.record_conversation(request, introduction, by=current_user(request), notes=notes)
        messages.success(request, "Conversation saved.")
        return redirect("access:introduction", reference=reference)
    context = {"form": form, "introduction": introduction}
    return render(request, "access/conversation.jinja", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, reference: str) -> HttpResponse:
    introduction = get_introduction_for_user(request, reference, perm=Permission.WORK_INTRODUCTION)
    form = DecisionForm(
        request.POST or None, initial={"version": introduction.version}, introduction=introduction
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "introduce_on":
                services.introduce_on(
                    request,
                    introduction,
                    by=current_user(request),
                    services=list(data["services"]),
                    note=data["note"],
                    version=data["version"],
                )
                messages.success(request, "Introduced on. The services will accept or decline.")
            elif data["decision"] == "signpost":
                services.signpost(request, introduction, note=data["note"], version=data["version"])
                messages.success(request, "Signposted and closed.")
            else:
                services.close(
                    request,
                    introduction,
                    reason=data["close_reason"],
                    note=data["note"],
                    version=data["version"],
                )
                messages.success(request, "Introduction closed.")
            return redirect("access:introduction", reference=reference)
        except (services.DecisionNotAllowed, services.IntroductionConflict) as problem:
            form.add_error(None, str(problem))
    return render(
        request,
        "access/decision.jinja",
        {"form": form, "introduction": introduction},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def response_standards(request: HttpRequest) -> HttpResponse:
    _require(request, Permission.CHANGE_RESPONSE_STANDARDS)
    form = ResponseStandardsForm(request.POST or None, hours=queue.response_hours())
    if request.method == "POST" and form.is_valid():
        services.set_response_standards(
            request, {level: form.cleaned_data[level] for level in Urgency.values}
        )
        messages.success(request, "Response standards saved.")
        return redirect("access:queue")
    return render(
        request,
        "access/response_standards.jinja",
        {"form": form, "standards": ResponseStandard.objects.all()},
        status=400 if form.errors else 200,
    )


def summary(request: HttpRequest) -> HttpResponse:
    """Send the retired "Hub in numbers" page's bookmarks to the hub dashboard, which has its figures."""
    return redirect("insight:hub_dashboard", permanent=True)
