"""Carers: their own record, consent and contact details, the people they care for, and their own needs."""
