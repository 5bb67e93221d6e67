"""The ``[tool.backend-guide.architecture]`` table: keys, parsed form, places.

The generic loader checks each key's type; the meaning of the entries
(``"core.db -> models"``) is checked here. A malformed entry is not a crash
and not a silent no-op: it becomes a violation at its line in the
configuration file, under the rule it configures.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from pytest_backend_guide import (
    Option,
    OptionError,
    ParsedSection,
    ProjectContext,
    Violation,
)
from pytest_backend_guide.checks.architecture.patterns import (
    EdgeRule,
    parse_edge,
)
from pytest_backend_guide.helpers.backend_package import (
    ARCHITECTURE_SECTION,
    DEFAULT_LAYERS,
    DEFAULT_REQUIRED,
)
from pytest_backend_guide.helpers.layout_preset import LAYOUTS, Preset
from pytest_backend_guide.helpers.parts import is_valid_part, layer_name

SECTION_NAME = ARCHITECTURE_SECTION
# Configuration and cross-cutting concerns: every layer reads the settings,
# logs and checks credentials, wherever the project keeps them.
DEFAULT_CROSS_CUTTING = (
    "config",
    "settings",
    "conf",
    "logging",
    "logger",
    "log",
    "security",
)
DEFAULT_ENTRY_POINTS = ("cli", "__main__", "manage")
TABLE = f"tool.backend-guide.{SECTION_NAME}"



@dataclass(frozen=True)
class ArchConfig:
    """The architecture options, with entries parsed.

    Attributes:
        package: The configured backend package, empty to detect it.
        required: The required parts, as written.
        allow_module_layers: Whether ``models.py`` counts for ``models/``.
        layers: Layer names from top to bottom.
        allow: Extra allowed imports.
        forbid: Extra forbidden imports.
        ignore_imports: Imports left out of the graph.
        type_checking_imports: Whether ``TYPE_CHECKING`` imports count.
        transitive: Whether indirect violations are reported.
        cross_cutting: Names of modules every layer may import.
        entry_points: Names of command-line modules, which may import main.
        layout: The ``layout`` option (``""``: detect it).
        per_app: Layers are named inside each app or domain (a preset's).
    """

    package: str
    required: tuple[str, ...]
    allow_module_layers: bool
    layers: tuple[str, ...]
    allow: tuple[EdgeRule, ...]
    forbid: tuple[EdgeRule, ...]
    ignore_imports: tuple[EdgeRule, ...]
    type_checking_imports: bool
    transitive: bool
    cross_cutting: tuple[str, ...] = DEFAULT_CROSS_CUTTING
    entry_points: tuple[str, ...] = DEFAULT_ENTRY_POINTS
    layout: str = ""
    per_app: bool = False

    def with_preset(self, preset: Preset) -> ArchConfig:
        """Return the configuration with a layout preset's defaults.

        The preset's layers and required parts replace ``layers`` and
        ``required`` left at their defaults; values set by the user win.

        Args:
            preset: The project's layout preset.

        Returns:
            The configuration to check with.
        """
        layers = preset.layers if self.layers == DEFAULT_LAYERS else self.layers
        required = (
            preset.required if self.required == DEFAULT_REQUIRED else self.required
        )
        return dataclasses.replace(
            self, layers=layers, required=required, per_app=preset.per_app
        )


def parse_config(
    *,
    package: str,
    required: tuple[str, ...],
    allow_module_layers: bool,
    layers: tuple[str, ...],
    allow: tuple[str, ...],
    forbid: tuple[str, ...],
    ignore_imports: tuple[str, ...],
    type_checking_imports: bool,
    transitive: bool,
    cross_cutting: tuple[str, ...] = DEFAULT_CROSS_CUTTING,
    entry_points: tuple[str, ...] = DEFAULT_ENTRY_POINTS,
    layout: str = "",
) -> ArchConfig:
    """Parse the validated ``architecture`` table, once per session.

    Args:
        package: The backend package, empty to detect it.
        required: The parts the project must have.
        allow_module_layers: Whether ``models.py`` counts for ``models/``.
        layers: Layer names from top to bottom.
        allow: Extra allowed imports, ``importer -> imported``.
        forbid: Extra forbidden imports.
        ignore_imports: Imports that no import rule sees.
        type_checking_imports: Whether ``TYPE_CHECKING`` imports count.
        transitive: Whether indirect violations are reported.
        cross_cutting: Names of modules every layer may import.
        entry_points: Names of command-line modules.
        layout: ``guide``, ``django``, ``per-domain``, or empty to detect.

    Returns:
        The parsed configuration.

    Raises:
        OptionError: An entry cannot be used; it names the key.
    """
    for entry in required:
        if not is_valid_part(entry):
            message = "is not a name such as 'api/', 'config.py' or 'requirements.txt'"
            raise OptionError(f"entry '{entry}' {message}", key="required")
    return ArchConfig(
        package=package.strip().strip("/"),
        required=required,
        allow_module_layers=allow_module_layers,
        layers=_layers(layers),
        allow=_edges("allow", allow),
        forbid=_edges("forbid", forbid),
        ignore_imports=_edges("ignore-imports", ignore_imports),
        type_checking_imports=type_checking_imports,
        transitive=transitive,
        cross_cutting=cross_cutting,
        entry_points=entry_points,
        layout=layout,
    )


def _layers(entries: tuple[str, ...]) -> tuple[str, ...]:
    layers: list[str] = []
    for entry in entries:
        name = layer_name(entry)
        if name is None:
            message = f"entry '{entry}' is not a dotted module name"
            raise OptionError(message, key="layers")
        if name in layers:
            raise OptionError(f"entry '{entry}' is listed twice", key="layers")
        layers.append(name)
    return tuple(layers)


def _edges(key: str, entries: tuple[str, ...]) -> tuple[EdgeRule, ...]:
    rules = []
    for entry in entries:
        rule = parse_edge(entry)
        if rule is None:
            message = "is not 'importer -> imported' (dotted module names, '*' parts)"
            raise OptionError(f"entry '{entry}' {message}", key=key)
        rules.append(rule)
    return tuple(rules)


LAYER_RULE = "ARCH010"
"""The rule that reads ``layers``, ``allow``, ``forbid`` and ``transitive``."""
IMPORT_RULES = ("ARCH010", "ARCH011", "ARCH012", "ARCH013")
"""The rules that read ``ignore-imports``."""

SECTION = ParsedSection(
    SECTION_NAME,
    (
        Option(
            "package",
            "str",
            "",
            "The backend package, a name (app) or a path (src/app, . for the "
            "rootdir); detected when empty.",
        ),
        Option(
            "layout",
            "str",
            "",
            "The project's layout: 'guide' (one package per layer), 'django' "
            "(apps with models.py, services.py...) or 'per-domain' (domain "
            "packages, or domain/application/adapters); detected when empty.",
            choices=("", *LAYOUTS),
        ),
        Option(
            "required",
            "str-list",
            DEFAULT_REQUIRED,
            "Parts the project must have: 'name/' a package, 'name.py' a module, "
            "'tests/' the tests, other files such as 'requirements.txt'.",
        ),
        Option(
            "allow-module-layers",
            "bool",
            default=True,
            help="A module (models.py) counts for a required package (models/).",
        ),
        Option(
            "layers",
            "str-list",
            DEFAULT_LAYERS,
            "Layers of the package from top to bottom: each may import only "
            "the layers below it.",
            used_by=(LAYER_RULE,),
        ),
        Option(
            "allow",
            "str-list",
            (),
            "Extra allowed imports: 'core.db -> models'.",
            used_by=(LAYER_RULE,),
        ),
        Option(
            "forbid",
            "str-list",
            (),
            "Extra forbidden imports: 'api -> models'.",
            used_by=(LAYER_RULE,),
        ),
        Option(
            "ignore-imports",
            "str-list",
            (),
            "Imports that no import rule sees: 'core.db -> models.user'.",
            used_by=IMPORT_RULES,
        ),
        Option(
            "cross-cutting",
            "str-list",
            DEFAULT_CROSS_CUTTING,
            "Module or package names importable from every layer, wherever "
            "they live (core/config.py, core/settings/, core/logging.py).",
        ),
        Option(
            "entry-points",
            "str-list",
            DEFAULT_ENTRY_POINTS,
            "Module names of command-line entry points, which may import main "
            "like main itself ([project.scripts] modules count too).",
        ),
        Option(
            "type-checking-imports",
            "bool",
            default=False,
            help="Count imports under 'if TYPE_CHECKING:'.",
        ),
        Option(
            "transitive",
            "bool",
            default=False,
            help="Also report indirect layer violations, with the whole chain.",
            used_by=(LAYER_RULE,),
        ),
    ),
    "Project layout (ARCH001-ARCH003) and import layers (ARCH010-ARCH013).",
    parse=parse_config,
)


@dataclass(frozen=True)
class ConfigFile:
    """Where the configuration lives, to point violations at its entries.

    Attributes:
        path: The configuration file, relative to the rootdir.
        lines: Its lines (empty when there is none).
    """

    path: str
    lines: tuple[str, ...]

    @classmethod
    def of(cls, ctx: ProjectContext) -> ConfigFile:
        """Return the configuration file of a project.

        Args:
            ctx: The project context.

        Returns:
            The file; the project's report path (``pyproject.toml``, or
            ``.`` when there is none) with no lines when the project has no
            configuration.
        """
        config_path = ctx.settings.config_path
        if config_path is None:
            return cls(ctx.report_path, ())
        try:
            text = config_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        return cls(ctx.relpath(config_path), tuple(text.splitlines()))

    def entry_violation(
        self,
        ctx: ProjectContext,
        code: str,
        key: str,
        entry: str,
        message: str,
        fix_hint: str | None = None,
    ) -> Violation:
        """Build a violation pointing at one entry of the configuration.

        Args:
            ctx: The project context.
            code: The rule code.
            key: The key the entry is written under (``allow``).
            entry: The entry as written (``core.db -> models``).
            message: What is wrong.
            fix_hint: How to fix it.

        Returns:
            The violation at the quoted entry, else at the key, else at the
            start of the file.
        """
        line, col, width = self._locate(key, entry)
        end_col = col + width if width else None
        return ctx.violation(
            code, self.path, line, col, message, fix_hint=fix_hint, end_col=end_col
        )

    def _locate(self, key: str, entry: str) -> tuple[int, int, int]:
        """Return the line, column and width of an entry, the key or the file."""
        start = 0
        for number, text in enumerate(self.lines):
            if text.strip().replace(" ", "") == f"[{TABLE}]":
                start = number
                break
        for quote in ('"', "'"):
            needle = f"{quote}{entry}{quote}"
            for number in range(start, len(self.lines)):
                found = self.lines[number].find(needle)
                if found >= 0:
                    return number + 1, found + 1, len(needle)
        for number in range(start, len(self.lines)):
            stripped = self.lines[number].lstrip()
            after = stripped[len(key) :].lstrip()
            if stripped.startswith(key) and after.startswith("="):
                return number + 1, len(self.lines[number]) - len(stripped) + 1, len(key)
        return 1, 1, 0
