"""Application settings, read from environment variables.

Nothing secret lives in the code: the JWT signing key and the payment
provider's API key must be given as ``BOOKSHOP_*`` environment variables.
"""

import os
from dataclasses import dataclass
from functools import lru_cache

ENV_PREFIX = "BOOKSHOP_"


class ConfigurationError(RuntimeError):
    """A required environment variable is missing or malformed."""


@dataclass(frozen=True)
class Settings:
    """Validated settings of one process.

    Attributes:
        database_url: SQLAlchemy URL of the database.
        jwt_secret: Key that signs the access tokens.
        jwt_algorithm: JWT signing algorithm, e.g. ``HS256``.
        access_token_minutes: Lifetime of an access token.
        payments_base_url: Base URL of the payment provider's API.
        payments_api_key: Credential for the payment provider.
        payments_timeout_seconds: Timeout of every payment request.
        log_level: Name of the root logging level.
    """

    database_url: str
    jwt_secret: str
    jwt_algorithm: str
    access_token_minutes: int
    payments_base_url: str
    payments_api_key: str
    payments_timeout_seconds: float
    log_level: str


def read_env(name: str, default: str | None = None) -> str:
    """Return the value of ``BOOKSHOP_<name>``.

    Args:
        name: Variable name without the prefix.
        default: Value when the variable is unset; ``None`` makes it required.

    Returns:
        The value of the variable, or the default.

    Raises:
        ConfigurationError: The variable is required and unset.
    """
    value = os.environ.get(ENV_PREFIX + name, default)
    if value is None:
        raise ConfigurationError(f"environment variable {ENV_PREFIX}{name} is not set")
    return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read the settings once per process.

    Returns:
        The settings.

    Raises:
        ConfigurationError: A required variable is unset or a number is invalid.
    """
    try:
        return Settings(
            database_url=read_env("DATABASE_URL", "sqlite:///./bookshop.db"),
            jwt_secret=read_env("JWT_SECRET"),
            jwt_algorithm=read_env("JWT_ALGORITHM", "HS256"),
            access_token_minutes=int(read_env("ACCESS_TOKEN_MINUTES", "30")),
            payments_base_url=read_env("PAYMENTS_URL", "https://payments.example.com"),
            payments_api_key=read_env("PAYMENTS_API_KEY"),
            payments_timeout_seconds=float(read_env("PAYMENTS_TIMEOUT", "5")),
            log_level=read_env("LOG_LEVEL", "INFO"),
        )
    except ValueError as exc:
        raise ConfigurationError(f"invalid numeric setting: {exc}") from exc
