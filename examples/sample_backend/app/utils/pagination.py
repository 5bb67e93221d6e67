"""Offset pagination shared by the list endpoints."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

ItemT = TypeVar("ItemT")

MAX_PAGE_SIZE = 100
# PLANTED VIOLATION (NAME006): a constant that is not UPPER_SNAKE_CASE.
default_page_size = 20


@dataclass(frozen=True)
class PageParams:
    """A validated page request.

    Attributes:
        page: 1-based page number.
        size: Items per page.
    """

    page: int = 1
    size: int = default_page_size

    def __post_init__(self) -> None:
        """Check the bounds of ``page`` and ``size``.

        Raises:
            ValueError: ``page`` is below 1 or ``size`` is out of range.
        """
        if self.page < 1:
            raise ValueError("page must be at least 1")
        if not 1 <= self.size <= MAX_PAGE_SIZE:
            raise ValueError(f"size must be between 1 and {MAX_PAGE_SIZE}")

    def offset(self) -> int:
        """Return the number of items before this page.

        Returns:
            The offset to skip, e.g. for SQL ``OFFSET``.
        """
        return (self.page - 1) * self.size


@dataclass(frozen=True)
class Page(Generic[ItemT]):
    """One page of results.

    Attributes:
        items: The items on this page.
        total: Number of items on all pages.
        params: The request that produced this page.
    """

    items: list[ItemT]
    total: int
    params: PageParams

    def page_count(self) -> int:
        """Return the number of pages.

        Returns:
            At least 1, even when there are no items.
        """
        return max(1, -(-self.total // self.params.size))


def paginate(items: Sequence[ItemT], params: PageParams) -> Page[ItemT]:
    """Cut one page out of an in-memory sequence.

    Args:
        items: Every item, in display order.
        params: The requested page.

    Returns:
        The page, with the total count of ``items``.
    """
    start = params.offset()
    return Page(list(items[start : start + params.size]), len(items), params)
