"""ASYNC: asynchronous code and connection pooling.

Every rule here needs facts a pattern cannot express (which import bound a
name, the enclosing coroutine, what one local variable holds), so the
family reads the file's ``ast`` tree once per rule group.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pytest_backend_guide import (
    ConfigSection,
    FileContext,
    Option,
    ParsedSection,
    Rule,
    Violation,
    hookimpl,
)

if TYPE_CHECKING:
    from pytest_backend_guide.checks.async_code.clients import ClientFinding
    from pytest_backend_guide.checks.async_code.scope import ModuleFacts

SECTION_NAME = "asyncio"
TEST_OR_SCRIPT = re.compile(
    r"(^|/)(tests?|scripts)/|(^|/)(conftest|__main__|tests?)\.py$"
    r"|(^|/)test_[^/]*\.py$|_test\.py$"
)
CLI_MODULES = ("click", "typer", "argparse", "fire")

RULES = (
    Rule(
        "ASYNC001",
        "blocking-call-in-async",
        "a blocking call (time.sleep, requests, sync httpx, subprocess, open(), "
        "pathlib I/O, sync DB session) inside async def",
    ),
    Rule(
        "ASYNC002",
        "client-per-call",
        "an HTTP client or session created and used inside a function body "
        "instead of shared",
    ),
    Rule(
        "ASYNC003",
        "request-without-timeout",
        "a requests call without timeout=, or an httpx call with timeout=None",
    ),
)


@dataclass(frozen=True)
class AsyncOptions:
    """The ``[tool.backend-guide.asyncio]`` table.

    Attributes:
        blocking_calls: Extra blocking callables.
        client_factories: Functions allowed to create clients.
        session_aliases: Annotations, defined in another module, that
            stand for a sync ``Session``.
    """

    blocking_calls: tuple[str, ...]
    client_factories: tuple[str, ...]
    session_aliases: tuple[str, ...]


SECTION = ParsedSection(
    SECTION_NAME,
    (
        Option(
            "blocking-calls",
            "str-list",
            (),
            "More blocking callables for ASYNC001, by the dotted name they are "
            'imported from ("mylib.fetch"), or "mylib.*" for every function of '
            "a module.",
        ),
        Option(
            "client-factories",
            "str-list",
            (),
            "Names of functions that may create HTTP clients (ASYNC002), "
            "besides factories that return the client and lifespan/startup "
            "handlers.",
        ),
        Option(
            "session-aliases",
            "str-list",
            (),
            "Names of annotations defined in another module that stand for a "
            "sync SQLAlchemy/SQLModel Session (ASYNC001), e.g. "
            '["SessionDep"] for SessionDep = Annotated[Session, Depends(get_db)] '
            "in app/api/deps.py.",
        ),
    ),
    "Asynchronous code (ASYNC001, ASYNC002).",
    parse=AsyncOptions,
)


@hookimpl
def guide_rules() -> list[Rule]:
    """Declare ASYNC001-ASYNC003.

    Returns:
        The rules.
    """
    return list(RULES)


@hookimpl
def guide_config_sections() -> list[ConfigSection]:
    """Declare ``[tool.backend-guide.asyncio]``.

    Returns:
        The section.
    """
    return [SECTION]


@hookimpl
def guide_check_file(ctx: FileContext) -> Iterator[Violation]:
    """Check a file's coroutines and HTTP clients.

    Args:
        ctx: The file's context.

    Yields:
        The violations.
    """
    text = ctx.source.text
    if "async" not in text and "requests" not in text and "httpx" not in text:
        return
    # Imported on first use: a warm run, whose files are all cached,
    # never checks a file and need not load the checking code.
    from pytest_backend_guide.checks.async_code.blocking import blocking_calls
    from pytest_backend_guide.checks.async_code.clients import (
        CLIENT_MAKERS,
        HTTP_CALLS,
        per_call_clients,
        requests_without_timeout,
    )
    from pytest_backend_guide.checks.async_code.scope import ModuleFacts

    options = ctx.options_for(SECTION)
    tree = ctx.source.tree
    facts = ModuleFacts.of(tree, frozenset(options.session_aliases))
    if ctx.is_enabled("ASYNC001") and "async" in text:
        extra = frozenset(options.blocking_calls)
        for found in blocking_calls(tree, facts, extra):
            yield ctx.at_node(
                "ASYNC001",
                found.call.func,
                f"blocking call {found.what} inside 'async def {found.function}' "
                "stalls the event loop",
                fix_hint="use an async equivalent (asyncio.sleep, httpx.AsyncClient, "
                "AsyncSession) or await asyncio.to_thread(...)",
            )
    findings: list[ClientFinding] = []
    possible = facts.bindings.may_resolve_to
    if (
        ctx.is_enabled("ASYNC002")
        and possible(CLIENT_MAKERS)
        and not _runs_once(ctx.source.path, facts)
    ):
        factories = frozenset(options.client_factories)
        findings.extend(per_call_clients(tree, facts, factories))
    if ctx.is_enabled("ASYNC003") and possible(HTTP_CALLS):
        findings.extend(requests_without_timeout(tree, facts))
    for finding in findings:
        yield ctx.at_node(
            finding.code, finding.node, finding.message, fix_hint=finding.hint
        )


def _runs_once(path: str, facts: ModuleFacts) -> bool:
    """Return whether a module is a test, a script or a command-line tool.

    Their functions run once per test or per command: a client made there
    is not made per request.
    """
    if TEST_OR_SCRIPT.search(path):
        return True
    return any(
        name == module or name.startswith(module + ".")
        for name in facts.bindings.imported.values()
        for module in CLI_MODULES
    )
