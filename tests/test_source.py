"""Decoding and parsing source files, and suppression comments."""

from __future__ import annotations

import pytest

from pytest_backend_guide.source import SourceError, SourceFile
from pytest_backend_guide.suppression import (
    ALL_CODES,
    IgnoreComments,
    suppressions,
    without_suppressed,
)
from pytest_backend_guide.violation import Violation


def test_pep263_declared_encoding_is_honoured() -> None:
    data = "# -*- coding: latin-1 -*-\nname = 'café'\n".encode("latin-1")
    assert SourceFile.from_bytes("a.py", data).lines[1] == "name = 'café'"


def test_byte_order_mark_is_dropped() -> None:
    source = SourceFile.from_bytes("a.py", b"\xef\xbb\xbfVALUE = 1\n")
    assert source.text == "VALUE = 1\n"
    assert source.tree.body


def test_undecodable_bytes_say_where() -> None:
    with pytest.raises(SourceError) as excinfo:
        SourceFile.from_bytes("app/a.py", b"x = 1\ny = '\xff'\n")
    assert str(excinfo.value) == (
        "app/a.py:2:6: error: cannot decode as utf-8: byte 0xff is invalid (invalid start byte)"
    )


def test_unknown_encoding_declaration() -> None:
    with pytest.raises(SourceError, match="cannot decode: unknown encoding"):
        SourceFile.from_bytes("a.py", b"# coding: klingon\nx = 1\n")


def test_syntax_error_position() -> None:
    source = SourceFile("a.py", "x = 1\nif x\n    pass\n")
    with pytest.raises(SourceError) as excinfo:
        source.tree  # noqa: B018
    assert (excinfo.value.line, excinfo.value.col) == (2, 5)
    assert "expected ':'" in excinfo.value.message


def test_null_bytes_are_a_parse_error_not_a_crash() -> None:
    with pytest.raises(SourceError, match="cannot parse"):
        SourceFile("a.py", "x = 1\x00\n").tree  # noqa: B018


def test_character_columns_from_byte_offsets() -> None:
    source = SourceFile("a.py", "s = 'é'; tötal = 1\n")
    node = source.tree.body[1].targets[0]
    assert source.char_column(1, node.col_offset) == 10


def test_ast_grep_root_is_available() -> None:
    source = SourceFile("a.py", "print(1)\n")
    assert source.sg_root.find(pattern="print($A)") is not None


def test_suppression_comments() -> None:
    source = SourceFile(
        "a.py",
        "a = 1  # guide: ignore[NAME003, style001] -- vendor API\n"
        "b = 2  # guide: ignore\n"
        "c = '# guide: ignore'\n"
        "d = 4  #guide:ignore[NAME005]\n",
    )
    found = suppressions(source)
    assert found == {1: {"NAME003", "STYLE001"}, 2: ALL_CODES, 4: {"NAME005"}}
    violations = [
        Violation("a.py", n, 1, code, "m")
        for n, code in [
            (1, "NAME003"),
            (1, "NAME005"),
            (2, "X001"),
            (3, "NAME003"),
            (4, "NAME005"),
        ]
    ]
    kept = without_suppressed(violations, found)
    assert [(v.line, v.code) for v in kept] == [(1, "NAME005"), (3, "NAME003")]


def test_only_real_line_breaks_split_lines() -> None:
    source = SourceFile("a.py", "a = 1\x0c# form feed\r\nb = 2\rc = 3\n\x85d = 4")
    assert source.lines == ["a = 1\x0c# form feed", "b = 2", "c = 3", "\x85d = 4"]
    assert SourceFile("a.py", "").lines == []
    # Without a carriage return (the quick path), the same rules hold.
    source = SourceFile("a.py", "a = 1\x0c# form feed\n\x85b = 2\u2028c\n\nd\n")
    assert source.lines == ["a = 1\x0c# form feed", "\x85b = 2\u2028c", "", "d"]
    assert SourceFile("a.py", "x = 1").lines == ["x = 1"]


def test_suppression_after_a_multiline_string_covers_its_lines() -> None:
    source = SourceFile(
        "a.py",
        'def f():\n    """Summary.\n\n    Arg:\n        x: y\n    """  # guide: ignore[DOC010]\n'
        "x = 1  # guide: ignore\n",
    )
    found = suppressions(source)
    assert found[4] == {"DOC010"}
    assert found[2] == {"DOC010"}
    assert 1 not in found
    assert found[7] == ALL_CODES


def test_silenced_violations_are_kept_apart_with_the_comments_reason() -> None:
    source = SourceFile(
        "a.py",
        "a = 1  # guide: ignore[NAME003] --  mirrors the vendor API \n"
        "b = 2  # guide: ignore\n"
        'c = """one\n'
        'two"""  # guide: ignore[STYLE001] -- a long literal\n',
    )
    comments = IgnoreComments.of(source)
    violations = [
        Violation("a.py", n, 1, code, "m")
        for n, code in [(1, "NAME003"), (1, "NAME005"), (2, "X001"), (3, "STYLE001")]
    ]
    kept, silenced = comments.split(violations)
    assert [(v.line, v.code) for v in kept] == [(1, "NAME005")]
    assert [(s.violation.line, s.violation.code, s.justification) for s in silenced] == [
        (1, "NAME003", "mirrors the vendor API"),
        (2, "X001", None),
        (3, "STYLE001", "a long literal"),  # the string's closing line speaks for it
    ]
    assert IgnoreComments.of(SourceFile("b.py", "x = 1\n")).split(violations)[1] == []
