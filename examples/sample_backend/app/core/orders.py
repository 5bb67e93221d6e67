"""Pricing and stock rules for book orders (pure Python, no I/O)."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass

logger = logging.getLogger(__name__)

MAX_QUANTITY_PER_LINE = 10
BULK_DISCOUNT_THRESHOLD = 5
BULK_DISCOUNT_PERCENT = 10
COUPON_PERCENTS = {"WELCOME10": 10, "READMORE15": 15}
MAX_DISCOUNT_PERCENT = 20


class OrderError(ValueError):
    """An order breaks a business rule."""


class OutOfStockError(OrderError):
    """More copies were ordered than are in stock."""


@dataclass(frozen=True)
class OrderLine:
    """One book in an order.

    Attributes:
        book_id: The book ordered.
        unit_price_cents: Price of one copy, in cents.
        quantity: Copies ordered.
        stock: Copies available.
    """

    book_id: int
    unit_price_cents: int
    quantity: int
    stock: int


@dataclass(frozen=True)
class Quote:
    """Amounts of an order, in cents.

    Attributes:
        subtotal_cents: Sum of the lines before discounts.
        discount_cents: Amount taken off.
        total_cents: Amount to charge.
    """

    subtotal_cents: int
    discount_cents: int
    total_cents: int


def discount_percent(copies: int, coupon_code: str | None = None) -> int:
    """Return the discount for an order, capped at ``MAX_DISCOUNT_PERCENT``.

    Args:
        copies: Total copies in the order.
        coupon_code: Optional coupon, case-insensitive.

    Returns:
        The percentage to take off the subtotal.

    Raises:
        OrderError: The coupon code is unknown.
    """
    percent = BULK_DISCOUNT_PERCENT if copies >= BULK_DISCOUNT_THRESHOLD else 0
    if coupon_code:
        code = coupon_code.strip().upper()
        if code not in COUPON_PERCENTS:
            raise OrderError(f"unknown coupon code {code!r}")
        percent += COUPON_PERCENTS[code]
    return min(percent, MAX_DISCOUNT_PERCENT)


def quote_order(lines: Sequence[OrderLine], coupon_code: str | None = None) -> Quote:
    """Validate an order and compute what to charge.

    Args:
        lines: The books ordered; at least one.
        coupon_code: Optional coupon.

    Returns:
        The quote, with the discount rounded down to whole cents.

    Raises:
        OrderError: The order is empty, a quantity or the coupon is invalid.
        OutOfStockError: A line asks for more copies than are in stock.
    """
    if not lines:
        raise OrderError("an order needs at least one line")
    for line in lines:
        if not 1 <= line.quantity <= MAX_QUANTITY_PER_LINE:
            raise OrderError(f"quantity must be 1 to {MAX_QUANTITY_PER_LINE}")
        if line.quantity > line.stock:
            raise OutOfStockError(f"only {line.stock} left of book {line.book_id}")
    subtotal = sum(line.unit_price_cents * line.quantity for line in lines)
    percent = discount_percent(sum(line.quantity for line in lines), coupon_code)
    discount = subtotal * percent // 100
    # PLANTED VIOLATION (STYLE001): the next line is 100 characters long.
    logger.info(f"Quoted order of {len(lines)} lines: {subtotal} cents, {percent}% discount earned")
    return Quote(subtotal, discount, subtotal - discount)
