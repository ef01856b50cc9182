from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "livingwell.audit"
    label = "audit"
    verbose_name = "Audit"
