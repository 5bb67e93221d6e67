"""The ``users`` table and the user schemas of the API."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.database import Base

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class User(Base):
    """A registered customer."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True, index=True)
    full_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class UserCreate(BaseModel):
    """Registration request."""

    email: str = Field(pattern=EMAIL_PATTERN, max_length=320)
    full_name: str = Field(default="", max_length=120)
    password: str = Field(min_length=8, max_length=72)


class LoginRequest(BaseModel):
    """Credentials exchanged for an access token."""

    email: str = Field(pattern=EMAIL_PATTERN, max_length=320)
    password: str = Field(min_length=1, max_length=72)


class UserRead(BaseModel):
    """A user as the API shows it (never the password hash)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    full_name: str
    display_name: str = ""


class Token(BaseModel):
    """An OAuth2-style bearer token response."""

    access_token: str
    token_type: str = "bearer"
    expires_in: int
