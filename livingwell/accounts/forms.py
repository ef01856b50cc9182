"""Sign-in forms: password (ours and the admin site's, both throttled), then a code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from livingwell.accounts import known_devices, throttle
from livingwell.audit.services import client_address


def wait_message(seconds: int) -> str:
    """Say, in words, how long to wait before trying again."""
    wait = f"{seconds} seconds" if seconds <= 90 else f"{(seconds + 59) // 60} minutes"
    return f"Too many failed sign-in attempts. Wait {wait} and try again."


class ThrottledSignIn:
    """Refuse before the password is checked while this username or address must wait."""

    wait_seconds = 0

    def clean(self) -> dict[str, Any]:
        form: Any = self
        username = str(form.data.get("username", ""))[:150]
        address = client_address(form.request) if form.request is not None else None
        self.wait_seconds = throttle.wait_seconds(
            username, address, known_device=known_devices.recognises(form.request, username)
        )
        if self.wait_seconds:
            raise forms.ValidationError(wait_message(self.wait_seconds), code="throttled")
        return super().clean()  # type: ignore[misc]


class SignInForm(ThrottledSignIn, AuthenticationForm):
    """The staff sign-in page's username and password."""

    # NHS.UK error messages say what to do, plainly, and sit by the field the error summary
    # links to (https://service-manual.nhs.uk/design-system/components/error-message). Which of
    # the two was wrong is not said, so the page does not reveal which usernames exist.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError as problem:
            if problem.code != "invalid_login":
                raise
            # On the username field, so the summary's link takes the reader to where to start.
            self.add_error("username", problem)
            return self.cleaned_data


class AdminSignInForm(ThrottledSignIn, AdminAuthenticationForm):
    """The admin site's sign-in, throttled exactly as the staff page is."""


class CodeForm(forms.Form):
    """The second step: a code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label="Code",
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes",
        max_length=40,
        error_messages={"required": "Enter the code from your authenticator app, or a recovery code"},
    )


class SetUpForm(forms.Form):
    """Confirm a new authenticator app with the code it shows."""

    code = forms.CharField(
        label="Code from the app",
        help_text="The 6-digit code the app shows for Living Well Network",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )
