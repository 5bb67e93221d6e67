"""``backend-guide explain CODE``: a rule's documentation in the terminal.

The rule pages (``docs/rules/<family>.md``) ship inside the package, as
``pytest_backend_guide/rule_pages`` (copied there by the build, see
``setup.py``), so an install finds them whatever its scheme (a venv,
``--user``, ``--prefix``, ``--target``); in a source checkout (an editable
install) they are read from ``docs/rules``. A rule without a page (a
third-party checker's, a custom rule) is explained by its summary.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pytest_backend_guide.registry import Rule, RuleRegistry

DOCS_SITE = "https://pytest-backend-guide.readthedocs.io/en/latest/rules/"


def rule_for(word: str, rules: RuleRegistry) -> Rule | None:
    """Return the rule with a code or name, case-insensitively.

    Args:
        word: ``NAME003``, ``name003`` or ``function-name``.
        rules: The registry.

    Returns:
        The rule, or None.
    """
    wanted = word.strip()
    for rule in rules:
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            return rule
    return None


def rule_pages() -> list[Path]:
    """Return the installed or checked-out rule pages.

    Returns:
        Markdown files, those of the first folder that has any (not the
        page on how pages are written, whose example is a rule section).
    """
    here = Path(__file__).resolve().parent
    folders = [here / "rule_pages", here.parents[1] / "docs" / "rules"]
    for folder in folders:
        found = sorted(folder.glob("*.md")) if folder.is_dir() else []
        pages = [page for page in found if page.name != "FORMAT.md"]
        if pages:
            return pages
    return []


def rule_section(rule: Rule, pages: list[Path]) -> tuple[str, str] | None:
    """Return a rule's section and the page it is on.

    Args:
        rule: The rule.
        pages: Markdown pages to search.

    Returns:
        ``(page stem, section text)``: from the ``## CODE name`` heading to
        the next heading of the same level; None when no page has it.
    """
    heading = f"## {rule.code} "
    for page in pages:
        lines = page.read_text(encoding="utf-8").splitlines()
        for start, line in enumerate(lines):
            if line.startswith(heading):
                end = start + 1
                while end < len(lines) and not lines[end].startswith("## "):
                    end += 1
                return page.stem, "\n".join(lines[start:end]).rstrip()
    return None


def explain(rule: Rule, pages: list[Path]) -> str:
    """Return what ``explain`` prints for a rule.

    Args:
        rule: The rule.
        pages: The rule pages.

    Returns:
        Its documentation section, or its summary, and where to read more.
    """
    state = "on" if rule.default_enabled else "off"
    found = rule_section(rule, pages)
    if found is None:
        return f"{rule.code} {rule.name} (default: {state})\n\n{rule.summary}"
    return f"{found[1]}\n\nDefault: {state}. Online: {rule_url(rule)}"


@lru_cache(maxsize=1)
def _page_index() -> dict[str, str]:
    index = {}
    for page in rule_pages():
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("## "):
                index[line[3:].split(" ", 1)[0]] = page.stem
    return index


def is_documented(rule: Rule) -> bool:
    """Return whether a rule has a section on the rule pages.

    Args:
        rule: The rule.

    Returns:
        False for a custom rule or a third-party checker's rule.
    """
    return rule.code in _page_index()


def rule_url(rule: Rule) -> str:
    """Return the address of a rule's section on the documentation site.

    Args:
        rule: The rule.

    Returns:
        Its section's address, or the rule index for a rule without a page.
    """
    page = _page_index().get(rule.code)
    if page is None:
        return DOCS_SITE
    return f"{DOCS_SITE}{page}/#{rule.code.lower()}-{rule.name}"
