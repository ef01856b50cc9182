"""Pathway model: what-if simulation of the borough's mental health system."""
