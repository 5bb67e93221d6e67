"""Data models: SQLAlchemy tables and the pydantic schemas of the API."""
