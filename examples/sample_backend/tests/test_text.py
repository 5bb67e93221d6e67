"""Unit tests of the text helpers."""

import pytest

from app.utils.text import MAX_SLUG_LENGTH, clean_text, normalize_isbn, slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("The Name of the Rose", "the-name-of-the-rose"),
        ("Les Misérables", "les-miserables"),
        ("  C++ -- for   Dummies!  ", "c-for-dummies"),
        ("???", ""),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    """Slugs are lower-case ASCII words joined by single hyphens."""
    assert slugify(title) == slug


def test_slugify_truncates_without_trailing_hyphen() -> None:
    """Long titles are cut to the limit and never end with a hyphen."""
    slug = slugify("word " * 40)
    assert len(slug) <= MAX_SLUG_LENGTH
    assert not slug.endswith("-")


def test_clean_text_drops_control_characters_and_extra_spaces() -> None:
    """Control characters go; whitespace runs become one space."""
    assert clean_text("  War\x00 and\t\n Peace ", 100) == "War and Peace"
    assert clean_text("abcdef", 3) == "abc"


def test_normalize_isbn_accepts_hyphens() -> None:
    """Separators are removed from a valid ISBN-13."""
    assert normalize_isbn("978-0-306-40615-7") == "9780306406157"


@pytest.mark.parametrize("raw", ["978-0-306-40615-8", "12345", "97803064061XX"])
def test_normalize_isbn_rejects_invalid(raw: str) -> None:
    """A wrong check digit, length or character is refused."""
    with pytest.raises(ValueError):
        normalize_isbn(raw)
