"""Each kind of rule two ways: an ast-grep rule and ``ast`` code, timed and compared.

Usage::

    python benchmarks/pattern_vs_ast.py [--runs N] [--corpus DIR ...] [--verbose]

Issue #12 asks to measure both ways for each kind of rule and keep the
faster. For each kind below, one side is the plugin's own implementation
(called through its family's ``guide_check_file`` with only that rule
enabled, so what is timed is what ships) and the other is written here:

- the ast-grep side is a rule in ast-grep's YAML schema, run through the
  plugin's engine (:class:`~pytest_backend_guide.PatternRules`: its text
  needles, one combined query per file), plus a small Python judge where
  the rule needs a fact a pattern cannot express (which import a name
  comes from, whether a literal is a secret) - the way the plugin's own
  YAML rules are used;
- the ``ast`` side walks the file's ``ast`` tree.

Both sides get the same parsed file (``SourceFile``: the ``ast`` tree and
the tree-sitter tree are built once, before any timing, and reused by
every run); the parse costs are printed on their own line, because in a
real run the ``ast`` tree is parsed anyway for the other families while
the tree-sitter tree is parsed only for files that a pattern rule's needle
lets through. Each side runs ``--runs`` times over every file, the sides
alternating; the median of the runs is reported. Matches are compared as
(file, line, column) sets: "agree" means both found exactly the same
places, otherwise the counts found only by one side are printed (with
``--verbose``, the places).

The corpus is Django 5.1.4's ``django/`` package (879 files), fetched once
into ``benchmarks/.cache`` the way ``bench.py`` does; ``--corpus DIR`` adds
more trees (for instance the back ends in ``/work/corpora``).
"""

from __future__ import annotations

import argparse
import ast
import gc
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import CORPORA, ensure_corpus  # noqa: E402

from pytest_backend_guide import FileContext, ImportBindings, PatternRules  # noqa: E402
from pytest_backend_guide.checks import api, async_code, errors, security  # noqa: E402
from pytest_backend_guide.checks.api.handlers import (  # noqa: E402
    BODY_NEEDLE,
    BODY_RULES,
    _imports_flask_request,
    verifies_signatures,
)
from pytest_backend_guide.checks.errors import (  # noqa: E402
    _is_script,
    _print_allowed,
)
from pytest_backend_guide.checks.errors.printing import (  # noqa: E402
    logging_handler_lines,
)
from pytest_backend_guide.checks.security import is_test_file  # noqa: E402
from pytest_backend_guide.checks.security.calls import DESERIALIZERS  # noqa: E402
from pytest_backend_guide.checks.security.secrets import (  # noqa: E402
    is_secret_name,
    is_secret_value,
)
from pytest_backend_guide.checks.security.sql import SQL_WORDS  # noqa: E402
from pytest_backend_guide.pattern_engine import PatternMatch  # noqa: E402
from pytest_backend_guide.pattern_needles import rule_needle  # noqa: E402
from pytest_backend_guide.pattern_rules import parse_rule_file  # noqa: E402
from pytest_backend_guide.node_index import NodeIndex  # noqa: E402
from pytest_backend_guide.source import SourceFile  # noqa: E402
from pytest_backend_guide.tree_walk import walk_statements  # noqa: E402

SKIPPED_DIRS = frozenset(
    {".git", ".venv", "venv", "node_modules", "__pycache__", ".tox", "build", "dist"}
)
Place = tuple[int, int]


@dataclass(frozen=True)
class Side:
    """One implementation of a kind of rule.

    Attributes:
        run: Finds the places in one file.
        rules: The ast-grep rules it runs, whose needles decide which files
            need a tree-sitter tree (none for ``ast`` code).
        codes: The codes of those rules that run.
        gate: Text the family looks for before it runs the rules at all.
    """

    run: Callable[[SourceFile], list[Place]]
    rules: PatternRules | None = None
    codes: frozenset[str] = frozenset()
    gate: re.Pattern[str] | None = None

    def needs_tree(self, source: SourceFile) -> bool:
        """Return whether the file must be parsed by tree-sitter for this side."""
        if self.rules is None:
            return False
        if self.gate is not None and not self.gate.search(source.text):
            return False
        return any(
            rule_needle(rule.config["rule"]).found_in(source.text)
            for rule in self.rules.rules
            if rule.code in self.codes
        )
SECTIONS = (errors.SECTION, security.SECTION, api.SECTION, async_code.SECTION)
PARSED = {section.name: section.parsed({}) for section in SECTIONS}


# --- the plugin's own implementation of a rule -------------------------------


def context(source: SourceFile, *codes: str) -> FileContext:
    """Return a file context with these rules enabled and default options."""
    return FileContext(source, frozenset(codes), {}, parsed=PARSED)


def plugin_side(
    family: Callable[[FileContext], object],
    code: str | frozenset[str],
    subset: str = "",
    rules: PatternRules | None = None,
    gate: re.Pattern[str] | None = None,
) -> Side:
    """Return the plugin's check of one rule, as a side.

    Args:
        family: The family's ``guide_check_file``.
        code: The rule, or several rules checked together.
        subset: Keep only violations whose message holds this text (when
            the other side implements part of the rule).
        rules: The family's ast-grep rules, when the rule is one.
        gate: Text the family requires before it runs those rules.

    Returns:
        The side.
    """

    codes = frozenset({code}) if isinstance(code, str) else code

    def run(source: SourceFile) -> list[Place]:
        found = family(context(source, *codes)) or []
        return [
            (v.line, v.col)
            for v in found  # type: ignore[attr-defined]
            if v.code in codes and subset in v.message
        ]

    return Side(run, rules, codes, gate)


# --- the ast-grep side: YAML in ast-grep's schema, through the engine ---------

Judge = Callable[[PatternMatch, SourceFile], list[Place]]


def pattern_side(*rule_files: tuple[str, Judge | None]) -> Side:
    """Return a side that runs ast-grep rules through the plugin's engine.

    Args:
        *rule_files: Rules in ast-grep's schema, each with its judge, which
            decides on each match and says where to report it (None: the
            match itself). Several are combined into one query per file.

    Returns:
        The side.
    """
    judges: dict[str, Judge | None] = {}
    loaded = []
    for yaml_text, judge in rule_files:
        for rule in parse_rule_file(yaml_text, "pattern_vs_ast"):
            loaded.append(rule)
            judges[rule.code] = judge
    rules = PatternRules(loaded)
    codes = frozenset(judges)

    def run(source: SourceFile) -> list[Place]:
        found: list[Place] = []
        for match in rules.matches(source, codes):
            judge = judges[match.code]
            if judge is None:
                found.append((match.line, match.col))
            else:
                found.extend(judge(match, source))
        return found

    return Side(run, rules, codes)


def resolve(text: str, bindings: ImportBindings) -> str | None:
    """Return the dotted name a call's function text stands for, through imports."""
    head, _, rest = text.partition(".")
    if not re.fullmatch(r"[A-Za-z_][\w.]*", text):
        return None
    origin = bindings.imported.get(head)
    if origin is None:
        if head in bindings.defined:
            return None
        origin = head
    return f"{origin}.{rest}" if rest else origin


def function_text(match: PatternMatch) -> str:
    function = match.node.field("function")
    return function.text() if function is not None else ""


def start(node: object) -> Place:
    where = node.range().start  # type: ignore[attr-defined]
    return where.line + 1, where.column + 1


def ast_place(source: SourceFile, node: ast.AST) -> Place:
    line: int = node.lineno  # type: ignore[attr-defined]
    return line, source.char_column(line, node.col_offset)  # type: ignore[attr-defined]


# --- kind 1: a plain call ------------------------------------------------------

PRINT_YAML = r"""
id: PAT004
language: python
severity: warning
message: print
rule:
  pattern: print($$$ARGS)
  not:
    inside:
      kind: function_definition
      regex: "^(async\\s+)?def\\s+_?(print|pprint|show|dump)_"
      stopBy: end
"""
PRINTER = re.compile(r"_?(print|pprint|show|dump)_")


def ast_print(source: SourceFile) -> list[Place]:
    """ERR004 on the ``ast`` tree: ``print(...)`` outside printing functions."""
    options = PARSED[errors.SECTION.name]
    if _print_allowed(source.path, options) or "print" not in source.text:
        return []
    found: list[Place] = []
    stack: list[tuple[ast.AST, bool]] = [(source.tree, False)]
    while stack:
        node, printer = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            printer = printer or bool(PRINTER.match(node.name))
        elif (
            not printer
            and isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "print"
        ):
            found.append(ast_place(source, node))
        stack.extend((child, printer) for child in ast.iter_child_nodes(node))
    if not found:
        return found
    bindings = ImportBindings.of(source.tree)
    if _is_script(context(source, "ERR004"), bindings):
        return []
    spans = logging_handler_lines(source.tree, bindings)
    return [p for p in found if not any(a <= p[0] <= b for a, b in spans)]


EVAL_YAML = r"""
id: PAT011
language: python
severity: warning
message: eval
rule:
  kind: call
  all:
    - has:
        field: function
        kind: identifier
        regex: ^(eval|exec)$
    - has:
        field: arguments
        has:
          nthChild: 1
          not:
            any:
              - kind: keyword_argument
              - kind: string
                not:
                  has:
                    kind: interpolation
"""


def judge_builtin(match: PatternMatch, source: SourceFile) -> list[Place]:
    """Keep ``eval``/``exec`` when the module neither imports nor defines them."""
    bindings = ImportBindings.of(source.tree)
    name = function_text(match)
    if name in bindings.imported or name in bindings.defined:
        return []
    return [(match.line, match.col)]


# --- kind 2: a call resolved through imports ----------------------------------

DESERIALIZE_YAML = r"""
id: PAT013
language: python
severity: warning
message: deserialize
rule:
  kind: call
  has:
    field: function
    regex: (^|\.)(load|loads|load_all|unsafe_load|unsafe_load_all)$
"""
def judge_deserialize(match: PatternMatch, source: SourceFile) -> list[Place]:
    """Keep pickle/marshal/dill loads and yaml.load without a safe Loader."""
    origin = resolve(function_text(match), ImportBindings.of(source.tree)) or ""
    if origin in DESERIALIZERS:
        return [(match.line, match.col)]
    if origin not in {"yaml.load", "yaml.load_all"}:
        return []
    arguments = match.node.field("arguments")
    args = [a for a in arguments.children() if a.is_named()] if arguments else []
    loader = None
    for arg in args:
        if arg.kind() == "keyword_argument" and arg.text().startswith("Loader"):
            value = arg.field("value")
            loader = value.text() if value is not None else ""
    positional = [a for a in args if a.kind() != "keyword_argument"]
    if loader is None and len(positional) > 1:
        loader = positional[1].text()
    last = (loader or "").rsplit(".", 1)[-1]
    if loader is not None and ("Safe" in last or last == "BaseLoader"):
        return []
    return [(match.line, match.col)]


SLEEP_YAML = r"""
id: PAT101
language: python
severity: warning
message: sleep in async def
rule:
  kind: call
  has:
    field: function
    regex: (^|\.)sleep$
  inside:
    kind: function_definition
    regex: ^async\s
    stopBy:
      any:
        - kind: function_definition
        - kind: lambda
"""


def judge_sleep(match: PatternMatch, source: SourceFile) -> list[Place]:
    """Keep the calls that resolve to ``time.sleep``."""
    origin = resolve(function_text(match), ImportBindings.of(source.tree))
    return [(match.line, match.col)] if origin == "time.sleep" else []


# --- kind 3: a keyword argument -----------------------------------------------

SHELL_YAML = r"""
id: PAT012
language: python
severity: warning
message: shell
rule:
  kind: call
  any:
    - has:
        field: arguments
        has:
          kind: keyword_argument
          regex: ^shell\s*=\s*True$
    - has:
        field: function
        regex: (^|\.)(system|popen)$
"""


def _first_arg_literal(match: PatternMatch) -> bool:
    arguments = match.node.field("arguments")
    args = [a for a in arguments.children() if a.is_named()] if arguments else []
    first = next((a for a in args if a.kind() != "keyword_argument"), None)
    if first is None:
        for arg in args:
            if arg.text().replace(" ", "").startswith("args="):
                first = arg.field("value")
    return (
        first is not None
        and first.kind() in {"string", "concatenated_string"}
        and first.find(kind="interpolation") is None
    )


def judge_shell(match: PatternMatch, source: SourceFile) -> list[Place]:
    """Keep subprocess calls with shell=True and os.system/popen, on a built command."""
    origin = resolve(function_text(match), ImportBindings.of(source.tree)) or ""
    shell = "shell" in match.node.text()
    if origin.startswith("subprocess.") and shell and not _first_arg_literal(match):
        return [(match.line, match.col)]
    if origin in {"os.system", "os.popen"} and not _first_arg_literal(match):
        arguments = match.node.field("arguments")
        if arguments is not None and any(a.is_named() for a in arguments.children()):
            return [(match.line, match.col)]
    return []


TIMEOUT_YAML = r"""
id: PAT103
language: python
severity: warning
message: no timeout
rule:
  kind: call
  any:
    - all:
        - has:
            field: function
            kind: attribute
            regex: \.(get|post|put|patch|delete|head|options|request)$
        - not:
            has:
              field: arguments
              has:
                any:
                  - kind: keyword_argument
                    regex: ^timeout\s*=
                  - kind: dictionary_splat
    - has:
        field: arguments
        has:
          kind: keyword_argument
          regex: ^timeout\s*=\s*None$
"""


def judge_timeout(match: PatternMatch, source: SourceFile) -> list[Place]:
    """Keep requests calls without timeout= and httpx calls with timeout=None."""
    origin = resolve(function_text(match), ImportBindings.of(source.tree)) or ""
    library = origin.split(".", 1)[0]
    if library not in {"requests", "httpx"}:
        return []
    has_none = re.search(r"\btimeout\s*=\s*None\b", match.node.text()) is not None
    if library == "httpx" and not has_none:
        return []
    if library == "requests" and has_none:
        return []
    return [(match.line, match.col)]


# --- kind 4: an except handler and its body -----------------------------------

def ast_bare_except(source: SourceFile) -> list[Place]:
    """ERR001 on the ``ast`` tree."""
    return [
        ast_place(source, node)
        for node in walk_statements(source.tree)
        if isinstance(node, ast.ExceptHandler) and node.type is None
    ]


SWALLOW_YAML = r"""
id: PAT002
language: python
severity: warning
message: swallowed
rule:
  kind: except_clause
  all:
    - any:
        - regex: '^except\s*:'
        - has:
            stopBy:
              kind: block
            kind: identifier
            regex: ^(Exception|BaseException)$
    - has:
        kind: block
        not:
          has:
            not:
              any:
                - kind: pass_statement
                - kind: continue_statement
                - kind: comment
                - kind: expression_statement
                  has:
                    kind: ellipsis
"""


def judge_swallow(match: PatternMatch, source: SourceFile) -> list[Place]:
    """Keep handlers whose Exception/BaseException is the builtin."""
    bindings = ImportBindings.of(source.tree)
    if match.node.text().lstrip().startswith(("except:", "except :")):
        return [(match.line, match.col)]
    if {"Exception", "BaseException"} & (set(bindings.imported) | bindings.defined):
        return []
    return [(match.line, match.col)]


# --- kind 5: an attribute read in a handler (API002) --------------------------

RAW_BODY = frozenset({"json", "form"})
FLASK_BODY = frozenset({"form", "data", "json"})
REQUEST_NAMES = frozenset({"request", "req"})


def ast_raw_body(source: SourceFile) -> list[Place]:
    """API002 on the ``ast`` tree, with the plugin's exemptions."""
    if not BODY_NEEDLE.search(source.text):
        return []
    found: list[Place] = []
    attributes: list[ast.Attribute] = []
    called: set[int] = set()
    for node in ast.walk(source.tree):
        if isinstance(node, ast.Call):
            func = node.func
            called.add(id(func))
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "get_json"
                and isinstance(func.value, ast.Name)
                and func.value.id in REQUEST_NAMES
            ):
                found.append(ast_place(source, node))
        elif isinstance(node, ast.Await) and isinstance(node.value, ast.Call):
            func = node.value.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in RAW_BODY
                and isinstance(func.value, ast.Name)
                and func.value.id in REQUEST_NAMES
                and not node.value.args
                and not node.value.keywords
            ):
                found.append(ast_place(source, node))
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in FLASK_BODY
            and isinstance(node.value, ast.Name)
            and node.value.id == "request"
        ):
            attributes.append(node)
    reads = [a for a in attributes if id(a) not in called]
    if reads and _imports_flask_request(source.tree):
        found.extend(ast_place(source, a) for a in reads)
    if found and verifies_signatures(source.tree):
        return []
    return sorted(found)


# --- kind 6: a literal bound to a secret-like name (SEC001) -------------------

SECRET_YAML = r"""
id: PAT201
language: python
severity: warning
message: secret
rule:
  any:
    - kind: assignment
      all:
        - has:
            field: right
            kind: string
        - has:
            field: left
            any:
              - kind: identifier
              - kind: attribute
    - kind: keyword_argument
      has:
        field: value
        kind: string
    - kind: default_parameter
      has:
        field: value
        kind: string
    - kind: typed_default_parameter
      has:
        field: value
        kind: string
    - pattern: SecretStr($VALUE)
"""


def judge_secret(match: PatternMatch, source: SourceFile) -> list[Place]:
    """Keep a literal whose name is secret-like and whose value looks like a secret."""
    if is_test_file(source.path):
        return []
    node = match.node
    kind = node.kind()
    if kind == "call":
        value = match.metavariable("VALUE")
        name = "SecretStr"
        where = start(node)
    else:
        target = node.field("left" if kind == "assignment" else "name")
        value = node.field("right" if kind == "assignment" else "value")
        name = target.text().rsplit(".", 1)[-1] if target is not None else ""
        if not name or not is_secret_name(name):
            return []
        where = start(value)
    if value is None or value.kind() != "string":
        return []
    literal = _string_value(value.text())
    if literal is None or not is_secret_value(literal, name):
        return []
    return [where]


def _string_value(text: str) -> str | None:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, str) else None


# --- kind 7: data flow through one local variable (SEC010) --------------------

SQL_YAML = r"""
id: PAT210
language: python
severity: warning
message: sql built by formatting
utils:
  formatted:
    any:
      - kind: string
        has:
          kind: interpolation
      - pattern: $L % $R
      - pattern: $S.format($$$)
      - pattern: $L + $R
rule:
  kind: call
  all:
    - has:
        field: function
        regex: (^|\.)(execute|executemany|executescript|raw|extra|text)$
    - has:
        field: arguments
        has:
          nthChild: 1
          any:
            - matches: formatted
            - all:
                - kind: identifier
                - pattern: $V
                - inside:
                    any:
                      - kind: function_definition
                      - kind: module
                    stopBy:
                      any:
                        - kind: function_definition
                        - kind: module
                    has:
                      stopBy: end
                      any:
                        - kind: assignment
                        - kind: augmented_assignment
                      all:
                        - has:
                            field: left
                            pattern: $V
                        - has:
                            field: right
                            matches: formatted
"""


def judge_sql(match: PatternMatch, source: SourceFile) -> list[Place]:
    """Keep the executions whose statement text looks like SQL."""
    return [(match.line, match.col)] if SQL_WORDS.search(match.node.text()) else []


# --- the kinds ----------------------------------------------------------------


@dataclass
class Kind:
    """One kind of rule, implemented both ways.

    Attributes:
        name: What kind of rule.
        code: The plugin's rule.
        shipped: How the plugin implements it today (``yaml`` or ``ast``).
        pattern: The ast-grep side.
        ast: The ``ast`` side.
        note: What the comparison covers, when not the whole rule.
    """

    name: str
    code: str
    shipped: str
    pattern: Side
    ast: Side
    note: str = ""


def kinds() -> list[Kind]:
    """Return the kinds of rule, each with both sides built."""
    sec = security.guide_check_file
    err = errors.guide_check_file
    return [
        Kind(
            "plain call: print()",
            "ERR004",
            "yaml",
            plugin_side(err, "ERR004", rules=errors.pattern_rules()),
            Side(ast_print),
        ),
        Kind(
            "plain call: eval/exec builtin",
            "SEC011",
            "ast",
            pattern_side((EVAL_YAML, judge_builtin)),
            plugin_side(sec, "SEC011"),
        ),
        Kind(
            "import-resolved: pickle/yaml.load",
            "SEC013",
            "ast",
            pattern_side((DESERIALIZE_YAML, judge_deserialize)),
            plugin_side(sec, "SEC013"),
        ),
        Kind(
            "import-resolved: time.sleep in async",
            "ASYNC001",
            "ast",
            pattern_side((SLEEP_YAML, judge_sleep)),
            plugin_side(async_code.guide_check_file, "ASYNC001", "time.sleep "),
            "ast side runs all of ASYNC001; compared on time.sleep",
        ),
        Kind(
            "keyword: shell=True, os.system",
            "SEC012",
            "ast",
            pattern_side((SHELL_YAML, judge_shell)),
            plugin_side(sec, "SEC012"),
        ),
        Kind(
            "keyword: timeout= missing",
            "ASYNC003",
            "ast",
            pattern_side((TIMEOUT_YAML, judge_timeout)),
            plugin_side(async_code.guide_check_file, "ASYNC003"),
            "no session/client variables on the pattern side",
        ),
        Kind(
            "except: bare",
            "ERR001",
            "yaml",
            plugin_side(err, "ERR001", rules=errors.pattern_rules()),
            Side(ast_bare_except),
        ),
        Kind(
            "except: broad, body pass",
            "ERR002",
            "ast",
            pattern_side((SWALLOW_YAML, judge_swallow)),
            plugin_side(err, "ERR002"),
        ),
        Kind(
            "attribute read: request body",
            "API002",
            "yaml",
            plugin_side(api.guide_check_file, "API002", rules=BODY_RULES, gate=BODY_NEEDLE),
            Side(ast_raw_body),
        ),
        Kind(
            "literal to secret name",
            "SEC001",
            "ast",
            pattern_side((SECRET_YAML, judge_secret)),
            plugin_side(sec, "SEC001"),
            "Field(default=...) not on the pattern side",
        ),
        Kind(
            "data flow: one local variable",
            "SEC010",
            "ast",
            pattern_side((SQL_YAML, judge_sql)),
            plugin_side(sec, "SEC010"),
            "constant-only formatting not excluded on the pattern side",
        ),
        Kind(
            "SEC family: the 5 rules above in one pass",
            "SEC001,010-013",
            "ast",
            pattern_side(
                (SECRET_YAML, judge_secret),
                (SQL_YAML, judge_sql),
                (EVAL_YAML, judge_builtin),
                (SHELL_YAML, judge_shell),
                (DESERIALIZE_YAML, judge_deserialize),
            ),
            plugin_side(
                sec, frozenset({"SEC001", "SEC010", "SEC011", "SEC012", "SEC013"})
            ),
            "one combined ast-grep query against the family's one ast pass",
        ),
    ]


# --- running ------------------------------------------------------------------


@dataclass
class Timing:
    """The runs of one side of one kind.

    Attributes:
        seconds: Total seconds of each run over every file.
        places: What the last run found, as (path, line, column).
    """

    seconds: list[float] = field(default_factory=list)
    places: set[tuple[str, int, int]] = field(default_factory=set)


def python_files(root: Path) -> Iterator[Path]:
    """Yield the Python files of a tree, skipping virtualenvs and build output."""
    for path in sorted(root.rglob("*.py")):
        if not SKIPPED_DIRS.intersection(path.relative_to(root).parts):
            yield path


@dataclass(frozen=True)
class Loaded:
    """The files, parsed both ways, and what that cost.

    Attributes:
        sources: The files, with both trees built.
        parsed_ast: Seconds ``ast.parse`` took over all of them.
        shared: Seconds the shared node index and import bindings took.
        parsed_sg: Seconds tree-sitter took on each file, by path.
    """

    sources: list[SourceFile]
    parsed_ast: float
    shared: float
    parsed_sg: dict[str, float]


def load(roots: Sequence[Path]) -> Loaded:
    """Read and parse every file both ways, once.

    Args:
        roots: The trees.

    Returns:
        The files and the parse costs.
    """
    sources: list[SourceFile] = []
    for root in roots:
        for path in python_files(root):
            relpath = f"{root.name}/{path.relative_to(root).as_posix()}"
            source = SourceFile.from_bytes(relpath, path.read_bytes())
            try:
                ast.parse(source.text)
            except (SyntaxError, ValueError):
                continue
            sources.append(source)
    gc.collect()
    gc.freeze()  # every tree stays alive: keep the collector off them
    started = time.process_time()
    for source in sources:
        source.tree  # noqa: B018 - builds and keeps the tree
    parsed_ast = time.process_time() - started
    started = time.process_time()
    for source in sources:
        share(source)
    shared = time.process_time() - started
    gc.freeze()
    parsed_sg: dict[str, float] = {}
    for source in sources:
        started = time.process_time()
        source.sg_root  # noqa: B018
        parsed_sg[source.path] = time.process_time() - started
    gc.freeze()
    return Loaded(sources, parsed_ast, shared, parsed_sg)


def share(source: SourceFile) -> None:
    """Build what every family of a real run shares for the file being checked.

    The node index and the import bindings are kept for the last tree
    asked for and built once per file, whichever family asks first; they
    are built here, outside the timing, as the trees are.
    """
    NodeIndex.of(source.tree)
    ImportBindings.of(source.tree)


def run_side(side: Side, sources: list[SourceFile], timing: Timing) -> None:
    """Run one side over every file once, adding its CPU time to the timing."""
    places: set[tuple[str, int, int]] = set()
    seconds = 0.0
    for source in sources:
        share(source)
        started = time.process_time()
        found = side.run(source)
        seconds += time.process_time() - started
        places.update((source.path, line, col) for line, col in found)
    timing.seconds.append(seconds)
    timing.places = places


def measure(
    kind: Kind, sources: list[SourceFile], runs: int
) -> tuple[Timing, Timing]:
    """Time both sides of a kind, alternating, ``runs`` times each."""
    pattern, walk = Timing(), Timing()
    run_side(kind.pattern, sources, Timing())  # warm up both
    run_side(kind.ast, sources, Timing())
    for turn in range(runs):
        if turn % 2:
            run_side(kind.ast, sources, walk)
            run_side(kind.pattern, sources, pattern)
        else:
            run_side(kind.pattern, sources, pattern)
            run_side(kind.ast, sources, walk)
    return pattern, walk


def row(
    kind: Kind, pattern: Timing, walk: Timing, files: int, parse: tuple[int, float]
) -> str:
    """Return the table row of one kind.

    Args:
        kind: The kind.
        pattern: The ast-grep side's runs.
        walk: The ``ast`` side's runs.
        files: Number of files.
        parse: Files the ast-grep side's needles let through, and the
            seconds tree-sitter takes to parse them.

    Returns:
        A Markdown table row.
    """
    p, a = statistics.median(pattern.seconds), statistics.median(walk.seconds)
    parsed, parse_seconds = parse
    with_parse = p + parse_seconds
    if pattern.places == walk.places:
        agreement = "agree"
    else:
        only_p = len(pattern.places - walk.places)
        only_a = len(walk.places - pattern.places)
        agreement = f"yaml-only {only_p}, ast-only {only_a}"

    def verdict(yaml_seconds: float) -> str:
        low, high = sorted((yaml_seconds, a))
        ratio = high / low if low > 0 else float("inf")
        return f"{'yaml' if yaml_seconds < a else 'ast'} x{ratio:.1f}"

    return (
        f"| {kind.name} | {kind.code} | {kind.shipped} "
        f"| {p / files * 1000:.3f} | {with_parse / files * 1000:.3f} ({parsed}) "
        f"| {a / files * 1000:.3f} | {p:.3f} / {with_parse:.3f} / {a:.3f} "
        f"| {verdict(p)} | {verdict(with_parse)} "
        f"| {len(pattern.places)} / {len(walk.places)} | {agreement} |"
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each side")
    parser.add_argument(
        "--corpus",
        action="append",
        default=[],
        type=Path,
        help="another tree to add to Django's package (repeatable)",
    )
    parser.add_argument("--no-django", action="store_true", help="corpora only")
    parser.add_argument("--only", default="", help="run only kinds whose code has this")
    parser.add_argument("--verbose", action="store_true", help="print disagreements")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every kind and print the table."""
    args = parse_args(argv)
    roots = [] if args.no_django else [ensure_corpus(CORPORA[0], Path(sys.executable))]
    roots += [path.resolve() for path in args.corpus]
    loaded = load(roots)
    sources, parsed_ast, parsed_sg = loaded.sources, loaded.parsed_ast, loaded.parsed_sg
    files = len(sources)
    all_sg = sum(parsed_sg.values())
    print(f"{files} files from {', '.join(str(r) for r in roots)}")
    print(
        f"once per file: ast.parse {parsed_ast / files * 1000:.3f} ms/file "
        f"({parsed_ast:.2f} s), shared node index and import bindings "
        f"{loaded.shared / files * 1000:.3f} ms/file ({loaded.shared:.2f} s), "
        f"tree-sitter {all_sg / files * 1000:.3f} ms/file ({all_sg:.2f} s)"
    )
    print(
        f"CPU time, median of {args.runs} alternated runs of each side. "
        "'yaml' is the query alone (the tree-sitter tree already built); "
        "'yaml+parse' adds parsing the files its needles let through (their "
        "number in brackets), the cost when no other pattern rule parses them; "
        "'ast' is the walk (the ast tree, its node index and the import bindings are built once per file for every family anyway).\n"
    )
    print(
        "| kind | rule | shipped | yaml ms/file | yaml+parse ms/file (files) "
        "| ast ms/file | total s yaml / +parse / ast | faster (query) "
        "| faster (+parse) | matches yaml / ast | agreement |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for kind in kinds():
        if args.only and args.only not in kind.code:
            continue
        pattern, walk = measure(kind, sources, args.runs)
        needing = [s.path for s in sources if kind.pattern.needs_tree(s)]
        parse = (len(needing), sum(parsed_sg[path] for path in needing))
        print(row(kind, pattern, walk, files, parse), flush=True)
        if args.verbose and pattern.places != walk.places:
            for place in sorted(pattern.places - walk.places)[:10]:
                print(f"    yaml only: {place[0]}:{place[1]}:{place[2]}")
            for place in sorted(walk.places - pattern.places)[:10]:
                print(f"    ast only:  {place[0]}:{place[1]}:{place[2]}")
        if kind.note:
            print(f"    ({kind.code}: {kind.note})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
