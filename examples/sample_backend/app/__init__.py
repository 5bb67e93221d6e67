"""Bookshop API: a small FastAPI backend laid out as the backend guide asks.

The package itself imports nothing, so that the pure-Python helpers
(``app.core.orders``, ``app.utils``) can be used without the web stack.
"""
