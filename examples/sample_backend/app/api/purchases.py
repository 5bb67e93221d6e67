"""Routes of ``/api/v1/purchases``: buying books."""

from fastapi import APIRouter, Depends, HTTPException, Request, status
from sqlalchemy.orm import Session

from app.api.books import get_book_or_404
from app.api.users import get_current_user
from app.core.orders import OrderError, OrderLine, OutOfStockError, quote_order
from app.models.database import get_session
from app.models.purchase import Purchase, PurchaseRead, PurchaseRequest
from app.models.user import User
from app.services.payments import PaymentError, PaymentsClient, payment_reference

router = APIRouter(prefix="/api/v1/purchases", tags=["purchases"])


def get_payments_client(request: Request) -> PaymentsClient:
    """Return the payment client shared by the application.

    Args:
        request: The current request.

    Returns:
        The client built at start-up.
    """
    return request.app.state.payments


@router.post("", response_model=PurchaseRead, status_code=status.HTTP_201_CREATED)
def create_purchase(
    payload: PurchaseRequest,
    session: Session = Depends(get_session),
    user: User = Depends(get_current_user),
    payments: PaymentsClient = Depends(get_payments_client),
) -> Purchase:
    """Buy copies of a book: price the order, charge it, update the stock.

    Args:
        payload: Book, quantity and optional coupon.
        session: Database session.
        user: The buyer.
        payments: Payment provider client.

    Returns:
        The recorded purchase.

    Raises:
        HTTPException: 404 for an unknown book, 409 when out of stock,
            400 for an invalid order, 502 when the payment fails.
    """
    book = get_book_or_404(session, payload.book_id, for_update=True)
    line = OrderLine(book.id, book.price_cents, payload.quantity, book.stock)
    try:
        quote = quote_order([line], payload.coupon_code)
    except OrderError as exc:
        conflict = isinstance(exc, OutOfStockError)
        code = status.HTTP_409_CONFLICT if conflict else status.HTTP_400_BAD_REQUEST
        raise HTTPException(status_code=code, detail=str(exc)) from exc
    reference = payment_reference(user.id, book.id)
    try:
        payment_id = payments.charge(quote.total_cents, reference)
    except PaymentError as exc:
        raise HTTPException(
            status_code=status.HTTP_502_BAD_GATEWAY, detail="payment failed"
        ) from exc
    book.stock -= payload.quantity
    purchase = Purchase(
        book_id=book.id,
        user_id=user.id,
        quantity=payload.quantity,
        total_cents=quote.total_cents,
        payment_id=payment_id,
    )
    session.add(purchase)
    session.commit()
    return purchase
