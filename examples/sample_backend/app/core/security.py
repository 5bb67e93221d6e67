"""Password hashing (bcrypt) and signed JWT access tokens."""

import logging
from datetime import datetime, timedelta, timezone

import jwt
from passlib.context import CryptContext

from app.config import Settings

logger = logging.getLogger(__name__)

_password_context = CryptContext(schemes=["bcrypt"], deprecated="auto")


class InvalidTokenError(Exception):
    """An access token is malformed, expired or wrongly signed."""


def hash_password(password: str) -> str:
    """Hash a password with bcrypt and a random salt.

    Args:
        password: The plain-text password.

    Returns:
        The hash, safe to store.
    """
    return _password_context.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    """Check a password against a stored hash in constant time.

    Args:
        password: The plain-text password given by the user.
        password_hash: The stored bcrypt hash.

    Returns:
        Whether the password matches.
    """
    return _password_context.verify(password, password_hash)


def create_access_token(
    subject: str, settings: Settings, expires_in: timedelta | None = None
) -> str:
    """Issue a signed access token.

    Args:
        subject: Who the token is for, usually the user id.
        settings: Signing key, algorithm and default lifetime.
        expires_in: Lifetime; the configured one when not given.

    Returns:
        The encoded JWT.
    """
    lifetime = expires_in or timedelta(minutes=settings.access_token_minutes)
    now = datetime.now(timezone.utc)
    claims = {"sub": subject, "iat": now, "exp": now + lifetime}
    return jwt.encode(claims, settings.jwt_secret, algorithm=settings.jwt_algorithm)


def decode_access_token(token: str, settings: Settings) -> str:
    """Verify an access token and return its subject.

    Args:
        token: The encoded JWT.
        settings: Signing key and the one accepted algorithm.

    Returns:
        The ``sub`` claim.

    Raises:
        InvalidTokenError: The signature, expiry or claims are invalid.
    """
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret,
            algorithms=[settings.jwt_algorithm],
            options={"require": ["exp", "iat", "sub"]},
        )
    except jwt.PyJWTError as exc:
        logger.info("rejected access token: %s", exc)
        raise InvalidTokenError(str(exc)) from exc
    return str(claims["sub"])
