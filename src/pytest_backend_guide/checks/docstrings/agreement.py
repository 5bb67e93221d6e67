"""DOC010-DOC015: docstrings follow the style and agree with the code.

DOC010 applies to every docstring. The agreement rules apply to functions
that the presence rules cover and to any function whose docstring has
sections: a docstring that documents its parameters must document them all,
correctly, whoever the function is for.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from pytest_backend_guide import FileContext, Violation
from pytest_backend_guide.checks.docstrings.frameworks import is_bolt_listener
from pytest_backend_guide.checks.docstrings.options import DocOptions
from pytest_backend_guide.checks.docstrings.parser import Docstring, DocstringCache
from pytest_backend_guide.checks.docstrings.sections import (
    OTHER_PARAMS,
    PARAMETER_KINDS,
    PARAMS,
    RAISES,
    RETURNS,
    YIELDS,
)
from pytest_backend_guide.helpers import (
    FunctionFacts,
    ModuleFacts,
    documented_inline,
    is_injected,
    name_position,
)

AGREEMENT_CODES = ("DOC011", "DOC012", "DOC013", "DOC014", "DOC015")
# Google style lets a summary that starts with these stand for the section.
RETURN_VERBS = frozenset({"Return", "Returns"})
YIELD_VERBS = frozenset({"Yield", "Yields"})
CONTEXT_MANAGERS = frozenset({"contextmanager", "asynccontextmanager"})
NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


@dataclass(frozen=True)
class Agreement:
    """The agreement rules, bound to one file.

    Attributes:
        ctx: The file being checked.
        options: The docstring options.
        docs: Parsed docstrings of the file.
        module_private: The module or one of its packages is private.
        aliases: Names the module uses as FastAPI dependency annotations.
        bolt: The module imports Slack Bolt, whose listeners get their
            parameters by name.
    """

    ctx: FileContext
    options: DocOptions
    docs: DocstringCache
    module_private: bool
    aliases: frozenset[str] = frozenset()
    bolt: bool = False

    def check(self, facts: ModuleFacts) -> list[Violation]:
        """Run the enabled DOC01x rules on every docstring of a module.

        Args:
            facts: The module's definitions.

        Returns:
            The violations found.
        """
        found: list[Violation] = []
        if self.ctx.is_enabled("DOC010"):
            for node in _docstring_nodes(facts):
                found.extend(self.style_problems(node))
        if not any(self.ctx.is_enabled(code) for code in AGREEMENT_CODES):
            return found
        for function in facts.functions:
            if not function.is_overload:
                found.extend(self.function(function))
        if self.ctx.is_enabled("DOC012"):
            for klass in facts.classes:
                init = klass.init
                if klass.docstring is not None and init is not None:
                    found.extend(self.unknown(init, klass.docstring))
        return found

    def style_problems(self, node: ast.Constant) -> list[Violation]:
        """Report where a docstring breaks the configured style.

        Args:
            node: The docstring's constant node.

        Returns:
            DOC010 violations.
        """
        parsed = self.docs.get(node)
        return [
            self.in_docstring("DOC010", node, p.line, p.col, p.message)
            for p in parsed.problems
        ]

    def function(self, function: FunctionFacts) -> list[Violation]:
        """Check one function's docstring against its signature and body.

        Args:
            function: The function.

        Returns:
            DOC011 to DOC015 violations.
        """
        own = self.docs.get(function.docstring) if function.docstring else None
        found: list[Violation] = []
        if own is not None and own.foreign:
            return found  # DOC010 says it is in another convention, once
        target = self._parameter_docstring(function, own)
        if target is not None and target.foreign:
            target = None
        if target is not None and self.ctx.is_enabled("DOC011"):
            found.extend(self.undocumented(function, target))
        if own is None or function.docstring is None:
            return found
        if self.ctx.is_enabled("DOC012"):
            found.extend(self.unknown(function, function.docstring))
        covered = self.options.covers(function, self.module_private)
        if (covered or own.sections) and not self._needs_no_sections(function, own):
            found.extend(self.missing_sections(function, own))
        return found

    def undocumented(self, function: FunctionFacts, doc: Docstring) -> list[Violation]:
        """Report parameters that the docstring does not document.

        Args:
            function: The function.
            doc: Its docstring, or its class's for a constructor.

        Returns:
            DOC011 violations, one per parameter; one for the function when
            its docstring has no Args section at all.
        """
        params = [
            p
            for p in function.parameters
            if not p.implicit
            and not p.name.startswith("_")
            and not documented_inline(p)
        ]
        if not params or (self.bolt and is_bolt_listener(function)):
            return []
        count = len([p for p in params if not is_injected(p, self.aliases)])
        if not doc.has(*PARAMETER_KINDS):
            if not self._needs_args(function, count):
                return []
            if doc.summary_only and self.options.skip_summary_only_docstrings:
                return []
            title = doc.title_of(PARAMS)
            noun = "parameter" if count == 1 else "parameters"
            message = (
                f"'{function.qualname}' takes {count} {noun} but its "
                f"docstring has no {title} section"
            )
            hint = f"add an {title} section describing each parameter"
            return [self.at_name("DOC011", function, message, hint)]
        documented = {name for e in doc.entries(*PARAMETER_KINDS) for name in e.names}
        title = doc.title_of(PARAMS)
        found = []
        for param in params:
            if param.name not in documented:
                message = (
                    f"parameter '{param.display}' of '{function.qualname}' "
                    f"is not documented in {title}"
                )
                hint = f"describe '{param.display}' in the {title} section"
                width = len(param.name)
                violation = self.ctx.at_node(
                    "DOC011", param.node, message, fix_hint=hint, width=width
                )
                found.append(violation)
        return found

    def unknown(self, function: FunctionFacts, node: ast.Constant) -> list[Violation]:
        """Report documented parameters that the signature does not have.

        A function taking ``**kwargs`` may document the keys it accepts, so
        it is not checked.

        Args:
            function: The function, or the constructor of a class.
            node: The docstring that documents its parameters.

        Returns:
            DOC012 violations, one per unknown name.
        """
        if any(p.kind == "double-star" for p in function.parameters):
            return []
        names = {p.name for p in function.parameters}
        found = []
        for section in self.docs.get(node).sections:
            if section.kind not in (PARAMS, OTHER_PARAMS):
                continue
            for entry in section.entries:
                for name in entry.names:
                    if name in names:
                        continue
                    message = (
                        f"'{name}' is documented in {section.title} but is not "
                        f"a parameter of '{function.qualname}'"
                    )
                    found.append(
                        self.in_docstring(
                            "DOC012",
                            node,
                            entry.line,
                            entry.col,
                            message,
                            width=len(name),
                        )
                    )
        return found

    def missing_sections(
        self, function: FunctionFacts, doc: Docstring
    ) -> list[Violation]:
        """Report a missing Returns, Yields or Raises section.

        Args:
            function: The function.
            doc: Its own docstring.

        Returns:
            DOC013, DOC014 and DOC015 violations.
        """
        found = []
        if not function.is_property:  # a property's summary describes its value
            missing = self._missing_value_section(function, doc)
            if missing is not None:
                found.append(missing)
        if self.ctx.is_enabled("DOC014"):
            found.extend(self.undocumented_raises(function, doc))
        return found

    def undocumented_raises(
        self, function: FunctionFacts, doc: Docstring
    ) -> list[Violation]:
        """Report exceptions raised in the body but missing from Raises.

        Args:
            function: The function.
            doc: Its own docstring.

        Returns:
            DOC014 violations, one per exception name.
        """
        documented = {
            name.rpartition(".")[2]
            for entry in doc.entries(RAISES)
            for name in entry.names
        }
        found = []
        for raised in function.raises:
            if raised.name in documented:
                continue
            documented.add(raised.name)
            message = (
                f"'{function.qualname}' raises '{raised.name}' but its docstring "
                "does not list it under Raises"
            )
            hint = f"add '{raised.name}' to the Raises section"
            found.append(
                self.ctx.at_node("DOC014", raised.node, message, fix_hint=hint)
            )
        return found

    def at_name(
        self, code: str, function: FunctionFacts, message: str, hint: str
    ) -> Violation:
        """Build a violation at a function's name.

        Args:
            code: Rule code.
            function: The function.
            message: What is wrong.
            hint: How to fix it.

        Returns:
            The violation.
        """
        line, col = name_position(self.ctx.source, function.node)
        end = col + len(function.name)
        return self.ctx.violation(code, line, col, message, fix_hint=hint, end_col=end)

    def in_docstring(
        self,
        code: str,
        node: ast.Constant,
        line: int,
        col: int,
        message: str,
        width: int | None = None,
    ) -> Violation:
        """Build a violation at a line of a docstring.

        Falls back to the start of the docstring when escapes or line
        continuations make its lines differ from the file's.

        Args:
            code: Rule code.
            node: The docstring's constant node.
            line: 0-based line index in the docstring.
            col: 0-based character column in that line.
            message: What is wrong.
            width: Characters to underline.

        Returns:
            The violation.
        """
        end_line = getattr(node, "end_lineno", None)
        exact = end_line is not None and end_line - node.lineno == str(
            node.value
        ).count("\n")
        if not exact or line == 0:
            return self.ctx.at_node(code, node, message, width=width or 3)
        end = col + 1 + width if width else None
        return self.ctx.violation(
            code, node.lineno + line, col + 1, message, end_col=end
        )

    def _parameter_docstring(
        self, function: FunctionFacts, own: Docstring | None
    ) -> Docstring | None:
        owner = function.owner
        if function.name != "__init__" or owner is None or owner.docstring is None:
            return own
        if own is not None and own.has(*PARAMETER_KINDS):
            return own
        of_class = self.docs.get(owner.docstring)
        if own is None or of_class.has(*PARAMETER_KINDS):
            return of_class
        return own

    def _missing_value_section(
        self, function: FunctionFacts, doc: Docstring
    ) -> Violation | None:
        qualname = function.qualname
        summary_says = _summary_verb(function)
        if function.is_generator:
            if doc.has(YIELDS) or not self.ctx.is_enabled("DOC015"):
                return None
            if summary_says in YIELD_VERBS or _yields_nothing(function):
                return None
            message = f"generator '{qualname}' has no Yields section in its docstring"
            hint = "add a Yields section describing the values"
            return self.at_name("DOC015", function, message, hint)
        if not function.returns_value or doc.has(RETURNS, YIELDS):
            return None
        if summary_says in RETURN_VERBS:
            return None  # Google style: "Returns the user." is enough
        if not self.ctx.is_enabled("DOC013"):
            return None
        message = (
            f"'{qualname}' returns a value but its docstring has no Returns section"
        )
        hint = "add a Returns section describing the value"
        return self.at_name("DOC013", function, message, hint)

    def _needs_args(self, function: FunctionFacts, count: int) -> bool:
        if count <= self.options.require_args_section_above:
            return False
        covered = self.options.covers(function, self.module_private)
        return covered and not self.options.exempts(function)

    def _needs_no_sections(self, function: FunctionFacts, doc: Docstring) -> bool:
        if function.is_abstract or function.is_stub:
            return True
        short = function.body_lines <= self.options.short_function_lines
        return doc.summary_only and short


def _summary_verb(function: FunctionFacts) -> str:
    """Return the first word of a function's docstring summary."""
    if function.docstring is None:
        return ""
    words = str(function.docstring.value).split(maxsplit=1)
    return words[0].rstrip(".,:") if words else ""


def _yields_nothing(function: FunctionFacts) -> bool:
    """Return whether a ``@contextmanager`` generator only has bare ``yield``s.

    Its caller gets ``None`` from ``with ... as``: nothing to document.
    """
    if CONTEXT_MANAGERS.isdisjoint(function.decorators):
        return False
    stack: list[ast.AST] = list(function.node.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.YieldFrom):
            return False
        if isinstance(node, ast.Yield) and node.value is not None:
            return False
        if not isinstance(node, NESTED_SCOPES):
            stack.extend(ast.iter_child_nodes(node))
    return True


def _docstring_nodes(facts: ModuleFacts) -> list[ast.Constant]:
    nodes = [facts.docstring] if facts.docstring is not None else []
    nodes.extend(k.docstring for k in facts.classes if k.docstring is not None)
    nodes.extend(f.docstring for f in facts.functions if f.docstring is not None)
    return nodes
