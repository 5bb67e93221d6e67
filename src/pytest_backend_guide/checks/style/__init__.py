"""STYLE: PEP 8 layout of a file: line length, tabs and indentation width.

The checks read the raw lines first. ``tokenize`` is slow, so it runs only
when a cheap look at the lines finds something only tokens can settle: a
long line ending in what looks like a pragma comment, a tab in an
indentation, or a comment or ``else:`` line indented by a width that is not
a multiple of 4 and that the ``ast`` tree cannot place.
"""

from __future__ import annotations

from collections.abc import Sequence

from pytest_backend_guide import FileContext, Rule, Violation, hookimpl

RULES = (
    Rule(
        "STYLE001", "line-too-long", "Line is longer than the configured line-length."
    ),
    Rule("STYLE002", "tab-indentation", "Indentation contains a tab."),
    Rule("STYLE003", "indentation-width", "Indentation is not a multiple of 4 spaces."),
)



@hookimpl
def guide_rules() -> Sequence[Rule]:
    """Declare the STYLE rules.

    Returns:
        STYLE001 to STYLE003.
    """
    return RULES


@hookimpl
def guide_check_file(ctx: FileContext) -> list[Violation]:
    """Check line length, tabs and indentation width of one file.

    Args:
        ctx: The parsed file and the enabled rules.

    Returns:
        The violations found.
    """
    # Imported on first use: a warm run, whose files are all cached,
    # never checks a file and need not load the checking code.
    from pytest_backend_guide.checks.style.indentation import odd_indents, tab_indents
    from pytest_backend_guide.checks.style.layout import Layout
    from pytest_backend_guide.checks.style.long_lines import long_lines

    layout = Layout.of(ctx.source.text)
    found: list[Violation] = []
    if ctx.is_enabled("STYLE001"):
        found.extend(long_lines(ctx, layout))
    if ctx.is_enabled("STYLE002"):
        found.extend(tab_indents(ctx, layout))
    if ctx.is_enabled("STYLE003"):
        found.extend(odd_indents(ctx, layout))
    return found


