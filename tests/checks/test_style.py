"""STYLE001-STYLE003: line length, tab indentation and indentation width."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pytest_backend_guide.checks import style
from pytest_backend_guide.checks.style import layout
from pytest_backend_guide.checks.style.layout import TokenFacts
from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.violation import Violation

Lint = Callable[..., FileResult]

URL = "https://docs.example.com/guides/backend/configuration/environment-variables-and-secrets-v2"


def found(result: FileResult, code: str) -> list[Violation]:
    assert result.error is None, result.error
    return [v for v in result.violations if v.code == code]


def lines_of(result: FileResult, code: str) -> list[int]:
    return [v.line for v in found(result, code)]


def test_rules_are_declared_with_their_names() -> None:
    declared = {rule.code: rule.name for rule in style.guide_rules()}
    assert declared == {
        "STYLE001": "line-too-long",
        "STYLE002": "tab-indentation",
        "STYLE003": "indentation-width",
    }


def test_only_the_selected_style_rule_runs(lint: Lint) -> None:
    code = "def f():\n\treturn '" + "x " * 60 + "'\n"
    assert lint(code, select=["STYLE002"]).codes == ["STYLE002"]


# STYLE001 line-too-long ---------------------------------------------------


def sized(width: int, prefix: str = 'MESSAGE = "', suffix: str = '"') -> str:
    """Return ``prefix + words + suffix`` exactly ``width`` characters long."""
    words = ("the order was shipped " * 20)[: width - len(prefix) - len(suffix)]
    line = f"{prefix}{words}{suffix}"
    assert len(line) == width
    return line


def test_long_line_is_reported_past_the_limit(lint: Lint) -> None:
    result = lint(f"import os\n{sized(97)}\n", select=["STYLE"])
    [violation] = found(result, "STYLE001")
    assert (violation.line, violation.col, violation.end_col) == (2, 89, 98)
    assert violation.message == "line too long (97 > 88)"
    assert violation.fix_hint


def test_line_of_exactly_the_limit_passes(lint: Lint) -> None:
    code = f"{sized(88)}\n{sized(89)}\n"
    assert lines_of(lint(code, select=["STYLE"]), "STYLE001") == [2]


def test_configured_line_length_is_used(lint: Lint) -> None:
    code = f"{sized(97)}\n"
    assert found(lint(code, select=["STYLE"], line_length=100), "STYLE001") == []
    [violation] = found(lint(code, select=["STYLE"], line_length=79), "STYLE001")
    assert violation.col == 80
    assert violation.message == "line too long (97 > 79)"


def test_trailing_whitespace_is_not_counted(lint: Lint) -> None:
    code = f"{sized(88)}{' ' * 20}\n"
    assert found(lint(code, select=["STYLE"]), "STYLE001") == []


@pytest.mark.parametrize(
    "code",
    [
        f'"""Configuration.\n\n{URL}\n"""\n',
        f'"""Configuration.\n\n    {URL}\n"""\n',
        f"# {URL}\n",
        f"    # See {URL}\n",
        f'LINKS = [\n    "{URL}",\n]\n',
        f'DOCS_URL = "{URL}"\n',
        f'def docs() -> str:\n    return "{URL}"  # noqa: E501\n',
    ],
    ids=["docstring", "indented", "comment", "prose", "string", "assigned", "pragma"],
)
def test_url_that_ends_the_line_is_exempt(lint: Lint, code: str) -> None:
    assert max(len(line) for line in code.splitlines()) > 88
    assert found(lint(code, select=["STYLE"]), "STYLE001") == []


def test_url_that_starts_past_the_limit_is_reported(lint: Lint) -> None:
    code = "# " + "see the page " * 7 + URL + "\n"
    assert lines_of(lint(code, select=["STYLE"]), "STYLE001") == [1]


def test_url_followed_by_more_text_is_reported(lint: Lint) -> None:
    code = f"# {URL} is the page to read\n"
    assert lines_of(lint(code, select=["STYLE"]), "STYLE001") == [1]


def test_single_long_word_is_exempt(lint: Lint) -> None:
    code = (
        "TOKENS = (\n"
        f'    "{"a1b2c3d4" * 12}",\n'
        ")\n"
        f"#{'=' * 100}\n"
        f"# {'=' * 100}\n"  # two words, "#" and the rule: reported
    )
    assert lines_of(lint(code, select=["STYLE"]), "STYLE001") == [5]


@pytest.mark.parametrize(
    "pragma",
    [
        "# noqa: E501",
        "# NOQA",
        "# type: ignore[arg-type]",
        "# pragma: no cover",
        "# guide: ignore[DOC101]",
        "# nosec  # noqa: S105",
    ],
)
def test_trailing_pragma_does_not_count(lint: Lint, pragma: str) -> None:
    code = f"{sized(86)}  {pragma}\n"
    assert found(lint(code, select=["STYLE"]), "STYLE001") == []


def test_pragma_after_a_plain_comment_is_stripped_alone(lint: Lint) -> None:
    commented = sized(88, "retries = load(settings)  # ", "")
    result = lint(f"{commented}  # noqa: E501\n", select=["STYLE"])
    assert found(result, "STYLE001") == []
    longer = sized(92, "retries = load(settings)  # ", "")
    [violation] = found(lint(f"{longer}  # noqa: E501\n", select=["STYLE"]), "STYLE001")
    assert (violation.message, violation.end_col) == ("line too long (92 > 88)", 93)


def test_code_too_long_even_without_the_pragma_is_reported(lint: Lint) -> None:
    code = f"{sized(90)}  # type: ignore[assignment]\n"
    [violation] = found(lint(code, select=["STYLE"]), "STYLE001")
    assert violation.message == "line too long (90 > 88)"


def test_pragma_text_inside_a_string_is_not_a_pragma(lint: Lint) -> None:
    line = sized(96, 'HELP = "append # noqa: E501 to silence it: ', '"')
    assert lines_of(lint(f"{line}\n", select=["STYLE"]), "STYLE001") == [1]


def test_pragma_text_inside_a_docstring_is_not_a_pragma(lint: Lint) -> None:
    prose = sized(80, "    ", "") + " # noqa: E501"
    code = f'def f() -> None:\n    """Explain.\n\n{prose}\n    """\n'
    assert lines_of(lint(code, select=["STYLE"]), "STYLE001") == [4]


def test_long_docstring_prose_is_reported(lint: Lint) -> None:
    prose = sized(95, "    Return the orders of the customer: ", "")
    code = f'def orders() -> list:\n    """Summary.\n\n{prose}\n    """\n'
    assert lines_of(lint(code, select=["STYLE"]), "STYLE001") == [4]


def test_characters_are_counted_not_bytes(lint: Lint) -> None:
    fits = sized(88, 'GREETING = "héllo wörld, ça va? ')
    assert len(fits.encode()) > 88
    assert found(lint(f"{fits}\n", select=["STYLE"]), "STYLE001") == []
    wide = 'TITLE = "' + "日本語のテキスト " * 9 + '"'
    [violation] = found(lint(f"{wide}\n", select=["STYLE"]), "STYLE001")
    assert violation.message == f"line too long ({len(wide)} > 88)"
    assert violation.end_col == len(wide) + 1


def test_crlf_line_endings(lint: Lint) -> None:
    code = f"import os\r\n\r\n{sized(88)}\r\n{sized(89)}\r\ny = 1\r\n"
    [violation] = found(lint(code, select=["STYLE"]), "STYLE001")
    assert (violation.line, violation.message) == (4, "line too long (89 > 88)")


def test_last_line_without_newline(lint: Lint) -> None:
    code = f"import os\n{sized(90)}"
    assert lines_of(lint(code, select=["STYLE"]), "STYLE001") == [2]


def test_form_feed_does_not_shift_line_numbers(lint: Lint) -> None:
    code = f"import os\n\x0c\ndef f():\n    return 1\n{sized(90)}\n"
    assert lines_of(lint(code, select=["STYLE"]), "STYLE001") == [5]


def test_empty_file(lint: Lint) -> None:
    assert lint("", select=["STYLE"]).codes == []
    assert lint("\n\n", select=["STYLE"]).codes == []


# STYLE002 tab-indentation -------------------------------------------------


def test_tab_indentation_is_reported(lint: Lint) -> None:
    code = "def total(prices):\n\tresult = sum(prices)\n\treturn result\n"
    violations = found(lint(code, select=["STYLE"]), "STYLE002")
    assert [v.line for v in violations] == [2, 3]
    first = violations[0]
    assert (first.col, first.end_col) == (1, 2)
    assert first.message == "indentation contains a tab"
    assert first.fix_hint == "indent with 4 spaces"


def test_tab_after_spaces_is_reported(lint: Lint) -> None:
    code = "class User:\n    def name(self):\n    \treturn self._name\n"
    [violation] = found(lint(code, select=["STYLE"]), "STYLE002")
    assert (violation.line, violation.end_col) == (3, 6)


def test_space_indentation_passes(lint: Lint) -> None:
    code = "def total(prices):\n    result = sum(prices)\n    return result\n"
    assert lint(code, select=["STYLE"]).codes == []


def test_tabs_inside_a_docstring_are_content(lint: Lint) -> None:
    code = (
        "def report():\n"
        '    """Print a table.\n'
        "\n"
        "\tname\tcount\n"
        "\t\tnested\n"
        '    """\n'
        "    return None\n"
    )
    assert found(lint(code, select=["STYLE"]), "STYLE002") == []


def test_tabs_inside_strings_and_after_code_pass(lint: Lint) -> None:
    code = (
        'HEADER = "name\\tcount"\n'
        'ROW = "a\tb"\n'
        "total = 1\t# aligned with a tab\n"
        "TEMPLATE = '''\n"
        "\tindented in the text\n"
        "'''\n"
        "VALUE = ('first'\n"
        "         '\tsecond')\n"
    )
    assert found(lint(code, select=["STYLE"]), "STYLE002") == []


def test_tabs_inside_a_multi_line_f_string_are_content(lint: Lint) -> None:
    code = 'name = "x"\ntext = f"""\n\t{name}\n\tdone\n"""\n'
    assert found(lint(code, select=["STYLE"]), "STYLE002") == []


def test_tab_indented_continuation_and_comment_lines_are_reported(lint: Lint) -> None:
    code = "values = [\n\t1,\n\t2,\n]\nif values:\n\t# explain\n\tprint(values)\n"
    assert lines_of(lint(code, select=["STYLE"]), "STYLE002") == [2, 3, 6, 7]


def test_blank_line_with_a_tab_is_not_indentation(lint: Lint) -> None:
    code = "def f():\n    x = 1\n\t\n    return x\n"
    assert found(lint(code, select=["STYLE"]), "STYLE002") == []


def test_tab_indentation_with_crlf(lint: Lint) -> None:
    code = "def f():\r\n\treturn 1\r\n"
    assert lines_of(lint(code, select=["STYLE"]), "STYLE002") == [2]


def test_tab_indentation_is_not_also_an_odd_width(lint: Lint) -> None:
    code = "def f():\n\t  return 1\n"
    assert lint(code, select=["STYLE"]).codes == ["STYLE002"]


# STYLE003 indentation-width -----------------------------------------------


def test_two_space_indentation_is_reported(lint: Lint) -> None:
    code = """\
    def total(prices):
      result = 0
      for price in prices:
        result += price
      return result
    """
    violations = found(lint(code, select=["STYLE"]), "STYLE003")
    assert [v.line for v in violations] == [2, 3, 5]
    first = violations[0]
    assert (first.col, first.end_col) == (1, 3)
    assert first.message == "indentation is 2 spaces, not a multiple of 4"
    assert first.fix_hint == "indent with 0 or 4 spaces"


def test_odd_width_message_and_hint(lint: Lint) -> None:
    code = "if True:\n     value = 1\nif value:\n pass\n"
    violations = found(lint(code, select=["STYLE"]), "STYLE003")
    assert [(v.message, v.fix_hint) for v in violations] == [
        ("indentation is 5 spaces, not a multiple of 4", "indent with 4 or 8 spaces"),
        ("indentation is 1 space, not a multiple of 4", "indent with 0 or 4 spaces"),
    ]


def test_four_space_indentation_passes(lint: Lint) -> None:
    code = """\
    class Cart:
        def total(self, prices: list[int]) -> int:
            result = 0
            for price in prices:
                if price > 0:
                    result += price
            return result
    """
    assert lint(code, select=["STYLE"]).codes == []


def test_continuation_aligned_with_the_bracket_passes(lint: Lint) -> None:
    code = """\
    def create_user(name, email,
                    role="member"):
        user = build_user(name=name,
                          email=email)
        if (user.active and
              user.verified):
            return save(user,
                   commit=True)
        return None
    """
    assert found(lint(code, select=["STYLE"]), "STYLE003") == []


def test_backslash_continuation_passes(lint: Lint) -> None:
    code = """\
    def ratio(done, total):
        value = done * 100 / \\
                 total
        with open("a") as first, \\
               open("b") as second:
            return value, first, second
    """
    assert found(lint(code, select=["STYLE"]), "STYLE003") == []


def test_multi_line_string_lines_pass(lint: Lint) -> None:
    code = '''\
    def describe():
        """Describe the service.

          Indented by two, as reST allows:
         # not a comment
           else: not a clause
        """
        query = """
          SELECT id
           FROM users
        """
        return query
    '''
    assert found(lint(code, select=["STYLE"]), "STYLE003") == []


def test_block_comment_at_an_odd_width_is_reported(lint: Lint) -> None:
    code = """\
    def load(path):
      # read the whole file
        with open(path) as handle:
            return handle.read()
    """
    assert lines_of(lint(code, select=["STYLE"]), "STYLE003") == [2]


def test_comments_inside_brackets_pass(lint: Lint) -> None:
    code = """\
    SETTINGS = {
      # the default database
      "database": "sqlite",
    }
    if (SETTINGS and
          # a comment inside the condition
          SETTINGS["database"]):
        pass
    """
    assert found(lint(code, select=["STYLE"]), "STYLE003") == []


def test_comments_continuing_the_line_above_pass(lint: Lint) -> None:
    code = """\
    def connect(retries):
        timeout = 30  # seconds, the server closes
                      # idle connections after a minute
                      # and clients must reconnect
        __all__ = ["connect",
                   "close"]
                   # the helpers stay private
        return timeout
    """
    assert found(lint(code, select=["STYLE"]), "STYLE003") == []


def test_comment_not_aligned_with_the_comment_above_is_reported(lint: Lint) -> None:
    code = """\
    def connect():
        timeout = 30  # seconds
                       # one column off
        return timeout
    """
    assert lines_of(lint(code, select=["STYLE"]), "STYLE003") == [3]


def test_clauses_at_an_odd_width_are_reported(lint: Lint) -> None:
    code = """\
    def fetch(client, retry):
      try:
        response = client.get()
      except TimeoutError:
        response = None
      else:
        retry = False
      finally:
        client.close()
      if retry:
        pass
      elif response:
        pass
      return response
    """
    expected = [2, 4, 6, 8, 10, 12, 14]
    assert lines_of(lint(code, select=["STYLE"]), "STYLE003") == expected


def test_else_inside_a_condition_is_not_a_clause(lint: Lint) -> None:
    code = """\
    def pick(a, b, c):
        if (a if b
              else c):
            return a
        return b
    """
    assert found(lint(code, select=["STYLE"]), "STYLE003") == []


def test_match_case_and_decorator_at_an_odd_width_are_reported(lint: Lint) -> None:
    code = """\
    def route(command):
        match command:
          case "start":
                return 1
          case _:
                return 0

    class Api:
      @staticmethod
      def ping():
            return "pong"
    """
    assert lines_of(lint(code, select=["STYLE"]), "STYLE003") == [3, 5, 9, 10]


def test_statements_after_a_semicolon_or_colon_are_not_line_starts(lint: Lint) -> None:
    code = "if True: x = 1\ny = 2; z = 3\n"
    assert found(lint(code, select=["STYLE"]), "STYLE003") == []


def test_odd_indentation_with_crlf_and_no_final_newline(lint: Lint) -> None:
    code = "def f():\r\n  return 1\r\n\r\ndef g():\r\n      return 2"
    assert lines_of(lint(code, select=["STYLE"]), "STYLE003") == [2, 5]


def test_odd_indentation_after_non_ascii_text(lint: Lint) -> None:
    code = 'def café():\n    """Prépare le café."""\n  # mal indenté\n    return "☕"\n'
    assert lines_of(lint(code, select=["STYLE"]), "STYLE003") == [3]


def test_guide_ignore_comment_suppresses(lint: Lint) -> None:
    code = "def f():\n  return 1  # guide: ignore[STYLE003]\n"
    assert lint(code, select=["STYLE"]).codes == []


def test_comment_under_a_block_header_belongs_to_the_block(lint: Lint) -> None:
    code = """\
    def allowed(user, role):
        if (user.active and
              role == "admin"):
              # a misplaced first line of the block
            return True
        return False
    """
    assert lines_of(lint(code, select=["STYLE"]), "STYLE003") == [4]


def test_comment_under_an_even_continuation_line_passes(lint: Lint) -> None:
    code = """\
    def total(prices):
        value = sum(prices,
                    start=0)
                  # the start keeps ints
        return value
    """
    assert found(lint(code, select=["STYLE"]), "STYLE003") == []


def test_comment_after_a_docstring_is_a_block_comment(lint: Lint) -> None:
    code = """\
    def total(prices):
      \"\"\"Add the prices.

      Prices are in cents.
      \"\"\"
      # the sum of nothing is zero
      return sum(prices)
    """
    assert lines_of(lint(code, select=["STYLE"]), "STYLE003") == [2, 6, 7]


def test_clean_aligned_code_is_checked_without_tokenize(
    lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(text: str) -> TokenFacts:
        raise AssertionError("tokenize ran")

    monkeypatch.setattr(layout, "scan_tokens", fail)
    code = f'''\
    """Orders.

      An indented paragraph in the docstring.
    """
    __all__ = ["create_order",
               "cancel_order"]
               # more names come later
    LINK = "{URL}"


    def create_order(customer, items,
                     currency="EUR"):  # defaults to euros
                                       # for every customer
        order = build(customer=customer,
                      # aligned comment inside the call
                      items=items)
        return order
    '''
    assert lint(code, select=["STYLE"]).codes == []
