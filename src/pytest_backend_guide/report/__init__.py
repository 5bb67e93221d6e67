"""Turning results into text for people and machines."""
