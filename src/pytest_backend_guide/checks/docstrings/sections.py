"""The section headers of Google and NumPy docstrings, and how to name them.

A header is looked up by its lower-case title (``keyword args``) and maps to
a section kind: the kinds say what the agreement rules look for (parameters,
returns, yields, raises), everything else is free text.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

GOOGLE = "google"
NUMPY = "numpy"
ANY = "any"

PARAMS = "params"
KEYWORDS = "keywords"
OTHER_PARAMS = "other-params"
RETURNS = "returns"
YIELDS = "yields"
RAISES = "raises"
ATTRIBUTES = "attributes"
TEXT = "text"

PARAMETER_KINDS = (PARAMS, KEYWORDS, OTHER_PARAMS)

GOOGLE_SECTIONS: dict[str, str] = {
    "args": PARAMS,
    "arguments": PARAMS,
    "keyword args": KEYWORDS,
    "keyword arguments": KEYWORDS,
    "other parameters": OTHER_PARAMS,
    "returns": RETURNS,
    "yields": YIELDS,
    "raises": RAISES,
    "attributes": ATTRIBUTES,
    "example": TEXT,
    "examples": TEXT,
    "note": TEXT,
    "notes": TEXT,
    "see also": TEXT,
    "warning": TEXT,
    "warnings": TEXT,
    "warns": TEXT,
    "todo": TEXT,
    "references": TEXT,
    "methods": TEXT,
}
NUMPY_SECTIONS: dict[str, str] = {
    "parameters": PARAMS,
    "other parameters": OTHER_PARAMS,
    "returns": RETURNS,
    "yields": YIELDS,
    "receives": TEXT,
    "raises": RAISES,
    "warns": TEXT,
    "warnings": TEXT,
    "see also": TEXT,
    "notes": TEXT,
    "references": TEXT,
    "examples": TEXT,
    "attributes": ATTRIBUTES,
    "methods": TEXT,
}
ALIASES: dict[str, str] = {
    "arg": "args",
    "param": "args",
    "params": "args",
    "parameter": "args",
    "return": "returns",
    "yield": "yields",
    "raise": "raises",
    "kwargs": "keyword args",
    "attribute": "attributes",
}
_GOOGLE_FOR_NUMPY = {"parameters": "args", "receives": ""}
_NUMPY_FOR_GOOGLE = {
    "args": "parameters",
    "arguments": "parameters",
    "keyword args": "other parameters",
    "keyword arguments": "other parameters",
    "example": "examples",
    "note": "notes",
    "warning": "warnings",
    "todo": "",
}
_KNOWN = sorted({*GOOGLE_SECTIONS, *NUMPY_SECTIONS})


def known_kind(key: str) -> str | None:
    """Return the section kind of a header known to either style.

    Args:
        key: The lower-case header title.

    Returns:
        The kind, or None for an unknown title.
    """
    return GOOGLE_SECTIONS.get(key) or NUMPY_SECTIONS.get(key)


@lru_cache(maxsize=512)
def near_miss(key: str, cutoff: float = 0.8) -> str | None:
    """Return the known header a misspelled one most likely means.

    Args:
        key: The lower-case title, not itself a known header.
        cutoff: How similar (0 to 1) the title must be to a known one.

    Returns:
        The known lower-case title, or None when nothing is close.
    """
    if key in ALIASES:
        return ALIASES[key]
    close = difflib.get_close_matches(key, _KNOWN, n=1, cutoff=cutoff)
    return close[0] if close else None


def title_in(style: str, key: str) -> str | None:
    """Return how the style writes the header that ``key`` stands for.

    Args:
        style: ``google`` or ``numpy``.
        key: A known lower-case title of either style.

    Returns:
        The title in the style's spelling (``Args`` for ``parameters`` in
        Google style), or None when the style has no such section.
    """
    table = GOOGLE_SECTIONS if style == GOOGLE else NUMPY_SECTIONS
    swap = _GOOGLE_FOR_NUMPY if style == GOOGLE else _NUMPY_FOR_GOOGLE
    if key not in table:
        key = swap.get(key, key)
    return key.title() if key in table else None
