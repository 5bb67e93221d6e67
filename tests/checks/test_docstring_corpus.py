"""A corpus of correct Google and NumPy modules, and one defect at a time.

Each corpus file is a real-looking service module whose docstrings use every
section kind of its style. Unchanged, it must be clean under every DOC and
TYPE rule (off-by-default ones included); with one defect applied, exactly
the one expected violation must appear.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from pytest_backend_guide.engine import FileResult

Lint = Callable[..., FileResult]
CORPUS = Path(__file__).parent / "corpus"
FILES = {"google": "google_accounts.py", "numpy": "numpy_orders.py"}
PATH = "app/services/corpus.py"


@dataclass(frozen=True)
class Defect:
    """One edit of a corpus file and the violation it must cause."""

    style: str
    code: str
    old: str
    new: str


GOOGLE_DEFECTS = [
    Defect(
        "google",
        "DOC001",
        '"""User accounts: lookup',
        '_ = """User accounts: lookup',
    ),
    Defect(
        "google",
        "DOC002",
        "class AccountError(Exception):\n"
        '    """Base class of the errors this module raises."""',
        "class AccountError(Exception):\n    pass",
    ),
    Defect(
        "google", "DOC003", '        """Whether another page follows this one."""\n', ""
    ),
    Defect(
        "google",
        "DOC010",
        "    Returns:\n        The user.\n\n    Raises:",
        "    Return:\n        The user.\n\n    Raises:",
    ),
    Defect(
        "google",
        "DOC010",
        "    Warning:\n        Never log the clear-text password.",
        "    Warning:\n    Never log the clear-text password.",
    ),
    Defect(
        "google",
        "DOC010",
        "        Notes:\n            Clock skew of up to 30 seconds is tolerated.",
        "        Notes\n        -----\n"
        "        Clock skew of up to 30 seconds is tolerated.",
    ),
    Defect("google", "DOC011", "        rounds: PBKDF2 iterations.\n", ""),
    Defect("google", "DOC011", "        audience: Value of the ``aud`` claim.\n", ""),
    Defect(
        "google",
        "DOC012",
        "        user_id (int): Primary key of the user.\n",
        "        user_id (int): Primary key of the user.\n"
        "        include_deleted: Also find deactivated users.\n",
    ),
    Defect(
        "google",
        "DOC013",
        "    Returns:\n"
        "        Page: The users of the requested page and the total count.\n\n",
        "",
    ),
    Defect(
        "google",
        "DOC014",
        "\n\n    Raises:\n"
        "        errors.ConflictError: The email is already registered.",
        "",
    ),
    Defect(
        "google",
        "DOC015",
        "\n\n    Yields:\n        Each user id, in ascending order.",
        "",
    ),
    Defect("google", "TYPE001", "batch_size: int = 500", "batch_size=500"),
    Defect(
        "google",
        "TYPE002",
        "    active_only: bool = True,\n) -> Page:",
        "    active_only: bool = True,\n):",
    ),
    Defect(
        "google",
        "TYPE003",
        "def check(self, token: str)",
        "def check(self, token: Any)",
    ),
]

NUMPY_DEFECTS = [
    Defect("numpy", "DOC001", '"""Order processing', '_ = """Order processing'),
    Defect(
        "numpy",
        "DOC002",
        "class PaymentError(Exception):\n"
        '    """The payment provider refused an operation."""',
        "class PaymentError(Exception):\n    pass",
    ),
    Defect(
        "numpy", "DOC003", '        """Price of the line before discounts."""\n', ""
    ),
    Defect(
        "numpy",
        "DOC010",
        "    Returns\n    -------\n    int\n        The total, never below zero.",
        "    Return\n    ------\n    int\n        The total, never below zero.",
    ),
    Defect(
        "numpy",
        "DOC010",
        "    Warns\n    -----\n    UserWarning\n        The refund",
        "    Warns:\n        UserWarning: The refund",
    ),
    Defect(
        "numpy",
        "DOC010",
        "    Attributes\n    ----------\n    sku : str",
        "    Attributes\n    ----------\n        sku : str",
    ),
    Defect(
        "numpy",
        "DOC011",
        "    discount : int, optional\n"
        "        Amount taken off the total, in minor units.\n",
        "",
    ),
    Defect(
        "numpy",
        "DOC011",
        "        session : Session\n            The database session.\n",
        "",
    ),
    Defect(
        "numpy",
        "DOC012",
        "    idempotency_key : str\n        Key that makes retries safe.\n",
        "    idempotency_key : str\n        Key that makes retries safe.\n"
        "    currency : str\n        ISO currency code.\n",
    ),
    Defect(
        "numpy",
        "DOC013",
        "\n    Returns\n    -------\n    int\n        The new total.",
        "",
    ),
    Defect(
        "numpy",
        "DOC014",
        "    Raises\n    ------\n"
        "    ValueError\n        The amount is not positive.\n\n",
        "",
    ),
    Defect(
        "numpy",
        "DOC015",
        "\n    Yields\n    ------\n"
        "    Order\n        Each pending order, oldest first.",
        "",
    ),
    Defect("numpy", "TYPE001", "*, discount: int = 0)", "*, discount=0)"),
    Defect(
        "numpy",
        "TYPE002",
        "transaction_id: str, amount: int) -> None:",
        "transaction_id: str, amount: int):",
    ),
    Defect(
        "numpy",
        "TYPE003",
        "    client: ShippingClient, order_id",
        "    client: Any, order_id",
    ),
]

DEFECTS = GOOGLE_DEFECTS + NUMPY_DEFECTS
DEFECT_IDS = [f"{d.style}-{d.code}-{n}" for n, d in enumerate(DEFECTS, 1)]


def corpus(style: str) -> str:
    """Return the text of a style's corpus file."""
    return (CORPUS / FILES[style]).read_text(encoding="utf-8")


def check(lint: Lint, text: str, style: str) -> FileResult:
    """Run every DOC and TYPE rule on a corpus text in the given style."""
    options = {"docstrings": {"style": style}}
    result = lint(text, select=["DOC", "TYPE"], options=options, path=PATH)
    assert result.error is None, result.error
    return result


def shown(result: FileResult) -> list[str]:
    """Return the violations as ``line code message`` strings."""
    return [f"{v.line} {v.code} {v.message}" for v in result.violations]


@pytest.mark.parametrize("style", sorted(FILES))
def test_correct_corpus_is_clean(lint: Lint, style: str) -> None:
    assert shown(check(lint, corpus(style), style)) == []


@pytest.mark.parametrize("style", sorted(FILES))
def test_correct_corpus_is_clean_with_any_style(lint: Lint, style: str) -> None:
    assert shown(check(lint, corpus(style), "any")) == []


@pytest.mark.parametrize("style", sorted(FILES))
def test_corpus_in_the_other_style_is_reported(lint: Lint, style: str) -> None:
    other = "numpy" if style == "google" else "google"
    result = check(lint, corpus(style), other)
    assert set(result.codes) == {"DOC010"}
    assert len(result.violations) >= 12


def test_corpus_covers_every_rule() -> None:
    codes = {defect.code for defect in DEFECTS}
    expected = {f"DOC{n:03d}" for n in (1, 2, 3, 10, 11, 12, 13, 14, 15)}
    assert codes == expected | {"TYPE001", "TYPE002", "TYPE003"}
    for style in FILES:
        assert len([d for d in DEFECTS if d.style == style]) >= 12


@pytest.mark.parametrize("defect", DEFECTS, ids=DEFECT_IDS)
def test_one_defect_gives_one_violation(lint: Lint, defect: Defect) -> None:
    text = corpus(defect.style)
    assert text.count(defect.old) == 1, "the edit must apply to one place only"
    result = check(lint, text.replace(defect.old, defect.new), defect.style)
    assert result.codes == [defect.code], shown(result)
