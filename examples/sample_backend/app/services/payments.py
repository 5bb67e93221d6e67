"""Client of the external payment provider's REST API.

One ``httpx.Client`` (and so one connection pool) is built at start-up and
shared by every request; every call has a timeout.
"""

import logging
import uuid

import httpx

from app.config import Settings

logger = logging.getLogger(__name__)

DEFAULT_CURRENCY = "EUR"


class PaymentError(Exception):
    """The provider refused the charge or could not be reached."""


class PaymentsClient:
    """Charges customers through the provider, over a shared HTTP client."""

    def __init__(self, http: httpx.Client, timeout_seconds: float) -> None:
        """Wrap a configured HTTP client.

        Args:
            http: Client with the provider's base URL and credentials.
            timeout_seconds: Timeout applied to every request.
        """
        self._http = http
        self._timeout = timeout_seconds

    def charge(
        self, amount_cents: int, reference: str, currency: str = DEFAULT_CURRENCY
    ) -> str:
        """Charge an amount; the reference makes retries idempotent.

        Args:
            amount_cents: Amount in the currency's minor unit.
            reference: Our idempotency key for this charge.
            currency: ISO 4217 code.

        Returns:
            The provider's id of the accepted charge.

        Raises:
            PaymentError: The request failed or the provider declined.
        """
        payload = {"amount": amount_cents, "currency": currency, "reference": reference}
        try:
            response = self._http.post("/charges", json=payload, timeout=self._timeout)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            logger.warning("charge %s failed: %s", reference, exc)
            raise PaymentError(f"payment {reference} failed") from exc
        payment_id = str(response.json()["id"])
        logger.info("charge %s accepted as %s", reference, payment_id)
        return payment_id

    def close(self) -> None:
        """Close the pooled connections."""
        self._http.close()


def build_client(
    settings: Settings, transport: httpx.BaseTransport | None = None
) -> PaymentsClient:
    """Build the shared client from the settings.

    Args:
        settings: Provider URL, credentials and timeout.
        transport: Replacement transport, e.g. ``httpx.MockTransport`` in tests.

    Returns:
        A client to share for the lifetime of the application.
    """
    http = httpx.Client(
        base_url=settings.payments_base_url,
        headers={"Authorization": f"Bearer {settings.payments_api_key}"},
        timeout=settings.payments_timeout_seconds,
        limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
        transport=transport,
    )
    return PaymentsClient(http, settings.payments_timeout_seconds)


# PLANTED VIOLATION (DOC003): the next public function has no docstring.
def payment_reference(user_id: int, book_id: int) -> str:
    return f"bookshop-{user_id}-{book_id}-{uuid.uuid4().hex[:12]}"
