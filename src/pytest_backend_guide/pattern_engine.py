"""Run a set of ast-grep rules over a file in as few passes as possible.

Each separate ``find_all`` walks the whole tree, and ten walks cost about
three times one Python ``ast`` walk doing the same work. So the rules that
run on a file are combined into one ``any`` query (their ``utils`` merged),
the tree is walked once, and each node found is given back to the rules it
matches: ``node.matches`` for a plain rule; for a rule with
``constraints``, ``utils`` or ``transform`` (which ``matches`` cannot
apply), the rule's whole config is run from the node, which finds the node
itself first when it matches. The combined query is built once per set of
active rules and reused for every file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from pytest_backend_guide.pattern_needles import rule_needle
from pytest_backend_guide.pattern_rules import PatternRule
from pytest_backend_guide.registry import Rule
from pytest_backend_guide.source import SourceFile
from pytest_backend_guide.violation import FileContext, Violation

if TYPE_CHECKING:
    from ast_grep_py import Config, SgNode

METAVARIABLE = re.compile(r"\$(\$\$)?([A-Z_][A-Z0-9_]*)")
NODE_KIND = re.compile(r"[a-z_]+")  # a tree-sitter node kind, no selector


@dataclass
class PatternMatch:
    """One node that one rule matched, with 1-based positions.

    Attributes:
        rule: The rule that matched.
        node: The ast-grep node of the match.
        line: 1-based line of the start.
        col: 1-based character column of the start.
        end_line: 1-based line of the end.
        end_col: 1-based character column just after the end.
    """

    rule: PatternRule
    node: SgNode
    line: int
    col: int
    end_line: int
    end_col: int
    _bound: SgNode | None = field(default=None, repr=False)

    @property
    def code(self) -> str:
        """Return the code of the rule that matched."""
        return self.rule.code

    def metavariable(self, name: str) -> SgNode | None:
        """Return the node a single metavariable (``$NAME``) captured.

        Args:
            name: The name without ``$``.

        Returns:
            The node, or None when the rule captured nothing under it.
        """
        return self._with_captures().get_match(name)

    def metavariables(self, name: str) -> list[SgNode]:
        """Return the nodes a multiple metavariable (``$$$NAME``) captured.

        Args:
            name: The name without ``$$$``.

        Returns:
            The named nodes captured, commas left out.
        """
        nodes = self._with_captures().get_multiple_matches(name)
        return [node for node in nodes if node.is_named()]

    @property
    def message(self) -> str:
        """Return the rule's message with its metavariables filled in."""
        return METAVARIABLE.sub(self._fill, self.rule.message)

    def violation(self, ctx: FileContext, message: str | None = None) -> Violation:
        """Build the violation of this match.

        Args:
            ctx: The file's context.
            message: Text to report instead of the rule's message.

        Returns:
            The violation, with the rule's note as its fix hint.
        """
        end_col = self.end_col if self.end_line == self.line else None
        return ctx.violation(
            self.rule.code,
            self.line,
            self.col,
            message or self.message,
            fix_hint=self.rule.note,
            end_col=end_col,
        )

    def _fill(self, found: re.Match[str]) -> str:
        name = found.group(2)
        if found.group(1):
            return ", ".join(node.text() for node in self.metavariables(name))
        node = self.metavariable(name)
        return node.text() if node is not None else found.group(0)

    def _with_captures(self) -> SgNode:
        """Return the node as matched by this rule alone, holding its captures."""
        if self._bound is None:
            self._bound = _own_match(self.node, self.rule) or self.node
        return self._bound


class PatternRules:
    """A set of validated ast-grep rules, matched together on each file.

    Build one per family (or per set of user rule files) at import time or
    once per session; it keeps the combined query of each set of active
    rules it has seen.
    """

    def __init__(self, rules: Iterable[PatternRule]) -> None:
        """Hold the rules.

        Args:
            rules: Validated rules with distinct codes.

        Raises:
            ValueError: Two rules share a code.
        """
        self.rules: tuple[PatternRule, ...] = tuple(rules)
        codes = [rule.code for rule in self.rules]
        if len(set(codes)) != len(codes):
            dupes = sorted({code for code in codes if codes.count(code) > 1})
            msg = f"rule code {dupes[0]} is defined twice"
            raise ValueError(msg)
        self._queries: dict[tuple[str, ...], _Query] = {}
        self._scoped = any(rule.files or rule.ignores for rule in self.rules)
        # A file without a rule's needle is not parsed for it (see
        # pattern_needles): most files need no tree-sitter tree at all.
        self._needles = {
            rule.code: rule_needle(rule.config["rule"]) for rule in self.rules
        }

    def registry_rules(self) -> list[Rule]:
        """Return the registry entries of the rules, for ``guide_rules``.

        Returns:
            One :class:`~pytest_backend_guide.Rule` per pattern rule.
        """
        return [rule.as_rule() for rule in self.rules]

    def matches(
        self, source: SourceFile, enabled: Collection[str]
    ) -> list[PatternMatch]:
        """Return the matches of the enabled rules in one file.

        Args:
            source: The file.
            enabled: Codes that run on this file (``ctx.enabled``).

        Returns:
            The matches, in tree order, each with its rule.
        """
        path = source.path
        text = source.text
        active = tuple(
            rule.code
            for rule in self.rules
            if rule.code in enabled
            and (not self._scoped or rule.applies_to(path))
            and self._needles[rule.code].found_in(text)
        )
        if not active:
            return []
        query = self._queries.get(active)
        if query is None:
            chosen = [rule for rule in self.rules if rule.code in active]
            query = self._queries[active] = _Query.build(chosen)
        return query.run(source.sg_root)

    def violations(
        self,
        ctx: FileContext,
        keep: Callable[[PatternMatch], bool] | None = None,
    ) -> list[Violation]:
        """Return the violations of the enabled rules in a file.

        Args:
            ctx: The file's context.
            keep: A filter for what a pattern cannot express; a match it
                returns False for is dropped.

        Returns:
            The violations.
        """
        return [
            match.violation(ctx)
            for match in self.matches(ctx.source, ctx.enabled)
            if keep is None or keep(match)
        ]


@dataclass(frozen=True)
class _Query:
    """One or more ``find_all`` configs and the rules they dispatch to."""

    passes: tuple[tuple[Mapping[str, Any], tuple[PatternRule, ...]], ...]
    kinds: Mapping[str, frozenset[str] | None] = field(default_factory=dict)

    @classmethod
    def build(cls, rules: list[PatternRule]) -> _Query:
        """Combine rules into as few passes as their ``utils`` allow."""
        passes: list[tuple[dict[str, Any], list[PatternRule]]] = []
        for rule in rules:
            for config, members in passes:
                if _merge_utils(config, rule):
                    config["rule"]["any"].append(rule.config["rule"])
                    members.append(rule)
                    break
            else:
                config = {"rule": {"any": [rule.config["rule"]]}}
                utils = rule.config.get("utils")
                if utils:
                    config["utils"] = dict(utils)
                passes.append((config, [rule]))
        kinds = {rule.code: node_kinds(rule.config["rule"]) for rule in rules}
        return cls(
            tuple((config, tuple(members)) for config, members in passes), kinds
        )

    def run(self, root: SgNode) -> list[PatternMatch]:
        """Walk the tree once per pass and sort out which rule matched what."""
        found: list[PatternMatch] = []
        for config, members in self.passes:
            for node in root.find_all(cast("Config", config)):
                kind = node.kind()
                for rule in members:
                    # A node found for another rule of the pass, of a kind
                    # this rule never matches: skip the (costly) rule call.
                    wanted = self.kinds.get(rule.code)
                    if wanted is not None and kind not in wanted:
                        continue
                    bound = _rule_matches(node, rule)
                    if bound is not None:
                        found.append(_positioned(rule, node, bound))
        found.sort(key=lambda m: (m.line, m.col, m.rule.code))
        return found


def node_kinds(rule: Mapping[str, Any]) -> frozenset[str] | None:
    """Return the node kinds a rule object can match, when its keys say.

    Args:
        rule: A rule object (the value of a config's ``rule``).

    Returns:
        Its ``kind``, the union of the kinds of every member of an ``any``
        whose members all say, or None when anything is possible (a
        ``pattern``, a ``matches``, an ``any`` member without a kind).
    """
    kind = rule.get("kind")
    if isinstance(kind, str) and NODE_KIND.fullmatch(kind):
        return frozenset({kind})
    members = rule.get("any")
    if isinstance(members, list) and members:
        found: set[str] = set()
        for member in members:
            kinds = node_kinds(member) if isinstance(member, Mapping) else None
            if kinds is None:
                return None
            found |= kinds
        return frozenset(found)
    return None


def _merge_utils(config: dict[str, Any], rule: PatternRule) -> bool:
    """Add a rule's ``utils`` to a pass unless a name means something else there."""
    utils = rule.config.get("utils") or {}
    have = config.setdefault("utils", {})
    if any(name in have and have[name] != value for name, value in utils.items()):
        if not have:
            del config["utils"]
        return False
    have.update(utils)
    if not have:
        del config["utils"]
    return True


def _needs_full_config(rule: PatternRule) -> bool:
    return any(key in rule.config for key in ("constraints", "utils", "transform"))


def _rule_matches(node: SgNode, rule: PatternRule) -> SgNode | bool | None:
    """Return a truthy value when this very node matches the rule.

    Returns the node bound with the rule's captures when computing that was
    needed anyway, True for a plain match, None for no match.
    """
    if not _needs_full_config(rule):
        return True if node.matches(**rule.config["rule"]) else None
    return _own_match(node, rule)


def _own_match(node: SgNode, rule: PatternRule) -> SgNode | None:
    """Run a rule from a node; the node itself comes first in the search."""
    hit: SgNode | None = node.find(cast("Config", dict(rule.config)))
    if hit is None or hit.range() != node.range() or hit.kind() != node.kind():
        return None
    return hit


def _positioned(
    rule: PatternRule, node: SgNode, bound: SgNode | bool | None
) -> PatternMatch:
    where = node.range()
    return PatternMatch(
        rule=rule,
        node=node,
        line=where.start.line + 1,
        col=where.start.column + 1,
        end_line=where.end.line + 1,
        end_col=where.end.column + 1,
        _bound=bound if not isinstance(bound, bool) else None,
    )
