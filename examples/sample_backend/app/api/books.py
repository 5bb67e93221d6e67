"""Routes of ``/api/v1/books``: the catalogue."""

import logging

from fastapi import APIRouter, Depends, HTTPException, Query, status
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.api.users import get_current_user
from app.models.book import Book, BookCreate, BookPage, BookRead
from app.models.database import get_session
from app.models.user import User
from app.utils.pagination import MAX_PAGE_SIZE, Page, PageParams, default_page_size
from app.utils.text import clean_text, normalize_isbn, slugify

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api/v1/books", tags=["books"])


def get_book_or_404(
    session: Session, book_id: int, for_update: bool = False
) -> Book:
    """Load a book, optionally locking its row until the commit.

    Args:
        session: Database session.
        book_id: The book's id.
        for_update: Lock the row until the transaction ends.

    Returns:
        The book.

    Raises:
        HTTPException: 404 when there is no such book.
    """
    book = session.get(Book, book_id, with_for_update=for_update)
    if book is None:
        raise HTTPException(
            status_code=status.HTTP_404_NOT_FOUND, detail=f"no book with id {book_id}"
        )
    return book


@router.get("", response_model=BookPage)
def list_books(
    page: int = Query(1, ge=1),
    size: int = Query(default_page_size, ge=1, le=MAX_PAGE_SIZE),
    session: Session = Depends(get_session),
) -> BookPage:
    """List the catalogue by title, one page at a time.

    Args:
        page: 1-based page number.
        size: Books per page.
        session: Database session.

    Returns:
        The requested page.
    """
    params = PageParams(page, size)
    total = session.scalar(select(func.count()).select_from(Book)) or 0
    query = select(Book).order_by(Book.title).offset(params.offset()).limit(size)
    result = Page(list(session.scalars(query)), total, params)
    return BookPage(
        items=[BookRead.from_book(book) for book in result.items],
        total=total,
        page=page,
        pages=result.page_count(),
    )


@router.get("/{book_id}", response_model=BookRead)
def read_book(book_id: int, session: Session = Depends(get_session)) -> BookRead:
    """Show one book.

    Args:
        book_id: The book's id.
        session: Database session.

    Returns:
        The book.
    """
    return BookRead.from_book(get_book_or_404(session, book_id))


@router.post("", response_model=BookRead, status_code=status.HTTP_201_CREATED)
def create_book(
    payload: BookCreate,
    session: Session = Depends(get_session),
    user: User = Depends(get_current_user),
) -> BookRead:
    """Add a book to the catalogue.

    Args:
        payload: The book's data.
        session: Database session.
        user: The authenticated user adding it.

    Returns:
        The new book.

    Raises:
        HTTPException: 422 when the ISBN is invalid.
    """
    try:
        isbn = normalize_isbn(payload.isbn)
    except ValueError as exc:
        raise HTTPException(
            status_code=status.HTTP_422_UNPROCESSABLE_ENTITY, detail=str(exc)
        ) from exc
    title = clean_text(payload.title, 200)
    book = Book(
        isbn=isbn,
        slug=slugify(title),
        title=title,
        author=clean_text(payload.author, 120),
        price_cents=payload.price_cents,
        stock=payload.stock,
    )
    session.add(book)
    session.commit()
    logger.info("user %s added book %s", user.id, book.id)
    return BookRead.from_book(book)
