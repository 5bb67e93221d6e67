"""The NAME visitor: binds names in scopes and hands them to the judge."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from pytest_backend_guide import FileContext, Violation
from pytest_backend_guide.checks.naming.bindings import Binding, Definition, Scope, Site
from pytest_backend_guide.checks.naming.judge import Judge
from pytest_backend_guide.checks.naming.module_level import (
    is_settings_module,
    judge_module_name,
)
from pytest_backend_guide.checks.naming.options import NamingOptions
from pytest_backend_guide.checks.naming.predicates import (
    base_traits,
    decoration_of,
    dotted,
    first_parameter,
    is_key_value,
    is_route,
    is_special,
    last_name,
    method_names,
    parameters,
)
from pytest_backend_guide.checks.naming.vocabulary import (
    ASSIGN,
    ATTRIBUTE,
    AUGMENT,
    CALLABLE_DUNDERS,
    CALLABLE_STYLE,
    COMPREHENSION,
    DECLARE,
    DEFINITION,
    EXCEPT,
    LAMBDA,
    LOOP,
    MATCH,
    OVERRIDE,
    PARAMETER,
    SEQUENCE_TARGETS,
    SHORT_NAMES,
    WALRUS,
    WITH,
)
from pytest_backend_guide.checks.naming.walk import BlockWalker, Visit


class NamingVisitor(BlockWalker):
    """Walk one module once, binding names in scopes for the :class:`Judge`."""

    handlers: ClassVar[dict[type, Callable[[Any, Any], Visit]]] = {}

    def __init__(self, ctx: FileContext, options: NamingOptions) -> None:
        """Prepare a walk of ``ctx``'s tree.

        Args:
            ctx: The file.
            options: The compiled ``naming`` options.
        """
        super().__init__(ctx)
        self.options = options
        self.passes = options.passing
        self.judge = Judge(ctx, options)
        self.comprehension = Scope(COMPREHENSION)
        self.module_sites: dict[str, list[Site]] = {}
        # Module-level names bound by an import, a definition or a type
        # alias: the module does not choose them, or judges them elsewhere.
        self.unjudged_at_module: set[str] = set()
        self.class_traits: dict[str, frozenset[str]] = {}

    def finish(self) -> list[Violation]:
        """Judge the module-level names once their bindings are all known.

        Returns:
            Every violation found by the walk.
        """
        settings = is_settings_module(self.ctx.source.path, self.module_sites)
        for name, sites in self.module_sites.items():
            if name not in self.unjudged_at_module:
                judge_module_name(self.judge, name, sites, settings)
        return self.judge.violations

    def visit_Global(self, node: ast.Global) -> Visit:
        """Note names that a function or class body binds in the module."""
        if self.scope.kind != "module":
            self.scope.globals.update(node.names)
        return None

    def visit_Nonlocal(self, node: ast.Nonlocal) -> Visit:
        """Note names that a function binds in an enclosing function."""
        self.scope.nonlocals.update(node.names)
        return None

    def visit_Assign(self, node: ast.Assign) -> Visit:
        """Bind each target of an assignment.

        Returns:
            The parts to visit, unless it binds only plain names here.
        """
        targets = node.targets
        if self.may_bind(node):
            return self.visit_assignment(node)
        for target in targets:
            if target.__class__ is not ast.Name:
                return self.visit_assignment(node)
        for target in targets:  # the common case: no child to visit
            self.bind_name(target, ASSIGN, node.value)  # type: ignore[arg-type]
        return None

    def visit_assignment(self, node: ast.Assign) -> Iterator[ast.AST]:
        """Visit an assignment's value if it may bind, then bind its targets.

        Args:
            node: The assignment.

        Yields:
            The parts to visit.
        """
        if self.may_bind(node):
            yield node.value
        for target in node.targets:
            yield from self.bind_target(target, ASSIGN, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> Iterator[ast.AST]:
        """Bind an annotated target, or declare it when there is no value."""
        yield from self.visit_expression(node.annotation)
        if node.value is not None:
            yield from self.visit_expression(node.value)
        kind = ASSIGN if node.value is not None else DECLARE
        if isinstance(node.target, ast.Name):
            self.bind_name(node.target, kind, node.value, node.annotation)
        else:
            yield from self.bind_target(node.target, kind, node.value)

    def visit_AugAssign(self, node: ast.AugAssign) -> Iterator[ast.AST]:
        """Bind the target of an augmented assignment."""
        if self.may_bind(node):
            yield node.value
        yield from self.bind_target(node.target, AUGMENT, None)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> Iterator[ast.AST]:
        """Bind a loop's target; the body is a branch at module level."""
        yield from self.visit_expression(node.iter)
        pair = is_key_value(node.target)
        yield from self.bind_target(node.target, LOOP, node.iter, pair)
        yield from self.visit_body(node.body, node, "loop")
        if node.orelse:
            yield from self.visit_body(node.orelse, node, "else")

    visit_AsyncFor = visit_For

    def visit_With(self, node: ast.With | ast.AsyncWith) -> Iterator[ast.AST]:
        """Bind each ``as`` target of a ``with``."""
        for item in node.items:
            yield from self.visit_expression(item.context_expr)
            if item.optional_vars is not None:
                yield from self.bind_target(item.optional_vars, WITH, item.context_expr)
        yield from node.body

    visit_AsyncWith = visit_With

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> Iterator[ast.AST]:
        """Bind the ``as`` name of an exception handler."""
        if node.type is not None:
            yield from self.visit_expression(node.type)
        if node.name:
            line, col = self.except_position(node, node.name)
            self.bind(Binding(node.name, line, col, EXCEPT))
        yield from node.body

    def visit_NamedExpr(self, node: ast.NamedExpr) -> Iterator[ast.AST]:
        """Bind the target of an assignment expression."""
        yield node.value
        yield from self.bind_target(node.target, WALRUS, node.value)

    def visit_MatchAs(self, node: ast.MatchAs) -> Iterator[ast.AST]:
        """Bind a capture pattern's name."""
        if node.pattern is not None:
            yield node.pattern
        if node.name:
            self.bind(Binding(node.name, *self.column_before(node, node.name), MATCH))

    def visit_MatchStar(self, node: ast.MatchStar) -> Visit:
        """Bind a star pattern's name."""
        if node.name:
            self.bind(Binding(node.name, *self.column_before(node, node.name), MATCH))
        return None

    def visit_MatchMapping(self, node: ast.MatchMapping) -> Iterator[ast.AST]:
        """Bind a mapping pattern's ``**rest`` name."""
        yield from self.generic_visit(node)
        if node.rest:
            self.bind(Binding(node.rest, *self.column_before(node, node.rest), MATCH))

    def visit_Import(self, node: ast.Import) -> Visit:
        """Note imported names: they are not ours to judge."""
        for alias in node.names:
            self.bind_unjudged(alias.asname or alias.name.partition(".")[0])
        return None

    def visit_ImportFrom(self, node: ast.ImportFrom) -> Visit:
        """Note imported names: they are not ours to judge."""
        for alias in node.names:
            if alias.name != "*":
                self.bind_unjudged(alias.asname or alias.name)
        return None

    def visit_TypeAlias(self, node: ast.stmt) -> Visit:
        """Note a ``type X = ...`` alias (Python 3.12+): type aliases are exempt."""
        name = getattr(node, "name", None)
        if isinstance(name, ast.Name):
            self.bind_unjudged(name.id)
        return None

    def visit_ListComp(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp
    ) -> Iterator[ast.AST]:
        """Bind a comprehension's variables, then visit its element."""
        yield from self.visit_generators(node.generators)
        yield node.elt

    visit_SetComp = visit_ListComp
    visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node: ast.DictComp) -> Iterator[ast.AST]:
        """Bind a dict comprehension's variables, then visit its items."""
        yield from self.visit_generators(node.generators)
        yield node.key
        yield node.value

    def visit_generators(
        self, generators: list[ast.comprehension]
    ) -> Iterator[ast.AST]:
        """Bind the ``for`` targets of a comprehension.

        Args:
            generators: The comprehension's ``for`` clauses.

        Yields:
            The nodes to visit: each iterable, target part and condition.
        """
        for generator in generators:
            yield generator.iter
            yield from self.bind_target(
                generator.target, COMPREHENSION, generator.iter
            )
            yield from generator.ifs

    # Binding ---------------------------------------------------------

    def bind_unjudged(self, name: str) -> None:
        """Bind a name that the module does not choose (import, type alias).

        Args:
            name: The bound name.
        """
        scope = self.scope
        if scope.kind == "module":
            self.unjudged_at_module.add(name)
        scope.judged.add(name)

    def bind_target(
        self,
        target: ast.expr,
        kind: str,
        value: ast.expr | None,
        pair: bool = False,
    ) -> Iterator[ast.AST]:
        """Bind every name in an assignment target, in source order.

        Args:
            target: A name, tuple, list, starred, attribute or subscript.
            kind: How it is bound.
            value: The value bound to ``target`` as a whole.
            pair: The target is a ``k, v`` pair of a loop.

        Yields:
            The parts of the target to visit (attributes, subscripts).
        """
        todo: list[tuple[ast.expr, ast.expr | None, bool]] = [(target, value, False)]
        while todo:
            part, bound, unpacked = todo.pop()
            if isinstance(part, ast.Name):
                self.bind_name(part, kind, bound, None, pair, unpacked)
            elif isinstance(part, SEQUENCE_TARGETS):
                todo.extend((element, None, True) for element in reversed(part.elts))
            elif isinstance(part, ast.Starred):
                todo.append((part.value, None, unpacked))
            else:
                # A comprehension's target is inside an expression, where
                # lines are not checked (see visit_Lambda).
                if kind == COMPREHENSION or self.may_bind(part):
                    yield part
                if isinstance(part, ast.Attribute):
                    self.bind_attribute(part)

    def bind_name(
        self,
        node: ast.Name,
        kind: str,
        value: ast.expr | None,
        annotation: ast.expr | None = None,
        pair: bool = False,
        unpacked: bool = False,
    ) -> None:
        """Bind a ``Name`` node, building its binding only when it is needed.

        A name that :class:`PassingNames` passes and that no module-level
        judgement needs is only noted as judged in its scope.

        Args:
            node: The bound name.
            kind: How it is bound.
            value: The value bound to exactly this name, when known.
            annotation: The annotation of an annotated assignment.
            pair: The name is part of a ``k, v`` loop target.
            unpacked: The name is one element of a tuple or list target.
        """
        name = node.id
        scope = self.scope
        if self.passes[name]:
            if kind == COMPREHENSION:
                return
            if scope.kind != "module" and name not in scope.globals:
                if name not in scope.nonlocals:
                    scope.judged.add(name)
                return
        col = self.column(node.lineno, node.col_offset)
        binding = Binding(name, node.lineno, col, kind, value, annotation, pair)
        self.bind(binding._replace(unpacked=unpacked) if unpacked else binding)

    def bind(self, binding: Binding) -> None:
        """Bind one name in the current scope and judge its first binding.

        Args:
            binding: The name and how it is bound.
        """
        scope = self.scope
        name = binding.name
        if binding.kind == COMPREHENSION:
            self.judge.variable(binding, self.comprehension, special=False)
            return
        if name in scope.nonlocals:
            return
        if name in scope.globals:
            self.add_module_site(Site(binding, via_global=True))
            return
        special = is_special(binding.value, binding.annotation)
        if scope.kind == "module":
            self.add_module_site(Site(binding, tuple(self.branch), special=special))
        if name not in scope.judged:
            scope.judged.add(name)
            self.judge.variable(binding, scope, special)

    def bind_attribute(self, target: ast.Attribute) -> None:
        """Judge the first ``self.name = ...`` of each name in a class.

        Args:
            target: The assigned attribute.
        """
        scope = self.scope
        owner = scope.owner
        receiver = target.value
        if owner is None or not isinstance(receiver, ast.Name):
            return
        if receiver.id != scope.receiver or target.attr in owner.attributes:
            return
        owner.attributes.add(target.attr)
        if self.passes[target.attr]:
            return
        line, col = self.column_before(target, target.attr)
        self.judge.attribute(Binding(target.attr, line, col, ATTRIBUTE))

    def add_module_site(self, site: Site) -> None:
        """Record one binding of a module-level name.

        Args:
            site: The binding and its context.
        """
        self.module_sites.setdefault(site.binding.name, []).append(site)

    def define(self, node: Definition) -> bool:
        """Bind a function or class name in the current scope.

        Args:
            node: The definition.

        Returns:
            Whether it is the first binding of its name here, to be judged.
        """
        scope = self.scope
        name = node.name
        if name in scope.globals:
            self.unjudged_at_module.add(name)
            return False
        if scope.kind == "module":
            self.unjudged_at_module.add(name)
        if name in scope.judged or name in scope.nonlocals:
            return False
        scope.judged.add(name)
        return True

    def definition(self, node: Definition) -> Binding:
        """Return the binding of a function or class name, at the name.

        Args:
            node: The definition.

        Returns:
            The binding.
        """
        col = self.definition_column(node)
        return Binding(node.name, node.lineno, col, DEFINITION)

    # Definitions -----------------------------------------------------

    def visit_FunctionDef(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef
    ) -> Iterator[ast.AST]:
        """Judge a function's name and parameters, then walk its body.

        Yields:
            The header's parts that may bind, then the body's statements.
        """
        scope = self.scope
        decorators = list(map(dotted, node.decorator_list))
        if self.header_may_bind(node):
            for decorator in node.decorator_list:
                yield from self.visit_expression(decorator)
            yield from self.visit_signature(node.args, node.returns)
        overrides = validator = False
        latitude = ""
        if decorators:
            overrides = self.options.overrides.matches(decorators)
            validator = self.options.classmethods.matches(decorators)
            latitude = OVERRIDE if overrides else ""
            if not latitude and (validator or is_route(decorators)):
                latitude = SHORT_NAMES
        if self.define(node) and not self.passes[node.name]:
            decorated = decoration_of(overrides, decorators)
            self.judge.function_name(self.definition(node), scope, decorated)
        function = Scope("function")
        is_method = scope.kind == "class" and "staticmethod" not in decorators
        if is_method or validator:
            function.receiver = first_parameter(node.args)
            function.owner = scope if scope.kind == "class" else None
        self.enter(function)
        self.bind_parameters(node.args, function, latitude)
        yield from node.body
        self.leave()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> Iterator[ast.AST]:
        """Judge a lambda's parameters (short names are fine), then its body.

        Its defaults are visited whatever their lines: inside an expression,
        lines are not checked (f-strings misplace nodes before Python 3.12).

        Yields:
            The defaults, then the body.
        """
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                yield default
        self.bind_parameters(node.args, None, SHORT_NAMES)
        yield node.body

    def visit_signature(
        self, arguments: ast.arguments, returns: ast.expr | None
    ) -> Iterator[ast.AST]:
        """Visit defaults and annotations, which run in the enclosing scope.

        Args:
            arguments: The parameters.
            returns: The return annotation.

        Yields:
            Those that may bind a name.
        """
        for default in [*arguments.defaults, *arguments.kw_defaults]:
            if default is not None:
                yield from self.visit_expression(default)
        for parameter in parameters(arguments):
            if parameter.annotation is not None:
                yield from self.visit_expression(parameter.annotation)
        if returns is not None:
            yield from self.visit_expression(returns)

    def bind_parameters(
        self, arguments: ast.arguments, function: Scope | None, latitude: str
    ) -> None:
        """Bind and judge the parameters of a function or lambda.

        Args:
            arguments: The parameters.
            function: The function's scope (None for a lambda).
            latitude: ``override`` when the names are dictated by a base
                class, ``short-names`` when single letters are conventional
                (lambdas, validators, route handlers), else empty.
        """
        kind = PARAMETER if function is not None else LAMBDA
        receiver = function.receiver if function is not None else None
        for parameter in parameters(arguments):
            name = parameter.arg
            if function is not None:
                function.judged.add(name)
            if name == receiver or self.passes[name]:
                continue
            col = self.column(parameter.lineno, parameter.col_offset)
            binding = Binding(name, parameter.lineno, col, kind)
            self.judge.parameter(binding, latitude)

    def visit_ClassDef(self, node: ast.ClassDef) -> Iterator[ast.AST]:
        """Judge a class's name, then walk its body as a class scope.

        Yields:
            The header's parts that may bind, then the body's statements.
        """
        if self.header_may_bind(node):
            parts: list[ast.expr | ast.keyword] = [*node.decorator_list, *node.bases]
            for expression in [*parts, *node.keywords]:
                yield from self.visit_expression(expression)
        traits = self.traits_of(node)
        self.class_traits[node.name] = traits
        if self.define(node):
            self.judge.class_name(self.definition(node), traits)
        self.enter(Scope("class", traits=traits))
        yield from node.body
        self.leave()

    def traits_of(self, node: ast.ClassDef) -> frozenset[str]:
        """Return what the class is, from its bases (local ones too) and body.

        Args:
            node: The class definition.

        Returns:
            Its traits: enum, test case, typed dict, exception, callable style.
        """
        traits: set[str] = set()
        for base in node.bases:
            name = last_name(base)
            traits.update(self.class_traits.get(name, ()))
            traits.update(base_traits(name))
        if not CALLABLE_DUNDERS.isdisjoint(method_names(node)):
            traits.add(CALLABLE_STYLE)
        return frozenset(traits)


