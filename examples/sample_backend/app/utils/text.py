"""Text helpers: slugs, ISBNs and cleaning of user-supplied strings."""

import re
import unicodedata

MAX_SLUG_LENGTH = 80
ISBN13_LENGTH = 13

_NON_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
_WHITESPACE = re.compile(r"\s+")


# PLANTED VIOLATION (TYPE001 + TYPE002): `value` and the return are not annotated.
def slugify(value):
    """Turn a title into a URL-safe slug.

    Args:
        value: Any text, e.g. a book title.

    Returns:
        Lower-case ASCII words joined by hyphens, at most ``MAX_SLUG_LENGTH``
        characters long.
    """
    decomposed = unicodedata.normalize("NFKD", value)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    slug = _NON_ALPHANUMERIC.sub("-", ascii_text.lower()).strip("-")
    return slug[:MAX_SLUG_LENGTH].rstrip("-")


def clean_text(value: str, max_length: int) -> str:
    """Sanitize a user-supplied single-line string.

    Control characters are dropped and runs of whitespace collapse to one
    space.

    Args:
        value: The raw input.
        max_length: Longest result allowed.

    Returns:
        The cleaned text, cut to ``max_length`` characters.
    """
    printable = "".join(
        char for char in value if unicodedata.category(char)[0] != "C"
    )
    return _WHITESPACE.sub(" ", printable).strip()[:max_length]


def normalize_isbn(raw: str) -> str:
    """Validate an ISBN-13 and return it without separators.

    Args:
        raw: An ISBN-13, with or without hyphens and spaces.

    Returns:
        The 13 digits.

    Raises:
        ValueError: The value is not 13 digits or its check digit is wrong.
    """
    digits = raw.replace("-", "").replace(" ", "")
    if len(digits) != ISBN13_LENGTH or not digits.isdigit():
        raise ValueError(f"not an ISBN-13: {raw!r}")
    weighted = sum(
        int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(digits)
    )
    if weighted % 10 != 0:
        raise ValueError(f"wrong ISBN-13 check digit: {raw!r}")
    return digits
