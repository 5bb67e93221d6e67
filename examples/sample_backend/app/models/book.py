"""The ``books`` table and the book schemas of the API."""

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

# PLANTED VIOLATION (ARCH010): models sit below api and must not import it.
from app.api import API_PREFIX
from app.models.database import Base


class Book(Base):
    """A title on sale, with its stock."""

    __tablename__ = "books"

    id: Mapped[int] = mapped_column(primary_key=True)
    isbn: Mapped[str] = mapped_column(String(13), unique=True)
    slug: Mapped[str] = mapped_column(String(80), index=True)
    title: Mapped[str] = mapped_column(String(200))
    author: Mapped[str] = mapped_column(String(120))
    price_cents: Mapped[int]
    stock: Mapped[int] = mapped_column(default=0)
    purchases: Mapped[list["Purchase"]] = relationship(back_populates="book")


class BookCreate(BaseModel):
    """Request to add a book to the catalogue."""

    isbn: str = Field(min_length=13, max_length=17)
    title: str = Field(min_length=1, max_length=200)
    author: str = Field(min_length=1, max_length=120)
    price_cents: int = Field(gt=0)
    stock: int = Field(default=0, ge=0)


class BookRead(BaseModel):
    """A book as the API shows it, with a link to itself."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    isbn: str
    slug: str
    title: str
    author: str
    price_cents: int
    stock: int
    href: str = ""

    @classmethod
    def from_book(cls, book: Book) -> "BookRead":
        """Build the schema from a row and fill in ``href``.

        Args:
            book: The ORM row.

        Returns:
            The schema.
        """
        schema = cls.model_validate(book)
        return schema.model_copy(update={"href": f"{API_PREFIX}/books/{book.id}"})


class BookPage(BaseModel):
    """One page of the catalogue."""

    items: list[BookRead]
    total: int
    page: int
    pages: int
