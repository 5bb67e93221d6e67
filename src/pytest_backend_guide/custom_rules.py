"""The user's own ast-grep rules: ``custom-rules = ["guide_rules/*.yml"]``.

Each matched file holds one or more rules in ast-grep's schema (the same
files work with ``ast-grep scan``). A rule's ``id`` is its code and must
not clash with a built-in code or name, or with another custom rule. The
rules run after the checkers on every file, and the files' content is part
of the cache key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pytest_backend_guide.registry import Rule, RuleRegistry
from pytest_backend_guide.shown_path import shown_path

if TYPE_CHECKING:
    from pytest_backend_guide.pattern_engine import PatternRules
    from pytest_backend_guide.pattern_rules import PatternRule


class CustomRuleError(Exception):
    """A custom rule file is missing, broken or clashes; the message says where."""


@dataclass(frozen=True)
class CustomRules:
    """The user's rules, validated and compiled once per session.

    Attributes:
        rules: The compiled rules.
        digest: A digest of every rule file's path and content, for the cache key.
    """

    rules: PatternRules
    digest: str

    def registry_rules(self) -> list[Rule]:
        """Return the registry entries of the custom rules.

        Returns:
            One rule per custom rule.
        """
        return self.rules.registry_rules()

    def origin(self, code: str) -> str | None:
        """Return the file that defines a custom rule, or None for another code.

        Args:
            code: A rule code.

        Returns:
            The rule file's path, relative to the rootdir where it is inside.
        """
        for rule in self.rules.rules:
            if rule.code == code:
                return rule.origin
        return None


def load_custom_rules(
    base: Path, rootdir: Path, patterns: Sequence[str], builtin: RuleRegistry
) -> CustomRules | None:
    """Find, read and validate the rule files that ``custom-rules`` names.

    Args:
        base: The folder of the configuration file; patterns are relative to it.
        rootdir: The project root, for display paths.
        patterns: Glob patterns (``guide_rules/*.yml``).
        builtin: The rules of the installed checkers, which custom codes
            and names must not reuse.

    Returns:
        The rules, or None when no pattern is configured.

    Raises:
        CustomRuleError: A pattern matches no file, a file is broken, or a
            code or name is taken.
    """
    if not patterns:
        return None
    # Imported here: a project without custom rules never loads the YAML
    # reader or the ast-grep engine for them.
    from pytest_backend_guide.pattern_engine import PatternRules
    from pytest_backend_guide.pattern_rules import PatternRuleError, parse_rule_file

    digest = hashlib.sha256()
    rules: list[PatternRule] = []
    for path in _rule_files(base, patterns):
        display = shown_path(path, rootdir)
        try:
            data = path.read_bytes()
            text = data.decode("utf-8")
            rules.extend(parse_rule_file(text, display))
        except (OSError, UnicodeDecodeError) as exc:
            msg = f"{display}: cannot read the rule file: {exc}"
            raise CustomRuleError(msg) from None
        except PatternRuleError as exc:
            raise CustomRuleError(str(exc)) from None
        digest.update(display.encode("utf-8") + b"\0" + data + b"\0")
    _check_clashes(rules, builtin)
    return CustomRules(PatternRules(rules), digest.hexdigest())


def _rule_files(base: Path, patterns: Iterable[str]) -> list[Path]:
    files: list[Path] = []
    for pattern in patterns:
        matched = sorted(p for p in base.glob(pattern) if p.is_file())
        if not matched:
            msg = f"custom-rules: '{pattern}' matches no file under {base}"
            raise CustomRuleError(msg)
        files.extend(p for p in matched if p not in files)
    return files


def _check_clashes(rules: list[PatternRule], builtin: RuleRegistry) -> None:
    seen: dict[str, PatternRule] = {}
    names: dict[str, PatternRule] = {}
    builtin_names = {rule.name for rule in builtin}
    for rule in rules:
        where = f"{rule.origin}: rule {rule.code!r}"
        if rule.code in builtin:
            taken = builtin.get(rule.code)
            msg = f"{where}: id clashes with the built-in rule {taken.name}"
            raise CustomRuleError(msg)
        if rule.code in seen:
            msg = f"{where}: id is already used by a rule in {seen[rule.code].origin}"
            raise CustomRuleError(msg)
        if rule.name in builtin_names:
            msg = f"{where}: metadata.name {rule.name!r} is a built-in rule's name"
            raise CustomRuleError(msg)
        if rule.name in names:
            other = names[rule.name].code
            msg = f"{where}: metadata.name {rule.name!r} is already used by {other}"
            raise CustomRuleError(msg)
        seen[rule.code] = rule
        names[rule.name] = rule


def with_custom_rules(
    builtin: RuleRegistry, custom: CustomRules | None
) -> RuleRegistry:
    """Return a registry of the built-in rules and the custom ones.

    Args:
        builtin: The checkers' rules.
        custom: The custom rules, if any.

    Returns:
        ``builtin`` itself without custom rules, else a new registry.
    """
    if custom is None:
        return builtin
    return RuleRegistry([*builtin, *custom.registry_rules()])
