"""Shared test helpers: factories for the platform's records and standing users in every role."""
