"""What text an ast-grep rule needs in a file before it can match there.

Parsing a file with tree-sitter costs about as much as ``ast.parse``; most
files cannot match a given rule at all (``print($$$ARGS)`` needs the word
``print`` in the text). A rule's needle is read from its config once:
every word of a string ``pattern`` that is not a metavariable must be
found in the file's text, and so must a ``regex`` made only of plain
characters, classes and quantifiers, or else one string of each group of
literals every match of the regex holds (see :mod:`regex_literals`:
``^(get|post)$`` needs ``get`` or ``post``); ``all`` and relational
sub-rules (``inside``, ``has``, ``precedes``, ``follows``: their node is
in the same file) add their needles, ``any`` needs one member's, and
everything else (``kind``, ``not``, ``matches``, a pattern object with a
``selector``) needs nothing.
A file without a rule's needle is not matched against it, which changes no
result: only the work.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pytest_backend_guide.regex_literals import regex_literals

WORD = re.compile(r"(?<![\w$])[A-Za-z_]\w*")
# A regex searched as it is in the whole text must mean what ast-grep's
# (Rust) engine means by it on a node's text: no anchors after the start,
# no look-arounds, no character sets; words, spaces, a few punctuation
# marks, the \s \d \w classes and quantifiers only.
PLAIN_REGEX = re.compile(r"\^?(?:[\w :,=]|\\[sSdDwW]|[*+?])*")
RELATIONAL = ("inside", "has", "precedes", "follows")


@dataclass(frozen=True)
class Needle:
    """Text a file must hold for a rule to be able to match in it.

    Attributes:
        words: Words that must all be in the text.
        regexes: Expressions that must all be found in the text.
        alternatives: Groups of which at least one must be present (``any``).
    """

    words: tuple[str, ...] = ()
    regexes: tuple[re.Pattern[str], ...] = ()
    alternatives: tuple[tuple[Needle, ...], ...] = ()

    def found_in(self, text: str) -> bool:
        """Return whether the text holds what this needle asks for.

        Args:
            text: A file's text.

        Returns:
            False when the rule cannot match anywhere in the text.
        """
        return (
            all(word in text for word in self.words)
            and all(regex.search(text) for regex in self.regexes)
            and all(
                any(needle.found_in(text) for needle in group)
                for group in self.alternatives
            )
        )


ALWAYS = Needle()


def rule_needle(rule: Mapping[str, Any]) -> Needle:
    """Return the needle of one rule object (the value of a config's ``rule``).

    Args:
        rule: The rule object.

    Returns:
        Its needle; :data:`ALWAYS` when nothing is known.
    """
    parts: list[Needle] = []
    pattern = rule.get("pattern")
    if isinstance(pattern, str):
        parts.append(Needle(words=tuple(dict.fromkeys(WORD.findall(pattern)))))
    regex = rule.get("regex")
    if isinstance(regex, str):
        parts.append(regex_needle(regex))
    members = rule.get("all")
    if isinstance(members, list):
        parts.extend(rule_needle(m) for m in members if isinstance(m, Mapping))
    for key in RELATIONAL:
        sub = rule.get(key)
        if isinstance(sub, Mapping):
            parts.append(rule_needle(sub))
    choices = rule.get("any")
    if isinstance(choices, list):
        group = tuple(rule_needle(m) for m in choices if isinstance(m, Mapping))
        if len(group) == len(choices) and ALWAYS not in group:
            parts.append(Needle(alternatives=(group,)))
    return _joined(parts)


def _joined(parts: list[Needle]) -> Needle:
    """Return a needle that asks for everything the parts ask for."""
    return Needle(
        words=tuple(dict.fromkeys(w for part in parts for w in part.words)),
        regexes=tuple(r for part in parts for r in part.regexes),
        alternatives=tuple(g for part in parts for g in part.alternatives),
    )


def regex_needle(regex: str) -> Needle:
    """Return the needle of a rule's ``regex``.

    Args:
        regex: The regex, in ast-grep's (Rust) syntax.

    Returns:
        The regex itself, searched in the text, when it is plain; else one
        of the literals of each group its matches hold; :data:`ALWAYS`
        when nothing can be proved.
    """
    if PLAIN_REGEX.fullmatch(regex):
        try:
            return Needle(regexes=(re.compile(regex.removeprefix("^")),))
        except re.error:
            return ALWAYS  # Python reads it otherwise (``^*``): prove nothing
    literals = regex_literals(regex)
    if literals is None:
        return ALWAYS
    if literals.ignore_case:
        return Needle(
            regexes=tuple(
                re.compile("|".join(map(re.escape, sorted(group))), re.IGNORECASE)
                for group in literals.groups
            )
        )
    singles = tuple(next(iter(g)) for g in literals.groups if len(g) == 1)
    return Needle(
        words=tuple(dict.fromkeys(singles)),
        alternatives=tuple(
            tuple(Needle(words=(word,)) for word in sorted(group))
            for group in literals.groups
            if len(group) > 1
        ),
    )
