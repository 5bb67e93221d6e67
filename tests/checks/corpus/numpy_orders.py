"""Order processing: pricing, payment capture and fulfilment.

Attributes
----------
CURRENCY : str
    ISO code of the shop's currency.

Notes
-----
All amounts are integers in the currency's minor unit.
"""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from app.core import errors
from app.core.db import Session
from app.models.order import Order, Shipment
from app.services.gateway import Gateway, ShippingClient

CURRENCY = "EUR"


class PaymentError(Exception):
    """The payment provider refused an operation."""


class DeclinedError(PaymentError):
    """The provider declined the charge.

    Parameters
    ----------
    reason : str
        The provider's reason code.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"payment declined: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class LineItem:
    """One product line of an order.

    Attributes
    ----------
    sku : str
        Stock keeping unit of the product.
    quantity : int
        How many units are ordered.
    unit_price : int
        Price of one unit, in minor units.
    """

    sku: str
    quantity: int
    unit_price: int

    @property
    def subtotal(self) -> int:
        """Price of the line before discounts."""
        return self.quantity * self.unit_price


def order_total(items: Sequence[LineItem], *, discount: int = 0) -> int:
    """Add up the price of an order.

    Parameters
    ----------
    items : sequence of LineItem
        The lines of the order.
    discount : int, optional
        Amount taken off the total, in minor units.

    Returns
    -------
    int
        The total, never below zero.

    Examples
    --------
    >>> order_total([LineItem("A-1", 2, 500)], discount=100)
    900
    """
    total = sum(item.subtotal for item in items)
    return max(total - discount, 0)


def capture_payment(
    gateway: Gateway, order_id: int, amount: int, *, idempotency_key: str
) -> str:
    """Capture an authorised payment.

    Parameters
    ----------
    gateway : Gateway
        Client of the payment provider.
    order_id : int
        The order being paid.
    amount : int
        Amount to capture, in minor units.
    idempotency_key : str
        Key that makes retries safe.

    Returns
    -------
    transaction_id : str
        The provider's id of the capture.

    Raises
    ------
    DeclinedError
        The provider declined the capture.
    errors.GatewayTimeout
        The provider did not answer in time.

    See Also
    --------
    refund_payment : Gives a captured amount back.
    """
    response = gateway.capture(order_id, amount, key=idempotency_key)
    if response.timed_out:
        raise errors.GatewayTimeout(order_id)
    if not response.approved:
        raise DeclinedError(response.reason)
    return response.transaction_id


def refund_payment(gateway: Gateway, transaction_id: str, amount: int) -> None:
    """Give back part or all of a captured amount.

    Parameters
    ----------
    gateway : Gateway
        Client of the payment provider.
    transaction_id : str
        The capture to refund.
    amount : int
        Amount to refund, in minor units.

    Raises
    ------
    ValueError
        The amount is not positive.

    Warns
    -----
    UserWarning
        The refund is larger than the capture and will be capped.
    """
    if amount <= 0:
        raise ValueError("refund amount must be positive")
    captured = gateway.captured_amount(transaction_id)
    if amount > captured:
        warnings.warn("refund capped at the captured amount", stacklevel=2)
        amount = captured
    gateway.refund(transaction_id, amount)


def apply_coupon(
    total: int, code: str, *, stackable: bool = False, **rules: int
) -> int:
    """Apply a coupon code to an order total.

    Parameters
    ----------
    total : int
        The total before the coupon.
    code : str
        The coupon code as the customer typed it.
    **rules : int
        Extra limits, such as ``max_discount``.

    Other Parameters
    ----------------
    stackable : bool
        Whether the coupon may be combined with another one.

    Returns
    -------
    int
        The new total.
    """
    percent = 10 if code.upper().startswith("WELCOME") else 5
    discount = total * percent // 100
    if not stackable:
        discount = min(discount, rules.get("max_discount", discount))
    return total - discount


def iter_pending_orders(session: Session, *, batch_size: int = 100) -> Iterator[Order]:
    """Walk the orders that wait for payment.

    Parameters
    ----------
    session : Session
        The database session.
    batch_size : int
        How many orders to load per query.

    Yields
    ------
    Order
        Each pending order, oldest first.
    """
    query = session.query(Order).filter_by(status="pending").order_by(Order.id)
    yield from query.yield_per(batch_size)


async def watch_shipments(
    client: ShippingClient, order_id: int
) -> AsyncIterator[Shipment]:
    """Follow the shipments of an order as the carrier reports them.

    Parameters
    ----------
    client : ShippingClient
        Client of the carrier's tracking service.
    order_id : int
        The order to follow.

    Yields
    ------
    Shipment
        Each status update.

    Raises
    ------
    errors.TrackingUnavailable
        The carrier's service is down.
    """
    if not await client.ping():
        raise errors.TrackingUnavailable(order_id)
    async for update in client.updates(order_id):
        yield update


class OrderRepository(Protocol):
    """Storage of orders.

    Methods
    -------
    get(order_id)
        Load one order.
    """

    def get(self, order_id: int) -> Order:
        """Load one order.

        Parameters
        ----------
        order_id : int
            Primary key of the order.

        Returns
        -------
        Order
            The order.
        """
        ...


class Checkout:
    """Turns a cart into a paid order.

    References
    ----------
    .. [1] Payment provider API, "Captures", version 2024-01.
    """

    def __init__(self, gateway: Gateway, session: Session) -> None:
        """Set up a checkout.

        Parameters
        ----------
        gateway : Gateway
            Client of the payment provider.
        session : Session
            The database session.
        """
        self._gateway = gateway
        self._session = session

    @property
    def currency(self) -> str:
        """Currency of every amount of this checkout."""
        return CURRENCY

    def place_order(self, items: Sequence[LineItem], customer_id: int) -> Order:
        """Create an order and capture its payment.

        Parameters
        ----------
        items : sequence of LineItem
            What the customer buys.
        customer_id : int
            Who buys it.

        Returns
        -------
        Order
            The paid order.

        Raises
        ------
        DeclinedError
            The payment was declined; the order is cancelled.

        Warnings
        --------
        The payment is captured before stock is reserved.
        """
        order = Order(customer_id=customer_id, total=order_total(items))
        self._session.add(order)
        try:
            capture_payment(self._gateway, order.id, order.total, idempotency_key="k")
        except DeclinedError:
            order.status = "cancelled"
            raise
        order.status = "paid"
        return order
