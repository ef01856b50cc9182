"""The person's own view: sign-in with a one-time code, what is happening, their choices, their data."""
