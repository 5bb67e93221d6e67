"""DOC: public code has docstrings, in one style, that agree with the code.

The guide asks to "Document functions and classes using docstrings (Google
or NumPy format)". This checker reports missing docstrings (DOC001-DOC003),
docstrings that break the configured style (DOC010) and docstrings whose
parameters, returns, raises and yields disagree with the code (DOC011-DOC015).
"""

from __future__ import annotations

from collections.abc import Sequence

from pytest_backend_guide import ConfigSection, FileContext, Rule, Violation, hookimpl
from pytest_backend_guide.checks.docstrings.options import SECTION

RULES = (
    Rule("DOC001", "missing-module-docstring", "Public module without a docstring."),
    Rule("DOC002", "missing-class-docstring", "Public class without a docstring."),
    Rule(
        "DOC003",
        "missing-function-docstring",
        "Public function or method without a docstring.",
    ),
    Rule(
        "DOC010",
        "docstring-style",
        "Docstring sections not in the configured style (Google or NumPy).",
    ),
    Rule(
        "DOC011",
        "undocumented-parameter",
        "A parameter missing from the docstring's Args/Parameters section.",
    ),
    Rule(
        "DOC012",
        "unknown-parameter",
        "A documented parameter that the signature does not have.",
    ),
    Rule(
        "DOC013",
        "missing-returns",
        "A function that returns a value without a Returns section.",
    ),
    Rule(
        "DOC014",
        "missing-raises",
        "An exception raised in the body but not listed under Raises.",
        default_enabled=False,
    ),
    Rule("DOC015", "missing-yields", "A generator without a Yields section."),
)


@hookimpl
def guide_rules() -> Sequence[Rule]:
    """Declare the DOC rules.

    Returns:
        DOC001 to DOC015.
    """
    return RULES


@hookimpl
def guide_config_sections() -> Sequence[ConfigSection]:
    """Declare the ``[tool.backend-guide.docstrings]`` table.

    Returns:
        The docstrings section.
    """
    return (SECTION,)


@hookimpl
def guide_check_file(ctx: FileContext) -> list[Violation]:
    """Check the docstrings of one file.

    Args:
        ctx: The parsed file, the enabled rules and the options.

    Returns:
        The violations; none for a test module when test modules are skipped.
    """
    # Imported on first use: a warm run, whose files are all cached,
    # never checks a file and need not load the checking code.
    from pytest_backend_guide.checks.docstrings.agreement import Agreement
    from pytest_backend_guide.checks.docstrings.frameworks import imports_bolt
    from pytest_backend_guide.checks.docstrings.parser import DocstringCache
    from pytest_backend_guide.checks.docstrings.presence import check_presence
    from pytest_backend_guide.helpers import (
        dependency_aliases,
        is_test_module,
        module_facts,
        module_is_private,
    )

    options = ctx.options_for(SECTION)
    path = ctx.source.path
    if options.skip_test_modules and is_test_module(path):
        return []
    facts = module_facts(ctx.source)
    docs = DocstringCache(options.style)
    private = module_is_private(path)
    found = check_presence(ctx, facts, options, docs, private)
    aliases = dependency_aliases(ctx.source.tree, options.dependency_aliases)
    bolt = imports_bolt(ctx.source.tree)
    agreement = Agreement(ctx, options, docs, private, aliases, bolt)
    found.extend(agreement.check(facts))
    return found
