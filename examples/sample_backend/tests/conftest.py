"""Shared fixtures.

``pythonpath = ["."]`` in pyproject.toml makes ``app`` importable; the
fixtures here need nothing but the standard library.
"""

import pytest

from app.core.orders import OrderLine


@pytest.fixture
def paperback() -> OrderLine:
    """A cheap book with plenty of stock.

    Returns:
        One copy of a 12.50 book, 40 in stock.
    """
    return OrderLine(book_id=1, unit_price_cents=1250, quantity=1, stock=40)


@pytest.fixture
def hardcover() -> OrderLine:
    """A dearer book with three copies left.

    Returns:
        One copy of a 30.00 book, 3 in stock.
    """
    return OrderLine(book_id=2, unit_price_cents=3000, quantity=1, stock=3)
