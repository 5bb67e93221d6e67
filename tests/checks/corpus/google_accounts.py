"""User accounts: lookup, creation, tokens and transactions.

This module is the service layer between the API routes and the database.

Attributes:
    DEFAULT_PAGE_SIZE (int): Page size used when the client asks for none.

Todo:
    * Move the password policy to its own module.
"""

from __future__ import annotations

import abc
import hashlib
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import overload

import jwt

from app.core import errors
from app.core.db import Session
from app.models.user import AuditClient, User

DEFAULT_PAGE_SIZE = 50


class AccountError(Exception):
    """Base class of the errors this module raises."""


class UserNotFoundError(AccountError):
    """No user has the requested id.

    Args:
        user_id: The id that was looked up.
    """

    def __init__(self, user_id: int) -> None:
        super().__init__(f"user {user_id} not found")
        self.user_id = user_id


@dataclass
class Page:
    """One page of a listing.

    Attributes:
        items (list[User]): The users on this page.
        total: How many users match, over all pages.
        offset: Index of the first item in the full listing.
    """

    items: list[User]
    total: int
    offset: int = 0

    @property
    def has_more(self) -> bool:
        """Whether another page follows this one."""
        return self.offset + len(self.items) < self.total


def get_user(session: Session, user_id: int) -> User:
    """Load one user by primary key.

    Args:
        session: The database session.
        user_id (int): Primary key of the user.

    Returns:
        The user.

    Raises:
        UserNotFoundError: No user has this id.

    Example:
        >>> get_user(session, 1).email
        'ada@example.com'
    """
    user = session.get(User, user_id)
    if user is None:
        raise UserNotFoundError(user_id)
    return user


def list_users(
    session: Session,
    *,
    offset: int = 0,
    limit: int = DEFAULT_PAGE_SIZE,
    active_only: bool = True,
) -> Page:
    """List users, one page at a time.

    Args:
        session: The database session.
        offset: Index of the first user to return.
        limit: Largest number of users to return.
        active_only: Leave out deactivated accounts.

    Returns:
        Page: The users of the requested page and the total count.

    Note:
        The total is counted with a second query.
    """
    query = session.query(User)
    if active_only:
        query = query.filter(User.active.is_(True))
    total = query.count()
    items = query.offset(offset).limit(limit).all()
    return Page(items=items, total=total, offset=offset)


def hash_password(password: str, *, salt: bytes, rounds: int = 100_000) -> str:
    """Hash a password for storage.

    Arguments:
        password: The clear-text password.
        salt: Random bytes, unique per user.
        rounds: PBKDF2 iterations.

    Returns:
        The hex digest.

    Warning:
        Never log the clear-text password.

    See Also:
        verify_password: Checks a password against a stored hash.
    """
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, rounds)
    return digest.hex()


def create_user(session: Session, email: str, password: str, **profile: str) -> User:
    """Create and store a new user.

    Args:
        session: The database session.
        email: The login address; must be unique.
        password: The clear-text password, hashed before storage.
        **profile: Extra profile fields.

    Keyword Args:
        display_name (str): Name shown to other users.
        locale (str): Preferred language tag.

    Returns:
        The new user, with its id set.

    Raises:
        errors.ConflictError: The email is already registered.
    """
    if session.query(User).filter_by(email=email).first() is not None:
        raise errors.ConflictError(f"{email} is already registered")
    password_hash = hash_password(password, salt=email.encode())
    user = User(email=email, password_hash=password_hash, **profile)
    session.add(user)
    session.commit()
    return user


def send_welcome_email(
    user: User, *, template: str = "welcome", retries: int = 3
) -> bool:
    """Send the welcome email to a new user.

    Args:
        user: The new user.

    Other Parameters:
        template: Name of the email template.
        retries: How often to retry when the mail server is busy.

    Returns:
        Whether the mail server accepted the message.

    Warnings:
        Users who opted out of email are skipped silently.
    """
    if user.email_opt_out:
        return False
    for _ in range(retries):
        if user.mailer.send(template, to=user.email):
            return True
    return False


def iter_user_ids(session: Session, *, batch_size: int = 500) -> Iterator[int]:
    """Walk the ids of every user, in batches.

    Args:
        session: The database session.
        batch_size: How many rows to fetch per query.

    Yields:
        Each user id, in ascending order.
    """
    last = 0
    while True:
        query = session.query(User.id).filter(User.id > last).order_by(User.id)
        rows = query.limit(batch_size).all()
        if not rows:
            return
        for (user_id,) in rows:
            yield user_id
        last = rows[-1][0]


async def stream_audit_log(
    client: AuditClient, user_id: int
) -> AsyncIterator[dict[str, str]]:
    """Stream the audit log entries of a user.

    Args:
        client: The audit service client.
        user_id: Whose entries to stream.

    Yields:
        dict[str, str]: One entry per event, oldest first.

    Raises:
        TimeoutError: The audit service did not answer in time.
    """
    async for entry in client.entries(user_id):
        if entry is None:
            raise TimeoutError("audit service timed out")
        yield entry


@contextmanager
def transaction(session: Session) -> Iterator[Session]:
    """Run a block in a transaction, rolled back if it fails.

    Args:
        session: The database session.

    Yields:
        The same session, inside the transaction.
    """
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise


class UserRepository(abc.ABC):
    """Storage of user accounts.

    Methods:
        get: Load a user by id.
        save: Store a user.
    """

    @abc.abstractmethod
    def get(self, user_id: int) -> User:
        """Load a user by id.

        Args:
            user_id: Primary key of the user.

        Returns:
            The user.
        """

    @abc.abstractmethod
    def save(self, user: User) -> None:
        """Store a user.

        Args:
            user: The user to store.
        """


class TokenService:
    """Issues and checks access tokens.

    Args:
        secret: Key used to sign tokens.
        lifetime: Seconds a token stays valid.
        issuer: Value of the ``iss`` claim.
        audience: Value of the ``aud`` claim.

    Attributes:
        lifetime: Seconds a token stays valid.
    """

    def __init__(self, secret: str, lifetime: int, issuer: str, audience: str) -> None:
        self._secret = secret
        self.lifetime = lifetime
        self._issuer = issuer
        self._audience = audience

    @overload
    def issue(self, subject: int) -> str: ...

    @overload
    def issue(self, subject: str) -> str: ...

    def issue(self, subject: int | str) -> str:
        """Issue a token for a subject.

        Args:
            subject: The user id or name the token is for.

        Returns:
            The signed token.

        Examples:
            >>> service.issue(42)  # doctest: +SKIP
            'eyJ...'
        """
        claims = {"sub": str(subject), "iss": self._issuer, "aud": self._audience}
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def check(self, token: str) -> dict[str, str]:
        """Check a token and return its claims.

        Args:
            token: The token as the client sent it.

        Returns:
            The claims.

        Raises:
            jwt.InvalidTokenError: The token is forged, expired or malformed.

        Notes:
            Clock skew of up to 30 seconds is tolerated.
        """
        try:
            claims = jwt.decode(token, self._secret, audience=self._audience)
        except KeyError as exc:
            raise jwt.InvalidTokenError(str(exc)) from exc
        assert claims["iss"] == self._issuer
        return claims
