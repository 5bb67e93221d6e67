"""ARCH010-ARCH013: the ``imports`` project check, on the static import graph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pytest_backend_guide import ProjectContext, Violation
from pytest_backend_guide.checks.architecture.analysis import Analysis, analyse
from pytest_backend_guide.checks.architecture.chains import indirect_findings
from pytest_backend_guide.checks.architecture.config import (
    SECTION_NAME,
    TABLE,
    ConfigFile,
)
from pytest_backend_guide.checks.architecture.cycles import Cycle, find_cycles
from pytest_backend_guide.checks.architecture.layers import (
    IMPORTS_ENTRY_POINT,
    IMPORTS_TESTS,
    LAYER_VIOLATION,
    Finding,
    LayerPolicy,
    direct_findings,
)
from pytest_backend_guide.checks.architecture.patterns import EdgeRule
from pytest_backend_guide.checks.architecture.scripts import script_modules
from pytest_backend_guide.checks.architecture.unused_layers import unused_layers
from pytest_backend_guide.helpers.backend_package import DEFAULT_LAYERS
from pytest_backend_guide.helpers.import_graph import Import, adjacency

IMPORT_CYCLE = "ARCH011"
MISSING_PACKAGE = "ARCH001"
GROUP_SHOWN = 6


def run_imports(ctx: ProjectContext) -> Iterator[Violation]:
    """Check the project's imports against layers, cycles, main and tests.

    Args:
        ctx: The project context.

    Yields:
        ARCH010 for layer and ``forbid`` violations and for stale
        ``ignore-imports`` entries, ARCH011 for each group of modules that
        import each other, ARCH012 for imports of the entry point, ARCH013
        for imports of test code by production code.
    """
    analysis = analyse(ctx)
    config = analysis.config
    config_file = ConfigFile.of(ctx)
    package = analysis.detection.package
    scripts = script_modules(ctx.rootdir)
    policy: LayerPolicy | None = None
    if config.per_app and not config.package:
        # Layers named in each app or domain: every module of the project.
        policy = LayerPolicy.from_config("", config, scripts)
    elif package is not None:
        policy = LayerPolicy.from_config(package.name, config, scripts)
    matcher = policy or LayerPolicy("", ())
    graph = analysis.graph
    kept, stale = without_ignored(graph.imports, config.ignore_imports, matcher)
    for rule in stale:
        message = f"ignore-imports entry '{rule.text}' matches no import"
        hint = f"remove it from ignore-imports in [{TABLE}]"
        yield config_file.entry_violation(
            ctx, LAYER_VIOLATION, "ignore-imports", rule.text, message, hint
        )
    if policy is not None and ctx.is_enabled(LAYER_VIOLATION):
        written = tuple(ctx.section(SECTION_NAME).get("layers", DEFAULT_LAYERS))
        if written != DEFAULT_LAYERS:  # defaults and presets may match nothing
            for unused in unused_layers(written, policy, graph.modules.values()):
                hint = f"correct or remove the entry in layers in [{TABLE}]"
                yield config_file.entry_violation(
                    ctx, LAYER_VIOLATION, "layers", unused.entry, unused.message, hint
                )
    counted = [
        edge for edge in kept if config.type_checking_imports or not edge.type_checking
    ]
    yield from _layer_violations(ctx, analysis, counted, policy, config_file.path)
    if ctx.is_enabled(IMPORT_CYCLE):
        for cycle in find_cycles(adjacency(counted)):
            yield _cycle_violation(ctx, cycle)


def without_ignored(
    imports: Iterable[Import], rules: Iterable[EdgeRule], matcher: LayerPolicy
) -> tuple[list[Import], list[EdgeRule]]:
    """Drop the imports that ``ignore-imports`` entries name.

    Args:
        imports: Every import of the project.
        rules: The ``ignore-imports`` entries.
        matcher: Matches patterns against full and package-relative names.

    Returns:
        The remaining imports, and the entries that matched no import.
    """
    entries = list(rules)
    if not entries:
        return list(imports), []
    used: set[EdgeRule] = set()
    kept = []
    for edge in imports:
        matched = [
            rule
            for rule in entries
            if matcher.matches(rule, edge.importer, edge.imported)
        ]
        used.update(matched)
        if not matched:
            kept.append(edge)
    return kept, [rule for rule in entries if rule not in used]


def _layer_violations(
    ctx: ProjectContext,
    analysis: Analysis,
    imports: list[Import],
    policy: LayerPolicy | None,
    config_path: str,
) -> Iterator[Violation]:
    modules = analysis.graph.modules
    wanted = {LAYER_VIOLATION, IMPORTS_ENTRY_POINT, IMPORTS_TESTS}
    if not any(ctx.is_enabled(code) for code in wanted):
        return
    if policy is None:
        if not ctx.is_enabled(MISSING_PACKAGE):
            message = f"import layers not checked: {analysis.detection.problem}"
            hint = f'set package = "app" (or a path such as "src/app") in [{TABLE}]'
            yield ctx.violation(
                LAYER_VIOLATION, config_path, 1, 1, message, fix_hint=hint
            )
        findings = direct_findings(imports, modules, LayerPolicy("", ()))
        wanted = {IMPORTS_TESTS}
    else:
        findings = direct_findings(imports, modules, policy)
        if analysis.config.transitive and ctx.is_enabled(LAYER_VIOLATION):
            findings += indirect_findings(imports, modules, policy)
    for finding in findings:
        if finding.code in wanted:
            yield _violation(ctx, finding)


def _violation(ctx: ProjectContext, finding: Finding) -> Violation:
    edge = finding.where
    return ctx.violation(
        finding.code,
        edge.path,
        edge.line,
        edge.col,
        finding.message,
        fix_hint=finding.fix_hint,
        end_col=edge.end_col,
    )


def _cycle_violation(ctx: ProjectContext, cycle: Cycle) -> Violation:
    first = cycle.imports[0]
    steps = " -> ".join(f"{edge.importer} ({edge.where})" for edge in cycle.imports)
    size = len(cycle.imports)
    message = f"import cycle of {size} modules: {steps} -> {first.importer}"
    group = cycle.group
    if len(group) > size:
        shown = ", ".join(group[:GROUP_SHOWN])
        more = (
            f" and {len(group) - GROUP_SHOWN} more" if len(group) > GROUP_SHOWN else ""
        )
        message += (
            f"; {len(group)} modules reach each other through imports: {shown}{more}"
        )
    hint = "break one import of the loop: move what both sides need into a module"
    return ctx.violation(
        IMPORT_CYCLE,
        first.path,
        first.line,
        first.col,
        message,
        fix_hint=hint,
        end_col=first.end_col,
    )
