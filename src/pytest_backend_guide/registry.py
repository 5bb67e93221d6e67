"""Rule metadata and the registry that resolves rule selectors."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

CODE_PATTERN = re.compile(r"^[A-Z]+[0-9]{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Rule:
    """One checkable rule of the guide.

    Attributes:
        code: Stable public code, a family prefix and three digits (``NAME003``).
        name: Kebab-case name that users read (``function-name``).
        summary: One line saying what the rule checks.
        default_enabled: Whether the rule runs when the user selects nothing.
    """

    code: str
    name: str
    summary: str
    default_enabled: bool = True

    def __post_init__(self) -> None:
        """Reject malformed codes and names as early as registration."""
        if not CODE_PATTERN.match(self.code):
            msg = f"rule code {self.code!r} is not letters followed by 3 digits"
            raise ValueError(msg)
        if not NAME_PATTERN.match(self.name):
            msg = f"rule name {self.name!r} of {self.code} is not kebab-case"
            raise ValueError(msg)

    @property
    def family(self) -> str:
        """Return the letter prefix of the code (``NAME`` for ``NAME003``)."""
        return self.code.rstrip("0123456789")


class RuleRegistry:
    """All rules known to this session, in code order."""

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        """Create a registry holding ``rules``.

        Args:
            rules: Rules to register; duplicate codes or names are an error.
        """
        self._by_code: dict[str, Rule] = {}
        self._by_name: dict[str, Rule] = {}
        for rule in rules:
            self.add(rule)

    def add(self, rule: Rule) -> None:
        """Register one rule.

        Args:
            rule: The rule to add.

        Raises:
            ValueError: The code or the name is already taken.
        """
        if rule.code in self._by_code:
            msg = f"rule code {rule.code} is registered twice"
            raise ValueError(msg)
        if rule.name in self._by_name:
            other = self._by_name[rule.name].code
            msg = f"rule name {rule.name!r} is used by both {other} and {rule.code}"
            raise ValueError(msg)
        self._by_code[rule.code] = rule
        self._by_name[rule.name] = rule

    def __iter__(self) -> Iterator[Rule]:
        """Iterate over the rules sorted by code."""
        return iter(sorted(self._by_code.values(), key=lambda rule: rule.code))

    def __len__(self) -> int:
        """Return the number of rules."""
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        """Return whether ``code`` is a registered rule code."""
        return code in self._by_code

    def get(self, code: str) -> Rule:
        """Return the rule with this exact code.

        Args:
            code: A registered code.

        Returns:
            The rule.
        """
        return self._by_code[code]

    def default_codes(self) -> frozenset[str]:
        """Return the codes of the rules that are on by default."""
        return frozenset(r.code for r in self._by_code.values() if r.default_enabled)

    def all_codes(self) -> frozenset[str]:
        """Return every registered code."""
        return frozenset(self._by_code)

    def match(self, selector: str) -> frozenset[str] | None:
        """Resolve one selector to the rule codes it names.

        ``ALL`` names every rule; an exact code names that rule even when it
        is off by default; a prefix (``DOC``, ``DOC01``) names the rules under
        it that are on by default, so that selecting a family never turns on
        its opinionated extras by surprise. A kebab-case rule name works as
        an exact code.

        Args:
            selector: The selector as the user wrote it.

        Returns:
            The codes, or None when the selector names nothing.
        """
        if selector == "ALL":
            return self.all_codes()
        if selector in self._by_code:
            return frozenset([selector])
        if selector in self._by_name:
            return frozenset([self._by_name[selector].code])
        prefixed = [r for r in self._by_code.values() if r.code.startswith(selector)]
        if not prefixed:
            return None
        return frozenset(r.code for r in prefixed if r.default_enabled)

    def selector_vocabulary(self) -> list[str]:
        """Return every valid selector, to suggest the closest to a typo."""
        words = {"ALL", *self._by_code, *self._by_name}
        words.update(r.family for r in self._by_code.values())
        return sorted(words)
