"""Render Django form fields through the NHS.UK frontend macros, so forms stay Django forms.

`field_params(bound_field)` turns a bound field into the parameters of the matching
nhsuk-frontend-jinja macro (label, hint, error message, items); the `form_field` macro in
`jinja2/macros/form.jinja` picks the macro. `error_summary_params(form)` builds the error summary
whose links jump to the field at fault.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.boundfield import BoundField


class NHSDateWidget(forms.MultiWidget):
    """Day, month and year boxes, as the NHS.UK date input asks for them."""

    parts = ("day", "month", "year")

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return [str(data.get(f"{name}-{part}", "")).strip() for part in self.parts]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return all(f"{name}-{part}" not in data for part in self.parts)


class NHSDateField(forms.Field):
    """A date entered as day, month and year, each checked with a message a person understands.

    `subject` names the date in the messages, as the NHS.UK error message patterns ask
    (https://service-manual.nhs.uk/design-system/components/error-message): "Enter your date of
    birth", "Date of birth must include a month", "Date of birth must be a real date".
    """

    widget = NHSDateWidget

    def __init__(self, *, subject: str = "the date", **kwargs: Any) -> None:
        self.subject = subject
        what = subject[0].upper() + subject[1:]
        messages = {
            "required": f"Enter {subject}",
            "incomplete": f"{what} must include a %(missing)s",
            "invalid": f"{what} must be a real date",
        }
        messages.update(kwargs.pop("error_messages", None) or {})
        super().__init__(error_messages=messages, **kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if not value or not any(value):
            return None
        if not all(value):
            missing = [part for part, given in zip(NHSDateWidget.parts, value, strict=True) if not given]
            words = missing[0] if len(missing) == 1 else f"{missing[0]} and {missing[1]}"
            raise forms.ValidationError(
                self.error_messages["incomplete"], code="incomplete", params={"missing": words}
            )
        try:
            day, month, year = (int(part) for part in value)
            if year < 1000:
                raise ValueError
            return dt.date(year, month, day)
        except (TypeError, ValueError, OverflowError):  # OverflowError: a day like 99999999999
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


def _missing_date_parts(field: BoundField) -> list[str]:
    """Name the boxes left empty of a date partly entered (none when it is all there or all empty)."""
    values = field.value()
    if not isinstance(values, list | tuple) or all(values) or not any(values):
        return []
    return [part for part, value in zip(NHSDateWidget.parts, values, strict=True) if not value]


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _choice_items(field: BoundField, *, multiple: bool) -> list[dict[str, Any]]:
    value = field.value()
    selected = {str(v) for v in (value or [])} if multiple else {str(value)}
    hints = getattr(field.field, "choice_hints", {})
    return [
        {
            "value": str(choice_value),
            "text": str(label),
            "checked": str(choice_value) in selected,
            "selected": str(choice_value) in selected,
            "hint": {"text": hints[choice_value]} if choice_value in hints else None,
        }
        for choice_value, label in field.field.choices  # type: ignore[attr-defined]
        if not (choice_value == "" and not isinstance(field.field.widget, forms.Select))
    ]


def field_kind(field: BoundField) -> str:
    """Name the NHS.UK macro that renders this field."""
    widget = field.field.widget
    if isinstance(widget, NHSDateWidget):
        return "dateInput"
    # CheckboxSelectMultiple subclasses RadioSelect in Django, so it must be checked first.
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "characterCount" if field.field.max_length else "textarea"  # type: ignore[attr-defined]
    return "input"


def field_params(field: BoundField, **overrides: Any) -> dict[str, Any]:
    """Build the macro parameters for a bound field; keyword arguments override any of them."""
    kind = field_kind(field)
    error = " ".join(str(e) for e in field.errors) or None
    label = {"text": str(field.label)}
    params: dict[str, Any] = {
        "kind": kind,
        "id": field.id_for_label or field.html_name,
        "name": field.html_name,
        "hint": {"text": str(field.help_text)} if field.help_text else None,
        "errorMessage": {"text": error} if error else None,
    }
    widget = field.field.widget
    if kind in {"radios", "checkboxes", "dateInput"}:
        params["fieldset"] = {"legend": {"text": str(field.label), "size": "s"}}
    else:
        params["label"] = label
    if kind == "radios":
        params["items"] = _choice_items(field, multiple=False)
        params["idPrefix"] = field.html_name
    elif kind == "checkboxes" and isinstance(widget, forms.CheckboxInput):
        params["fieldset"] = None
        params["items"] = [{"value": "on", "text": str(field.label), "checked": bool(field.value())}]
        params["idPrefix"] = field.html_name
    elif kind == "checkboxes":
        params["items"] = _choice_items(field, multiple=True)
        params["idPrefix"] = field.html_name
    elif kind == "select":
        params["items"] = _choice_items(field, multiple=False)
    elif kind == "dateInput":
        values = field.value()
        if isinstance(values, dt.date):
            values = [values.day, values.month, values.year]
        values = values if isinstance(values, list | tuple) else [None, None, None]
        # NHS.UK: when only part of a date is missing, only the empty boxes are marked.
        missing = _missing_date_parts(field) if error else []
        params["items"] = [
            {
                # Without an explicit id the macro writes "<id>-<name>", which doubles the field
                # name and leaves the error summary's "#<name>-day" link pointing at nothing.
                "id": f"{field.html_name}-{part}",
                "name": f"{field.html_name}-{part}",
                "label": part.capitalize(),
                "value": _text(values[i]),
                "width": 4 if part == "year" else 2,
                "error": bool(error) and (not missing or part in missing),
            }
            for i, part in enumerate(NHSDateWidget.parts)
        ]
        params["id"] = f"{field.html_name}"
    else:
        params["value"] = _text(field.value())
        attrs = widget.attrs
        for attr in ("autocomplete", "inputmode", "spellcheck"):
            if attr in attrs:
                params[attr] = attrs[attr]
        if isinstance(widget, forms.EmailInput):
            params["type"] = "email"
        elif isinstance(widget, forms.PasswordInput):
            params["type"] = "password"
            params["value"] = None
        if "width" in attrs:
            params["classes"] = f"nhsuk-input--width-{attrs['width']}"
        if kind == "characterCount":
            params["maxlength"] = field.field.max_length  # type: ignore[attr-defined]
    params.update(overrides)
    return params


def error_summary_params(form: forms.Form, title: str = "There is a problem") -> dict[str, Any] | None:
    """Build the error summary for a form, or None when it has no errors."""
    if not form.is_bound or not form.errors:
        return None
    items: list[dict[str, str]] = [{"text": str(e)} for e in form.errors.get(NON_FIELD_ERRORS, [])]
    # In the order of the form's fields, which is the page's: errors are added as they are found,
    # and a clean() that checks fields against each other adds its errors last.
    for name in form.fields:
        errors = form.errors.get(name)
        if not errors:
            continue
        bound = form[name]
        kind = field_kind(bound)
        if kind == "dateInput":
            # The first box to fix: the first one left empty, or the day.
            anchor = f"{bound.html_name}-{(_missing_date_parts(bound) or ['day'])[0]}"
        elif kind in {"radios", "checkboxes"}:
            anchor = bound.html_name  # NHS.UK gives the first item the idPrefix as its id
        else:
            anchor = bound.id_for_label or bound.html_name
        items.extend({"text": str(e), "href": f"#{anchor}"} for e in errors)
    return {"titleText": title, "errorList": items}
