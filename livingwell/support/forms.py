from __future__ import annotations

from django import forms

from livingwell.support.models import DischargeReason, SessionAttendance, SessionKind


class SessionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of session",
        choices=SessionKind.choices,
        widget=forms.RadioSelect,
        initial=SessionKind.TREATMENT,
    )
    attendance = forms.ChoiceField(
        label="Attendance",
        choices=SessionAttendance.choices,
        widget=forms.RadioSelect,
        initial=SessionAttendance.ATTENDED,
    )
    note = forms.CharField(
        label="Note (optional)", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )


class DischargeForm(forms.Form):
    reason = forms.ChoiceField(
        label="Reason for discharge",
        choices=DischargeReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a reason for discharge"},
    )
