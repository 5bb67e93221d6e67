"""Unit tests of offset pagination."""

import pytest

from app.utils.pagination import MAX_PAGE_SIZE, PageParams, paginate


def test_defaults_start_at_the_first_page() -> None:
    """Without arguments the first page has offset 0."""
    params = PageParams()
    assert params.page == 1
    assert params.offset() == 0


def test_offset_skips_the_previous_pages() -> None:
    """Page 3 of 10 starts after 20 items."""
    assert PageParams(page=3, size=10).offset() == 20


def test_paginate_cuts_one_page() -> None:
    """The last page may be short; the total counts every item."""
    result = paginate(list(range(25)), PageParams(page=3, size=10))
    assert result.items == [20, 21, 22, 23, 24]
    assert result.total == 25
    assert result.page_count() == 3


def test_page_past_the_end_is_empty() -> None:
    """A page beyond the last one has no items, not an error."""
    result = paginate(["a", "b"], PageParams(page=5, size=2))
    assert result.items == []
    assert result.page_count() == 1


def test_empty_sequence_has_one_page() -> None:
    """An empty listing still reports one (empty) page."""
    assert paginate([], PageParams()).page_count() == 1


@pytest.mark.parametrize(
    ("page", "size"), [(0, 10), (1, 0), (1, MAX_PAGE_SIZE + 1)]
)
def test_out_of_range_params_are_refused(page: int, size: int) -> None:
    """Page numbers start at 1; sizes stay within 1..MAX_PAGE_SIZE."""
    with pytest.raises(ValueError):
        PageParams(page=page, size=size)
