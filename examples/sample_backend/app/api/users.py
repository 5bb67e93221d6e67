"""Routes of ``/api/v1/users``: registration, login and the current user."""

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings, get_settings
from app.core.security import (
    InvalidTokenError,
    create_access_token,
    decode_access_token,
    hash_password,
    verify_password,
)
from app.models.database import get_session
from app.models.user import LoginRequest, Token, User, UserCreate, UserRead

router = APIRouter(prefix="/api/v1/users", tags=["users"])
bearer_scheme = HTTPBearer(auto_error=False)


def get_current_user(
    credentials: HTTPAuthorizationCredentials | None = Depends(bearer_scheme),
    session: Session = Depends(get_session),
    settings: Settings = Depends(get_settings),
) -> User:
    """Resolve the bearer token of the request to a user.

    Args:
        credentials: The ``Authorization: Bearer`` header, if any.
        session: Database session.
        settings: Token verification settings.

    Returns:
        The authenticated user.

    Raises:
        HTTPException: 401 when the token is missing, invalid or unknown.
    """
    unauthorized = HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="invalid or missing access token",
        headers={"WWW-Authenticate": "Bearer"},
    )
    if credentials is None:
        raise unauthorized
    try:
        user_id = int(decode_access_token(credentials.credentials, settings))
    except (InvalidTokenError, ValueError) as exc:
        raise unauthorized from exc
    user = session.get(User, user_id)
    if user is None:
        raise unauthorized
    return user


# PLANTED VIOLATION (NAME003): the next helper's name is camelCase.
def getUserName(user: User) -> str:
    """Return the name to greet a user with.

    Args:
        user: The user.

    Returns:
        The full name, or the local part of the e-mail address.
    """
    return user.full_name or user.email.split("@", 1)[0]


@router.post("", response_model=UserRead, status_code=status.HTTP_201_CREATED)
def register(payload: UserCreate, session: Session = Depends(get_session)) -> User:
    """Create an account.

    Args:
        payload: E-mail, name and password.
        session: Database session.

    Returns:
        The new user.

    Raises:
        HTTPException: 409 when the e-mail address is taken.
    """
    email = payload.email.lower()
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise HTTPException(
            status_code=status.HTTP_409_CONFLICT,
            detail="e-mail address already registered",
        )
    user = User(
        email=email,
        full_name=payload.full_name.strip(),
        password_hash=hash_password(payload.password),
    )
    session.add(user)
    session.commit()
    return user


@router.post("/token", response_model=Token, status_code=status.HTTP_200_OK)
def login(
    credentials: LoginRequest,
    session: Session = Depends(get_session),
    settings: Settings = Depends(get_settings),
) -> Token:
    """Exchange an e-mail address and password for an access token.

    Args:
        credentials: The login form.
        session: Database session.
        settings: Token settings.

    Returns:
        A bearer token.

    Raises:
        HTTPException: 401 when the credentials are wrong.
    """
    user = session.scalar(select(User).where(User.email == credentials.email.lower()))
    if user is None or not verify_password(credentials.password, user.password_hash):
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED, detail="wrong e-mail or password"
        )
    return Token(
        access_token=create_access_token(str(user.id), settings),
        expires_in=settings.access_token_minutes * 60,
    )


@router.get("/me", response_model=UserRead)
def read_me(user: User = Depends(get_current_user)) -> UserRead:
    """Show the authenticated user.

    Args:
        user: The user of the access token.

    Returns:
        The user, with the name to greet them with.
    """
    return UserRead.model_validate(user).model_copy(
        update={"display_name": getUserName(user)}
    )
