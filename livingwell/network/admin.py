from django.contrib import admin

from livingwell.network.models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "accepts_introductions"]
    list_filter = ["kind", "organisation"]
