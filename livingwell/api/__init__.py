"""The HTTP API (django-ninja) for partner systems: introductions from GP and partner systems."""
