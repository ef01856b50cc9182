"""Print a demo account's current two-step code: `livingwell demo-code hub.lead` (never in production)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from livingwell.demo.two_step import current_code


class Command(BaseCommand):
    help = "Print the current authenticator app code of a demo account, for trying the demo without a phone."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "demo-code is for the demo: in production each person's code is on their own phone"
            )
        device = TOTPDevice.objects.filter(user__username=options["username"], confirmed=True).first()
        if device is None:
            raise CommandError(f"{options['username']} has no authenticator app")
        self.stdout.write(current_code(device))
