"""What the API accepts and returns. Unknown fields are refused (extra="forbid") so typos are seen."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from livingwell.codes import LifeArea, Source
from livingwell.lib import ages, contact_details, nhs_number


def _storable(value: str) -> str:
    # PostgreSQL refuses NUL in text, and a lone surrogate cannot be encoded: both would be a 500.
    if "\x00" in value:
        raise ValueError("must not contain a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return value


def _stripped(value: str) -> str:
    value = _storable(value).strip()
    if not value:
        raise ValueError("must not be blank")
    return value


Text = Annotated[str, AfterValidator(_storable)]
Name = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_stripped)]

ProfessionalSource = Enum(  # type: ignore[misc]
    "ProfessionalSource",
    {code: code for code in Source.values if code not in {Source.SELF, Source.CARER}},
    type=str,
)
LifeAreaCode = Enum("LifeAreaCode", {code: code for code in LifeArea.values}, type=str)  # type: ignore[misc]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonIn(Strict):
    nhs_number: str | None = Field(
        None,
        max_length=20,
        description="10 digits (spaces allowed), checked by Modulus 11",
        examples=["9434765919"],
    )
    given_name: Name = Field(examples=["Kemi"])
    family_name: Name = Field(examples=["Adebayo"])
    date_of_birth: dt.date = Field(examples=["1979-11-02"])
    postcode: Text = Field("", max_length=10, examples=["SW9 8AA"])
    phone: Text = Field("", max_length=30, examples=["07700 900321"])
    email: Text = Field("", max_length=254, examples=[""])
    preferred_contact: Literal["phone", "text", "email", "letter"] = "phone"
    language: Text = Field("English", max_length=60)
    interpreter_needed: bool = False

    @field_validator("nhs_number")
    @classmethod
    def _nhs_number(cls, value: str | None) -> str | None:
        if not value:
            return None
        try:
            return nhs_number.normalise(_storable(value))
        except nhs_number.InvalidNHSNumber as error:
            raise ValueError(str(error)) from None

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str) -> str:
        if not value:
            return ""
        try:
            return contact_details.normalise_postcode(value)
        except contact_details.InvalidPostcode as error:
            raise ValueError(str(error)) from None

    # Checked and stored as the public form does (`lib.contact_details`): +447700900321.
    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        if not value:
            return ""
        try:
            return contact_details.normalise_phone(value)
        except contact_details.InvalidPhoneNumber as error:
            raise ValueError(str(error)) from None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except DjangoValidationError:
                raise ValueError("Enter an email address like name@example.com") from None
        return value

    @field_validator("date_of_birth")
    @classmethod
    def _date_of_birth(cls, value: dt.date) -> dt.date:
        try:
            ages.check_date_of_birth(value, timezone.localdate())
        except ages.InvalidDateOfBirth as error:
            raise ValueError(str(error)) from None
        return value


class ReferrerIn(Strict):
    name: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_stripped)] = Field(
        examples=["Dr Priya Shah"]
    )
    contact: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_stripped)] = Field(
        description="How the hub should contact the referrer", examples=["020 7946 0000 (bypass), Mon-Thu"]
    )


INTRODUCTION_EXAMPLE: dict[str, Any] = {
    "person": {
        "nhs_number": "9434765919",
        "given_name": "Kemi",
        "family_name": "Adebayo",
        "date_of_birth": "1979-11-02",
        "postcode": "SW9 8AA",
        "phone": "07700 900321",
        "preferred_contact": "phone",
    },
    "source": "A1",
    "reason": "Low mood since a bereavement; not sleeping; off work for three weeks.",
    "life_areas": ["mood", "work"],
    "urgency": "urgent",
    "at_risk_now": False,
    "risk": "No history of self-harm.",
    "consent_obtained": True,
    "consent_share_gp": True,
    "referrer": {"name": "Dr Priya Shah", "contact": "020 7946 0000 (bypass), Mon-Thu"},
}


class IntroductionIn(Strict):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [INTRODUCTION_EXAMPLE]})

    person: PersonIn
    source: ProfessionalSource = Field(
        description="NHS Data Dictionary source of referral for mental health", examples=["A1"]
    )
    reason: Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(_stripped)] = Field(
        description="Why the person is introduced, in the referrer's words",
        examples=["Low mood since a bereavement; not sleeping; off work for three weeks."],
    )
    life_areas: list[LifeAreaCode] = Field(default_factory=list, max_length=len(LifeArea.values))
    urgency: Literal["crisis", "urgent", "routine"] = "routine"
    at_risk_now: bool = Field(description="True makes this a crisis introduction, whatever the urgency")
    risk: Text = Field("", max_length=4000, description="Risk known to the referrer")
    consent_obtained: Literal[True] = Field(
        description="The person agreed to the introduction and to network services sharing what they need"
    )
    consent_share_gp: bool = Field(
        description="The person agreed that the hub may tell their GP what happens"
    )
    referrer: ReferrerIn

    @field_validator("life_areas")
    @classmethod
    def _distinct(cls, value: list[Enum]) -> list[Enum]:
        if len({item.value for item in value}) != len(value):
            raise ValueError("List each life area once")
        return value


StatusCode = Literal["received", "in_conversation", "introduced_on", "signposted", "closed"]


class StatusOut(Schema):
    code: StatusCode = Field(examples=["received"])
    text: str = Field(examples=["Received: waiting for the hub to contact the person"])
    service_kinds: list[str] = Field(
        description="Kinds of service the person was introduced on to", examples=[[]]
    )


class IntroductionOut(Schema):
    reference: str = Field(examples=["LW-7K3M9Q"])
    received_at: dt.datetime
    urgency: Literal["crisis", "urgent", "routine"]
    status: StatusOut


# A history also has each service's answer and the end of its support (access.referrer_rules).
EventCode = Literal[
    "received", "in_conversation", "introduced_on", "signposted", "closed", "accepted", "declined", "ended"
]


class EventOut(Schema):
    at: dt.datetime
    code: EventCode
    text: str


class HistoryOut(Schema):
    reference: str = Field(examples=["LW-7K3M9Q"])
    status: StatusOut
    events: list[EventOut]


class ErrorItem(Schema):
    field: str = Field(
        description="Where the problem is: a dotted path into the body (person.nhs_number), a header, or ''",
        examples=["person.nhs_number"],
    )
    code: str = Field(description="A stable code to act on", examples=["value_error"])
    message: str = Field(
        description="What is wrong, for a person to read", examples=["Enter a valid NHS number"]
    )


class ErrorOut(Schema):
    errors: list[ErrorItem]
