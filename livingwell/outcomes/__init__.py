"""Outcomes: standard questionnaires, their collection and the change they show."""
