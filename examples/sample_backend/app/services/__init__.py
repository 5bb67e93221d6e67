"""Integrations with external services."""
