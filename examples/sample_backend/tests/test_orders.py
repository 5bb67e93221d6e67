"""Unit tests of the pricing and stock rules."""

import dataclasses

import pytest

from app.core.orders import (
    MAX_DISCOUNT_PERCENT,
    MAX_QUANTITY_PER_LINE,
    OrderError,
    OrderLine,
    OutOfStockError,
    Quote,
    discount_percent,
    quote_order,
)


def test_single_line_has_no_discount(paperback: OrderLine) -> None:
    """One copy is charged at list price."""
    assert quote_order([paperback]) == Quote(1250, 0, 1250)


def test_bulk_order_gets_ten_percent(paperback: OrderLine) -> None:
    """Five copies or more take 10 % off."""
    quote = quote_order([dataclasses.replace(paperback, quantity=5)])
    assert quote.subtotal_cents == 6250
    assert quote.discount_cents == 625
    assert quote.total_cents == 5625


def test_coupon_adds_up_with_bulk_discount_but_is_capped() -> None:
    """Bulk and coupon discounts add up to at most the cap."""
    assert discount_percent(1, "welcome10") == 10
    assert discount_percent(6, " READMORE15 ") == MAX_DISCOUNT_PERCENT


def test_lines_add_up(paperback: OrderLine, hardcover: OrderLine) -> None:
    """The subtotal sums every line."""
    assert quote_order([paperback, hardcover]).total_cents == 4250


@pytest.mark.parametrize("quantity", [0, -1, MAX_QUANTITY_PER_LINE + 1])
def test_quantity_out_of_range_is_refused(paperback: OrderLine, quantity: int) -> None:
    """Quantities outside 1..MAX_QUANTITY_PER_LINE are refused."""
    with pytest.raises(OrderError, match="quantity"):
        quote_order([dataclasses.replace(paperback, quantity=quantity)])


def test_more_than_stock_is_refused(hardcover: OrderLine) -> None:
    """An order cannot take more copies than are in stock."""
    with pytest.raises(OutOfStockError, match="only 3 left"):
        quote_order([dataclasses.replace(hardcover, quantity=4)])


def test_empty_order_and_unknown_coupon_are_refused(paperback: OrderLine) -> None:
    """An order needs lines, and coupons must exist."""
    with pytest.raises(OrderError, match="at least one line"):
        quote_order([])
    with pytest.raises(OrderError, match="unknown coupon"):
        quote_order([paperback], coupon_code="FREEBOOKS")
