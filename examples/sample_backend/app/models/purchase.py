"""The ``purchases`` table and the purchase schemas of the API."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.database import Base


class Purchase(Base):
    """A paid order of one book by one user."""

    __tablename__ = "purchases"

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    quantity: Mapped[int]
    total_cents: Mapped[int]
    payment_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    book: Mapped["Book"] = relationship(back_populates="purchases")


class PurchaseRequest(BaseModel):
    """Request to buy copies of a book."""

    book_id: int
    quantity: int = Field(default=1, ge=1)
    coupon_code: str | None = Field(default=None, max_length=32)


class PurchaseRead(BaseModel):
    """Receipt of a purchase."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    book_id: int
    quantity: int
    total_cents: int
    payment_id: str
