"""HTTP API: one router per resource, all under the ``/api/v1`` prefix."""

API_PREFIX = "/api/v1"
